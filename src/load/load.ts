/**
 * Loading: paths, directories and globs (globby, .gitignore respected) and stdin, into parsed sources.
 * Problems with single files become findings; only "nothing to lint" stops the run.
 */
import * as fs from 'node:fs';
import { lstat, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { defaultParser, referenceOnly } from '../parse/fast.js';
import { fileProblem } from '../parse/parse.js';
import type { SourceFile } from '../types.js';
import { workerCounter } from './parallel.js';
import { type Entry, fromData, readSourceSync, toData } from './source.js';
import { walkFiles } from './walk.js';
import type { ParsePool } from './workers.js';

export { type Entry, readSource, sourceFromBytes } from './source.js';

export const EXTENSIONS = ['yaml', 'yml', 'json'];
const DEFAULT_IGNORES = ['**/node_modules/**', '**/.git/**'];
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

export interface LoadOptions {
  cwd: string;
  ignorePatterns?: string[];
  /** Respect .gitignore files (default true). */
  gitignore?: boolean;
  stdinText?: string;
  stdinFilename?: string;
  maxFileSize?: number;
}

export interface LoadResult {
  files: SourceFile[];
  /** Patterns that matched no file: the caller stops the run (exit 2). */
  unmatched: string[];
}

/**
 * The file system globby walks with: a folder that cannot be listed (EACCES, vanished, ELOOP) is recorded
 * and walked as empty, so one bad folder neither stops the walk nor disappears in silence.
 */
function recordingFs(failed: Map<string, NodeJS.ErrnoException>) {
  type Callback = (err: NodeJS.ErrnoException | null, entries?: unknown) => void;
  const readdir = (path: string, optsOrCb: object | Callback, cb?: Callback) => {
    const done = (typeof optsOrCb === 'function' ? optsOrCb : cb) as Callback;
    const opts = typeof optsOrCb === 'function' ? {} : optsOrCb;
    fs.readdir(path, opts as { withFileTypes: true }, (err, entries) => {
      if (err) {
        failed.set(path, err);
        done(null, []);
      } else done(null, entries);
    });
  };
  return { ...fs, readdir } as unknown as typeof fs;
}

function walkErrors(failed: Map<string, NodeJS.ErrnoException>, cwd: string, root: string): Entry[] {
  return [...failed].map(([dir, err]) => {
    const rel = relative(cwd, resolve(root, dir));
    return { path: rel || '.', explicit: true, unreadable: err };
  });
}

/** What a pattern found: how many entries (duplicates of earlier patterns included), and their numbers in output order. */
interface Expanded {
  count: number;
  numbers: number[];
}

async function expand(pattern: string, opts: LoadOptions, reader: Reader): Promise<Expanded> {
  const ignore = [...DEFAULT_IGNORES, ...(opts.ignorePatterns ?? [])];
  const gitignore = opts.gitignore ?? true;
  const full = resolve(opts.cwd, pattern);
  const listed = (entries: Entry[]): Expanded => {
    const numbers: number[] = [];
    for (const e of entries) {
      const n = reader.add(e);
      if (n !== undefined) numbers.push(n);
    }
    return { count: entries.length, numbers };
  };
  const st = await stat(full).catch((e: NodeJS.ErrnoException) => e);
  if (st instanceof Error) {
    // A path that exists but cannot be followed (a symlink loop, a dangling link, a folder without
    // permission on the way) was named on purpose: report it, do not call it unmatched.
    const exists = await lstat(full).then(
      () => true,
      (e: NodeJS.ErrnoException) => e.code !== 'ENOENT' && e.code !== 'ENOTDIR',
    );
    if (exists) return listed([{ path: pattern, explicit: true }]);
  } else if (!st.isDirectory()) {
    // Files, and FIFOs or devices named explicitly: readSource refuses what is not a regular file.
    return listed([{ path: pattern, explicit: true }]);
  }
  const failed = new Map<string, NodeJS.ErrnoException>();
  if (!(st instanceof Error) && st.isDirectory()) {
    // Walk from the working directory when the folder is inside it, so that ignore patterns and
    // .gitignore files are relative to the project, as in ESLint.
    const abs = resolve(opts.cwd, pattern);
    const rel = relative(opts.cwd, abs);
    const inside = !rel.startsWith('..') && !isAbsolute(rel);
    const root = inside ? opts.cwd : abs;
    const walking = walkFiles(
      { root, start: inside ? rel.split(sep).join('/') : '', extensions: EXTENSIONS, ignore, gitignore },
      failed,
    );
    // Files are handed to the reader as they are found (workers may read them meanwhile), and put in
    // the walk's sorted order afterwards.
    const found: Array<{ path: string; n: number }> = [];
    let count = 0;
    // The walk's paths have no `.`, `..` or empty segments: on POSIX the absolute path is a concatenation.
    const absOf = sep === '/' ? (p: string) => (root.endsWith('/') ? root + p : `${root}/${p}`) : undefined;
    for (const p of walking) {
      count++;
      const n = reader.add({ path: inside ? p : join(pattern, p), abs: absOf?.(p), explicit: false });
      if (n !== undefined) found.push({ path: p, n });
      if (reader.due) await reader.breathe();
    }
    found.sort((x, y) => (x.path < y.path ? -1 : 1));
    const errors = listed(walkErrors(failed, opts.cwd, root));
    return { count: count + errors.count, numbers: [...found.map((f) => f.n), ...errors.numbers] };
  }
  // Glob patterns: globby (loaded only for them).
  const { globby, isDynamicPattern } = await import('globby');
  if (!isDynamicPattern(pattern)) return { count: 0, numbers: [] };
  const found = await globby(pattern, {
    cwd: opts.cwd,
    ignore,
    gitignore,
    dot: false,
    suppressErrors: true,
    followSymbolicLinks: false,
    expandDirectories: { extensions: EXTENSIONS },
    fs: recordingFs(failed),
  });
  const files = found.sort().map((p) => ({ path: p, explicit: false }));
  // A glob whose base folder does not exist matches nothing; that is "unmatched", not a read error.
  for (const [dir, err] of failed) if (err.code === 'ENOENT' || err.code === 'ENOTDIR') failed.delete(dir);
  return listed([...files, ...walkErrors(failed, opts.cwd, opts.cwd)]);
}

/**
 * Takes entries as the patterns find them, drops those an earlier pattern found, and numbers the rest.
 * Once the input is large (or workers are forced), it starts the worker pool while the walk goes on, so
 * that the workers load their modules and read files meanwhile; otherwise files are read here at the end.
 */
class Reader {
  private readonly entries: Entry[] = [];
  private readonly seen = new Set<string>();
  /** By number: a file read here, or the number of the file in the pool. */
  private readonly slots: Array<SourceFile | number> = [];
  private pool: ParsePool | undefined;
  private pooled = 0;
  private starting: Promise<void> | undefined;
  private sinceBreath = 0;
  private readonly workerCount = workerCounter();
  /** The walk should let the event loop run (to start workers, or to take their answers). */
  due = false;

  constructor(
    private readonly cwd: string,
    private readonly max: number,
  ) {}

  add(e: Entry): number | undefined {
    const key = e.abs ?? resolve(this.cwd, e.path);
    if (this.seen.has(key)) return undefined;
    this.seen.add(key);
    const n = this.entries.length;
    this.entries.push(e);
    if (e.unreadable) {
      // Nothing to read: a finding made here (an error object does not survive the trip to a worker).
      this.slots[n] = readSourceSync(e, this.cwd, this.max);
      return n;
    }
    if (this.pool) {
      if (this.workerCount(this.entries.length) > this.pool.workers) this.pool.grow();
      this.give(n);
      if (++this.sinceBreath >= BREATH) this.due = true;
    } else if (!this.starting && this.workerCount(this.entries.length) > 0) {
      this.starting = import('./workers.js').then(({ ParsePool }) => {
        const pool = new ParsePool(this.cwd, this.max);
        this.pool = pool;
        while (pool.workers < this.workerCount(this.entries.length)) pool.grow();
        for (let m = 0; m < this.entries.length; m++) if (this.slots[m] === undefined) this.give(m);
      });
      this.due = true;
    }
    return n;
  }

  private give(n: number): void {
    this.slots[n] = this.pooled;
    (this.pool as ParsePool).add(this.pooled++, this.entries[n] as Entry);
  }

  async breathe(): Promise<void> {
    this.due = false;
    this.sinceBreath = 0;
    if (this.pool) await this.pool.pause();
    else await this.starting;
  }

  /** Every file read, by number. */
  async files(): Promise<SourceFile[]> {
    if (this.starting) await this.starting;
    const parse = defaultParser();
    const read = (e: Entry) => readSourceSync(e, this.cwd, this.max, parse);
    // Read like on a worker: the file keeps what locating needs only while it is the file located last
    // (see lazySourceFile), so that thousands of located files do not each keep a parse.
    const readLean = (e: Entry) => fromData(toData(read(e)), e.explicit);
    const pool = this.pool;
    if (pool) {
      const got = await pool.finish(this.pooled, readLean);
      return this.slots.map((s) => (typeof s === 'number' ? (got[s] as SourceFile) : s));
    }
    // A large run read here too (the reference path, forced to compare, keeps its own documents).
    const large = this.entries.length >= LARGE_RUN && !referenceOnly();
    return this.entries.map(
      (e, n) => (this.slots[n] as SourceFile | undefined) ?? (large ? readLean(e) : read(e)),
    );
  }
}

/** Runs of this many files or more are large: see Reader.files. */
const LARGE_RUN = 400;

/** Files found between two turns of the event loop while workers read. */
const BREATH = 256;

export async function loadSources(patterns: string[], opts: LoadOptions): Promise<LoadResult> {
  const files: SourceFile[] = [];
  const unmatched: string[] = [];
  const max = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const reader = new Reader(opts.cwd, max);
  const order: number[] = [];
  for (const pattern of patterns) {
    if (pattern === '-') continue;
    const found = await expand(pattern, opts, reader);
    if (!found.count) unmatched.push(pattern);
    for (const n of found.numbers) order.push(n);
  }
  if (patterns.includes('-') || opts.stdinText !== undefined) {
    const name = opts.stdinFilename ?? '<stdin>';
    const text = opts.stdinText ?? '';
    if (text.length > max) {
      const f: SourceFile = { path: name, text: '', documents: [], problems: [] };
      f.problems.push(
        fileProblem(f, 'file-read', `input is over the limit of ${max} bytes (--max-file-size); skipped`),
      );
      files.push(f);
    } else files.push(defaultParser()(name, text, { explicit: true }));
  }
  const read = await reader.files();
  for (const n of order) files.push(read[n] as SourceFile);
  return { files, unmatched };
}
