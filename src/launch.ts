/**
 * Running the bundled command line from V8's code cache. Node 20 compiles every module from source at each
 * start (Node 22's `module.enableCompileCache` does not exist here), and parsing and compiling our code to
 * bytecode is a share of every run's main thread (docs/performance.md, "The code cache"). The build
 * (scripts/bundle.ts) runs the bundle once on a generated corpus and keeps what V8 compiled in
 * `cli.cjs.cache`; the bin (src/bin.ts) hands that to V8 with the source, which then skips those
 * functions' parse and compile. The schema validators (dist/validators/*.cjs, the workload kinds' the
 * largest) are loaded the same way by the command line (src/cli-shared.ts hands `requireCompiled` to
 * `lint`), each with its own cache file, made by the same run.
 *
 * The cache is only an optimisation, so anything wrong with it means compiling from source as before:
 * - no cache file, or one that cannot be read: compiled from source;
 * - a cache made from another source, or damaged: ignored. Its file starts with the SHA-256 of the bundle
 *   and of V8's data, because V8 itself checks only the source's length;
 * - made by another V8 (another Node.js version): not read further, since V8 would reject it; other V8
 *   flags (`node --max-old-space-size=… `): V8 rejects it.
 * On Node 22+ none of this is used: Node's own compile cache (module.enableCompileCache) fits the running
 * version, and the bin loads our files with `require` under it (useNodeCompileCache).
 * Nothing is ever written at run time: the cache is part of the build, like the bundle.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import nodeModule, { createRequire } from 'node:module';
import { basename, dirname } from 'node:path';
import { Script } from 'node:vm';

/** What became of a file's code cache: read by K8S_SVC_LINT_TIMING's report. */
export type CodeCacheState =
  | 'used'
  | 'rejected by V8'
  | 'made by another V8'
  | 'stale or damaged'
  | 'none'
  | "Node's compile cache";

/**
 * Node 22.1 and later cache compiled code themselves (`module.enableCompileCache`, in a folder under the
 * system's temporary directory), for the Node version that runs, where our shipped caches only fit the
 * version that built them. There the bin turns Node's cache on and loads our files with `require`; the
 * shipped caches are for Node 20, which has no such cache. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
 */
const compileCacheApi = nodeModule as unknown as {
  enableCompileCache?: () => { status: number };
  getCompileCacheDir?: () => string | undefined;
};

/** Turns on Node's compile cache where Node has one; true when our files are to be loaded with `require`. */
export function useNodeCompileCache(): boolean {
  const enable = compileCacheApi.enableCompileCache;
  if (typeof enable !== 'function' || registry().making) return false;
  try {
    // ENABLED, ALREADY_ENABLED: Node caches; FAILED (an unwritable folder) or DISABLED: compiled each run,
    // still without the shipped caches, which this Node would reject anyway.
    enable();
  } catch {
    // An older API shape: Node compiles as it always does.
  }
  registry().nodeCache = true;
  return true;
}

/**
 * The first line of a cache file names the V8 that made it: another one (another Node.js version) would
 * reject the data, so its cache is not even hashed or handed to V8.
 */
const MAKER = 'k8s-svc-lint code cache for V8 ';
const HEADER = `${MAKER}${process.versions.v8} ${process.arch}\n`;
/** HEADER, the SHA-256 in hex of the bundle followed by V8's data, a newline: then V8's data. */
const PREFIX_LENGTH = HEADER.length + 64 + 1;

/**
 * The files compiled this way in this process, and whether the process is the build's warm-up run (which
 * compiles from source and writes the caches at exit). Global, not module state: the bin, cli.cjs and the
 * build script each hold a copy of this module.
 */
interface Registry {
  making: boolean;
  /** Files are loaded with `require`, under Node's own compile cache (useNodeCompileCache). */
  nodeCache?: boolean;
  /** Every file's cache state; the compiled files themselves only in the warm-up run, which writes them. */
  loaded: Array<{ file: string; cache: CodeCacheState }>;
  compiled: CompiledBundle[];
}
const REGISTRY = Symbol.for('k8s-svc-lint.codeCache');

function registry(): Registry {
  const g = globalThis as Record<symbol, unknown>;
  g[REGISTRY] ??= { making: false, loaded: [], compiled: [] };
  return g[REGISTRY] as Registry;
}

export interface CompiledBundle {
  script: Script;
  file: string;
  source: Buffer;
  cache: CodeCacheState;
}

const sha256 = (source: Buffer, data: Buffer) =>
  createHash('sha256').update(source).update(data).digest('hex');

export function cacheFileOf(bundle: string): string {
  return `${bundle}.cache`;
}

/** The V8 data of `bundle`'s cache file when that file was made from this very source. */
function cachedDataFor(file: string, source: Buffer): { data?: Buffer; state: CodeCacheState } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(cacheFileOf(file));
  } catch {
    return { state: 'none' };
  }
  const first = bytes.subarray(0, HEADER.length).toString('latin1');
  if (first !== HEADER && first.startsWith(MAKER)) return { state: 'made by another V8' };
  const data = bytes.subarray(PREFIX_LENGTH);
  const prefix = bytes.subarray(0, PREFIX_LENGTH).toString('latin1');
  if (prefix !== `${HEADER}${sha256(source, data)}\n`) return { state: 'stale or damaged' };
  return { data, state: 'used' };
}

/**
 * Compiles a CommonJS file as Node would (the module wrapper), with its code cache when it fits (never in
 * the warm-up run, which makes the caches).
 */
export function compileBundle(file: string, useCache = !registry().making): CompiledBundle {
  const source = readFileSync(file);
  const cached = useCache ? cachedDataFor(file, source) : { state: 'none' as const };
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData: 'data' in cached ? cached.data : undefined,
  });
  const cache = script.cachedDataRejected ? 'rejected by V8' : cached.state;
  return { script, file, source, cache };
}

/** Runs a compiled file as the module `file` (its `require` resolves next to it); returns its exports. */
export function runBundle(b: CompiledBundle): unknown {
  const r = registry();
  r.loaded.push({ file: b.file, cache: b.cache });
  if (r.making) r.compiled.push(b);
  const module = { exports: {} };
  const wrapper = b.script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(b.file), module, b.file, dirname(b.file));
  return module.exports;
}

/** `require(file)` for a CommonJS file of ours with a code cache beside it (the validators). */
export function requireCompiled(file: string): unknown {
  const r = registry();
  if (!r.nodeCache) return runBundle(compileBundle(file));
  r.loaded.push({ file, cache: "Node's compile cache" });
  return createRequire(file)(file);
}

/** The warm-up run: compile from source, and at exit write the cache of every file compiled meanwhile. */
export function makeCachesAtExit(write: (file: string, bytes: Buffer) => void): void {
  const r = registry();
  r.making = true;
  process.on('exit', () => {
    for (const b of r.compiled) write(cacheFileOf(b.file), cacheBytes(b));
  });
}

/** The cache file's bytes for what V8 has compiled of the bundle so far (the build's warm-up run). */
export function cacheBytes(b: CompiledBundle): Buffer {
  return cacheFile(b.source, b.script.createCachedData());
}

/** A cache file: the header that ties V8's `data` to the bundle's `source`, then the data. */
export function cacheFile(source: Buffer, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${HEADER}${sha256(source, data)}\n`, 'latin1'), data]);
}

/** What became of each code cache in this process, by file name (the bin's bundle first). */
export function codeCacheStates(): Array<{ file: string; state: CodeCacheState }> {
  return registry().loaded.map((b) => ({ file: basename(b.file), state: b.cache }));
}
