/**
 * The files other tools read: the problem matchers (GitHub Actions, VS Code) run over the compact output of
 * every rule fixture, the GitHub Action's script run for real, the pre-commit hook, the documented workflows.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ALL_FIXTURES, jsonFindings, lintCli } from './ci-helpers.js';
import { FIXTURES, ROOT } from './helpers.js';

interface Pattern {
  regexp: string;
  file: number;
  line: number;
  column: number;
  severity: number;
  message: number;
  code: number;
}

const readJson = (p: string) => JSON.parse(readFileSync(join(ROOT, p), 'utf8'));

const MATCHERS: Array<[string, () => Pattern]> = [
  [
    '.github/k8s-svc-lint-matcher.json (GitHub Actions)',
    () => {
      const m = readJson('.github/k8s-svc-lint-matcher.json').problemMatcher;
      assert.equal(m.length, 1);
      assert.equal(m[0].owner, 'k8s-svc-lint');
      assert.equal(m[0].pattern.length, 1, 'one line per finding');
      return m[0].pattern[0];
    },
  ],
  [
    'docs/vscode-tasks.json (VS Code)',
    () => {
      const task = readJson('docs/vscode-tasks.json').tasks[0];
      assert.ok(task.args.includes('compact'), 'the task asks for the compact format');
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a VS Code variable, not a JS template
      assert.deepEqual(task.problemMatcher.fileLocation, ['autoDetect', '${workspaceFolder}']);
      return task.problemMatcher.pattern;
    },
  ],
];

describe('problem matchers', function () {
  this.timeout(120_000);
  for (const [name, load] of MATCHERS) {
    it(`${name} reads file, line, column, severity, message and rule id exactly from every fixture`, () => {
      const p = load();
      const re = new RegExp(p.regexp);
      const r = lintCli(['-f', 'compact', ...ALL_FIXTURES]);
      assert.equal(r.status, 1, r.stderr);
      const lines = r.stdout.split('\n').filter(Boolean);
      const got = lines.map((line) => {
        const m = re.exec(line);
        assert.ok(m, `the matcher does not match: ${line}`);
        const g = (i: number) => m[i] ?? '';
        return [
          resolve(ROOT, g(p.file)),
          Number(g(p.line)),
          Number(g(p.column)),
          g(p.severity),
          g(p.message),
          g(p.code),
        ];
      });
      const { findings } = jsonFindings(ALL_FIXTURES);
      const want = findings.map((f) => [f.filePath, f.line, f.column, f.severity, f.message, f.ruleId]);
      const key = (x: unknown[]) => JSON.stringify(x);
      assert.deepEqual(got.map(key).sort(), want.map(key).sort());
      // Every rule's invalid fixtures contribute, so a new rule's messages are exercised as soon as it lands.
      for (const dir of readdirSync(FIXTURES)) {
        if (!readdirSync(join(FIXTURES, dir)).some((e) => e.startsWith('invalid'))) continue;
        assert.ok(
          got.some((x) => String(x[0]).startsWith(`${join(FIXTURES, dir)}/`)),
          `no finding from test/fixtures/${dir}`,
        );
      }
      assert.ok(
        got.some((x) => String(x[0]).includes('100%,odd:name.yaml')),
        'odd file names are read back',
      );
    });
  }
});

describe('GitHub Action (action.yml)', function () {
  this.timeout(120_000);
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
  const lintStep = action.runs.steps.find((s: { id?: string }) => s.id === 'lint');

  it('is a composite action with the documented inputs', () => {
    assert.equal(action.runs.using, 'composite');
    for (const input of ['paths', 'format', 'config', 'version', 'output-file', 'args'])
      assert.ok(action.inputs[input]?.description, `input ${input}`);
    assert.equal(action.inputs.format.default, 'github');
    assert.ok(lintStep, 'a step with id "lint"');
    assert.doesNotMatch(lintStep.run, /\$\{\{/, 'inputs reach the script through env, not text substitution');
  });

  const installStep = action.runs.steps.find((s: { id?: string }) => s.id === 'install');
  let tarball = '';
  before(() => {
    // The package as npm would serve it (the build is there already): the install step unpacks it.
    const dir = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-tarball-'));
    const r = spawnSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    tarball = join(dir, r.stdout.trim());
  });

  /** Runs the action's steps as the runner would, with the action's checkout as GITHUB_ACTION_PATH. */
  function runAction(inputs: Record<string, string>) {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-action-'));
    const output = join(dir, 'github-output');
    const env: Record<string, string> = {
      ...process.env,
      GITHUB_ACTION_PATH: ROOT,
      GITHUB_OUTPUT: output,
      RUNNER_TEMP: dir,
    } as Record<string, string>;
    for (const [k, v] of Object.entries(action.inputs as Record<string, { default?: string }>))
      env[`INPUT_${k.toUpperCase().replace(/-/g, '_')}`] = inputs[k] ?? v.default ?? '';
    env.INPUT_VERSION = inputs.version ?? tarball;
    if (inputs.PATH) env.PATH = inputs.PATH;
    const install = spawnSync('bash', ['-e', '-c', installStep.run], { cwd: ROOT, env, encoding: 'utf8' });
    assert.equal(install.status, 0, install.stderr);
    const bin = /^bin=(.*)$/m.exec(readFileSync(output, 'utf8'))?.[1] ?? '';
    assert.ok(bin.startsWith(dir), 'the install step names the unpacked bin');
    writeFileSync(output, '');
    const r = spawnSync('bash', ['-e', '-c', lintStep.run], {
      cwd: ROOT,
      env: { ...env, K8S_SVC_LINT_BIN: bin },
      encoding: 'utf8',
    });
    return { ...r, dir, bin, output: existsSync(output) ? readFileSync(output, 'utf8') : '' };
  }

  it('installs the packed CLI, built, without npm ci, a build or node_modules', () => {
    assert.doesNotMatch(installStep.run, /npm (ci|install)|npm run/);
    // Through npm, as a version from the registry is (a `file:` spec: no network in tests).
    const r = runAction({
      paths: 'examples/nodeport-walkthrough',
      format: 'compact',
      version: `file:${tarball}`,
    });
    assert.ok(
      !existsSync(join(r.dir, 'node_modules')) && !existsSync(join(dirname(r.bin), '../../../node_modules')),
    );
    assert.match(r.stdout, /service\.yml:\d+:\d+: warning /);
    assert.equal(r.output, 'exit-code=0\n');
  });

  it("without a version input, installs the package at the action's own version (package.json)", () => {
    // An npm that records what it was asked for and serves the local tarball: no registry in tests.
    const bin = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-npm-'));
    const log = join(bin, 'args');
    writeFileSync(
      join(bin, 'npm'),
      `#!/bin/sh\necho "$@" > '${log}'\nwhile [ "$1" != --pack-destination ]; do shift; done\ncp '${tarball}' "$2"/\n`,
      { mode: 0o755 },
    );
    const r = runAction({
      paths: 'examples/nodeport-walkthrough',
      format: 'compact',
      version: '',
      PATH: `${bin}:${process.env.PATH}`,
    });
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    assert.match(
      readFileSync(log, 'utf8'),
      new RegExp(`^pack .*k8s-svc-lint@${version.replace(/\./g, '\\.')}\n$`),
    );
    assert.equal(r.output, 'exit-code=0\n');
  });

  it('registers the problem matcher for compact output, splits paths, and reports the exit code', () => {
    const empty = join(mkdtempSync(join(tmpdir(), 'k8s-svc-lint-')), 'c.json');
    writeFileSync(empty, '{}');
    const r = runAction({
      paths: 'test/fixtures/yaml-syntax\n test/fixtures-formats',
      format: 'compact',
      config: empty,
      args: '--max-warnings 0',
    });
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], `::add-matcher::${ROOT}/.github/k8s-svc-lint-matcher.json`);
    assert.ok(lines.some((l) => l.startsWith('test/fixtures/yaml-syntax/')));
    assert.ok(lines.some((l) => l.startsWith('test/fixtures-formats/')));
    assert.equal(r.status, 1);
    assert.equal(r.output, 'exit-code=1\n');
  });

  it('writes SARIF to output-file for upload-sarif', () => {
    const target = join(mkdtempSync(join(tmpdir(), 'k8s-svc-lint-')), 'reports/k8s.sarif');
    const r = runAction({ paths: 'examples', format: 'sarif', 'output-file': target });
    assert.equal(r.stdout, '', r.stderr);
    assert.equal(JSON.parse(readFileSync(target, 'utf8')).version, '2.1.0');
    assert.match(r.output, /^exit-code=[01]\n$/);
  });

  it('the documented workflows are valid YAML that use the action and upload SARIF', () => {
    const doc = readFileSync(join(ROOT, 'docs/integrations.md'), 'utf8');
    const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    assert.ok(blocks.length >= 3);
    for (const b of blocks) {
      for (const d of parseAllDocuments(b)) assert.deepEqual(d.errors, [], b);
    }
    const workflows = blocks.filter((b) => /^on:/m.test(b) && /^jobs:/m.test(b));
    assert.ok(
      workflows.some((w) => w.includes('github/codeql-action/upload-sarif') && w.includes('format: sarif')),
    );
  });
});

describe('pre-commit hook (.pre-commit-hooks.yaml)', () => {
  const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8'));
  const pkg = readJson('package.json');

  it('runs the package binary on YAML and JSON changes, over the whole tree', () => {
    assert.equal(hooks.length, 1);
    const h = hooks[0];
    assert.equal(h.id, 'k8s-svc-lint');
    assert.equal(h.language, 'node');
    assert.ok(h.entry in pkg.bin, 'entry is the package bin');
    const files = new RegExp(h.files);
    for (const f of ['k8s/app.yaml', 'a.yml', 'list.json']) assert.match(f, files);
    for (const f of ['README.md', 'yaml.txt', 'a.yaml.bak']) assert.doesNotMatch(f, files);
    // Cross-file checks need every manifest: staged files alone would make false "no matching pods".
    assert.equal(h.pass_filenames, false);
    assert.ok(h.args.includes('.'));
  });
});

describe('package contents', function () {
  this.timeout(120_000);
  it('ships the rule docs that --explain prints', () => {
    const pkg = readJson('package.json');
    assert.ok(pkg.files.includes('docs'), 'docs/ is in package.json "files"');
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const files = (JSON.parse(r.stdout)[0].files as Array<{ path: string }>).map((f) => f.path);
    for (const id of readdirSync(FIXTURES)) {
      if (existsSync(join(ROOT, 'docs/rules', `${id}.md`)))
        assert.ok(files.includes(`docs/rules/${id}.md`), id);
    }
    assert.ok(files.includes('schemas/lintrc.schema.json'));
    assert.ok(files.includes('dist/src/format/sarif.js'));
    assert.ok(files.includes(pkg.bin['k8s-svc-lint']), 'the bin (the bundle) is packed');
    assert.ok(files.includes('dist/bundle/cli/worker.js'));
    assert.ok(files.includes('dist/bundle/cli/cli.cjs'), 'the command line the bin starts');
    assert.ok(files.includes('dist/bundle/cli/cli.cjs.cache'), 'its code cache');
  });
});
