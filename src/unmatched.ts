/**
 * Why a path or glob matched no file, for the usage error that says so: the loader skips dot folders,
 * symbolic links, `.gitignore`d and ignore-pattern files on purpose, and a user who named a folder full of
 * manifests should learn which of these hid them. Runs only when a pattern matched nothing.
 */
import { type Dirent, lstatSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';

export interface UnmatchedContext {
  cwd: string;
  gitignore: boolean;
  /** The config's ignorePatterns and --ignore-pattern, relative to cwd. */
  ignorePatterns: string[];
}

const MANIFEST = /\.(ya?ml|json)$/;
const NEVER = new Set(['node_modules', '.git']);
/** Entries looked at, at most: enough to explain a repository, bounded for a huge folder. */
const BUDGET = 50_000;

interface Found {
  /** Manifests the loader would have read but for an ignore (paths relative to cwd). */
  plain: string[];
  /** The first manifest inside a dot folder, or a dot file. */
  dot?: string;
  /** The first symbolic link to a manifest or a folder. */
  link?: string;
}

function scan(dir: string, cwd: string, found: Found, budget: { left: number }, inDot: boolean): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (--budget.left < 0 || NEVER.has(e.name)) continue;
    const path = join(dir, e.name);
    const rel = relative(cwd, path).split(sep).join('/');
    const dot = inDot || e.name.startsWith('.');
    if (e.isSymbolicLink()) {
      if (!dot) found.link ??= rel;
    } else if (e.isDirectory()) {
      scan(path, cwd, found, budget, dot);
    } else if (e.isFile() && MANIFEST.test(e.name)) {
      if (dot) found.dot ??= rel;
      else found.plain.push(rel);
    }
  }
}

/** The reason, as the end of "no files matching the pattern "p" were found: …". */
export function whyUnmatched(pattern: string, ctx: UnmatchedContext): string {
  const abs = resolve(ctx.cwd, pattern);
  const st = lstatSync(abs, { throwIfNoEntry: false });
  if (!st) {
    return picomatch.scan(pattern).isGlob
      ? 'no file matches the glob (files in dot folders, symbolic links and ignored files are skipped)'
      : 'no such file or directory';
  }
  const found: Found = { plain: [] };
  if (st.isDirectory()) scan(abs, ctx.cwd, found, { left: BUDGET }, false);
  else if (st.isFile()) found.plain.push(relative(ctx.cwd, abs).split(sep).join('/'));
  if (found.plain.length) {
    const ignores = ctx.ignorePatterns.map((p) => picomatch.makeRe(p, { dot: true }));
    const byPattern = found.plain.filter((p) => ignores.some((re) => re.test(p))).length;
    const n = found.plain.length;
    const files =
      n === 1 ? `its YAML or JSON file "${found.plain[0]}" is` : `its ${n} YAML and JSON files are`;
    if (byPattern === n)
      return `${files} skipped by the ignore patterns (--ignore-pattern, "ignorePatterns")`;
    if (ctx.gitignore && byPattern === 0) return `${files} ignored by .gitignore (--no-gitignore lints them)`;
    return `${files} ignored by .gitignore or the ignore patterns`;
  }
  if (found.dot) {
    return `its YAML and JSON files are only in dot folders or dot files, which are skipped (such as "${found.dot}"); name them to lint them`;
  }
  if (found.link) {
    return `it holds only symbolic links, which are not followed (such as "${found.link}"); name the link or its target`;
  }
  return st.isDirectory() ? 'it holds no *.yaml, *.yml or *.json file' : 'it is not a file or a directory';
}
