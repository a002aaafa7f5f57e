/** Where Kubernetes wants string maps of labels: shared by label-values (reports) and schema (skips). */
import type { Path } from '../types.js';

export type LabelPlace = 'label' | 'annotation' | 'selector' | 'node selector';

/** What kind of label value the entry at `path` (relative to an object of `kind`) is, if it is one. */
export function labelPlaceOf(kind: string, path: Path): LabelPlace | undefined {
  const n = path.length;
  if (n < 2 || typeof path[n - 1] !== 'string') return undefined;
  const map = path[n - 2];
  if (path[n - 3] === 'metadata') {
    if (map === 'labels') return 'label';
    if (map === 'annotations') return 'annotation';
  }
  if (map === 'matchLabels') return 'selector';
  if (map === 'nodeSelector') return 'node selector';
  if (
    n === 3 &&
    path[0] === 'spec' &&
    map === 'selector' &&
    (kind === 'Service' || kind === 'ReplicationController')
  )
    return 'selector';
  return undefined;
}
