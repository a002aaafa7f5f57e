/** End-to-end tests of the built CLI: loading, formats, config, exit codes. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers.js';

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers: [{name: web, image: "web:1", ports: [{name: http, containerPort: 8080}]}]
`;
const SERVICE_TYPO = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: wbe
  ports: [{port: 80}]
`;

let dir: string;
function write(rel: string, text: string) {
  const p = join(dir, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
}

describe('cli', () => {
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lints the shipped examples and exits 0 or 1 with findings in compact form', () => {
    const r = runCli(['examples/', '--format', 'compact']);
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    for (const line of r.stdout.trim().split('\n').filter(Boolean)) {
      assert.match(line, /^examples\/\S+:\d+:\d+: (error|warning) .+ \[[a-z0-9-]+\]$/);
    }
    assert.equal(r.status, /: error /.test(r.stdout) ? 1 : 0);
  });

  it('reads stdin with "-" and names it with --stdin-filename', () => {
    const r = runCli(['-', '--stdin-filename', 'rendered.yaml', '-f', 'compact'], {
      input: `${DEPLOY}---\n${SERVICE_TYPO}`,
    });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^rendered\.yaml:19:3: error selector app="wbe" .*did you mean app="web"/m);
  });

  it('reads stdin only for "-": with no path it lints ".", and an empty stdin is a usage error', () => {
    write('app.yaml', `${DEPLOY}---\n${SERVICE_TYPO}`);
    // A CI step's stdin is often an empty pipe: it must not stand in for the files.
    const noPath = runCli(['-f', 'compact'], { cwd: dir, input: '' });
    assert.equal(noPath.status, 1, noPath.stderr);
    assert.match(noPath.stdout, /^app\.yaml:19:3: error selector app="wbe"/m);
    const piped = runCli(['-f', 'compact'], { cwd: dir, input: DEPLOY });
    assert.equal(piped.stdout, noPath.stdout, 'piped text without "-" is not read');
    for (const input of ['', '\n  \n']) {
      const r = runCli(['-f', 'compact', '-'], { cwd: dir, input });
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, 'k8s-svc-lint: standard input ("-") is empty: nothing to lint\n');
    }
    const explain = runCli(['explain', '-'], { cwd: dir, input: '' });
    assert.equal(explain.status, 2);
    assert.match(explain.stderr, /standard input \("-"\) is empty/);
  });

  it('lints a repository with a Helm chart and a CI workflow: templates skipped with a notice, the rest quiet', () => {
    write('chart/Chart.yaml', 'apiVersion: v2\nname: web\nversion: 0.1.0\n');
    write('chart/values.yaml', 'replicaCount: 1\nimage:\n  repository: web\n');
    write(
      'chart/templates/deployment.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "web.fullname" . }}\nspec:\n  {{- if .Values.replicaCount }}\n  replicas: {{ .Values.replicaCount }}\n  {{- end }}\n',
    );
    write(
      '.github/workflows/ci.yml',
      'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{run: npm test}]\n',
    );
    write('deploy/app.yaml', `${DEPLOY}---\n${SERVICE_TYPO}`);
    write('package.json', '{"name": "x"}');
    write('tsconfig.json', '{ // comments are not JSON\n "compilerOptions": {} }');
    const r = runCli(['.', '-f', 'compact'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => l.replace(/ .*\[/, ' ['))
        .sort(),
      ['deploy/app.yaml:19:3: [service-no-matching-pods]'],
    );
    assert.match(
      r.stderr,
      /notice: chart\/templates\/deployment\.yaml: contains template syntax .*helm template/,
    );
    assert.doesNotMatch(r.stderr, /Chart\.yaml|values\.yaml|ci\.yml/);
  });

  it('reports a broken YAML file at its position and still lints the others', () => {
    write('a-broken.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n spec: {}\n');
    write('b.yaml', `${DEPLOY}---\n${SERVICE_TYPO}`);
    const r = runCli(['.', '-f', 'json'], { cwd: dir });
    assert.equal(r.status, 1);
    const results = JSON.parse(r.stdout) as Array<{
      filePath: string;
      messages: Array<{ ruleId: string; line: number }>;
    }>;
    const byFile = Object.fromEntries(
      results.map((x) => [x.filePath.replace(`${dir}/`, ''), x.messages.map((m) => `${m.ruleId}@${m.line}`)]),
    );
    assert.deepEqual(byFile, {
      'a-broken.yaml': ['yaml-syntax@5'],
      'b.yaml': ['service-no-matching-pods@19'],
    });
  });

  it('emits ESLint-compatible JSON', () => {
    write('b.yaml', `${DEPLOY}---\n${SERVICE_TYPO}`);
    const r = runCli(['b.yaml', '--format', 'json'], { cwd: dir });
    const [res] = JSON.parse(r.stdout);
    assert.equal(res.filePath, join(dir, 'b.yaml'));
    assert.equal(res.errorCount, 1);
    assert.equal(res.warningCount, 0);
    const [m] = res.messages;
    assert.deepEqual(
      {
        ruleId: m.ruleId,
        severity: m.severity,
        line: m.line,
        column: m.column,
        endLine: m.endLine,
        endColumn: m.endColumn,
      },
      { ruleId: 'service-no-matching-pods', severity: 2, line: 19, column: 3, endLine: 20, endColumn: 13 },
    );
  });

  it('stops with exit 2 and names the key when the config is invalid', () => {
    write('b.yaml', DEPLOY);
    write('.lintrc.json', JSON.stringify({ rules: { 'service-no-matching-pod': 'off' } }));
    let r = runCli(['b.yaml'], { cwd: dir });
    assert.equal(r.status, 2);
    assert.match(
      r.stderr,
      /rules\["service-no-matching-pod"\]: unknown rule; did you mean "service-no-matching-pods"\?/,
    );
    assert.equal(r.stdout, '');

    write('.lintrc.json', JSON.stringify({ rules: { 'service-no-matching-pods': 'warning!' } }));
    r = runCli(['b.yaml'], { cwd: dir });
    assert.equal(r.status, 2);
    assert.match(
      r.stderr,
      /severity must be "off", "warn" \(or "warning"\), "error", 0, 1 or 2, got "warning!"/,
    );

    write('.lintrc.json', JSON.stringify({ rule: {} }));
    r = runCli(['b.yaml'], { cwd: dir });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown key "rule"; did you mean "rules"\?/);

    write('.lintrc.json', '{ "rules": ');
    r = runCli(['b.yaml'], { cwd: dir });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /not valid JSON/);
  });

  it('applies the config found upwards, --config, and --rule overrides', () => {
    write('sub/b.yaml', `${DEPLOY}---\n${SERVICE_TYPO}`);
    write('.lintrc.json', JSON.stringify({ rules: { 'service-no-matching-pods': 'warn' } }));
    let r = runCli(['b.yaml', '-f', 'compact'], { cwd: join(dir, 'sub') });
    assert.equal(r.status, 0);
    assert.match(r.stdout, /: warning selector/);
    r = runCli(['b.yaml', '-f', 'compact', '--max-warnings', '0'], { cwd: join(dir, 'sub') });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /too many warnings \(1\)/);
    r = runCli(['b.yaml', '--rule', 'service-no-matching-pods=off'], { cwd: join(dir, 'sub') });
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '');
    write('other.json', JSON.stringify({ rules: { 'service-no-matching-pods': 'error' } }));
    r = runCli(['b.yaml', '-c', '../other.json', '-f', 'compact'], { cwd: join(dir, 'sub') });
    assert.equal(r.status, 1);
  });

  it('exits 2 on bad usage and on patterns that match nothing', () => {
    let r = runCli(['--format', 'xml', 'examples/']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown format "xml"/);
    r = runCli(['--no-such-flag']);
    assert.equal(r.status, 2);
    r = runCli(['nothing/**/*.yaml'], { cwd: dir });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no files matching the pattern "nothing\/\*\*\/\*\.yaml"/);
  });

  it('respects .gitignore and --ignore-pattern', () => {
    write('.gitignore', 'generated/\n');
    write('generated/b.yaml', `${DEPLOY}---\n${SERVICE_TYPO}`);
    write('keep/b.yaml', `${DEPLOY}---\n${SERVICE_TYPO}`);
    let r = runCli(['.', '-f', 'compact'], { cwd: dir });
    assert.match(r.stdout, /^keep\/b\.yaml/);
    assert.doesNotMatch(r.stdout, /generated/);
    r = runCli(['.', '-f', 'compact', '--ignore-pattern', 'keep/**', '--no-gitignore'], { cwd: dir });
    assert.match(r.stdout, /^generated\/b\.yaml/);
    assert.doesNotMatch(r.stdout, /keep/);
  });

  it('writes the report to --output-file and only errors with --quiet', () => {
    write('b.yaml', `${DEPLOY}---\n${SERVICE_TYPO}`);
    let r = runCli(['b.yaml', '-o', 'report.txt', '-f', 'compact'], { cwd: dir });
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(readFileSync(join(dir, 'report.txt'), 'utf8'), /^b\.yaml:19:3: error selector/);
    r = runCli(['b.yaml', '-q', '-f', 'compact', '--rule', 'service-no-matching-pods=warn'], { cwd: dir });
    assert.equal(r.stdout, '');
    assert.equal(r.status, 0);
  });

  it('prints --help, --version and --list-rules', () => {
    assert.match(runCli(['--help']).stdout, /Usage: k8s-svc-lint/);
    assert.match(runCli(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
    assert.match(runCli(['--list-rules']).stdout, /service-no-matching-pods\s+error/);
  });
});
