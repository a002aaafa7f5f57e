/** Source places of reported nodes, for cross references ("previously used by … at file:line"). */
import type { K8sObject, Path } from '../types.js';

export interface Place {
  filePath: string;
  line: number;
  column: number;
}

/** Where the node at `path` (relative to the object) starts. */
export function placeOf(obj: K8sObject, path: Path): Place {
  const r = obj.doc.locate([...obj.path, ...path]);
  return { filePath: obj.file.path, line: r.line, column: r.column };
}

/** Orders places as findings are printed: by file, line, column. */
export function comparePlaces(a: Place, b: Place): number {
  return (
    (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0) || a.line - b.line || a.column - b.column
  );
}

/** "file:line", or "file:line:column" */
export function formatPlace(p: Place, column = false): string {
  return column ? `${p.filePath}:${p.line}:${p.column}` : `${p.filePath}:${p.line}`;
}

/**
 * A place as a message names it, seen from the file of the finding: "line 7" in that file, else the path
 * from that file's folder and the line ("base/web.yaml:7"). Findings carry the full place in `related`.
 */
export function placeFrom(fromFile: string, p: Place): string {
  if (p.filePath === fromFile) return `line ${p.line}`;
  const path = fromFile.startsWith('<') ? p.filePath : relativeTo(dirnameOf(fromFile), p.filePath);
  return `${path}:${p.line}`;
}

/** The place of a node, for cross references in messages ("previously … at line 7"), seen from `from`. */
export function where(from: K8sObject, obj: K8sObject, path: Path): string {
  return placeFrom(from.file.path, placeOf(obj, path));
}

function dirnameOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

/** `to` from the folder `dir`, both as the user gave them (`/` separators; relative or absolute alike). */
function relativeTo(dir: string, to: string): string {
  if (dir === '') return to;
  if (to.startsWith('/') !== dir.startsWith('/')) return to;
  const a = dir.split('/').filter((x) => x && x !== '.');
  const b = to.split('/').filter((x) => x && x !== '.');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  if (a.slice(i).includes('..')) return to;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}
