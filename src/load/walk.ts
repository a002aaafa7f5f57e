/**
 * The directory walk: one pass over a folder that reads each `.gitignore` as it descends, instead of
 * globby's second walk to find them and a stat of every result. Glob patterns still go through globby.
 *
 * It finds what `globby('<dir>/**\/*.{yaml,yml,json}', { dot: false, followSymbolicLinks: false, ignore,
 * gitignore })` finds: no dot files or folders below the named folder, no symbolic links (neither folders
 * nor files), the ignore patterns matched as fast-glob matches them (relative to the walk's root; a folder
 * is pruned by a pattern ending in `/**` or with a literal last segment), and `.gitignore` files from the
 * repository root (the nearest folder with `.git`) down, each relative to its own folder, deeper files
 * overriding shallower ones as in git. A folder that cannot be listed is recorded and walked as empty.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';

export interface WalkOptions {
  /** Absolute folder the patterns are relative to (globby's cwd). */
  root: string;
  /** The folder to walk, relative to `root` ('' for the root itself), with '/' separators. */
  start: string;
  extensions: string[];
  /** fast-glob ignore patterns, relative to `root` (or absolute). */
  ignore: string[];
  gitignore: boolean;
}

export interface WalkResult {
  /** Files relative to `root`, '/'-separated, sorted. */
  files: string[];
  /** Folders (absolute) that could not be listed. */
  failed: Map<string, NodeJS.ErrnoException>;
}

/** fast-glob's micromatch options for `dot: false`, case-sensitive, braces, extglobs and globstars on. */
const MATCH = { dot: false, posix: true, strictSlashes: false } as const;

/** fast-glob prunes folders only with patterns that end in `/**` or whose last segment is not a glob. */
function affectsDepth(pattern: string): boolean {
  const base = pattern.slice(pattern.lastIndexOf('/') + 1);
  return pattern.endsWith('/**') || !picomatch.scan(base).isGlob;
}

interface GitIgnore {
  /** The absolute folder of the .gitignore, with a final '/'. */
  prefix: string;
  rules: Ignore;
}

function readGitignore(absDir: string): GitIgnore | undefined {
  let text: string;
  try {
    text = readFileSync(join(absDir, '.gitignore'), 'utf8');
  } catch {
    return undefined;
  }
  const prefix = absDir.split(sep).join('/');
  return { prefix: prefix.endsWith('/') ? prefix : `${prefix}/`, rules: ignore().add(text) };
}

/** git's verdict on an absolute '/'-separated path: the deepest .gitignore with a rule for it wins. */
function gitIgnored(stack: GitIgnore[], abs: string, isDir: boolean): boolean {
  let ignored = false;
  for (const g of stack) {
    if (!abs.startsWith(g.prefix) || abs.length === g.prefix.length) continue;
    const rel = abs.slice(g.prefix.length);
    const r = g.rules.test(isDir ? `${rel}/` : rel);
    if (r.ignored) ignored = true;
    else if (r.unignored) ignored = false;
  }
  return ignored;
}

/**
 * The .gitignore files that apply above the walk: those of the folders from the repository root (the
 * nearest folder with `.git` from `root` upwards), or else from `root`, down to the parent of `startAbs`.
 */
function parentGitignores(root: string, startAbs: string): GitIgnore[] {
  let top = root;
  for (let d = root; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) {
      top = d;
      break;
    }
    if (dirname(d) === d) break;
  }
  const chain: string[] = [];
  for (let d = dirname(startAbs); ; d = dirname(d)) {
    const r = relative(top, d);
    if (r.startsWith('..') || isAbsolute(r) || d === startAbs) break;
    chain.unshift(d);
    if (r === '' || dirname(d) === d) break;
  }
  const out: GitIgnore[] = [];
  for (const d of chain) {
    const g = readGitignore(d);
    if (g) out.push(g);
  }
  return out;
}

export function walk(opts: WalkOptions): WalkResult {
  const failed = new Map<string, NodeJS.ErrnoException>();
  const files = [...walkFiles(opts, failed)];
  files.sort();
  return { files, failed };
}

/**
 * The files of the walk one by one, in the order they are found (not sorted: a caller can start reading
 * them while the walk goes on); folders that cannot be listed are added to `failed`.
 */
export function* walkFiles(opts: WalkOptions, failed: Map<string, NodeJS.ErrnoException>): Generator<string> {
  const relative_ = opts.ignore.filter((p) => !isAbsolute(p));
  const absolute_ = opts.ignore.filter((p) => isAbsolute(p));
  const prune = relative_.filter(affectsDepth).map((p) => picomatch.makeRe(p, MATCH));
  const entryMatch = { ...MATCH, dot: true };
  const skipRel = relative_.map((p) => picomatch.makeRe(p, entryMatch));
  const skipAbs = absolute_.map((p) => picomatch.makeRe(p, entryMatch));
  const matchesAny = (res: RegExp[], path: string, isDir: boolean) =>
    res.some((re) => re.test(path) || (isDir && re.test(`${path}/`)));
  const exts = new Set(opts.extensions.map((e) => `.${e}`));
  const startAbs = resolve(opts.root, opts.start);
  const stack: GitIgnore[] = opts.gitignore ? parentGitignores(opts.root, startAbs) : [];

  const slashed = (abs: string) => abs.split(sep).join('/');
  function* visit(rel: string, abs: string): Generator<string> {
    const absSlashed = slashed(abs);
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (e) {
      failed.set(abs, e as NodeJS.ErrnoException);
      entries = [];
    }
    let pushed = false;
    // Only a folder whose listing names a .gitignore (a file, or a link to one) has one to read: no failed
    // open per folder.
    if (opts.gitignore && entries.some((e) => e.name === '.gitignore' && !e.isDirectory())) {
      const g = readGitignore(abs);
      if (g) {
        stack.push(g);
        pushed = true;
      }
    }
    for (const e of entries) {
      const name = e.name;
      if (name.charCodeAt(0) === 0x2e) continue; // dot: false
      const path = rel === '' ? name : `${rel}/${name}`;
      if (e.isDirectory()) {
        if (prune.length && matchesAny(prune, path, false)) continue;
        if (stack.length && gitIgnored(stack, `${absSlashed}/${name}`, true)) continue;
        yield* visit(path, join(abs, name));
      } else if (e.isFile()) {
        const dot = name.lastIndexOf('.');
        if (dot <= 0 || !exts.has(name.slice(dot))) continue;
        if (skipRel.length && matchesAny(skipRel, path, false)) continue;
        if (skipAbs.length && matchesAny(skipAbs, `${absSlashed}/${name}`, false)) continue;
        if (stack.length && gitIgnored(stack, `${absSlashed}/${name}`, false)) continue;
        yield path;
      }
      // Symbolic links (to files or folders), FIFOs, sockets, devices: not followed, not read.
    }
    if (pushed) stack.pop();
  }
  yield* visit(opts.start, startAbs);
}
