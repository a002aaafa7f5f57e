/** Turns parsed documents into Kubernetes objects: `kind: List` flattened, namespace defaulted. */
import { defaultValidators, type SchemaValidators } from '../schema/validators.js';
import type { Document, K8sObject, Path, SourceFile } from '../types.js';
import { asKindReadsIt } from './kind-schema.js';

export const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'StorageClass',
  'PriorityClass',
  'IngressClass',
  'GatewayClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
  'RuntimeClass',
  'CSIDriver',
  'VolumeAttachment',
]);

/** Cluster-scoped kinds are known for Kubernetes' own groups only: a CRD's "Cluster" may be namespaced. */
function isClusterScoped(kind: string, group: string): boolean {
  if (group === 'kind.x-k8s.io') return true;
  return CLUSTER_SCOPED.has(kind) && (group === '' || group.endsWith('.k8s.io'));
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at a path of mapping keys and sequence indexes, or undefined where the path leaves the data. */
export function valueAt(v: unknown, path: Path): unknown {
  let cur = v;
  for (const seg of path) {
    if (isPlainObject(cur) || Array.isArray(cur)) cur = (cur as Record<string | number, unknown>)[seg];
    else return undefined;
  }
  return cur;
}

/**
 * A string map (labels, annotations, selectors) whose lookups never reach Object.prototype: `m.constructor`
 * or `m.__proto__` is undefined unless set. Its prototype is an empty object with no prototype, so, unlike
 * `Object.create(null)` (which V8 keeps in slow dictionary mode), its instances are fast objects: a run of
 * 10k apps holds tens of thousands of them.
 */
function StringMap(this: Record<string, string>): void {}
StringMap.prototype = Object.create(null);
const newStringMap = () => new (StringMap as unknown as new () => Record<string, string>)();

/** What an object without labels or annotations has: one shared, frozen map. */
const NO_STRINGS: Record<string, string> = Object.freeze(newStringMap());

function stringMap(v: unknown): Record<string, string> {
  if (!isPlainObject(v)) return NO_STRINGS;
  let out: Record<string, string> | undefined;
  for (const k of Object.keys(v)) {
    const val = v[k];
    if (val !== null && val !== undefined && typeof val !== 'object') {
      out ??= newStringMap();
      out[k] = String(val);
    }
  }
  return out ?? NO_STRINGS;
}

export function labelsOf(v: unknown): Record<string, string> {
  return stringMap(v);
}

function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/**
 * Extracts the Kubernetes objects of a file (appended to `out`, which is returned); documents without
 * apiVersion and kind are not ours. A kind config is read as kind reads it, which takes its schema
 * (`validators`).
 */
export function objectsOf(
  file: SourceFile,
  defaultNamespace: string,
  out: K8sObject[] = [],
  validators: SchemaValidators = defaultValidators(),
): K8sObject[] {
  for (const doc of file.documents) collect(file, doc, doc.value, [], defaultNamespace, out, validators);
  return out;
}

function collect(
  file: SourceFile,
  doc: Document,
  value: unknown,
  path: Path,
  ns: string,
  out: K8sObject[],
  validators: SchemaValidators,
): void {
  if (!isPlainObject(value)) return;
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return;
  if ((kind === 'List' || kind.endsWith('List')) && Array.isArray(value.items)) {
    value.items.forEach((item, i) => {
      collect(file, doc, item, [...path, 'items', i], ns, out, validators);
    });
    return;
  }
  const meta = isPlainObject(value.metadata) ? value.metadata : {};
  const isKind = kind === 'Cluster' && apiVersion.startsWith('kind.x-k8s.io/');
  // kind reads its config with another YAML decoder than kubectl (kind-schema.ts).
  const raw = isKind ? asKindReadsIt(value, doc, path, validators.kindConfig()) : value;
  const name = isKind ? raw.name : meta.name;
  const namespace = meta.namespace;
  const group = groupOf(apiVersion);
  const explicitNamespace = typeof namespace === 'string' && namespace !== '';
  out.push({
    apiVersion,
    kind,
    group,
    name: typeof name === 'string' ? name : name === undefined || name === null ? '' : String(name),
    namespace: isClusterScoped(kind, group) ? '' : explicitNamespace ? namespace : ns,
    explicitNamespace,
    labels: labelsOf(meta.labels),
    annotations: stringMap(meta.annotations),
    raw,
    file,
    doc,
    path,
  });
}
