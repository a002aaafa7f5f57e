/**
 * Loading: paths, directories and globs (globby, .gitignore respected) and stdin, into parsed sources.
 * Problems with single files become findings; only "nothing to lint" stops the run.
 */
import { readFileSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { convertPathToPattern, globby, isDynamicPattern } from 'globby';
import { defaultParser, type ParseFn } from '../parse/fast.js';
import { fileProblem } from '../parse/parse.js';
import type { SourceFile } from '../types.js';
import { workerCount } from './parallel.js';

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
}

async function expand(pattern: string, opts: LoadOptions): Promise<Entry[]> {
  const ignore = [...DEFAULT_IGNORES, ...(opts.ignorePatterns ?? [])];
  const gitignore = opts.gitignore ?? true;
  const st = await stat(resolve(opts.cwd, pattern)).catch(() => undefined);
  if (st?.isFile()) return [{ path: pattern, explicit: true }];
  if (st?.isDirectory()) {
    // Walk from the working directory when the folder is inside it, so that ignore patterns and
    // .gitignore files are relative to the project, as in ESLint.
    const abs = resolve(opts.cwd, pattern);
    const rel = relative(opts.cwd, abs);
    const inside = !rel.startsWith('..') && !isAbsolute(rel);
    const glob = `**/*.{${EXTENSIONS.join(',')}}`;
    const found = await globby(inside && rel ? `${convertPathToPattern(rel)}/${glob}` : glob, {
      cwd: inside ? opts.cwd : abs,
      ignore,
      gitignore,
      dot: false,
      suppressErrors: true,
      followSymbolicLinks: false,
    });
    return found.sort().map((p) => ({ path: inside ? p : join(pattern, p), explicit: false }));
  }
  if (!isDynamicPattern(pattern)) return [];
  const found = await globby(pattern, {
    cwd: opts.cwd,
    ignore,
    gitignore,
    dot: false,
    suppressErrors: true,
    followSymbolicLinks: false,
    expandDirectories: { extensions: EXTENSIONS },
  });
  return found.sort().map((p) => ({ path: p, explicit: false }));
}

export async function readSource(
  entry: Entry,
  cwd: string,
  maxFileSize: number,
  parse: ParseFn = defaultParser(),
): Promise<SourceFile> {
  const full = resolve(cwd, entry.path);
  try {
    // Synchronous on purpose: for many small files it is several times faster than fs/promises (no
    // thread-pool round trip per call), and a run has nothing else to do meanwhile.
    const st = statSync(full);
    if (st.size > maxFileSize) {
      const f: SourceFile = { path: entry.path, text: '', documents: [], problems: [] };
      f.problems.push(
        fileProblem(
          f,
          'file-read',
          `file is ${st.size} bytes, over the limit of ${maxFileSize} (--max-file-size); skipped`,
        ),
      );
      return f;
    }
    const buf = readFileSync(full);
    if (buf.includes(0)) {
      const f: SourceFile = { path: entry.path, text: '', documents: [], problems: [] };
      if (entry.explicit)
        f.problems.push(fileProblem(f, 'file-read', 'file is binary (contains NUL bytes); skipped'));
      return f;
    }
    return parse(entry.path, buf.toString('utf8'), { explicit: entry.explicit });
  } catch (e) {
    const f: SourceFile = { path: entry.path, text: '', documents: [], problems: [] };
    const err = e as NodeJS.ErrnoException;
    f.problems.push(fileProblem(f, 'file-read', `cannot read file: ${err.code ?? err.message}`));
    return f;
  }
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
  if (patterns.includes('-') || opts.stdinText !== undefined) {
    files.push(defaultParser()(opts.stdinFilename ?? '<stdin>', opts.stdinText ?? '', { explicit: true }));
  }
  const max = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
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
