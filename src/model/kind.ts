/**
 * kind cluster configs (kind.x-k8s.io/v1alpha4 Cluster): nodes with their container names, port mappings
 * with defaults applied, the node port range a config sets through kubeadm patches, and which Services each
 * config applies to (see docs/kind.md, "Several kind configs in one run").
 */
import { createRequire } from 'node:module';
import type { K8sObject, Path } from '../types.js';
import { push } from '../util/maps.js';
import { isNormalPath } from '../util/paths.js';
import type { Model } from './model.js';
import { isPlainObject, labelsOf } from './objects.js';
import { serviceType } from './service.js';

export const KIND_API_VERSION = 'kind.x-k8s.io/v1alpha4';
export const DEFAULT_NODE_PORT_RANGE = '30000-32767';

export interface PortRange {
  min: number;
  max: number;
}

export interface KindNode {
  cluster: K8sObject;
  index: number;
  role: string;
  /** Container name kind gives the node: "<cluster>-control-plane", "<cluster>-worker2", … */
  name: string;
  /** Labels the node carries in the cluster: the config's labels plus the ones kind and kubeadm add. */
  labels: Record<string, string>;
  path: Path;
}

export interface KindMapping {
  node: KindNode;
  containerPort?: number;
  /** undefined, 0 and -1 mean a random host port. */
  hostPort?: number;
  /** As written, or undefined (0.0.0.0, or :: in an ipv6 cluster). */
  listenAddress?: string;
  /** Upper-cased as kind requires; default TCP. */
  protocol: string;
  /** The protocol as written, when written. */
  protocolRaw?: string;
  path: Path;
}

/** The kind v1alpha4 Cluster configs of the run (other API versions are not validated or used). */
export function kindConfigs(model: Model): K8sObject[] {
  return model.kindClusters.filter((c) => c.apiVersion === KIND_API_VERSION && isPlainObject(c.raw));
}

/** The cluster's name as kind uses it (default "kind"; --name or KIND_CLUSTER_NAME may override it). */
export function clusterName(cluster: K8sObject): string {
  return cluster.name || 'kind';
}

const nodeCache = new WeakMap<K8sObject, KindNode[]>();

/** The nodes of a config (the same objects on every call); no `nodes` means one control-plane node. */
export function kindNodes(cluster: K8sObject): KindNode[] {
  const cached = nodeCache.get(cluster);
  if (cached) return cached;
  const raw = cluster.raw?.nodes;
  const list: unknown[] = Array.isArray(raw) && raw.length ? raw : [{}];
  const count = new Map<string, number>();
  const out: KindNode[] = [];
  list.forEach((n, index) => {
    const node = isPlainObject(n) ? n : {};
    const role = typeof node.role === 'string' ? node.role : 'control-plane';
    const k = (count.get(role) ?? 0) + 1;
    count.set(role, k);
    const name = `${clusterName(cluster)}-${role}${k > 1 ? k : ''}`;
    const labels: Record<string, string> = {
      ...labelsOf(node.labels),
      'kubernetes.io/hostname': name,
      'kubernetes.io/os': 'linux',
    };
    if (role === 'control-plane') labels['node-role.kubernetes.io/control-plane'] = '';
    out.push({
      cluster,
      index,
      role,
      name,
      labels,
      path: Array.isArray(raw) && raw.length ? ['nodes', index] : [],
    });
  });
  nodeCache.set(cluster, out);
  return out;
}

export function kindMappings(cluster: K8sObject): KindMapping[] {
  const out: KindMapping[] = [];
  for (const node of kindNodes(cluster)) {
    const list = node.path.length ? cluster.raw.nodes[node.index]?.extraPortMappings : undefined;
    if (!Array.isArray(list)) continue;
    list.forEach((m, j) => {
      if (!isPlainObject(m)) return;
      const protocolRaw = typeof m.protocol === 'string' ? m.protocol : undefined;
      out.push({
        node,
        containerPort: typeof m.containerPort === 'number' ? m.containerPort : undefined,
        hostPort: typeof m.hostPort === 'number' ? m.hostPort : undefined,
        listenAddress:
          typeof m.listenAddress === 'string' && m.listenAddress !== '' ? m.listenAddress : undefined,
        protocol: (protocolRaw || 'TCP').toUpperCase(),
        protocolRaw,
        path: [...node.path, 'extraPortMappings', j],
      });
    });
  }
  return out;
}

/** "30000-32767" → { min, max }; undefined when malformed. */
export function parsePortRange(s: string): PortRange | undefined {
  const m = /^\s*(\d{1,5})\s*-\s*(\d{1,5})\s*$/.exec(s);
  if (!m) return undefined;
  const min = Number(m[1]);
  const max = Number(m[2]);
  return min >= 1 && max <= 65535 && min <= max ? { min, max } : undefined;
}

export function formatRange(r: PortRange): string {
  return `${r.min}-${r.max}`;
}

/** A JSON Schema pattern for the `range` options ("min-max"). */
export const PORT_RANGE_PATTERN = '^\\s*\\d{1,5}\\s*-\\s*\\d{1,5}\\s*$';

/** The service-node-port-range in a kubeadm ClusterConfiguration (extraArgs as a map or, v1beta4, a list). */
function rangeInClusterConfiguration(doc: unknown): string | undefined {
  if (!isPlainObject(doc) || doc.kind !== 'ClusterConfiguration') return undefined;
  const api = doc.apiServer;
  if (!isPlainObject(api)) return undefined;
  const args = api.extraArgs;
  if (isPlainObject(args)) {
    const v = args['service-node-port-range'];
    return typeof v === 'string' ? v : undefined;
  }
  if (Array.isArray(args)) {
    for (const a of args) {
      if (isPlainObject(a) && a.name === 'service-node-port-range' && typeof a.value === 'string')
        return a.value;
    }
  }
  return undefined;
}

function rangeInJson6902(patch: unknown): string | undefined {
  if (!isPlainObject(patch) || patch.kind !== 'ClusterConfiguration' || typeof patch.patch !== 'string')
    return undefined;
  let found: string | undefined;
  for (const d of safeParse(patch.patch)) {
    if (!Array.isArray(d)) continue;
    for (const op of d) {
      if (!isPlainObject(op) || (op.op !== 'add' && op.op !== 'replace') || typeof op.path !== 'string')
        continue;
      if (op.path.endsWith('/service-node-port-range') && typeof op.value === 'string') found = op.value;
      if (
        isPlainObject(op.value) &&
        op.value.name === 'service-node-port-range' &&
        typeof op.value.value === 'string'
      )
        found = op.value.value;
    }
  }
  return found;
}

/** `yaml` is loaded (synchronously) only for a config with kubeadm patches: not on every run's start. */
let yamlLib: typeof import('yaml') | undefined;

function safeParse(text: string): unknown[] {
  try {
    yamlLib ??= createRequire(import.meta.url)('yaml') as typeof import('yaml');
    return yamlLib
      .parseAllDocuments(text, { version: '1.1' })
      .filter((d) => d.errors.length === 0)
      .map((d) => d.toJS({ maxAliasCount: 100 }));
  } catch {
    return [];
  }
}

const rangeCache = new WeakMap<K8sObject, { range?: PortRange; text?: string }>();

/**
 * The node port range a kind config sets with a kubeadm patch of the API server's
 * `service-node-port-range` (cluster-level patches, then control-plane node patches, later ones win), or
 * undefined when it sets none (or sets one that does not parse).
 */
export function kindNodePortRange(cluster: K8sObject): { range?: PortRange; text?: string } {
  const cached = rangeCache.get(cluster);
  if (cached) return cached;
  let text: string | undefined;
  const scan = (owner: Record<string, unknown>) => {
    if (Array.isArray(owner.kubeadmConfigPatches)) {
      for (const p of owner.kubeadmConfigPatches) {
        if (typeof p !== 'string' || !p.includes('service-node-port-range')) continue;
        for (const d of safeParse(p)) text = rangeInClusterConfiguration(d) ?? text;
      }
    }
    if (Array.isArray(owner.kubeadmConfigPatchesJSON6902)) {
      for (const p of owner.kubeadmConfigPatchesJSON6902) text = rangeInJson6902(p) ?? text;
    }
  };
  scan(cluster.raw);
  if (Array.isArray(cluster.raw.nodes)) {
    for (const n of cluster.raw.nodes) {
      if (isPlainObject(n) && (n.role === undefined || n.role === 'control-plane')) scan(n);
    }
  }
  const result = { range: text === undefined ? undefined : parsePortRange(text), text };
  rangeCache.set(cluster, result);
  return result;
}

/** Does this Service get node ports? NodePort always; LoadBalancer unless allocateLoadBalancerNodePorts: false. */
export function getsNodePorts(svc: K8sObject): boolean {
  const t = serviceType(svc);
  if (t === 'NodePort') return true;
  return t === 'LoadBalancer' && svc.raw?.spec?.allocateLoadBalancerNodePorts !== false;
}

function normDir(filePath: string): string {
  // Most paths are normal already: their folder is what comes before the last slash.
  if (isNormalPath(filePath)) {
    const i = filePath.lastIndexOf('/');
    return i < 0 ? '' : filePath.slice(0, i);
  }
  const parts = filePath.replace(/\\/g, '/').split('/');
  parts.pop();
  const out: string[] = [];
  for (const p of parts) {
    if (p === '.' || (p === '' && out.length > 0)) continue;
    if (p === '..' && out.length && out[out.length - 1] !== '..' && out[out.length - 1] !== '') out.pop();
    else out.push(p);
  }
  return out.join('/');
}

/** Is `dir` the directory `scope` or inside it ('' is the working directory, which holds every relative path)? */
function isUnder(dir: string, scope: string): boolean {
  if (scope === '') return !dir.startsWith('/') && !dir.startsWith('..');
  return dir === scope || dir.startsWith(`${scope}/`);
}

function parentDir(dir: string): string | undefined {
  if (dir === '' || dir === '/') return undefined;
  const i = dir.lastIndexOf('/');
  if (i < 0) return '';
  return i === 0 ? '/' : dir.slice(0, i);
}

/**
 * Which kind configs apply to which Services (docs/kind.md, "Several kind configs in one run"):
 * - a config named with --kind-config applies to every Service;
 * - when the run holds a single kind config, it applies to every Service under the directory above its
 *   own (kind.yaml next to the manifests of one project, or in a sibling folder such as `cluster/` beside
 *   `k8s/`), not to Services in unrelated parts of the tree (a repository of samples with one kind config
 *   in one of them);
 * - otherwise a config applies to the Services in its directory and below, and a Service under several
 *   such directories takes the configs of the nearest one — so the examples of a monorepo, each with its
 *   own kind config, do not cross-check each other.
 * A mapping on any config that applies satisfies a Service.
 */
export class KindScope {
  readonly configs: K8sObject[];
  private readonly bySvc = new Map<K8sObject, K8sObject[]>();
  private readonly byConfig = new Map<K8sObject, K8sObject[]>();

  constructor(model: Model) {
    this.configs = kindConfigs(model);
    const explicit = this.configs.filter((c) => c.file.kindConfig);
    const byDir = new Map<string, K8sObject[]>();
    for (const c of this.configs) {
      if (c.file.kindConfig) continue;
      const d = normDir(c.file.path);
      push(byDir, d, c);
    }
    for (const c of this.configs) this.byConfig.set(c, []);
    if (!this.configs.length) return;
    // A lone config (not named with --kind-config) reaches from the directory above its own.
    const single =
      this.configs.length === 1 && !this.configs[0]?.file.kindConfig ? this.configs[0] : undefined;
    const lone = single ? { config: single, scope: parentDir(normDir(single.file.path)) ?? '' } : undefined;
    // The configs that apply in a directory, found once per directory (a monorepo has thousands of Services).
    const inDir = new Map<string, K8sObject[]>();
    const appliesIn = (dir: string): K8sObject[] => {
      let applies = inDir.get(dir);
      if (applies) return applies;
      let found: K8sObject[] | undefined;
      for (let d: string | undefined = dir; d !== undefined; d = parentDir(d)) {
        found = byDir.get(d);
        if (found) break;
      }
      applies = found ? [...explicit, ...found] : explicit;
      if (!found && lone && isUnder(dir, lone.scope)) applies = [...explicit, lone.config];
      inDir.set(dir, applies);
      return applies;
    };
    for (const svc of model.services) {
      const applies = appliesIn(normDir(svc.file.path));
      this.bySvc.set(svc, applies);
      for (const c of applies) this.byConfig.get(c)?.push(svc);
    }
  }

  /** The configs that apply to a Service (empty when the run has none). */
  configsOf(svc: K8sObject): K8sObject[] {
    return this.bySvc.get(svc) ?? [];
  }

  /** The Services a config applies to. */
  servicesOf(config: K8sObject): K8sObject[] {
    return this.byConfig.get(config) ?? [];
  }
}

const scopeCache = new WeakMap<Model, KindScope>();

/** The scope of the run's kind configs, computed once per model. */
export function kindScope(model: Model): KindScope {
  let s = scopeCache.get(model);
  if (!s) {
    s = new KindScope(model);
    scopeCache.set(model, s);
  }
  return s;
}

const mappingCache = new WeakMap<K8sObject, KindMapping[]>();

/** kindMappings, computed once per config. */
export function mappingsOf(cluster: K8sObject): KindMapping[] {
  let m = mappingCache.get(cluster);
  if (!m) {
    m = kindMappings(cluster);
    mappingCache.set(cluster, m);
  }
  return m;
}

/** The node port range for a Service: the ranges its kind configs set, else the given default. */
export function rangesFor(
  scope: KindScope,
  svc: K8sObject,
  fallback: PortRange,
): Array<{ range: PortRange; cluster?: K8sObject }> {
  const configs = scope.configsOf(svc);
  if (!configs.length) return [{ range: fallback }];
  return configs.map((c) => {
    const r = kindNodePortRange(c).range;
    return r ? { range: r, cluster: c } : { range: fallback };
  });
}

/** The node port range of one kind config (its kubeadm patch, else the default 30000-32767). */
export function clusterRange(cluster: K8sObject): PortRange {
  return kindNodePortRange(cluster).range ?? (parsePortRange(DEFAULT_NODE_PORT_RANGE) as PortRange);
}

/** "node "kind-worker" of kind cluster "kind"" */
export function describeNode(node: KindNode): string {
  return `node "${node.name}" of kind cluster "${clusterName(node.cluster)}"`;
}

/** `kind cluster "a"` or `kind cluster "a" or "b"` */
export function describeClusters(configs: K8sObject[]): string {
  const names = [...new Set(configs.map(clusterName))].map((n) => `"${n}"`);
  return `kind cluster ${names.join(' or ')}`;
}

/** Mappings of the given configs by containerPort. */
export function mappingsByContainerPort(configs: K8sObject[]): Map<number, KindMapping[]> {
  const out = new Map<number, KindMapping[]>();
  for (const c of configs) {
    for (const m of mappingsOf(c)) {
      if (m.containerPort === undefined) continue;
      push(out, m.containerPort, m);
    }
  }
  return out;
}
