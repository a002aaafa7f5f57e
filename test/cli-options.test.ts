/**
 * The CLI's options for CI and editors: --explain, --print-config, --init, --list-rules (text and json),
 * --quiet, --max-warnings, --output-file and colour. Iterates over `rules`, so new rules are covered.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { rules } from '../rules/index.js';
import { EXPLAIN_OPTIONS, LINT_OPTIONS } from '../src/cli-shared.js';
import { type ConfigFile, resolveConfig } from '../src/config/config.js';
import { ROOT, runCli } from './helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'k8s-svc-lint-cli-'));
const ESC = '\x1b[';
const TYPO = 'test/fixtures/service-no-matching-pods/invalid-typo.yaml';
const TYPO_FINDINGS = 1;

describe('cli: --explain', function () {
  this.timeout(120_000);
  for (const rule of rules) {
    it(`prints the doc page of ${rule.meta.id}`, () => {
      const r = runCli(['--explain', rule.meta.id]);
      assert.equal(r.status, 0, r.stderr);
      const page = readFileSync(join(ROOT, 'docs/rules', `${rule.meta.id}.md`), 'utf8');
      assert.ok(r.stdout.startsWith(page.trimEnd()), 'the page, as written (no colour when NO_COLOR is set)');
      assert.ok(r.stdout.includes(`/docs/rules/${rule.meta.id}.md`), 'and its URL');
      assert.ok(!r.stdout.includes(ESC));
    });
  }

  it('colours headings only when colour is on', () => {
    const id = rules[0]?.meta.id ?? '';
    const r = runCli(['--explain', id, '--color']);
    assert.ok(r.stdout.includes(`${ESC}1m# ${id}`));
  });

  it('an unknown rule is exit 2 with a suggestion', () => {
    const id = rules.find((r) => r.meta.id.length > 6)?.meta.id ?? 'yaml-syntax';
    const typo = `${id.slice(0, 2)}${id[3]}${id[2]}${id.slice(4)}`;
    const r = runCli(['--explain', typo]);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, new RegExp(`unknown rule "${typo}"; did you mean "${id}"\\?`));
    assert.equal(runCli(['--explain', 'no-such-thing-at-all']).status, 2);
  });
});

describe('cli: --list-rules', function () {
  this.timeout(120_000);
  it('lists every rule with its default severity and description', () => {
    const r = runCli(['--list-rules']);
    assert.equal(r.status, 0);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, rules.length);
    for (const [i, rule] of rules.entries()) {
      assert.deepEqual(lines[i]?.split(/\s+/).slice(0, 2), [rule.meta.id, rule.meta.severity]);
      assert.ok(lines[i]?.endsWith(rule.meta.description));
    }
  });

  it('--format json gives the metadata as JSON', () => {
    const r = runCli(['--list-rules', '--format', 'json']);
    assert.equal(r.status, 0);
    const list = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(
      list.map((x) => [x.id, x.severity, x.description, x.remediation, x.options]),
      rules.map((x) => [
        x.meta.id,
        x.meta.severity,
        x.meta.description,
        x.meta.remediation,
        x.meta.options?.defaults ?? null,
      ]),
    );
    for (const x of list) assert.match(String(x.docsUrl), new RegExp(`/docs/rules/${x.id}\\.md$`));
  });

  it('an unknown format is exit 2', () => {
    assert.equal(runCli(['--list-rules', '--format', 'yaml']).status, 2);
  });
});

describe('cli: --print-config', function () {
  this.timeout(120_000);
  it('prints the resolved config: file, namespace, ignore patterns, every rule with severity and options', () => {
    const dir = tmp();
    const first = rules[0]?.meta.id ?? '';
    const last = rules[rules.length - 1]?.meta.id ?? '';
    writeFileSync(
      join(dir, '.lintrc.json'),
      JSON.stringify({ namespace: 'apps', ignorePatterns: ['vendor/**'], rules: { [first]: 'warn' } }),
    );
    mkdirSync(join(dir, 'deploy'));
    writeFileSync(join(dir, 'deploy/a.yaml'), '');
    const r = runCli(['--print-config', 'deploy/a.yaml', '--rule', `${last}=off`], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.namespace, 'apps');
    assert.deepEqual(out.ignorePatterns, ['vendor/**']);
    assert.deepEqual(
      Object.keys(out.rules),
      rules.map((x) => x.meta.id),
    );
    for (const rule of rules) {
      const want =
        rule.meta.id === last
          ? 'off'
          : rule.meta.id === first
            ? 'warn'
            : { warning: 'warn', error: 'error', off: 'off' }[rule.meta.severity];
      const setting = out.rules[rule.meta.id];
      if (rule.meta.options) assert.deepEqual(setting, [want, rule.meta.options.defaults], rule.meta.id);
      else assert.equal(setting, want, rule.meta.id);
    }
  });

  it('with no config file says so, and --namespace applies', () => {
    const r = runCli(['--print-config', '--namespace', 'x', '-c', join(ROOT, '.lintrc.json')], {
      cwd: tmp(),
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).namespace, 'x');
    const none = runCli(['--print-config'], { cwd: tmp() });
    // A temporary directory has no .lintrc.json above it unless the machine has one at / or /tmp.
    if (!existsSync('/.lintrc.json') && !existsSync(join(tmpdir(), '.lintrc.json')))
      assert.deepEqual(
        resolveConfig(JSON.parse(none.stdout), rules),
        resolveConfig(undefined, rules),
        'no config file: the defaults',
      );
  });

  it('a missing path or an invalid config is exit 2', () => {
    assert.equal(runCli(['--print-config', 'no/such/dir'], { cwd: tmp() }).status, 2);
    const dir = tmp();
    writeFileSync(join(dir, '.lintrc.json'), '{"rulez": {}}');
    const r = runCli(['--print-config'], { cwd: dir });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown key "rulez"/);
  });
});

describe('cli: flags that change the config', function () {
  this.timeout(60_000);
  it('--print-config shows what --strict-kinds sets, as the run would use it', () => {
    const r = runCli(['--print-config', '--strict-kinds'], { cwd: tmp() });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).rules.schema[1].strictKinds, true);
  });

  it('an invalid --namespace is exit 2, as it is in a config file', () => {
    for (const args of [
      ['-n', 'Not_Valid', TYPO],
      ['--print-config', '--namespace', 'Not_Valid'],
      ['explain', '-n', 'Not_Valid', TYPO],
    ]) {
      const r = runCli(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /--namespace "Not_Valid" is not a valid namespace: /);
    }
  });
});

describe('cli: --help and the docs list every option the parser accepts', function () {
  this.timeout(60_000);
  /** Long option names in the first column of the help's option lines ("  -f, --format NAME   …"). */
  const inHelp = (help: string) =>
    help
      .split('\n')
      .filter((l) => /^\s+-/.test(l))
      .flatMap((l) => [...(l.trim().split(/\s{2,}/)[0] ?? '').matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]))
      .sort();
  /** Long option names in the first column of the Markdown table under the "| Option" header. */
  const inTable = (md: string) => {
    const start = md.indexOf('| Option');
    assert.ok(start >= 0, 'an options table');
    const rows = md.slice(start).split('\n\n')[0]?.split('\n').slice(2) ?? [];
    return rows
      .flatMap((r) => [...(r.split('|')[1] ?? '').matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]))
      .sort();
  };
  const cases: Array<[string, string[], Record<string, unknown>, string]> = [
    ['k8s-svc-lint', ['--help'], LINT_OPTIONS, 'README.md'],
    ['k8s-svc-lint explain', ['explain', '--help'], EXPLAIN_OPTIONS, 'docs/explain.md'],
  ];
  for (const [name, args, options, doc] of cases) {
    it(`${name}: --help and ${doc}`, () => {
      const parsed = Object.keys(options).sort();
      const r = runCli(args);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(inHelp(r.stdout), parsed, `${name} --help`);
      assert.deepEqual(inTable(readFileSync(join(ROOT, doc), 'utf8')), parsed, `${doc} options table`);
    });
  }
});

describe('cli: --init', function () {
  this.timeout(120_000);
  it('writes a .lintrc.json with $schema and every rule at its default, valid against the schema', () => {
    const dir = tmp();
    const r = runCli(['--init'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Wrote \.lintrc\.json/);
    const cfg = JSON.parse(readFileSync(join(dir, '.lintrc.json'), 'utf8')) as ConfigFile & {
      $schema: string;
    };
    assert.match(cfg.$schema, /lintrc\.schema\.json$/);
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/lintrc.schema.json'), 'utf8'));
    const validate = new Ajv({ strict: false }).compile(schema);
    assert.ok(validate(cfg), JSON.stringify(validate.errors));
    assert.deepEqual(
      Object.keys(cfg.rules ?? {}),
      rules.map((x) => x.meta.id),
    );
    const resolved = resolveConfig(cfg, rules);
    const defaults = resolveConfig(undefined, rules);
    assert.deepEqual([...resolved.rules], [...defaults.rules]);
    // The written config is one the linter runs with.
    const run = runCli(['--print-config'], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
  });

  it('refuses to overwrite an existing file (exit 2, file unchanged)', () => {
    const dir = tmp();
    writeFileSync(join(dir, '.lintrc.json'), '{"namespace": "mine"}');
    const r = runCli(['--init'], { cwd: dir });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /already exists/);
    assert.equal(readFileSync(join(dir, '.lintrc.json'), 'utf8'), '{"namespace": "mine"}');
  });
});

describe('cli: reporting options', function () {
  this.timeout(120_000);
  const asWarning = ['--rule', 'service-no-matching-pods=warn', '-f', 'compact', TYPO];

  it('--quiet reports errors only', () => {
    const loud = runCli(asWarning);
    assert.equal(loud.status, 0, 'warnings alone do not fail the run');
    assert.equal(loud.stdout.trimEnd().split('\n').length, TYPO_FINDINGS);
    assert.match(loud.stdout, /: warning /);
    const quiet = runCli(['--quiet', ...asWarning]);
    assert.equal(quiet.stdout, '');
    assert.equal(quiet.status, 0);
    const errors = runCli(['--quiet', '-f', 'compact', TYPO]);
    assert.match(errors.stdout, /: error /);
    assert.equal(errors.status, 1);
  });

  it('--max-warnings N fails the run above N warnings', () => {
    const over = runCli(['--max-warnings', '0', ...asWarning]);
    assert.equal(over.status, 1);
    assert.match(over.stderr, /too many warnings \(1\); the maximum is 0/);
    assert.equal(runCli(['--max-warnings', String(TYPO_FINDINGS), ...asWarning]).status, 0);
    assert.equal(runCli(['--max-warnings', '-1', ...asWarning]).status, 2);
  });

  it('--output-file writes the report (creating folders) and prints nothing', () => {
    const target = join(tmp(), 'reports/out.json');
    const r = runCli(['-f', 'json', '--output-file', target, TYPO]);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.equal(JSON.parse(readFileSync(target, 'utf8'))[0].messages.length, TYPO_FINDINGS);
  });

  it('K8S_SVC_LINT_TIMING prints where the time went to stderr, and changes nothing else', () => {
    const args = ['-f', 'json', 'examples'];
    const plain = runCli(args);
    const timed = runCli(args, { env: { K8S_SVC_LINT_TIMING: '1' } });
    assert.equal(timed.stdout, plain.stdout);
    assert.equal(timed.status, plain.status);
    assert.equal(plain.stderr, '');
    for (const phase of [
      'start',
      'config and formatter',
      'load \\(\\d+ files\\)',
      'lint \\(\\d+ findings\\)',
      'output',
      'total',
    ])
      assert.match(timed.stderr, new RegExp(`^${phase} +\\d+\\.\\d ms +\\d+\\.\\d ms`, 'm'), phase);
    // The threads that loaded: none for a small run; the reading thread when forced.
    assert.match(timed.stderr, /^threads: none \(loaded on the main thread\)$/m);
    const reading = runCli(args, { env: { K8S_SVC_LINT_TIMING: '1', K8S_SVC_LINT_WORKERS: 'read' } });
    assert.equal(reading.stdout, plain.stdout);
    assert.match(
      reading.stderr,
      // A loaded machine may keep the thread from answering in time: then it is stopped, and says so.
      /^threads: reading thread: walked \d+ files, read \d+ \(\d+ read here\), waited for \d+ ms(?:; stopped early: .+)?$/m,
    );
    // Every rule that ran has a line, slowest first, after the model's.
    const steps = timed.stderr.split('lint step')[1]?.trim().split('\n').slice(1) ?? [];
    assert.match(steps[0] ?? '', /^\(model\) /);
    const ran = rules
      .filter((r) => r.meta.severity !== 'off' && r.meta.stage !== 'parse')
      .map((r) => r.meta.id);
    assert.deepEqual(
      steps
        .slice(1)
        .map((l) => l.split(/ +/)[0])
        .sort(),
      [...ran].sort(),
    );
    const ms = steps.slice(1).map((l) => Number(/ ([\d.]+) ms/.exec(l)?.[1]));
    assert.deepEqual(
      ms,
      [...ms].sort((a, b) => b - a),
    );
    assert.equal(runCli(args, { env: { K8S_SVC_LINT_TIMING: '0' } }).stderr, '');
  });

  it('colour: --color forces it; --no-color and NO_COLOR turn it off', () => {
    const pretty = ['-f', 'pretty', TYPO];
    assert.ok(runCli(['--color', ...pretty]).stdout.includes(ESC), '--color gives escapes');
    assert.ok(!runCli(['--no-color', ...pretty], { env: { NO_COLOR: '' } }).stdout.includes(ESC));
    assert.ok(!runCli(pretty, { env: { NO_COLOR: '1' } }).stdout.includes(ESC));
    assert.ok(runCli(pretty).stdout.includes('service-no-matching-pods'), 'the report is there');
  });
});
