/**
 * What users of ESLint and other linters expect of a command line: did-you-mean for unknown options,
 * `--print-config` output that `--config` reads back, one list of severities for the runtime and the config
 * schema, `--list-rules` formats, `--output-file -`, and colour as no-color.org and FORCE_COLOR say.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { rules } from '../rules/index.js';
import { ConfigError, resolveConfig } from '../src/config/config.js';
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
