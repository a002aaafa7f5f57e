/**
 * Which objects of the input belong together. A repository is not a cluster: it holds independent samples,
 * alternatives kept side by side and variants of one object, so every relation between objects is judged
 * by how close they sit (docs/relations.md):
 * - distance: 0 same file, 1 same directory, 2 one directory inside the other, 3 unrelated directories;
 * - variants: objects with the same kind, namespace and name are one object, the nearest one stands for it;
 * - units: what is applied together. A directory is one unit, unless two of its files define the same object
 *   (then its files are alternatives, and each file is a unit of its own).
 */
import { dirname, isAbsolute, relative } from 'node:path';
import type { K8sObject, SourceFile } from '../types.js';
import { mapAt } from '../util/maps.js';

export type Distance = 0 | 1 | 2 | 3;

const directories = new WeakMap<SourceFile, string>();

/** `dirname` of a file's path, computed once per file. */
export function directoryOf(file: SourceFile): string {
  let dir = directories.get(file);
  if (dir === undefined) {
    dir = dirname(file.path);
    directories.set(file, dir);
  }
  return dir;
}

function isWithin(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** How close two files are: 0 the same file, 1 the same directory, 2 one directory in the other, 3 apart. */
export function fileDistance(a: SourceFile, b: SourceFile): Distance {
  if (a === b) return 0;
  const da = directoryOf(a);
  const db = directoryOf(b);
  if (da === db) return 1;
  return isWithin(da, db) || isWithin(db, da) ? 2 : 3;
}

/** How close two objects are in the input (see fileDistance). */
export function scopeDistance(a: K8sObject, b: K8sObject): Distance {
  return fileDistance(a.file, b.file);
}

/**
 * Close enough to judge one by the other: the same file, the same directory, or one directory inside the
 * other. A reference resolves anywhere when nothing is nearer, which answers "does it exist?"; but a
 * property of the pair (the autoscaler's metrics against the workload's requests, a budget against its
 * replicas) is judged only between objects that sit together, not between two samples that share a name.
 */
export function isNear(a: K8sObject, b: K8sObject): boolean {
  return scopeDistance(a, b) <= 2;
}

/** "Kind\0namespace\0name": two objects with the same identity are variants of one object, never both live. */
export function identity(obj: K8sObject): string {
  return `${obj.kind}\u0000${obj.namespace}\u0000${obj.name}`;
}

/** The group-qualified identity duplicate definitions are judged by. */
function definitionKey(obj: K8sObject): string {
  return `${obj.group}\u0000${obj.kind}\u0000${obj.namespace}\u0000${obj.name}`;
}

/**
 * The candidates nearest to `from`: those at the smallest distance, one per identity (the first of each, in
 * input order). Used for every relation, by selector or by name.
 */
export function nearestOf<T>(
  from: K8sObject,
  candidates: readonly T[],
  objectOf: (c: T) => K8sObject,
  keyOf: (c: T) => string = (c) => identity(objectOf(c)),
): T[] {
  if (candidates.length <= 1) return candidates.slice();
  let best = 4;
  const distances = candidates.map((c) => {
    const d = scopeDistance(from, objectOf(c));
    if (d < best) best = d;
    return d;
  });
  const seen = new Set<string>();
  return candidates.filter((c, i) => {
    if (distances[i] !== best) return false;
    const id = keyOf(c);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * The units of the input: a directory whose files define no object twice is one unit (its files are applied
 * together, as `kubectl apply -f dir/` does); a directory where two files define the same object holds
 * alternatives or independent samples, and each of its files is a unit of its own.
 */
export class Units {
  private readonly alternatives = new Set<string>();

  constructor(objects: readonly K8sObject[]) {
    // directory → definition key → the first file that defines it
    const first = new Map<string, Map<string, SourceFile>>();
    for (const obj of objects) {
      if (!obj.name || obj.partial || obj.group === 'kind.x-k8s.io') continue;
      const dir = directoryOf(obj.file);
      if (this.alternatives.has(dir)) continue;
      const inDir = mapAt(first, dir);
      const key = definitionKey(obj);
      const prev = inDir.get(key);
      if (!prev) inDir.set(key, obj.file);
      else if (prev !== obj.file) this.alternatives.add(dir);
    }
  }

  /** Does the directory hold alternatives (two of its files define the same object)? */
  holdsAlternatives(dir: string): boolean {
    return this.alternatives.has(dir);
  }

  /** The unit of a file: its directory, or the file itself in a directory of alternatives. */
  unitOf(file: SourceFile): string {
    const dir = directoryOf(file);
    return this.alternatives.has(dir) ? file.path : dir;
  }

  /** Are two files applied together: the same file, or two files of a directory that is one unit? */
  together(a: SourceFile, b: SourceFile): boolean {
    if (a === b) return true;
    const dir = directoryOf(a);
    return dir === directoryOf(b) && !this.alternatives.has(dir);
  }
}
