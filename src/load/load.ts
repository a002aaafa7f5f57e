/**
 * Loading: paths, directories and globs (globby, .gitignore respected) and stdin, into parsed sources.
 * Problems with single files become findings; only "nothing to lint" stops the run.
 */
import * as fs from 'node:fs';
import { lstat, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { defaultParser, type ParseFn } from '../parse/fast.js';
import { fileProblem } from '../parse/parse.js';
import type { SourceFile } from '../types.js';
import { workerCount } from './parallel.js';
import { decodeText, describeErrno, readRegularFile } from './read.js';
import { walk } from './walk.js';

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

export interface Entry {
  path: string;
  explicit: boolean;
  /** A folder the walk could not list: reported as a file-read finding on the folder. */
  unreadable?: NodeJS.ErrnoException;
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

async function expand(pattern: string, opts: LoadOptions): Promise<Entry[]> {
  const ignore = [...DEFAULT_IGNORES, ...(opts.ignorePatterns ?? [])];
  const gitignore = opts.gitignore ?? true;
  const full = resolve(opts.cwd, pattern);
  const st = await stat(full).catch((e: NodeJS.ErrnoException) => e);
  if (st instanceof Error) {
    // A path that exists but cannot be followed (a symlink loop, a dangling link, a folder without
    // permission on the way) was named on purpose: report it, do not call it unmatched.
    const exists = await lstat(full).then(
      () => true,
      (e: NodeJS.ErrnoException) => e.code !== 'ENOENT' && e.code !== 'ENOTDIR',
    );
    if (exists) return [{ path: pattern, explicit: true }];
  } else if (!st.isDirectory()) {
    // Files, and FIFOs or devices named explicitly: readSource refuses what is not a regular file.
    return [{ path: pattern, explicit: true }];
  }
  const failed = new Map<string, NodeJS.ErrnoException>();
  if (!(st instanceof Error) && st.isDirectory()) {
    // Walk from the working directory when the folder is inside it, so that ignore patterns and
    // .gitignore files are relative to the project, as in ESLint.
    const abs = resolve(opts.cwd, pattern);
    const rel = relative(opts.cwd, abs);
    const inside = !rel.startsWith('..') && !isAbsolute(rel);
    const root = inside ? opts.cwd : abs;
    const found = walk({
      root,
      start: inside ? rel.split(sep).join('/') : '',
      extensions: EXTENSIONS,
      ignore,
      gitignore,
    });
    const files = found.files.map((p) => ({ path: inside ? p : join(pattern, p), explicit: false }));
    return [...files, ...walkErrors(found.failed, opts.cwd, root)];
  }
  // Glob patterns: globby (loaded only for them).
  const { globby, isDynamicPattern } = await import('globby');
  if (!isDynamicPattern(pattern)) return [];
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
  return [...files, ...walkErrors(failed, opts.cwd, opts.cwd)];
}

export async function readSource(
  entry: Entry,
  cwd: string,
  maxFileSize: number,
  parse: ParseFn = defaultParser(),
): Promise<SourceFile> {
  const unread = (message: string): SourceFile => {
    const f: SourceFile = { path: entry.path, text: '', documents: [], problems: [] };
    f.problems.push(fileProblem(f, 'file-read', message));
    return f;
  };
  if (entry.unreadable) return unread(`cannot read folder: ${describeErrno(entry.unreadable)}`);
  const read = readRegularFile(resolve(cwd, entry.path), maxFileSize);
  if ('error' in read) return unread(read.error);
  if ('tooLarge' in read) {
    return unread(
      `file is ${read.tooLarge} bytes, over the limit of ${maxFileSize} (--max-file-size); skipped`,
    );
  }
  return sourceFromBytes(entry, read.bytes, parse);
}

/** A source from the bytes of a file: binary refused, text decoded, then parsed. */
export function sourceFromBytes(
  entry: Pick<Entry, 'path' | 'explicit'>,
  bytes: Buffer,
  parse: ParseFn = defaultParser(),
): SourceFile {
  const nul = bytes.indexOf(0);
  const decoded = decodeText(bytes);
  if (nul >= 0 && !decoded.utf16) {
    const message = `file is binary (a NUL byte at offset ${nul}); skipped`;
    const f: SourceFile = { path: entry.path, text: '', documents: [], problems: [] };
    if (entry.explicit) f.problems.push(fileProblem(f, 'file-read', message));
    // Found by walking a folder (an encrypted secret, a stray archive): not an error, but not silent either.
    else f.skipped = message;
    return f;
  }
  return withDecodeProblem(parse(entry.path, decoded.text, { explicit: entry.explicit }), decoded);
}

/** Invalid UTF-8 was read with replacement characters: kubectl rejects such a file, so say where. */
function withDecodeProblem(file: SourceFile, decoded: ReturnType<typeof decodeText>): SourceFile {
  if (decoded.invalidAt === undefined) return file;
  const at = file.text.indexOf('\uFFFD');
  const lines = file.text.slice(0, Math.max(0, at)).split(/\r\n|\r|\n/);
  const line = lines.length;
  const column = (lines[line - 1] ?? '').length + 1;
  file.problems.push({
    ...fileProblem(
      file,
      'file-read',
      `invalid UTF-8 (byte 0x${decoded.invalidByte} at offset ${decoded.invalidAt}); read with replacement characters`,
    ),
    line,
    column,
    endLine: line,
    endColumn: column + 1,
  });
  return file;
}

export async function loadSources(patterns: string[], opts: LoadOptions): Promise<LoadResult> {
  const files: SourceFile[] = [];
  const unmatched: string[] = [];
  const seen = new Set<string>();
  const entries: Entry[] = [];
  for (const pattern of patterns) {
    if (pattern === '-') continue;
    const found = await expand(pattern, opts);
    if (!found.length) unmatched.push(pattern);
    for (const e of found) {
      const key = resolve(opts.cwd, e.path);
      if (seen.has(key)) continue;
      seen.add(key);
      entries.push(e);
    }
  }
  const max = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
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
  const workers = workerCount(entries.length);
  if (workers > 0) {
    // Large inputs: read and parse on every core (loaded only when used).
    const { readInWorkers } = await import('./workers.js');
    files.push(...(await readInWorkers(entries, opts.cwd, max, workers)));
    return { files, unmatched };
  }
  const parse = defaultParser();
  // Read in bounded batches: many files at once exhausts descriptors, one at a time wastes the disk.
  for (let i = 0; i < entries.length; i += 64) {
    const batch = entries.slice(i, i + 64);
    files.push(...(await Promise.all(batch.map((e) => readSource(e, opts.cwd, max, parse)))));
  }
  return { files, unmatched };
}
