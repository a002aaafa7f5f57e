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
  /** Its text (for a walk continued on another thread, which makes its own rules from it). */
  text: string;
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
  return gitignoreOf(prefix.endsWith('/') ? prefix : `${prefix}/`, text);
}

function gitignoreOf(prefix: string, text: string): GitIgnore {
  return { prefix, text, rules: ignore().add(text) };
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
  const w = new Walk(opts, failed);
  for (let files = w.next(); files; files = w.next()) yield* files;
}

/**
 * The absolute path of a file the walk found under `root`. The walk's paths have no `.`, `..` or empty
 * segments: on POSIX that is a concatenation (no `resolve` per file).
 */
export function absoluteIn(root: string): (path: string) => string {
  if (sep !== '/') return (p) => join(root, p);
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return (p) => prefix + p;
}

/** A folder still to list, with the .gitignore files that apply to it (outermost first). */
interface Folder {
  rel: string;
  abs: string;
  gitignores: GitIgnore[];
}

/**
 * The folders a walk has not listed yet, as plain data: what another thread needs to go on with it
 * (`Walk.from`). Each folder names its .gitignore files by their place in `gitignores`.
 */
export interface WalkRest {
  folders: Array<{ rel: string; abs: string; gitignores: number[] }>;
  gitignores: Array<{ prefix: string; text: string }>;
}

/**
 * A walk, one folder at a time, that can stop between two folders and hand the folders left to another
 * thread (`rest`, then `Walk.from` there). Each folder is listed once (symbolic links are neither followed
 * nor read; a folder that cannot be listed is recorded in `failed` and walked as empty); its `.gitignore`
 * is read on the way down.
 */
export class Walk {
  private readonly todo: Folder[] = [];
  private readonly prune: RegExp[];
  private readonly skipRel: RegExp[];
  private readonly skipAbs: RegExp[];
  private readonly exts: Set<string>;

  constructor(
    private readonly opts: WalkOptions,
    private readonly failed: Map<string, NodeJS.ErrnoException>,
    rest?: WalkRest,
  ) {
    const relative_ = opts.ignore.filter((p) => !isAbsolute(p));
    const absolute_ = opts.ignore.filter((p) => isAbsolute(p));
    this.prune = relative_.filter(affectsDepth).map((p) => picomatch.makeRe(p, MATCH));
    const entryMatch = { ...MATCH, dot: true };
    this.skipRel = relative_.map((p) => picomatch.makeRe(p, entryMatch));
    this.skipAbs = absolute_.map((p) => picomatch.makeRe(p, entryMatch));
    this.exts = new Set(opts.extensions.map((e) => `.${e}`));
    if (rest) {
      const made = rest.gitignores.map((g) => gitignoreOf(g.prefix, g.text));
      // Popped from the end: the first folder of the list is walked first.
      for (let i = rest.folders.length - 1; i >= 0; i--) {
        const f = rest.folders[i] as WalkRest['folders'][number];
        this.todo.push({ rel: f.rel, abs: f.abs, gitignores: f.gitignores.map((k) => made[k] as GitIgnore) });
      }
    } else {
      const startAbs = resolve(opts.root, opts.start);
      this.todo.push({
        rel: opts.start,
        abs: startAbs,
        gitignores: opts.gitignore ? parentGitignores(opts.root, startAbs) : [],
      });
    }
  }

  /** Goes on with the folders another walk left (see rest). */
  static from(opts: WalkOptions, failed: Map<string, NodeJS.ErrnoException>, rest: WalkRest): Walk {
    return new Walk(opts, failed, rest);
  }

  /** The folders not listed yet; this walk lists nothing more. */
  rest(): WalkRest {
    const gitignores: WalkRest['gitignores'] = [];
    const index = new Map<GitIgnore, number>();
    const folders = this.todo
      .splice(0)
      .reverse()
      .map((f) => ({
        rel: f.rel,
        abs: f.abs,
        gitignores: f.gitignores.map((g) => {
          let k = index.get(g);
          if (k === undefined) {
            k = gitignores.push({ prefix: g.prefix, text: g.text }) - 1;
            index.set(g, k);
          }
          return k;
        }),
      }));
    return { folders, gitignores };
  }

  private matchesAny(res: RegExp[], path: string, isDir: boolean): boolean {
    return res.some((re) => re.test(path) || (isDir && re.test(`${path}/`)));
  }

  /**
   * The files of the next folder (relative to the root, '/'-separated), after its subfolders are queued;
   * undefined at the end. Folders go depth first.
   */
  next(): string[] | undefined {
    const folder = this.todo.pop();
    if (!folder) return undefined;
    const { rel, abs } = folder;
    const absSlashed = abs.split(sep).join('/');
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (e) {
      this.failed.set(abs, e as NodeJS.ErrnoException);
      entries = [];
    }
    let stack = folder.gitignores;
    // Only a folder whose listing names a .gitignore (a file, or a link to one) has one to read: no failed
    // open per folder.
    if (this.opts.gitignore && entries.some((e) => e.name === '.gitignore' && !e.isDirectory())) {
      const g = readGitignore(abs);
      if (g) stack = [...stack, g];
    }
    const files: string[] = [];
    const subfolders: Folder[] = [];
    for (const e of entries) {
      const name = e.name;
      if (name.charCodeAt(0) === 0x2e) continue; // dot: false
      const path = rel === '' ? name : `${rel}/${name}`;
      if (e.isDirectory()) {
        if (this.prune.length && this.matchesAny(this.prune, path, false)) continue;
        if (stack.length && gitIgnored(stack, `${absSlashed}/${name}`, true)) continue;
        subfolders.push({ rel: path, abs: join(abs, name), gitignores: stack });
      } else if (e.isFile()) {
        const dot = name.lastIndexOf('.');
        if (dot <= 0 || !this.exts.has(name.slice(dot))) continue;
        if (this.skipRel.length && this.matchesAny(this.skipRel, path, false)) continue;
        if (this.skipAbs.length && this.matchesAny(this.skipAbs, `${absSlashed}/${name}`, false)) continue;
        if (stack.length && gitIgnored(stack, `${absSlashed}/${name}`, false)) continue;
        files.push(path);
      }
      // Symbolic links (to files or folders), FIFOs, sockets, devices: not followed, not read.
    }
    // Depth first, in listing order: the first subfolder is popped next.
    for (let i = subfolders.length - 1; i >= 0; i--) this.todo.push(subfolders[i] as Folder);
    return files;
  }
}
