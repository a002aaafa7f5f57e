/**
 * What users of ESLint and other linters expect of a command line: did-you-mean for unknown options,
 * `--print-config` output that `--config` reads back, one list of severities for the runtime and the config
 * schema, `--list-rules` formats, `--output-file -`, and colour as no-color.org and FORCE_COLOR say.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import { rules } from '../rules/index.js';
import { useColor } from '../src/cli-shared.js';
import { ConfigError, resolveConfig } from '../src/config/config.js';
import type { Finding } from '../src/types.js';
import { ROOT, runCli } from './helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'k8s-svc-lint-conv-'));
const ESC = '\x1b[';
const TYPO = 'test/fixtures/service-no-matching-pods/invalid-typo.yaml';
const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/lintrc.schema.json'), 'utf8'));
const validateConfig = new Ajv({ strict: false }).compile(schema);

describe('cli conventions: unknown options', function () {
  this.timeout(60_000);
  it('an unknown option is exit 2 with a did-you-mean, for the lint command and explain', () => {
    const r = runCli(['--max-warning', '0', TYPO]);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^k8s-svc-lint: unknown option "--max-warning"; did you mean "--max-warnings"\?/);
    const e = runCli(['explain', '--servce', 'web', TYPO]);
    assert.equal(e.status, 2);
    assert.match(e.stderr, /unknown option "--servce"; did you mean "--service"\?/);
    // And an unknown rule id in --rule.
    const rule = runCli(['--rule', 'service-mixed-image=off', TYPO]);
    assert.equal(rule.status, 2);
    assert.match(
      rule.stderr,
      /--rule: rules\["service-mixed-image"\]: unknown rule; did you mean "service-mixed-images"\?/,
    );
    const far = runCli(['--frobnicate', TYPO]);
    assert.match(
      far.stderr,
      /^k8s-svc-lint: unknown option "--frobnicate" \(a path that starts with "-" goes after "--"\)/,
    );
  });
});

describe('cli conventions: severities', () => {
  const id = rules.find((r) => !r.meta.options)?.meta.id ?? '';
  const accepted = (v: unknown) => {
    try {
      resolveConfig({ rules: { [id]: v } } as never, rules);
      return true;
    } catch (e) {
      if (e instanceof ConfigError) return false;
      throw e;
    }
  };

  it('the runtime accepts exactly the severities the config schema accepts', () => {
    const candidates = [
      'off',
      'warn',
      'warning',
      'error',
      0,
      1,
      2,
      '0',
      '1',
      '2',
      3,
      -1,
      'err',
      'Warn',
      'info',
      true,
      null,
    ];
    for (const v of candidates) {
      const bySchema = validateConfig({ rules: { [id]: v } });
      assert.equal(accepted(v), bySchema, `${JSON.stringify(v)}: runtime ${accepted(v)}, schema ${bySchema}`);
    }
    assert.deepEqual(schema.definitions.severity.enum, ['off', 'warn', 'warning', 'error', 0, 1, 2]);
  });

  it('--rule takes the same words, and numbers', () => {
    for (const [sev, want] of [
      ['warning', 'warning'],
      ['warn', 'warning'],
      ['1', 'warning'],
      ['0', 'off'],
      ['2', 'error'],
    ]) {
      const r = runCli(['--print-config', '--rule', `${id}=${sev}`], { cwd: tmp() });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(
        JSON.parse(r.stdout).rules[id],
        { warning: 'warn', off: 'off', error: 'error' }[want as string],
      );
    }
    const bad = runCli(['--print-config', '--rule', `${id}=eror`], { cwd: tmp() });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /severity must be .*got "eror"; did you mean "error"\?/);
  });
});

describe('cli conventions: --print-config', function () {
  this.timeout(60_000);
  it('prints a config that the schema validates and --config reads back to the same config', () => {
    const dir = tmp();
    const [a, b] = rules.filter((r) => r.meta.severity !== 'off');
    const withOptions = rules.find((r) => r.meta.options);
    writeFileSync(
      join(dir, '.lintrc.json'),
      JSON.stringify({
        namespace: 'apps',
        ignorePatterns: ['vendor/**'],
        rules: {
          [a?.meta.id ?? '']: 'off',
          [b?.meta.id ?? '']: 1,
          ...(withOptions ? { [withOptions.meta.id]: ['warn', withOptions.meta.options?.defaults] } : {}),
        },
      }),
    );
    const first = runCli(['--print-config', '--strict-kinds'], { cwd: dir });
    assert.equal(first.status, 0, first.stderr);
    const printed = JSON.parse(first.stdout);
    assert.ok(validateConfig(printed), JSON.stringify(validateConfig.errors));
    const file = join(tmp(), 'printed.json');
    writeFileSync(file, first.stdout);
    const again = runCli(['--print-config', '--config', file], { cwd: tmp() });
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.stdout, first.stdout, 'a fixed point: what it prints is what it reads');
    // And a lint run with the printed config reports what the original does.
    const original = runCli(['-f', 'json', '--strict-kinds', join(ROOT, TYPO)], { cwd: dir });
    const replayed = runCli(['-f', 'json', '--config', file, join(ROOT, TYPO)], { cwd: dir });
    assert.equal(replayed.stdout, original.stdout);
    assert.equal(replayed.status, original.status);
  });
});

describe('cli conventions: --list-rules --format', function () {
  this.timeout(60_000);
  it('accepts json, and refuses the report formats it cannot print', () => {
    assert.equal(runCli(['--list-rules', '--format', 'json']).status, 0);
    for (const f of ['compact', 'sarif', 'junit', 'github', 'pretty', 'yaml']) {
      const r = runCli(['--list-rules', '--format', f]);
      assert.equal(r.status, 2, f);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, new RegExp(`--list-rules: format "${f}" is not supported; expected "json"`));
    }
  });
});

describe('cli conventions: --output-file', function () {
  this.timeout(60_000);
  it('"-" is standard output', () => {
    const r = runCli(['-f', 'compact', '-o', '-', TYPO]);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, runCli(['-f', 'compact', TYPO]).stdout);
    assert.match(r.stdout, /\[service-no-matching-pods\]/);
  });

  it('a file without --format gets the compact format, uncoloured, even from a terminal', () => {
    const target = join(tmp(), 'report.txt');
    // FORCE_COLOR stands for a terminal: colour would be on for standard output.
    const r = runCli(['-o', target, TYPO], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, '');
    const text = readFileSync(target, 'utf8');
    assert.equal(text, runCli(['-f', 'compact', TYPO]).stdout);
    assert.ok(!text.includes(ESC));
  });
});

describe('cli conventions: colour', function () {
  this.timeout(60_000);
  const colored = (env: Record<string, string>, args: string[] = []) =>
    runCli(['-f', 'pretty', ...args, TYPO], { env: { NO_COLOR: '', ...env } }).stdout.includes(ESC);

  it('follows the flags, then FORCE_COLOR, then NO_COLOR (no-color.org), then the terminal', () => {
    assert.equal(colored({}), false, 'piped: no colour');
    assert.equal(colored({ FORCE_COLOR: '1' }), true, 'FORCE_COLOR=1 even when piped');
    assert.equal(colored({ FORCE_COLOR: '3' }), true);
    assert.equal(colored({ FORCE_COLOR: '0' }), false);
    assert.equal(colored({ FORCE_COLOR: 'false' }), false);
    assert.equal(colored({ FORCE_COLOR: '1', NO_COLOR: '1' }), true, 'FORCE_COLOR over NO_COLOR');
    assert.equal(colored({ NO_COLOR: '1' }, ['--color']), true, 'a flag over the environment');
    assert.equal(colored({ FORCE_COLOR: '1' }, ['--no-color']), false);
    // On a terminal (as the decision sees it): NO_COLOR set and not empty turns colour off.
    assert.equal(useColor({}, { NO_COLOR: '' }, true), true, 'an empty NO_COLOR is unset');
    assert.equal(useColor({}, { NO_COLOR: '1' }, true), false);
    assert.equal(useColor({}, { TERM: 'dumb' }, true), false);
    assert.equal(useColor({}, {}, false), false);
  });

  it('the source never writes to process.env', () => {
    const files = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.ts'),
    );
    for (const f of files) {
      const text = readFileSync(join(ROOT, 'src', f), 'utf8');
      assert.doesNotMatch(
        text,
        /process\.env(\.\w+|\[[^\]]+\])\s*(=(?!=)|\?\?=|\|\|=)|delete process\.env/,
        f,
      );
    }
  });
});

describe('the pretty format', function () {
  this.timeout(60_000);
  const paths = ['examples/broken-selectors', 'examples/nodeport-walkthrough'];

  it('groups by file in line order, heads each file with its first finding, pads no message, sums up as ESLint', () => {
    const json = JSON.parse(runCli(['-f', 'json', ...paths]).stdout) as Array<{
      filePath: string;
      messages: Array<{ line: number; column: number; severity: 1 | 2; message: string; ruleId: string }>;
    }>;
    const r = runCli(['-f', 'pretty', ...paths]);
    assert.equal(r.status, 1);
    assert.ok(r.stdout.startsWith('\n'), 'a blank line before the first file');
    const blocks = r.stdout.slice(1).split('\n\n').filter(Boolean);
    const summary = blocks.pop()?.trim();
    const withFindings = json.filter((x) => x.messages.length);
    assert.equal(blocks.length, withFindings.length);
    for (const [i, block] of blocks.entries()) {
      const result = withFindings[i];
      assert.ok(result);
      const [header, ...lines] = block.split('\n');
      const want = [...result.messages].sort((a, b) => a.line - b.line || a.column - b.column);
      const rel = result.filePath.slice(ROOT.length + 1);
      assert.equal(
        header,
        `${rel}:${want[0]?.line}:${want[0]?.column}`,
        'the header opens at the first finding shown',
      );
      assert.equal(lines.length, want.length);
      for (const [j, line] of lines.entries()) {
        const m = want[j];
        assert.ok(m);
        // Only the position is padded (to the file's widest); the message is followed by two spaces and the rule.
        const position = `${m.line}:${m.column}`;
        assert.match(line, new RegExp(`^  ${position} *  ${m.severity === 2 ? '✖' : '⚠'}  `));
        assert.ok(line.endsWith(`  ${m.message}  ${m.ruleId}`), line);
      }
    }
    const all = json.flatMap((x) => x.messages);
    const errors = all.filter((m) => m.severity === 2).length;
    assert.equal(summary, `✖ ${all.length} problems (${errors} errors, ${all.length - errors} warnings)`);
  });

  it('on a terminal, wraps a long message under itself at the terminal width', async () => {
    const { default: pretty } = await import('../src/format/pretty.js');
    const finding = (line: number, message: string) =>
      ({
        ruleId: 'service-ports',
        severity: 'error',
        message,
        filePath: 'a.yaml',
        line,
        column: 3,
        endLine: line,
        endColumn: 9,
      }) as Finding;
    const long = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const ctx = { cwd: ROOT, filePaths: ['a.yaml'], rules: [], color: false };
    for (const columns of [80, 160]) {
      const out = pretty([finding(12, long), finding(3, 'short')], { ...ctx, columns });
      const lines = out.split('\n').filter(Boolean);
      assert.equal(lines[0], 'a.yaml:3:3');
      assert.equal(lines[1], '  3:3   ✖  short  service-ports');
      for (const l of lines) assert.ok(l.length <= columns, `${l.length} > ${columns}: ${l}`);
      const wrapped = lines.slice(2, -1);
      assert.ok(wrapped.length > 1);
      for (const l of wrapped.slice(1))
        assert.match(l, /^ {11}\S/, 'continuation lines start under the message');
      assert.equal(
        wrapped
          .map((l) => l.trim())
          .join(' ')
          .replace(/ +/g, ' '),
        `12:3 ✖ ${long} service-ports`,
      );
    }
    // Not a terminal (no width): one line per finding.
    assert.equal(
      pretty([finding(12, long)], ctx)
        .split('\n')
        .filter(Boolean).length,
      3,
    );
  });

  it('says nothing about a clean input, and one problem in the singular', () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'app.yaml'),
      'apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec:\n  selector: { app: web }\n  ports: [{ port: 80, targetPort: 8080 }]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\nspec:\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n    spec:\n      containers: [{ name: web, image: nginx, ports: [{ containerPort: 8080 }] }]\n',
    );
    const clean = runCli(['-f', 'pretty', '.'], { cwd: dir });
    assert.equal(clean.status, 0, clean.stderr);
    assert.equal(clean.stdout, '');
    const one = runCli(['-f', 'pretty', TYPO]);
    assert.match(one.stdout, /\n✖ 1 problem \(1 error, 0 warnings\)\n$/);
  });
});

describe('cli conventions: paths that match nothing', function () {
  this.timeout(60_000);
  // A Service whose file holds pods, none of which it selects: an error (the input shows it).
  const SVC =
    'apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec:\n  selector: { app: nowhere }\n  ports: [{ port: 80 }]\n' +
    '---\napiVersion: v1\nkind: Pod\nmetadata: { name: other, labels: { app: other } }\nspec: { containers: [{ name: c, image: x }] }\n';
  let dir = '';
  before(() => {
    dir = tmp();
    const put = (rel: string, text: string) => {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    };
    put('gitignored/.gitignore', '*.yaml\n');
    put('gitignored/app.yaml', SVC);
    put('dotted/.config/app.yaml', SVC);
    put('real/app.yaml', SVC);
    mkdirSync(join(dir, 'linked'));
    symlinkSync(join(dir, 'real/app.yaml'), join(dir, 'linked/app.yaml'));
    put('prose/README.md', '# not a manifest\n');
    put('vendor/app.yaml', SVC);
  });
  const why = (args: string[]) => {
    const r = runCli(args, { cwd: dir });
    assert.equal(r.status, 2, r.stdout);
    assert.equal(r.stdout, '');
    return r.stderr;
  };

  it('says why: gitignored, dot folders, symbolic links, no YAML, ignore patterns, missing, an empty glob', () => {
    const head = (p: string) => `k8s-svc-lint: no files matching the pattern "${p}" were found: `;
    assert.equal(
      why(['gitignored']),
      `${head('gitignored')}its YAML or JSON file "gitignored/app.yaml" is ignored by .gitignore (--no-gitignore lints them)\n`,
    );
    assert.match(
      why(['dotted']),
      /only in dot folders or dot files, which are skipped \(such as "dotted\/\.config\/app\.yaml"\)/,
    );
    assert.match(
      why(['linked']),
      /only symbolic links, which are not followed \(such as "linked\/app\.yaml"\)/,
    );
    assert.equal(why(['prose']), `${head('prose')}it holds no *.yaml, *.yml or *.json file\n`);
    assert.match(
      why(['vendor', '--ignore-pattern', 'vendor/**']),
      /"vendor\/app\.yaml" is skipped by the ignore patterns/,
    );
    assert.equal(why(['missing']), `${head('missing')}no such file or directory\n`);
    assert.match(why(['nothing/**/*.yaml']), /: no file matches the glob/);
    // The reasons are right: what they name is linted once the cause is lifted.
    assert.equal(runCli(['--no-gitignore', '-f', 'compact', 'gitignored'], { cwd: dir }).status, 1);
    assert.equal(runCli(['-f', 'compact', 'dotted/.config'], { cwd: dir }).status, 1);
    assert.equal(runCli(['-f', 'compact', 'real'], { cwd: dir }).status, 1);
  });

  it('--no-error-on-unmatched-pattern turns them into notices, but nothing at all to lint is still exit 2', () => {
    const r = runCli(['--no-error-on-unmatched-pattern', '-f', 'compact', 'real', 'missing', 'prose'], {
      cwd: dir,
    });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^real\/app\.yaml:/m);
    assert.match(
      r.stderr,
      /^k8s-svc-lint: notice: no files matching the pattern "missing" were found: no such file or directory$/m,
    );
    assert.match(r.stderr, /^k8s-svc-lint: notice: no files matching the pattern "prose" were found: /m);
    const none = runCli(['--no-error-on-unmatched-pattern', 'missing', 'prose'], { cwd: dir });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /nothing to lint: every pattern matched nothing/);
  });
});

describe('cli conventions: suppressions', function () {
  this.timeout(60_000);
  const DOC = `apiVersion: v1
kind: Service
metadata:
  name: web
  annotations:
    k8s-svc-lint.io/ignore: "service-mixed-image, service-ports"
spec:
  # k8s-svc-lint-disable-next-line service-no-matching-pod -- typo
  selector: { app: nowhere }
  ports: [{ port: 80 }] # k8s-svc-lint-disable-line service-target-port
---
apiVersion: v1
kind: Pod
metadata: { name: other, labels: { app: other } }
spec: { containers: [{ name: c, image: x }] }
`;
  const lint = (text: string, args: string[] = []) => {
    const dir = tmp();
    writeFileSync(join(dir, 'svc.yaml'), text);
    return runCli(['-f', 'compact', ...args, 'svc.yaml'], { cwd: dir });
  };

  it('an unknown rule id in a disable comment or the ignore annotation is a located warning with a did-you-mean', () => {
    const r = lint(DOC);
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.deepEqual(lines, [
      'svc.yaml:6:29: warning unknown rule "service-mixed-image" in annotation k8s-svc-lint.io/ignore of Service "default/web"; did you mean "service-mixed-images"? [unknown-rule]',
      'svc.yaml:8:36: warning unknown rule "service-no-matching-pod" in a k8s-svc-lint-disable-next-line comment; did you mean "service-no-matching-pods"? [unknown-rule]',
      // The misspelt directive disabled nothing: the finding it meant is there.
      lines.find((l) => l.startsWith('svc.yaml:9:') && l.endsWith('[service-no-matching-pods]')) ?? 'missing',
    ]);
  });

  it('--report-unused-disable-directives reports directives and annotation ids that disabled nothing, as errors', () => {
    const fixed = DOC.replace('service-mixed-image,', 'service-mixed-images,').replace(
      'service-no-matching-pod --',
      'service-no-matching-pods --',
    );
    const quiet = lint(fixed);
    assert.equal(
      quiet.stdout,
      '',
      'every finding is disabled; unused directives are not reported by default',
    );
    assert.equal(quiet.status, 0);
    const r = lint(fixed, ['--report-unused-disable-directives']);
    assert.equal(r.status, 1);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      'svc.yaml:6:29: error unused annotation k8s-svc-lint.io/ignore of Service "default/web": no "service-mixed-images" finding on the object [unused-disable-directive]',
      'svc.yaml:6:29: error unused annotation k8s-svc-lint.io/ignore of Service "default/web": no "service-ports" finding on the object [unused-disable-directive]',
      'svc.yaml:10:53: error unused k8s-svc-lint-disable-line comment: no "service-target-port" finding on its line [unused-disable-directive]',
    ]);
  });
});
