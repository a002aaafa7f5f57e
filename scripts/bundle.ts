/**
 * Build step: bundles the command line (tsc's dist/src/cli.js and everything it imports) into one CommonJS
 * file, dist/bundle/cli/cli.cjs, and makes its V8 code cache (cli.cjs.cache, see src/launch.ts). The
 * package's `bin`, k8s-svc-lint.js (src/bin.ts), runs cli.cjs from that cache. Why one CommonJS file:
 * - Node 20 has no compile cache, and V8's code cache can only be given to a script (node:vm), not to an
 *   ES module; the cache spares the main thread parsing and compiling our code (docs/performance.md).
 * - A cold start resolves, reads and links one file instead of about 70 of our modules.
 *
 * What a run may not need is not run at start-up:
 * - our own modules that are imported on demand (formatters, explain, the informational commands, the
 *   worker pool) are in cli.cjs but wrapped by esbuild in functions that run at the first `import()`;
 *   V8 compiles nothing of them until then (the cache holds only what the warm-up run compiled);
 * - large packages that only some runs use are files of their own next to cli.cjs, required on demand:
 *   globby (glob patterns), vscode-languageserver and its text documents (the language server), and the
 *   packages that our modules load with `createRequire(import.meta.url)('pkg')` (ajv for rule options,
 *   `yaml` for what the scanner does not read and for kubeadm patches). One file each, not node_modules'
 *   many (`yaml` alone is 70 files, which take several times longer to require).
 * `worker.js` is the worker threads' entry, an ES module of its own next to cli.cjs.
 *
 * Paths relative to a module keep working because every output file sits at the depth of the modules
 * that use them (dist/src/<stage>/*.js, two levels below dist/): `../../validators/` is dist/validators/
 * from both, and src/load/workers.ts finds `./worker.js` next to cli.cjs. The modules one level below
 * dist/ (src/*.ts, rules/) must not use `import.meta.url` (src/cli.ts finds the package root by its
 * package.json; src/bin.ts runs only bundled): this script fails the build if one does.
 *
 * The library entry (`main`, `exports`: dist/src/index.js) is tsc's output, unbundled. dist/bundle.meta.json
 * (esbuild's metafiles) lets test/bundle.test.ts check what is where.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';
import { generateCorpus } from '../bench/gen-corpus.js';
import { cacheFileOf } from '../src/launch.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OUT_DIR = join(root, 'dist/bundle/cli');
const CLI = join(OUT_DIR, 'cli.cjs');

/** `createRequire(import.meta.url)('pkg')` with a bare package name (tsc's output keeps this spelling). */
const REQUIRE_PACKAGE = /createRequire\(import\.meta\.url\)\(\s*(['"])((?:@[\w.-]+\/)?[\w.-]+)\1\s*\)/g;
/** Packages that some runs import (statically or not) and that get a file of their own. */
const SEPARATE = ['globby', 'vscode-languageserver/node', 'vscode-languageserver-textdocument'];
/** The file next to cli.cjs that holds a package loaded on demand. */
const onDemandFile = (pkg: string) => `${pkg.replace(/^@/, '').replace('/', '-')}.cjs`;

const onDemand = new Set<string>(SEPARATE);
const onDemandPackages: Plugin = {
  name: 'on-demand-packages',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/](src|rules)[\\/].*\.js$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replace(REQUIRE_PACKAGE, (_m, q: string, pkg: string) => {
        onDemand.add(pkg);
        return `createRequire(import.meta.url)(${q}./${onDemandFile(pkg)}${q})`;
      }),
      loader: 'js',
    }));
    const filter = new RegExp(`^(${SEPARATE.join('|')})$`);
    b.onResolve({ filter }, (args) => ({ path: `./${onDemandFile(args.path)}`, external: true }));
  },
};

const common: BuildOptions = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  metafile: true,
  logLevel: 'warning',
};
/** ES module outputs: bundled CommonJS dependencies require Node's built-in modules, so give them `require`. */
const esmBanner =
  "import { createRequire as __k8sSvcLintCreateRequire } from 'node:module';\nconst require = __k8sSvcLintCreateRequire(import.meta.url);";

const started = Date.now();
rmSync(OUT_DIR, { recursive: true, force: true });
const metafiles: Metafile[] = [];
const run = async (options: BuildOptions) => {
  const r = await build({ ...common, ...options });
  if (r.metafile) metafiles.push(r.metafile);
};

await run({
  entryPoints: ['dist/src/cli.js'],
  outfile: CLI,
  format: 'cjs',
  plugins: [onDemandPackages],
  // `import()` becomes a `require` inside the promise: the on-demand files are CommonJS, and a script
  // compiled by node:vm has no module loader for `import()`.
  supported: { 'dynamic-import': false },
  // import.meta.url is this file's URL, as it was in the module that used it (same depth, see above).
  define: { 'import.meta.url': '__k8sSvcLintUrl' },
  banner: { js: "var __k8sSvcLintUrl = require('node:url').pathToFileURL(__filename).href;" },
});
await run({
  entryPoints: {
    'k8s-svc-lint': 'dist/src/bin.js',
    worker: 'dist/src/load/worker.js',
    'read-worker': 'dist/src/load/read-worker.js',
  },
  outdir: OUT_DIR,
  format: 'esm',
  plugins: [onDemandPackages],
  banner: { js: esmBanner },
});
for (const pkg of onDemand) {
  // An ES module package's default export is the file's exports (what `import x from` gets in Node).
  const contents = `const m = require(${JSON.stringify(pkg)});\nmodule.exports = m.__esModule && 'default' in m ? m.default : m;`;
  await run({
    stdin: { contents, resolveDir: root },
    outfile: join(OUT_DIR, onDemandFile(pkg)),
    format: 'cjs',
  });
}

// Modules one level below dist/ (dist/src/*.js, dist/rules/*.js) would see other paths once bundled.
const shallow: string[] = [];
const exempt = new Set([join('src', 'cli.js'), join('src', 'bin.js')]);
for (const input of new Set(metafiles.flatMap((m) => Object.keys(m.inputs)))) {
  const rel = relative(join(root, 'dist'), resolve(root, input));
  if (rel.startsWith('..') || rel.split(sep).length !== 2 || exempt.has(rel)) continue;
  if (readFileSync(resolve(root, input), 'utf8').includes('import.meta')) shallow.push(input);
}
if (shallow.length) {
  console.error(`bundle: ${shallow.join(', ')} use import.meta, whose paths change in dist/bundle/cli/`);
  process.exit(1);
}

// The code cache: one run of the bundle on a small generated corpus (findings included, so that locating
// them is compiled too) and on examples/, in a process of its own.
const warm = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-warm-'));
try {
  generateCorpus(warm, 300);
  const args = [warm, ...(existsSync(join(root, 'examples')) ? [join(root, 'examples')] : [])];
  const r = spawnSync(
    process.execPath,
    [join(root, 'dist/scripts/code-cache.js'), CLI, ...args, '--format', 'json', '--no-gitignore'],
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
  );
  if ((r.status !== 0 && r.status !== 1) || !existsSync(cacheFileOf(CLI))) {
    console.error(`bundle: the code cache warm-up run failed (exit ${r.status}):\n${r.stderr}`);
    process.exit(1);
  }
} finally {
  rmSync(warm, { recursive: true, force: true });
}

// What each output file holds and imports, for test/bundle.test.ts (not shipped).
const outputs: Metafile['outputs'] = {};
const inputs: Metafile['inputs'] = {};
for (const m of metafiles) {
  Object.assign(outputs, m.outputs);
  Object.assign(inputs, m.inputs);
}
writeFileSync(join(root, 'dist/bundle.meta.json'), JSON.stringify({ inputs, outputs }));

let bytes = 0;
for (const out of Object.values(outputs)) bytes += out.bytes;
console.log(
  `bundle: ${Object.keys(outputs).length} files, ${Math.round(bytes / 1024)} KiB, code cache ${Math.round(
    readFileSync(cacheFileOf(CLI)).length / 1024,
  )} KiB, in ${Date.now() - started} ms`,
);
