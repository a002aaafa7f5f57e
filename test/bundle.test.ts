/**
 * The bundled command line (scripts/bundle.ts): the bin starts cli.cjs from its code cache (src/launch.ts),
 * a run evaluates at start-up only what every lint run needs, and a missing, stale or damaged cache changes
 * nothing but the speed. What runs is read from V8's coverage (NODE_V8_COVERAGE), what is where from
 * esbuild's metafile (dist/bundle.meta.json), so no timing is involved.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateCorpus } from '../bench/gen-corpus.js';
import { cacheFile } from '../src/launch.js';
import { CLI, ROOT, runCli } from './helpers.js';

interface Meta {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

const meta = JSON.parse(readFileSync(join(ROOT, 'dist/bundle.meta.json'), 'utf8')) as Meta;
const DIR = join(ROOT, 'dist/bundle/cli');
const BIN = 'dist/bundle/cli/k8s-svc-lint.js';
const CJS = join(DIR, 'cli.cjs');

const inputsOf = (output: string) => Object.keys(meta.outputs[output]?.inputs ?? {});

interface Coverage {
  result: Array<{
    url: string;
    functions: Array<{ functionName: string; ranges: Array<{ count: number }> }>;
  }>;
}

/**
 * Runs the bin with V8's coverage on: the files it compiled (URLs) and the modules of ours that cli.cjs
 * evaluated (esbuild names each module's wrapper after its path, "dist/src/format/sarif.js").
 */
function whatRuns(args: string[]): { scripts: string[]; modules: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-cov-'));
  try {
    const r = spawnSync(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', NODE_V8_COVERAGE: dir },
    });
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    const result = readdirSync(dir).flatMap(
      (f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as Coverage).result,
    );
    const scripts = result.map((s) => s.url);
    const cli = result.find((s) => s.url === pathToFileURL(CJS).href || s.url === CJS);
    assert.ok(cli, 'cli.cjs ran');
    const modules = cli.functions
      .filter((f) => /^dist\/.*\.js$/.test(f.functionName) && (f.ranges[0]?.count ?? 0) > 0)
      .map((f) => f.functionName);
    return { scripts, modules };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const LAZY = [
  /^dist\/src\/format\/(?!(index|json|results)\.js)/,
  /^dist\/src\/commands\.js$/,
  /^dist\/src\/explain\//,
  /^dist\/src\/load\/workers?\.js$/,
  /^dist\/src\/load\/readahead\.js$/,
  /^dist\/src\/fix\/(command|run|diff)\.js$/,
  /^dist\/src\/lsp\//,
];
const SEPARATE = [
  'globby.cjs',
  'ajv.cjs',
  'yaml.cjs',
  'vscode-languageserver-node.cjs',
  'vscode-languageserver-textdocument.cjs',
];

describe('the bundled command line', () => {
  it('is the package bin', () => {
    assert.equal(CLI, join(ROOT, BIN));
  });

  it('evaluates no formatter, command, explain, worker pool or reading thread at start-up, and loads no large package', () => {
    const plain = whatRuns(['--format', 'json', 'examples/nodeport-walkthrough']);
    for (const re of LAZY) {
      assert.deepEqual(
        plain.modules.filter((m) => re.test(m)),
        [],
        `${re} ran`,
      );
      assert.ok(
        inputsOf('dist/bundle/cli/cli.cjs').some((i) => re.test(i)),
        `${re} is in cli.cjs (run on demand)`,
      );
    }
    for (const f of SEPARATE) {
      assert.ok(existsSync(join(DIR, f)), f);
      assert.deepEqual(
        plain.scripts.filter((s) => s.endsWith(`/${f}`)),
        [],
        `${f} was loaded`,
      );
    }
    assert.deepEqual(
      plain.scripts.filter((s) => /\/(read-)?worker\.js$/.test(s)),
      [],
      'a small run starts no thread',
    );
    // The rules and the engine are what every run needs; json (with its helpers) is this run's format.
    assert.ok(plain.modules.includes('dist/rules/index.js'));
    assert.ok(plain.modules.includes('dist/src/engine/lint.js'));
    assert.ok(plain.modules.includes('dist/src/format/json.js'));
    // What a run asks for does run: the check above can see it.
    const pretty = whatRuns(['--format', 'pretty', 'examples/nodeport-walkthrough/*.yml']);
    assert.ok(pretty.modules.includes('dist/src/format/pretty.js'));
    assert.ok(
      pretty.scripts.some((s) => s.endsWith('/globby.cjs')),
      'globby.cjs is loaded for a glob',
    );
    assert.equal(
      inputsOf('dist/bundle/cli/cli.cjs').filter((i) =>
        /node_modules\/(globby|vscode-languageserver[\w-]*|vscode-jsonrpc)\//.test(i),
      ).length,
      0,
    );
  });

  it('starts workers that only read and parse', () => {
    const inputs = inputsOf('dist/bundle/cli/worker.js');
    assert.ok(inputs.includes('dist/src/load/worker.js'));
    assert.deepEqual(
      inputs.filter((i) => /^dist\/(rules|src\/(engine|model|format|config))\//.test(i)),
      [],
    );
  });

  it('starts a reading thread that only walks and reads', () => {
    const inputs = inputsOf('dist/bundle/cli/read-worker.js');
    assert.ok(inputs.includes('dist/src/load/read-worker.js'));
    assert.ok(inputs.includes('dist/src/load/walk.js'));
    assert.deepEqual(
      inputs.filter((i) => /^dist\/(rules|src\/(engine|model|format|config|parse))\//.test(i)),
      [],
    );
  });

  it('the reading thread reads what one thread reads; one that cannot start costs nothing but time', () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-noreader-'));
    try {
      // A copy of the package without read-worker.js, laid out as the bundle looks for its files.
      for (const d of ['dist/bundle/cli', 'dist/validators']) {
        mkdirSync(join(dir, d), { recursive: true });
        for (const f of readdirSync(join(ROOT, d))) {
          if (f !== 'read-worker.js') copyFileSync(join(ROOT, d, f), join(dir, d, f));
        }
      }
      copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
      // Generated apps, a binary file and one over the size limit, beside examples/.
      generateCorpus(join(dir, 'corpus'), 60);
      writeFileSync(join(dir, 'corpus', 'blob.yaml'), Buffer.from([0x61, 0x00, 0x62]));
      // In a subfolder, so that the thread walks to it (forced, it gets the walk after the first folder).
      mkdirSync(join(dir, 'corpus', 'zz'));
      writeFileSync(join(dir, 'corpus', 'zz', 'huge.yaml'), `a: ${'x'.repeat(3000)}\n`);
      writeFileSync(join(dir, 'corpus', 'zz', 'blob2.yaml'), Buffer.from([0x00]));
      const args = ['--format', 'json', '--max-file-size', '2000', 'examples', join(dir, 'corpus')];
      const run = (bin: string, env: Record<string, string>) =>
        spawnSync(process.execPath, [bin, ...args], {
          cwd: ROOT,
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1', ...env },
        });
      const alone = run(join(DIR, 'k8s-svc-lint.js'), { K8S_SVC_LINT_WORKERS: '0' });
      const broken = run(join(dir, BIN), { K8S_SVC_LINT_WORKERS: 'read' });
      // And a thread that works: the binary file and the one over the limit come back as notes.
      const reading = run(join(DIR, 'k8s-svc-lint.js'), { K8S_SVC_LINT_WORKERS: 'read' });
      for (const r of [broken, reading]) {
        assert.equal(r.stderr, alone.stderr);
        assert.equal(r.status, alone.status);
        assert.equal(r.stdout, alone.stdout);
      }
      assert.ok((JSON.parse(alone.stdout) as unknown[]).length > 100);
      assert.match(alone.stderr, /blob\.yaml: file is binary/);
      assert.match(alone.stdout, /over the limit of 2000/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads packages required on demand from one file each next to the bundle, not from node_modules', () => {
    for (const f of readdirSync(DIR).filter((n) => n === 'cli.cjs' || n.endsWith('.js'))) {
      const bare = /createRequire\w*\([^)]*\)\(\s*["']((?:@[\w.-]+\/)?[\w.-]+)["']/.exec(
        readFileSync(join(DIR, f), 'utf8'),
      );
      assert.equal(bare, null, `${f} requires "${bare?.[1]}" from node_modules`);
    }
    // kubeadm patches read with yaml.cjs: the node port range comes from the kind config.
    const r = runCli(['--format', 'compact', 'test/fixtures/node-port-range/invalid-kind-patch.yaml']);
    assert.match(r.stdout, /outside the node port range 80-1000/);
  });

  it('finds the package files at run time: version, rule docs, validators, workers', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(runCli(['--version']).stdout, `${pkg.version}\n`);
    assert.match(runCli(['--explain', 'service-ports']).stdout, /^# service-ports/);
    // A schema finding needs dist/validators/; four files on two workers need ./worker.js.
    const r = runCli(['--format', 'compact', 'examples/shape-errors', 'examples/kind-cluster'], {
      env: { K8S_SVC_LINT_WORKERS: '2' },
    });
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /\[schema\]/);
    assert.match(r.stdout, /examples\/kind-cluster\//);
  });
});

describe('the code cache', () => {
  const ARGS = ['--format', 'json', 'examples'];
  /**
   * The bin's report and exit code, and the cache states that K8S_SVC_LINT_TIMING reports ("cli.cjs used;
   * workloads.cjs used; …"): `cache` for cli.cjs, `caches` for every file.
   */
  const run = (bin: string) => {
    const r = spawnSync(process.execPath, [bin, ...ARGS], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, K8S_SVC_LINT_TIMING: '1' },
    });
    const caches = new Map(
      (/^code cache: (.*)$/m.exec(r.stderr)?.[1] ?? '').split('; ').map((c) => {
        const at = c.indexOf(' ');
        return [c.slice(0, at), c.slice(at + 1)] as const;
      }),
    );
    return { status: r.status, stdout: r.stdout, cache: caches.get('cli.cjs'), caches };
  };

  let copy: string;
  let reference: ReturnType<typeof run>;
  before(() => {
    reference = run(CLI);
    // A copy of the package's dist/bundle/cli and dist/validators whose caches the tests may spoil, with
    // package.json where the bundle looks for it.
    copy = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-cache-'));
    for (const d of ['dist/bundle/cli', 'dist/validators']) {
      mkdirSync(join(copy, d), { recursive: true });
      for (const f of readdirSync(join(ROOT, d))) copyFileSync(join(ROOT, d, f), join(copy, d, f));
    }
    copyFileSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
  });
  after(() => rmSync(copy, { recursive: true, force: true }));

  const copied = () => join(copy, BIN);
  const cachePath = () => join(copy, 'dist/bundle/cli/cli.cjs.cache');

  it('is made by the build and used by the bin, for the bundle and the validators it loads', () => {
    assert.equal(reference.cache, 'used');
    // examples/ holds workloads, Services, Ingresses, a NetworkPolicy and kind configs.
    for (const f of ['workloads.cjs', 'core.v1.Service.cjs', 'kind-cluster.cjs']) {
      assert.equal(reference.caches.get(f), 'used', f);
    }
    assert.deepEqual(
      [...reference.caches.keys()].filter((f) => !existsSync(join(ROOT, 'dist/validators', `${f}.cache`))),
      ['cli.cjs'],
    );
    assert.ok(reference.stdout.length > 1000);
    assert.equal(reference.status, 1);
  });

  it('changes nothing but the speed when it is missing, damaged or made from another bundle', () => {
    const good = readFileSync(join(DIR, 'cli.cjs.cache'));
    const header = good.indexOf(10, good.indexOf(10) + 1) + 1;
    const cases: Array<[string, Buffer | undefined, string]> = [
      ['missing', undefined, 'none'],
      // One byte of V8's data changed: the checksum in the header no longer fits.
      ['damaged', flip(good, header + 100), 'stale or damaged'],
      ['empty', Buffer.alloc(0), 'stale or damaged'],
      // The header fits, V8's data does not (as another V8 version's would not): V8 itself refuses it.
      ['not V8 data', cacheFile(readFileSync(CJS), flip(good.subarray(header), 0)), 'rejected by V8'],
      // Made by another Node.js: the first line names its V8, and the cache is left unread.
      [
        'another V8',
        Buffer.from(good.toString('latin1').replace(/for V8 [^ ]+ /, 'for V8 1.2.3 '), 'latin1'),
        'made by another V8',
      ],
    ];
    for (const [what, bytes, state] of cases) {
      rmSync(cachePath(), { force: true });
      if (bytes) writeFileSync(cachePath(), bytes);
      const r = run(copied());
      assert.equal(r.cache, state, what);
      assert.equal(r.status, reference.status, what);
      assert.equal(r.stdout, reference.stdout, what);
    }
    // And a bundle edited after the build: its cache was made from other source.
    writeFileSync(cachePath(), good);
    writeFileSync(join(copy, 'dist/bundle/cli/cli.cjs'), `${readFileSync(CJS, 'utf8')}\n// edited\n`);
    const edited = run(copied());
    assert.equal(edited.cache, 'stale or damaged');
    assert.equal(edited.stdout, reference.stdout);
    // A validator's cache: damaged, then missing.
    const validator = join(copy, 'dist/validators/workloads.cjs.cache');
    writeFileSync(validator, flip(readFileSync(validator), 200));
    const damaged = run(copied());
    assert.equal(damaged.caches.get('workloads.cjs'), 'stale or damaged');
    assert.equal(damaged.caches.get('core.v1.Service.cjs'), 'used');
    assert.equal(damaged.stdout, reference.stdout);
    rmSync(validator);
    const missing = run(copied());
    assert.equal(missing.caches.get('workloads.cjs'), 'none');
    assert.equal(missing.stdout, reference.stdout);
  });

  it('a broken install (no cli.cjs) fails in one line with exit 2', () => {
    rmSync(join(copy, 'dist/bundle/cli/cli.cjs'));
    const r = spawnSync(process.execPath, [copied(), 'examples'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(
      r.stderr,
      /^k8s-svc-lint: cannot start: ENOENT: no such file or directory, open '.*cli\.cjs'\n$/,
    );
  });
});

/** A copy of `b` with the byte at `at` inverted. */
function flip(b: Buffer, at: number): Buffer {
  const c = Buffer.from(b);
  c[at] = (c[at] as number) ^ 0xff;
  return c;
}
