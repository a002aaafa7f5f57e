/**
 * Hostile and broken input, case by case: resource limits, encodings, the file system, and safety (plain
 * data, no prototype pollution, no network, no writes but the report).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadSources, readSource, sourceFromBytes } from '../src/load/load.js';
import { decodeText } from '../src/load/read.js';
import { MAX_DEPTH } from '../src/parse/limits.js';
import { parseSource } from '../src/parse/parse.js';
import { LineIndex } from '../src/parse/positions.js';
import { CLI, lintText, lintWith, ROOT, runCli } from './helpers.js';
import { notPlainData, positionProblems } from './support/hostile.js';

/** A Service whose selector matches none of the pods of its file: an error on line 6. */
const SERVICE =
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n' +
  '---\napiVersion: v1\nkind: Pod\nmetadata: {name: api, labels: {app: api}}\nspec: {containers: [{name: api, image: api}]}\n';
const NO_PODS = 'service-no-matching-pods';
const GUARD = pathToFileURL(join(ROOT, 'dist/test/support/guard.js')).href;
const IS_ROOT = process.getuid?.() === 0;

/**
 * Why the user "nobody" cannot run the CLI on these files, or undefined when it can (or when this sandbox
 * cannot switch users, which the caller finds out by running it).
 */
function nobodyCannotReach(files: string[]): string | undefined {
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      'const fs = require("node:fs"); for (const f of process.argv.slice(1)) { try { fs.accessSync(f, fs.constants.R_OK); } catch { console.log(f); process.exit(1); } }',
      ...files,
    ],
    { uid: 65534, gid: 65534, encoding: 'utf8' },
  );
  if (probe.error) return undefined;
  if (probe.status === 0) return undefined;
  const blocked = probe.stdout.trim() || process.execPath;
  return `the user "nobody" cannot reach ${blocked} (a folder on the way is not open to others)`;
}

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-hostile-'));
  chmodSync(d, 0o755);
  return d;
}

// No test here measures time: each input is sized so that a pass that is not linear in it (or an alias
// expansion without a budget) would run for hours, far past mocha's timeout, while a linear one takes well
// under a second even on a busy machine. What is asserted is the outcome: the refusal, the kept documents.
describe('limits', function () {
  this.timeout(120_000);

  it('an alias bomb (billion laughs) is refused with a clear finding', () => {
    let text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    let prev = 'a';
    for (const c of 'bcdefghi') {
      text += `${c}: &${c} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
      prev = c;
    }
    const findings = lintText(`${text}---\n${SERVICE}`, [NO_PODS]);
    const bomb = findings.find((f) => f.ruleId === 'yaml-syntax');
    assert.match(
      bomb?.message ?? '',
      /aliases expand to too many nodes \(an alias bomb\), as kubectl counts them; document not linted/,
    );
    assert.ok(
      findings.some((f) => f.ruleId === NO_PODS),
      'the next document is still linted',
    );
  });

  it('an alias inside its own anchor (a cycle) is refused instead of building a cyclic value', () => {
    for (const text of ['a: &a [1, *a]\n', 'a: &a {b: *a}\n', 'a: &a\n  <<: *a\n']) {
      const f = parseSource('c.yaml', text, { explicit: true });
      assert.equal(f.documents.length, 0);
      assert.match(f.problems[0]?.message ?? '', /alias \*a refers to a collection that contains it/);
      assert.equal(f.problems[0]?.line, /<</.test(text) ? 2 : 1);
    }
  });

  for (const [name, make] of [
    ['100k nested flow sequences', (n: number) => '['.repeat(n) + ']'.repeat(n)],
    ['100k unclosed flow maps', (n: number) => '{a: '.repeat(n)],
    ['100k nested block sequences on one line', (n: number) => `${'- '.repeat(n)}x\n`],
    [
      '2k nested block maps',
      (n: number) => Array.from({ length: Math.min(n, 2000) }, (_, i) => `${' '.repeat(i)}a:`).join('\n'),
    ],
  ] as const) {
    it(`${name} are refused at a bounded cost, and earlier documents are kept`, () => {
      const f = parseSource('deep.yaml', `${SERVICE}---\n${make(100_000)}`, { explicit: true });
      assert.equal(f.documents.length, 2, 'the Service and the Pod before it are kept');
      const p = f.problems.find((x) => /nest deeper than 256 levels/.test(x.message));
      assert.ok(p, JSON.stringify(f.problems));
      assert.ok(p.line >= 15, 'located in the deep document');
    });
  }

  it(`nesting up to ${MAX_DEPTH} levels is accepted`, () => {
    const n = MAX_DEPTH - 2;
    const f = parseSource('ok.yaml', '['.repeat(n) + ']'.repeat(n), { explicit: true });
    assert.deepEqual(f.problems, []);
    assert.equal(f.documents.length, 1);
  });

  it('a file over --max-file-size is skipped with a finding; the others are linted', () => {
    const d = tmp();
    try {
      writeFileSync(join(d, 'big.yaml'), `${SERVICE}# ${'x'.repeat(2000)}\n`);
      writeFileSync(join(d, 'svc.yaml'), SERVICE);
      const r = runCli(['--max-file-size', '1000', 'big.yaml', 'svc.yaml'], { cwd: d });
      assert.equal(r.status, 1);
      assert.match(
        r.stdout,
        /big\.yaml:1:1: error file is \d+ bytes, over the limit of 1000 \(--max-file-size\); skipped \[file-read\]/,
      );
      assert.match(r.stdout, /svc\.yaml:6:\d+: error .*\[service-no-matching-pods\]/);
      const stdin = runCli(['--max-file-size', '100', '-'], { cwd: d, input: SERVICE.repeat(3) });
      assert.match(stdin.stdout, /<stdin>:1:1: error input is over the limit of 100 bytes/);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('a 1 MB single line is linted with exact columns', () => {
    const long = `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations: {note: "${'x'.repeat(1 << 20)}"}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n`;
    const findings = lintText(long, [NO_PODS], { closedWorld: true });
    const f = findings.find((x) => x.ruleId === NO_PODS);
    assert.equal(f?.line, 6);
    assert.equal(f?.column, 18);
  });

  it('"kind" repeated a million times does not trigger a quadratic scan', () => {
    const f = parseSource('k.yaml', 'kind '.repeat(1_000_000), { explicit: false });
    assert.deepEqual(f.problems, [], 'not a manifest: nothing to report');
  });
});

describe('encodings', () => {
  it('a UTF-8 BOM is stripped; positions are unchanged', () => {
    const plain = lintText(SERVICE, [NO_PODS]);
    const bom = lintWith(
      [sourceFromBytes({ path: 'test.yaml', explicit: true }, Buffer.from(`\uFEFF${SERVICE}`))],
      [NO_PODS],
    );
    assert.deepEqual(bom, plain);
    assert.equal(plain.length, 1);
  });

  it('CRLF line ends give the same positions as LF', () => {
    const text = `${SERVICE}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    metadata:\n      labels: {app: wbe}\n`;
    const lf = lintText(text, [NO_PODS]);
    const crlf = lintText(text.replace(/\n/g, '\r\n'), [NO_PODS]);
    assert.ok(lf.length >= 1);
    assert.deepEqual(crlf, lf);
    const s = parseSource('test.yaml', text.replace(/\n/g, '\r\n'));
    assert.deepEqual(positionProblems(crlf, [s]), []);
  });

  it('an offset between the CR and the LF of a CRLF is the end of its line (found by the stress run)', () => {
    const lines = new LineIndex('ab\r\ncd');
    assert.deepEqual(lines.position(3), { line: 1, column: 3 });
    assert.deepEqual(lines.position(4), { line: 2, column: 1 });
    const text = 'a:\n  b: 1\n  c]:\r\n d\n';
    const f = parseSource('t.yaml', text, { explicit: true });
    assert.deepEqual(positionProblems(f.problems, [f]), []);
  });

  it('ASCII is decoded as UTF-8 would, and marked as such only when every byte is ASCII', () => {
    assert.deepEqual(decodeText(Buffer.from(SERVICE)), { text: SERVICE, ascii: true });
    // Non-ASCII text (a YAML 1.1 line separator, an accent) keeps the checks for other characters.
    for (const text of ['a: b\u2028c\n', 'a: \u00e9\n'])
      assert.deepEqual(decodeText(Buffer.from(text)), { text });
    const f = sourceFromBytes({ path: 'a.yaml', explicit: true }, Buffer.from(SERVICE));
    assert.deepEqual(
      f.documents.map((d) => [d.value, d.locate(['spec', 'selector', 'app'])]),
      parseSource('a.yaml', SERVICE, { explicit: true }).documents.map((d) => [
        d.value,
        d.locate(['spec', 'selector', 'app']),
      ]),
    );
  });

  it('UTF-16 with a BOM is decoded', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SERVICE, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    for (const bytes of [le, be]) {
      const findings = lintWith([sourceFromBytes({ path: 'test.yaml', explicit: true }, bytes)], [NO_PODS]);
      assert.deepEqual(
        findings.map((f) => [f.ruleId, f.line]),
        [[NO_PODS, 6]],
      );
    }
  });

  it('invalid UTF-8 is reported where it starts, and the file is still linted', () => {
    const bytes = Buffer.concat([
      Buffer.from(`${SERVICE}# caf`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('\n'),
    ]);
    const s = sourceFromBytes({ path: 'test.yaml', explicit: true }, bytes);
    const findings = lintWith([s], [NO_PODS]);
    const bad = findings.find((f) => f.ruleId === 'file-read');
    assert.match(
      bad?.message ?? '',
      /invalid UTF-8 \(byte 0xc3 at offset \d+\); read with replacement characters/,
    );
    assert.equal(bad?.line, 15);
    assert.equal(bad?.column, 6);
    assert.ok(findings.some((f) => f.ruleId === NO_PODS));
  });

  it('NUL bytes: a finding for a named file, a notice (not silence) for a walked one', async () => {
    const bytes = Buffer.from(`${SERVICE}\0`);
    const named = sourceFromBytes({ path: 'bin.yaml', explicit: true }, bytes);
    assert.match(named.problems[0]?.message ?? '', /file is binary \(a NUL byte at offset \d+\); skipped/);
    const walked = sourceFromBytes({ path: 'bin.yaml', explicit: false }, bytes);
    assert.deepEqual(walked.problems, []);
    assert.match(walked.skipped ?? '', /file is binary/);
  });
});

describe('the file system', function () {
  this.timeout(120_000);
  let d: string;
  beforeEach(() => {
    d = tmp();
  });
  afterEach(() => {
    rmSync(d, { recursive: true, force: true });
  });

  it('a symlink loop named on the command line is a finding, and a walk does not follow it', () => {
    symlinkSync('loop-b.yaml', join(d, 'loop-a.yaml'));
    symlinkSync('loop-a.yaml', join(d, 'loop-b.yaml'));
    mkdirSync(join(d, 'sub'));
    symlinkSync('..', join(d, 'sub', 'up'));
    writeFileSync(join(d, 'sub', 'svc.yaml'), SERVICE);
    const r = runCli(['loop-a.yaml', 'sub'], { cwd: d });
    assert.equal(r.status, 1);
    assert.match(
      r.stdout,
      /loop-a\.yaml:1:1: error cannot read file: too many symbolic links \(a symlink loop\?\) \(ELOOP\) \[file-read\]/,
    );
    assert.match(r.stdout, /sub\/svc\.yaml:6/);
  });

  it('a FIFO named as a manifest is refused without blocking, a folder in place of a file too', async () => {
    const fifo = join(d, 'pipe.yaml');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return;
    const { files } = await loadSources(['pipe.yaml'], { cwd: d });
    assert.match(files[0]?.problems[0]?.message ?? '', /cannot read file: it is a FIFO; skipped/);
    mkdirSync(join(d, 'dir.yaml'));
    const asFile = await readSource({ path: 'dir.yaml', explicit: true }, d, 1e6);
    assert.match(asFile.problems[0]?.message ?? '', /it is a folder|is a folder \(EISDIR\)/);
  });

  it('a file that vanishes between the walk and the read is a finding', async () => {
    const s = await readSource({ path: 'gone.yaml', explicit: false }, d, 1e6);
    assert.equal(s.problems[0]?.ruleId, 'file-read');
    assert.match(s.problems[0]?.message ?? '', /no such file \(removed during the run\?\) \(ENOENT\)/);
  });

  it('paths with spaces and non-ASCII names, and -- before a path that starts with a dash', () => {
    mkdirSync(join(d, 'my dir'));
    writeFileSync(join(d, 'my dir', 'sérvice ü.yaml'), SERVICE);
    writeFileSync(join(d, '-dash.yaml'), SERVICE);
    const r = runCli(['my dir', '--', '-dash.yaml'], { cwd: d });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^-dash\.yaml:6:/m);
    assert.match(r.stdout, /^my dir\/sérvice ü\.yaml:6:/m);
    const unknown = runCli(['-dash.yaml'], { cwd: d });
    assert.equal(unknown.status, 2, 'without --, a dash path is an unknown option');
  });

  it('an empty folder and a glob that matches nothing stop the run with exit 2 and a message', () => {
    mkdirSync(join(d, 'empty'));
    const empty = runCli(['empty'], { cwd: d });
    assert.equal(empty.status, 2);
    assert.match(empty.stderr, /no files matching the pattern "empty" were found/);
    const glob = runCli(['nothing/**/*.yaml'], { cwd: d });
    assert.equal(glob.status, 2);
    assert.match(glob.stderr, /no files matching the pattern "nothing\/\*\*\/\*\.yaml" were found/);
  });

  it('an unreadable folder in a walk is a located file-read finding, and its siblings are linted', function () {
    mkdirSync(join(d, 'manifests', 'locked'), { recursive: true });
    writeFileSync(join(d, 'manifests', 'svc.yaml'), SERVICE);
    writeFileSync(join(d, 'manifests', 'locked', 'svc.yaml'), SERVICE);
    chmodSync(join(d, 'manifests', 'locked'), 0o000);
    // Root reads any folder: run the CLI as "nobody" then, which needs the checkout and the folder to be
    // reachable by others. A checkout inside a folder only its owner can enter (`mktemp -d`, a 0700 home)
    // is not: then the test is skipped, and says why.
    if (IS_ROOT) {
      const reach = nobodyCannotReach([CLI, join(d, 'manifests', 'svc.yaml')]);
      if (reach) {
        console.log(`      (skipped: ${reach})`);
        this.skip();
      }
    }
    const lint = (env: Record<string, string>) => {
      if (!IS_ROOT) return runCli(['manifests'], { cwd: d, env });
      const out = spawnSync(process.execPath, [CLI, 'manifests'], {
        cwd: d,
        uid: 65534,
        gid: 65534,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', ...env },
      });
      return out.error ? undefined : { status: out.status, stdout: out.stdout, stderr: out.stderr };
    };
    const r = lint({});
    // The same walk on the reading thread (src/load/readahead.ts), which reports the folder it could not list.
    const reading = lint({ K8S_SVC_LINT_WORKERS: 'read' });
    chmodSync(join(d, 'manifests', 'locked'), 0o755);
    if (!r || !reading) this.skip(); // no setuid in this sandbox: the property is still covered by the fs stub below
    assert.deepEqual(reading, r);
    assert.equal(r.status, 1, r.stderr);
    assert.match(
      r.stdout,
      /^manifests\/locked:1:1: error cannot read folder: permission denied \(EACCES\) \[file-read\]$/m,
    );
    assert.match(r.stdout, /^manifests\/svc\.yaml:6:/m);
  });
});

describe('safety', function () {
  this.timeout(120_000);

  it("a report reader that goes away (| head) ends the report quietly; the exit code is still the findings'", async () => {
    // The pipe is closed before the CLI writes: its first write fails with EPIPE.
    const child = spawn(process.execPath, [CLI, '-f', 'json', '-'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdin.end(SERVICE);
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(stderr, '');
    assert.equal(status, 1);
  });

  it('a format named like an Object.prototype member is an unknown format (exit 2), not a crash', () => {
    const r = runCli(['-f', 'constructor', '-'], { input: SERVICE });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown format "constructor"/);
  });

  it('YAML tags build plain data only, as kubectl reads them; custom tags are read as untagged values', () => {
    const text = [
      'bin: !!binary aGVsbG8=',
      'set: !!set {x, y}',
      'omap: !!omap [a: 1]',
      'pairs: !!pairs [a: 1]',
      'date: 2001-12-14',
      'ts: !!timestamp 2001-12-14t21:59:43.10-05:00',
      'custom: !foo bar',
      'customMap: !foo {x: 1}',
      'fn: !!js/function "function () {}"',
      '',
    ].join('\n');
    const f = parseSource('t.yaml', text, { explicit: true });
    assert.deepEqual(f.problems, []);
    const v = f.documents[0]?.value;
    assert.equal(notPlainData(v), undefined);
    assert.deepEqual(v, {
      bin: 'hello',
      set: { x: null, true: null },
      omap: [{ a: 1 }],
      pairs: [{ a: 1 }],
      date: '2001-12-14',
      ts: '2001-12-14t21:59:43.10-05:00',
      custom: 'bar',
      customMap: { x: 1 },
      fn: 'function () {}',
    });
  });

  it('__proto__ and constructor keys pollute nothing, at any depth, in labels, selectors and the label index', () => {
    const text = [
      '__proto__: {polluted: 1}',
      'constructor: {prototype: {polluted: 1}}',
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: web',
      '  labels: {__proto__: {polluted: 1}, constructor: x}',
      '  __proto__: {polluted: 1}',
      'spec:',
      '  selector: {__proto__: web, constructor: web, toString: web}',
      '  ports: [{port: 80, __proto__: {polluted: 1}}]',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: web, __proto__: {polluted: 1}}',
      'spec:',
      '  selector: {matchLabels: {__proto__: web, constructor: web}}',
      '  template:',
      '    metadata: {labels: {__proto__: web, constructor: web, toString: web}}',
      '    spec: {containers: [{name: c, image: x, ports: [{containerPort: 80, __proto__: {polluted: 1}}]}]}',
      '---',
      'kind: __proto__',
      'apiVersion: v1',
      'metadata: {name: constructor, namespace: __proto__}',
      '',
    ].join('\n');
    const findings = lintText(text);
    assert.deepEqual(
      findings.filter((f) => /crashed/.test(f.message)),
      [],
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(Object.keys(Object.prototype), []);
    // The label index treats "__proto__" as an ordinary key: this selector does match the template.
    assert.deepEqual(
      findings.filter((f) => f.ruleId === NO_PODS),
      [],
    );
  });

  it('the CLI opens no connection, starts no process and writes nothing but --output-file', () => {
    const d = tmp();
    try {
      writeFileSync(join(d, 'svc.yaml'), SERVICE);
      writeFileSync(join(d, 'bin.yaml'), Buffer.from([0, 1, 2]));
      const before = readdirSync(d).map((n) => [
        n,
        statSync(join(d, n)).mtimeMs,
        readFileSync(join(d, n), 'latin1'),
      ]);
      const env = { NODE_OPTIONS: `--import=${GUARD}`, GUARD_ALLOW_WRITE: join(d, 'report.json') };
      const r = runCli(['-f', 'json', '-o', 'report.json', '.'], { cwd: d, env });
      assert.equal(r.status, 1, r.stderr);
      assert.doesNotMatch(r.stderr, /GUARD VIOLATION/);
      assert.ok(existsSync(join(d, 'report.json')));
      const after = readdirSync(d)
        .filter((n) => n !== 'report.json')
        .map((n) => [n, statSync(join(d, n)).mtimeMs, readFileSync(join(d, n), 'latin1')]);
      assert.deepEqual(after, before, 'inputs untouched');
      // The guard itself works: a write elsewhere and a DNS lookup end the process with 99.
      for (const code of [
        `import('node:fs').then((fs) => fs.writeFileSync(${JSON.stringify(join(d, 'x'))}, 'x'))`,
        "import('node:dns').then((dns) => dns.lookup('localhost', () => {}))",
      ]) {
        const g = spawnSync(process.execPath, ['--import', GUARD, '-e', code], {
          encoding: 'utf8',
          env: process.env,
        });
        assert.equal(g.status, 99, g.stderr);
      }
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
