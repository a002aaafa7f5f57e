/** Turns parsed documents into Kubernetes objects: `kind: List` flattened, namespace defaulted. */
import type { Document, K8sObject, Path, SourceFile } from '../types.js';

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

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  if (!isPlainObject(v)) return out;
  for (const k of Object.keys(v)) {
    const val = v[k];
    if (val !== null && val !== undefined && typeof val !== 'object') out[k] = String(val);
  }
  return out;
}

export function labelsOf(v: unknown): Record<string, string> {
  return stringMap(v);
}

function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** Extracts the Kubernetes objects of a file; documents without apiVersion and kind are not ours. */
export function objectsOf(file: SourceFile, defaultNamespace: string): K8sObject[] {
  const out: K8sObject[] = [];
  for (const doc of file.documents) collect(file, doc, doc.value, [], defaultNamespace, out);
  return out;
}

function collect(
  file: SourceFile,
  doc: Document,
  value: unknown,
  path: Path,
  ns: string,
  out: K8sObject[],
): void {
  if (!isPlainObject(value)) return;
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return;
  if ((kind === 'List' || kind.endsWith('List')) && Array.isArray(value.items)) {
    value.items.forEach((item, i) => {
      collect(file, doc, item, [...path, 'items', i], ns, out);
    });
    return;
  }
  const meta = isPlainObject(value.metadata) ? value.metadata : {};
  const isKind = kind === 'Cluster' && apiVersion.startsWith('kind.x-k8s.io/');
  const name = isKind ? value.name : meta.name;
  const namespace = meta.namespace;
  out.push({
    apiVersion,
    kind,
    group: groupOf(apiVersion),
    name: typeof name === 'string' ? name : name === undefined || name === null ? '' : String(name),
    namespace: isClusterScoped(kind, groupOf(apiVersion))
      ? ''
      : typeof namespace === 'string' && namespace !== ''
        ? namespace
        : ns,
    labels: labelsOf(meta.labels),
    annotations: stringMap(meta.annotations),
    raw: value,
    file,
    doc,
    path,
  });
}
