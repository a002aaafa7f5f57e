/**
 * Build step: bundles the command line (tsc's dist/src/cli.js and everything it imports, dependencies
 * included) into a few ES modules under dist/bundle/cli/, the package's `bin`. Node 20 has no compile
 * cache, so a cold start pays for every module it resolves, reads and links: about 70 of our modules and
 * `yaml`'s 60 CommonJS files before the bundle. What a run may not need stays a separate chunk, loaded
 * by the dynamic `import()` that asked for it (formatters, explain and the informational commands,
 * globby, the worker pool); `worker.js` is the worker threads' entry, next to the chunks.
 *
 * Paths relative to a module keep working because every output file sits at the depth of the modules
 * that use them (dist/src/<stage>/*.js, two levels below dist/): `../../validators/` is dist/validators/
 * from both, and src/load/workers.ts finds `./worker.js` next to its chunk. The modules one level below
 * dist/ (src/*.ts, rules/) must not use `import.meta.url` (src/cli.ts finds the package root by its
 * package.json): this script fails the build if one does.
 *
 * A package that our modules load synchronously on demand, `createRequire(import.meta.url)('yaml')` (ajv
 * for rule options, `yaml` for kubeadm patches), cannot be a lazy chunk: the bundle loads it instead from
 * one CommonJS file of its own next to the chunks (`yaml.cjs`, `ajv.cjs`), not from node_modules, where
 * `yaml` alone is 70 files (measured: ~40 ms against ~100 ms to require and first parse, loaded machine).
 *
 * The library entry (`main`, `exports`: dist/src/index.js) is tsc's output, unbundled. dist/bundle.meta.json
 * (esbuild's metafile) lets test/bundle.test.ts check what a run loads at start-up.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OUT_DIR = join(root, 'dist/bundle/cli');

/** `createRequire(import.meta.url)('pkg')` with a bare package name (tsc's output keeps this spelling). */
const REQUIRE_PACKAGE = /createRequire\(import\.meta\.url\)\(\s*(['"])((?:@[\w.-]+\/)?[\w.-]+)\1\s*\)/g;
/** The file next to the chunks that holds a package loaded on demand. */
const onDemandFile = (pkg: string) => `${pkg.replace(/^@/, '').replace('/', '-')}.cjs`;

const onDemand = new Set<string>();
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
  },
};

const started = Date.now();
rmSync(OUT_DIR, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { 'k8s-svc-lint': 'dist/src/cli.js', worker: 'dist/src/load/worker.js' },
  outdir: OUT_DIR,
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  metafile: true,
  logLevel: 'warning',
  plugins: [onDemandPackages],
  // Bundled CommonJS dependencies require Node's built-in modules: give them a real `require`.
  banner: {
    js: "import { createRequire as __k8sSvcLintCreateRequire } from 'node:module';\nconst require = __k8sSvcLintCreateRequire(import.meta.url);",
  },
});

for (const pkg of onDemand) {
  const one = await build({
    absWorkingDir: root,
    stdin: { contents: `module.exports = require(${JSON.stringify(pkg)});`, resolveDir: root },
    outfile: join(OUT_DIR, onDemandFile(pkg)),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    metafile: true,
    logLevel: 'warning',
  });
  Object.assign(result.metafile.outputs, one.metafile.outputs);
}

// Modules one level below dist/ (dist/src/*.js, dist/rules/*.js) would see other paths once bundled.
const shallow: string[] = [];
for (const input of Object.keys(result.metafile.inputs)) {
  const rel = relative(join(root, 'dist'), resolve(root, input));
  if (rel.startsWith('..') || rel.split(sep).length !== 2 || rel === join('src', 'cli.js')) continue;
  if (readFileSync(resolve(root, input), 'utf8').includes('import.meta')) shallow.push(input);
}
if (shallow.length) {
  console.error(`bundle: ${shallow.join(', ')} use import.meta, whose paths change in dist/bundle/cli/`);
  process.exit(1);
}

// What each output file holds and imports, for test/bundle.test.ts (not shipped).
writeFileSync(join(root, 'dist/bundle.meta.json'), JSON.stringify(result.metafile));

let bytes = 0;
for (const out of Object.values(result.metafile.outputs)) bytes += out.bytes;
console.log(
  `bundle: ${Object.keys(result.metafile.outputs).length} files, ${Math.round(bytes / 1024)} KiB, in ${Date.now() - started} ms`,
);
