/**
 * Where Kubernetes wants string maps of labels, shared by label-values (reports) and schema (skips); and
 * the other fields whose problems a rule of their own reports, which schema leaves to it (one finding per
 * defect).
 */
import type { Path } from '../types.js';

/** The keys whose map value can hold label values: labelPlaceOf answers only for entries of such a map. */
export const LABEL_MAP_KEYS: readonly string[] = [
  'labels',
  'annotations',
  'matchLabels',
  'nodeSelector',
  'selector',
];

/** Whether any of `keys` is one of LABEL_MAP_KEYS. */
export function hasLabelMapKey(keys: ReadonlySet<string>): boolean {
  for (let i = 0; i < LABEL_MAP_KEYS.length; i++) if (keys.has(LABEL_MAP_KEYS[i] as string)) return true;
  return false;
}

export type LabelPlace = 'label' | 'annotation' | 'selector' | 'node selector';

/** What kind of label value the entry at `path` (relative to an object of `kind`) is, if it is one. */
export function labelPlaceOf(kind: string, path: Path): LabelPlace | undefined {
  const n = path.length;
  if (n < 2 || typeof path[n - 1] !== 'string') return undefined;
  // A CRD's spec is a schema: a property named `nodeSelector` there describes one, it is not one.
  if (kind === 'CustomResourceDefinition' && path[0] !== 'metadata') return undefined;
  const map = path[n - 2];
  if (typeof map !== 'string' || !LABEL_MAP_KEYS.includes(map)) return undefined;
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

const APPS_WORKLOADS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

/**
 * The rule that reports problems of the field at `path` (relative to an object of `kind`), when it is not
 * schema: label values (label-values) and a workload's selector (workload-selector-mismatch).
 */
export function ownerRuleOf(kind: string, path: Path): string | undefined {
  if (labelPlaceOf(kind, path)) return 'label-values';
  if (APPS_WORKLOADS.has(kind) && path.length >= 2 && path[0] === 'spec' && path[1] === 'selector')
    return 'workload-selector-mismatch';
  return undefined;
}
