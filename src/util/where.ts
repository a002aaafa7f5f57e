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

/** "file:line" of a node, for cross references in messages ("previously … at file:line"). */
export function where(obj: K8sObject, path: Path): string {
  return formatPlace(placeOf(obj, path));
}
