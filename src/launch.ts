/**
 * Running the bundled command line from V8's code cache. Node 20 compiles every module from source at each
 * start (Node 22's `module.enableCompileCache` does not exist here), and a lint run of 10,000 apps spent
 * about 0.15 s of its main thread parsing and compiling our code to bytecode. The build (scripts/bundle.ts)
 * runs the bundle once on a generated corpus and keeps what V8 compiled in `cli.cjs.cache`; the bin
 * (src/bin.ts) hands that to V8 with the source, which then skips those functions' parse and compile.
 *
 * The cache is only an optimisation, so anything wrong with it means compiling from source as before:
 * - no cache file, or one that cannot be read: compiled from source;
 * - a cache made from another source, or damaged: ignored. Its file starts with the SHA-256 of the bundle
 *   and of V8's data, because V8 itself checks only the source's length;
 * - another Node.js or V8 version or other V8 flags (`node --max-old-space-size=… `): V8 rejects it.
 * Nothing is ever written at run time: the cache is part of the build, like the bundle.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/** What became of the code cache in this process: read by K8S_SVC_LINT_TIMING's report. */
export type CodeCacheState = 'used' | 'rejected by V8' | 'stale or damaged' | 'none';

const HEADER = 'k8s-svc-lint code cache\n';
/** HEADER, the SHA-256 in hex of the bundle followed by V8's data, a newline: then V8's data. */
const PREFIX_LENGTH = HEADER.length + 64 + 1;
const STATE_KEY = Symbol.for('k8s-svc-lint.codeCache');

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
  const data = bytes.subarray(PREFIX_LENGTH);
  const prefix = bytes.subarray(0, PREFIX_LENGTH).toString('latin1');
  if (prefix !== `${HEADER}${sha256(source, data)}\n`) return { state: 'stale or damaged' };
  return { data, state: 'used' };
}

/** Compiles a CommonJS bundle as Node would (the module wrapper), with its code cache when it fits. */
export function compileBundle(file: string, useCache = true): CompiledBundle {
  const source = readFileSync(file);
  const cached = useCache ? cachedDataFor(file, source) : { state: 'none' as const };
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData: 'data' in cached ? cached.data : undefined,
  });
  const cache = script.cachedDataRejected ? 'rejected by V8' : cached.state;
  return { script, file, source, cache };
}

/** Runs a compiled bundle as the module `file` (its `require` resolves next to it). */
export function runBundle(b: CompiledBundle): void {
  (globalThis as Record<symbol, unknown>)[STATE_KEY] = b.cache;
  const module = { exports: {} };
  const wrapper = b.script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(b.file), module, b.file, dirname(b.file));
}

/** The cache file's bytes for what V8 has compiled of the bundle so far (the build's warm-up run). */
export function cacheBytes(b: CompiledBundle): Buffer {
  return cacheFile(b.source, b.script.createCachedData());
}

/** A cache file: the header that ties V8's `data` to the bundle's `source`, then the data. */
export function cacheFile(source: Buffer, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${HEADER}${sha256(source, data)}\n`, 'latin1'), data]);
}

/** What became of the code cache in this process, or undefined when the bundle did not start it. */
export function codeCacheState(): CodeCacheState | undefined {
  return (globalThis as Record<symbol, unknown>)[STATE_KEY] as CodeCacheState | undefined;
}
