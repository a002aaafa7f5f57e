/**
 * Judging what the input shows (docs/relations.md): references the input cannot check are counted, not
 * reported, and said so in every format; --closed-world and the config turn them into findings; presets.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rules } from '../rules/index.js';
import { ConfigError, resolveConfig } from '../src/config/config.js';
import { lint } from '../src/engine/lint.js';
import { parseSource } from '../src/parse/parse.js';
import { isLikelyTypo } from '../src/util/suggest.js';
import { runCli } from './helpers.js';

const LONE_INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop}
spec:
  defaultBackend: {service: {name: storefront, port: {number: 80}}}
`;

let dir: string;
function write(rel: string, text: string) {
  const p = join(dir, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
}

describe('what the input shows', () => {
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-precision-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('counts a reference the input does not hold as not checked, and --closed-world reports it', () => {
    write('ingress.yaml', LONE_INGRESS);
    const open = runCli(['-f', 'compact', 'ingress.yaml'], { cwd: dir });
    assert.equal(open.status, 0);
    assert.equal(open.stdout, '');
    assert.match(
      open.stderr,
      /note: 1 reference was not checked because the input does not hold what it points to \(ingress-backend 1\).*--closed-world/,
    );
    const closed = runCli(['-f', 'compact', '--closed-world', 'ingress.yaml'], { cwd: dir });
    assert.equal(closed.status, 1);
    assert.match(
      closed.stdout,
      /ingress\.yaml:5:\d+: error backend Service "storefront" .*\[ingress-backend\]/,
    );
    assert.doesNotMatch(closed.stderr, /not checked/);
    // -q keeps stderr for errors only.
    assert.equal(runCli(['-q', '-f', 'compact', 'ingress.yaml'], { cwd: dir }).stderr, '');
  });

  it('reads "closedWorld": true from the config, and validates it', () => {
    write('ingress.yaml', LONE_INGRESS);
    write('.lintrc.json', JSON.stringify({ closedWorld: true }));
    assert.equal(runCli(['-f', 'compact', 'ingress.yaml'], { cwd: dir }).status, 1);
    write('.lintrc.json', JSON.stringify({ closedWorld: 'yes' }));
    const bad = runCli(['ingress.yaml'], { cwd: dir });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /closedWorld: must be boolean/);
  });

  it('lists what was not checked in JSON (uncheckedMessages) and in SARIF (a notification)', () => {
    write('ingress.yaml', LONE_INGRESS);
    const json = JSON.parse(runCli(['-f', 'json', 'ingress.yaml'], { cwd: dir }).stdout) as Array<{
      messages: unknown[];
      uncheckedMessages?: Array<{ ruleId: string; line: number; message: string }>;
    }>;
    assert.equal(json[0]?.messages.length, 0);
    assert.equal(json[0]?.uncheckedMessages?.length, 1);
    assert.equal(json[0]?.uncheckedMessages?.[0]?.ruleId, 'ingress-backend');
    assert.equal(json[0]?.uncheckedMessages?.[0]?.line, 5);
    const sarif = JSON.parse(runCli(['-f', 'sarif', 'ingress.yaml'], { cwd: dir }).stdout);
    const run = sarif.runs[0];
    assert.deepEqual(run.results, []);
    assert.match(
      run.invocations[0].toolExecutionNotifications[0].message.text,
      /1 reference was not checked/,
    );
    assert.deepEqual(run.properties.uncheckedReferences, { total: 1, byRule: { 'ingress-backend': 1 } });
    // Nothing unchecked: no notification, no property.
    write(
      'ingress.yaml',
      `${LONE_INGRESS}---\napiVersion: v1\nkind: Service\nmetadata: {name: storefront}\nspec:\n  ports: [{port: 80}]\n`,
    );
    const clean = JSON.parse(runCli(['-f', 'sarif', 'ingress.yaml'], { cwd: dir }).stdout).runs[0];
    assert.equal(clean.invocations, undefined);
    assert.equal(clean.properties, undefined);
  });

  it('the library returns what was not checked beside the findings', () => {
    const config = resolveConfig({}, rules);
    const r = lint([parseSource('i.yaml', LONE_INGRESS, { explicit: true })], config, rules);
    assert.deepEqual(r.findings, []);
    assert.deepEqual(
      r.unchecked.map((f) => `${f.ruleId}:${f.line}`),
      ['ingress-backend:5'],
    );
    const closed = lint(
      [parseSource('i.yaml', LONE_INGRESS, { explicit: true })],
      { ...config, closedWorld: true },
      rules,
    );
    assert.deepEqual(closed.unchecked, []);
    assert.equal(closed.findings.length, 1);
  });
});

describe('presets', () => {
  it('recommended leaves the policy rules off; strict turns them on, with its options', () => {
    const rec = resolveConfig({}, rules);
    assert.equal(rec.preset, 'recommended');
    assert.equal(rec.rules.get('load-balancer-source-ranges')?.severity, 'off');
    assert.equal(rec.rules.get('duplicate-object')?.options.acrossFiles, false);
    const strict = resolveConfig({ extends: 'strict' }, rules);
    assert.equal(strict.rules.get('load-balancer-source-ranges')?.severity, 'warning');
    assert.equal(strict.rules.get('service-external-ips')?.severity, 'warning');
    assert.equal(strict.rules.get('duplicate-object')?.options.acrossFiles, true);
    // A rule set in the config overrides the preset.
    const mixed = resolveConfig(
      { extends: 'strict', rules: { 'load-balancer-source-ranges': 'off' } },
      rules,
    );
    assert.equal(mixed.rules.get('load-balancer-source-ranges')?.severity, 'off');
  });

  it('an unknown preset is a config error naming the allowed ones', () => {
    assert.throws(
      () => resolveConfig({ extends: 'strictest' as 'strict' }, rules),
      (e: Error) =>
        e instanceof ConfigError && /extends: must be one of "recommended", "strict"/.test(e.message),
    );
  });
});

describe('typo evidence', () => {
  it('counts case, one edit and swaps, not numbered or suffixed variants', () => {
    for (const [a, b] of [
      ['MyApp', 'myapp'],
      ['wbe', 'web'],
      ['db-headles', 'db-headless'],
      ['frontend', 'frontned'],
    ])
      assert.ok(isLikelyTypo(a as string, b as string), `${a} ~ ${b}`);
    for (const [a, b] of [
      ['infra-backend-v1', 'infra-backend-v2'],
      ['tls-backend-2', 'tls-backend'],
      ['api', 'app'],
      ['web', 'web'],
      ['redis-master', 'redis-replica'],
    ])
      assert.ok(!isLikelyTypo(a as string, b as string), `${a} !~ ${b}`);
  });
});
