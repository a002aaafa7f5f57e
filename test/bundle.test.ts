/**
 * The bundled command line (scripts/bundle.ts): a run loads at start-up only what every lint run needs;
 * formatters, commands, explain, globby, ajv and the worker pool are chunks of their own, loaded on demand.
 * Read from esbuild's metafile (dist/bundle.meta.json), so no timing is involved.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT, runCli } from './helpers.js';

interface Meta {
  outputs: Record<
    string,
    { imports: Array<{ path: string; kind: string; external?: boolean }>; inputs: Record<string, unknown> }
  >;
}

const meta = JSON.parse(readFileSync(join(ROOT, 'dist/bundle.meta.json'), 'utf8')) as Meta;
const BIN = 'dist/bundle/cli/k8s-svc-lint.js';
const WORKER = 'dist/bundle/cli/worker.js';

/** The source modules an output file loads before it runs: its own and its static imports', transitively. */
function startupInputs(entry: string): string[] {
  const seen = new Set<string>();
  const inputs = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const out = meta.outputs[file];
    assert.ok(out, `${file} is an output of the bundle`);
    for (const i of Object.keys(out.inputs)) inputs.add(i);
    for (const imp of out.imports) if (!imp.external && imp.kind === 'import-statement') visit(imp.path);
  };
  visit(entry);
  return [...inputs];
}

/** Every source module in the bundle, lazy chunks included. */
const allInputs = new Set(Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs)));

describe('the bundled command line', () => {
  it('is the package bin', () => {
    assert.equal(CLI, join(ROOT, BIN));
  });

  it('loads no formatter, command, explain, globby, ajv or worker pool at start-up', () => {
    const startup = startupInputs(BIN);
    const lazy = [
      /^dist\/src\/format\/(?!index\.js)/,
      /^dist\/src\/commands\.js$/,
      /^dist\/src\/explain\//,
      /^dist\/src\/load\/workers?\.js$/,
      /node_modules\/(globby|fast-glob|eslint-formatter-pretty|chalk|ajv)\//,
    ];
    for (const re of lazy) {
      assert.deepEqual(
        startup.filter((i) => re.test(i)),
        [],
        `${re} is loaded at start-up`,
      );
      assert.ok(
        [...allInputs].some((i) => re.test(i)),
        `${re} is in the bundle (as a chunk loaded on demand)`,
      );
    }
    // The rules and the engine are what every run needs.
    assert.ok(startup.includes('dist/rules/index.js'));
    assert.ok(startup.includes('dist/src/engine/lint.js'));
  });

  it('starts workers that only read and parse', () => {
    const startup = startupInputs(WORKER);
    assert.ok(startup.includes('dist/src/load/worker.js'));
    assert.deepEqual(
      startup.filter((i) => /^dist\/(rules|src\/(engine|model|format|config))\//.test(i)),
      [],
    );
  });

  it('loads packages required on demand from one file each next to the chunks, not from node_modules', () => {
    const dir = join(ROOT, 'dist/bundle/cli');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.js'))) {
      const bare = /createRequire\w*\(import\.meta\.url\)\(\s*["']((?:@[\w.-]+\/)?[\w.-]+)["']/.exec(
        readFileSync(join(dir, f), 'utf8'),
      );
      assert.equal(bare, null, `${f} requires "${bare?.[1]}" from node_modules`);
    }
    assert.ok(existsSync(join(dir, 'yaml.cjs')), 'yaml.cjs (kubeadm patches)');
    assert.ok(existsSync(join(dir, 'ajv.cjs')), 'ajv.cjs (rule options)');
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
