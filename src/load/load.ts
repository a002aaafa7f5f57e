/**
 * Loading: paths, directories and globs (globby, .gitignore respected) and stdin, into parsed sources.
 * Problems with single files become findings; only "nothing to lint" stops the run.
 */
import * as fs from 'node:fs';
import { lstat, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { defaultParser, leanSource, type ParseFn, parseSourceFast, referenceOnly } from '../parse/fast.js';
import { parseSource } from '../parse/parse.js';
import { Source } from '../parse/source-file.js';
import type { SourceFile } from '../types.js';
import { InlineLoader, type Loader, Starting } from './loader.js';
import {
  poolThreshold,
  readingThreadForced,
  readingThreadFrom,
  threadSetting,
  workerCounter,
} from './parallel.js';
import type { WalkDone } from './read-worker.js';
import type { Read, ReadAhead } from './readahead.js';
import { type Entry, readSourceSync, sourceFromRead } from './source.js';
import { absoluteIn, Walk, type WalkOptions, type WalkRest } from './walk.js';
import type { ParsePool } from './workers.js';

export { type Entry, readSource, sourceFromBytes } from './source.js';

export const EXTENSIONS = ['yaml', 'yml', 'json'];
export const DEFAULT_IGNORES = ['**/node_modules/**', '**/.git/**'];
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

export interface LoadOptions {
  cwd: string;
  ignorePatterns?: string[];
  /** Respect .gitignore files (default true). */
  gitignore?: boolean;
  stdinText?: string;
  stdinFilename?: string;
  maxFileSize?: number;
  /**
   * The threads that read and parse: `workers` as K8S_SVC_LINT_WORKERS has it (0 none, `read` the reading
   * thread, a number of parse workers; default: by the input's size, or that variable). `stallMs`, for
   * tests: the reading thread sleeps that long after each batch it walks, as a starved thread would.
   */
  threads?: { workers?: number | 'read'; stallMs?: number };
}

export interface LoadResult {
  files: SourceFile[];
  /** Patterns that matched no file: the caller stops the run (exit 2). */
  unmatched: string[];
  /** The threads that read and parsed, in words (for K8S_SVC_LINT_TIMING); undefined when none did. */
  threads?: string;
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
    const walkOptions = {
      root,
      start: inside ? rel.split(sep).join('/') : '',
      extensions: EXTENSIONS,
      ignore,
      gitignore,
    };
    // Files are handed to the reader as they are found (threads may read them meanwhile), and put in the
    // walk's sorted order afterwards.
    const found: Array<{ path: string; n: number }> = [];
    let count = 0;
    const absOf = absoluteIn(root);
    const take = (p: string, read?: Read) => {
      count++;
      const n = reader.add({ path: inside ? p : join(pattern, p), abs: absOf(p), explicit: false }, read);
      if (n !== undefined) found.push({ path: p, n });
    };
    // The walk runs here until the reading thread has started, then goes on there with the folders not
    // listed yet (see readahead.ts); here again, skipping what came, if that thread stops before the end.
    const walk = new Walk(walkOptions, failed);
    let rest: WalkRest | undefined;
    for (let files = walk.next(); files; files = walk.next()) {
      for (const p of files) {
        take(p);
        if (reader.due) await reader.breathe();
      }
      if (reader.canWalkElsewhere) {
        rest = walk.rest();
        break;
      }
    }
    if (rest?.folders.length) {
      const came = new Set<string>();
      const unlisted = await reader.walkElsewhere(walkOptions, rest, (p, read) => {
        came.add(p);
        take(p, read);
      });
      if (unlisted) {
        for (const u of unlisted) failed.set(u.dir, Object.assign(new Error(u.message), { code: u.code }));
      } else {
        const again = Walk.from(walkOptions, failed, rest);
        for (let files = again.next(); files; files = again.next()) {
          for (const p of files) {
            if (came.has(p)) continue;
            take(p);
            if (reader.due) await reader.breathe();
          }
        }
      }
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
 * Takes entries as the patterns find them, drops those an earlier pattern found, numbers the rest, and
 * gives each to the loader (loader.ts) where it is read: here at the end of the walk for small inputs;
 * once the input is large, threads that start while the walk goes on and each load their modules and read
 * meanwhile — a reading thread (readahead.ts) from a few thousand files, a pool of parse workers
 * (workers.ts) from many more or when forced. The files found before a thread starts are handed over to it.
 */
class Reader {
  private count = 0;
  private readonly seen = new Set<string>();
  private readonly inline: InlineLoader;
  /** Where the files found now go; every loader that was given files, in the order they started. */
  private current: Loader;
  private readonly loaders: Loader[] = [];
  private ahead: Starting<ReadAhead> | undefined;
  private pool: Starting<ParsePool> | undefined;
  private sinceBreath = 0;
  private readonly workerCount: (files: number) => number;
  private readonly readingThread: (files: number) => boolean;
  private readonly poolFrom: number;
  private readonly eager: boolean;
  private readonly parse = defaultParser();
  /**
   * How a large run parses (threads included): what locating a file computes is kept only while it is the
   * file located last, so that thousands of located files do not each keep a parse (see leanSource).
   * The reference path, forced to compare, keeps its own documents.
   */
  private readonly parseLean: ParseFn = referenceOnly()
    ? parseSource
    : (path, text, opts) =>
        parseSourceFast(path, text, { explicit: opts?.explicit, lean: true, ascii: opts?.ascii });
  /** The walk should let the event loop run (to start threads, or to take their answers). */
  due = false;

  constructor(
    private readonly cwd: string,
    private readonly max: number,
    private readonly asked: NonNullable<LoadOptions['threads']> = {},
  ) {
    const setting = threadSetting(asked.workers);
    this.workerCount = workerCounter(setting);
    this.readingThread = readingThreadFrom(setting);
    this.poolFrom = poolThreshold(setting);
    this.eager = readingThreadForced(setting);
    // A large run read here too keeps its files lean.
    this.inline = new InlineLoader((e) =>
      readSourceSync(e, this.cwd, this.max, this.count >= LARGE_RUN ? this.parseLean : this.parse),
    );
    this.current = this.inline;
  }

  /** An entry found; with `read`, its file was read by the reading thread (and is parsed now). */
  add(e: Entry, read?: Read): number | undefined {
    const key = e.abs ?? resolve(this.cwd, e.path);
    if (this.seen.has(key)) return undefined;
    this.seen.add(key);
    const n = this.count++;
    if (read && !('unread' in read)) {
      this.inline.put(n, sourceFromRead(e, read, this.max, this.parseLean));
      return n;
    }
    if (e.unreadable) {
      // Nothing to read: a finding made here (an error object does not survive the trip to a worker).
      this.inline.put(n, readSourceSync(e, this.cwd, this.max));
      return n;
    }
    this.startThreads();
    this.current.add(n, e);
    if (this.current !== this.inline && ++this.sinceBreath >= BREATH) this.due = true;
    return n;
  }

  /** Starts the threads the input's size calls for: the pool of parse workers, or else the reading thread. */
  private startThreads(): void {
    const count = this.count;
    if (!this.pool && this.workerCount(count) > 0) {
      const { cwd, max, workerCount } = this;
      // Read here like on a worker (the reference path too, whose documents workers do not send).
      const readHere = (e: Entry) => leanSource(readSourceSync(e, cwd, max, this.parse), e.explicit);
      this.pool = new Starting(
        import('./workers.js').then(({ ParsePool }) => new ParsePool(cwd, max, workerCount, readHere)),
      );
      this.start(this.pool);
    } else if (!this.pool && !this.ahead && this.readingThread(count)) {
      const options = { maxFileSize: this.max, eager: this.eager, stallMs: this.asked.stallMs };
      this.ahead = new Starting(
        import('./readahead.js').then(
          ({ ReadAhead }) =>
            new ReadAhead(this.cwd, options, {
              fromRead: (entry, read) => sourceFromRead(entry, read, this.max, this.parseLean),
              readHere: (entry) => readSourceSync(entry, this.cwd, this.max, this.parseLean),
            }),
        ),
      );
      this.start(this.ahead);
    }
  }

  /** From now on the files found go to `loader`, and so do those found so far and not read yet. */
  private start(loader: Loader): void {
    this.inline.handOver(loader);
    this.current = loader;
    this.loaders.push(loader);
    this.due = true;
  }

  /** The reading thread has started: a walk may go on there. */
  get canWalkElsewhere(): boolean {
    return this.ahead?.started?.canWalk === true;
  }

  /**
   * Walks a folder on the reading thread (see ReadAhead.walk): files from the pool's threshold on come
   * back unread, for the pool. Undefined when the thread was stopped before the end.
   */
  walkElsewhere(
    walk: WalkOptions,
    rest: WalkRest,
    take: (path: string, read: Read) => void,
  ): Promise<WalkDone['failed'] | undefined> {
    const ahead = this.ahead?.started as ReadAhead;
    return ahead.walk(walk, rest, Math.max(0, this.poolFrom - this.count), take);
  }

  async breathe(): Promise<void> {
    this.due = false;
    this.sinceBreath = 0;
    await this.current.breathe();
  }

  /** The threads that read and parsed, in words (see LoadResult). */
  threads(): string | undefined {
    const used = this.loaders.map((l) => l.summary()).filter((s) => s !== undefined);
    return used.length ? used.join('; ') : undefined;
  }

  /** Every file read, by number: the threads' first, then those read here. */
  async files(): Promise<SourceFile[]> {
    const into: SourceFile[] = new Array(this.count);
    for (const l of [...this.loaders, this.inline]) await l.finish(into);
    return into;
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
  const reader = new Reader(opts.cwd, max, opts.threads);
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
      const message = `input is over the limit of ${max} bytes (--max-file-size); skipped`;
      files.push(Source.unread(name, 'file-read', message));
    } else files.push(defaultParser()(name, text, { explicit: true }));
  }
  const read = await reader.files();
  for (const n of order) files.push(read[n] as SourceFile);
  return { files, unmatched, threads: reader.threads() };
}
