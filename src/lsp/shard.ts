/**
 * What an edit can affect, for the language server's quick re-lint. Rules relate objects of one namespace
 * (selectors, names, the nearest-first resolver) and, across namespaces, through a few kinds only: kind
 * cluster configs and node ports (unique cluster-wide), Gateways (routes attach across namespaces), Namespace
 * objects (namespace selectors), and references that name a namespace. So after an edit, the findings on
 * the objects of the namespaces it touches are those of a lint of those namespaces' files with the
 * cluster-wide files beside them (kustomizations among them: they say which files are patches). The full
 * lint that follows (workspace.ts) settles the rest: findings on other namespaces' objects that mention
 * the changed ones, and the judgements of what the input shows that weigh other namespaces (a selector
 * whose pods sit in a namespace the shard left out, how many files refer to a missing kind).
 */
import { getsNodePorts } from '../model/kind.js';
import { isKustomizationFile } from '../model/kustomize.js';
import { isPlainObject, objectsOf } from '../model/objects.js';
import { servicePorts } from '../model/service.js';
import type { Finding, K8sObject, SourceFile } from '../types.js';

export interface FileFacts {
  /** Namespaces of the file's objects ('' for cluster-scoped ones). */
  namespaces: Set<string>;
  /** Namespaces its objects name in references (`backendRefs[].namespace`, …). */
  refs: Set<string>;
  /** Holds an object whose findings or influence cross namespaces: kind config, Namespace, Gateway. */
  global: boolean;
  /** The node ports its Services set (a node port is unique cluster-wide). */
  nodePorts: Set<number>;
  /**
   * Holds a Service that gets node ports but leaves one unset: the nodePort a kind mapping suggestion
   * proposes for it is one no Service of the input uses, so every Service with node ports counts.
   */
  unsetNodePort: boolean;
}

function collectNamespaceRefs(v: unknown, out: Set<string>, depth: number): void {
  if (depth > 12) return;
  if (Array.isArray(v)) {
    for (const x of v) collectNamespaceRefs(x, out, depth + 1);
    return;
  }
  if (!isPlainObject(v)) return;
  for (const k in v) {
    const x = v[k];
    if (k === 'namespace' && typeof x === 'string') out.add(x);
    else if (typeof x === 'object' && x !== null) collectNamespaceRefs(x, out, depth + 1);
  }
}

/**
 * What the shard needs to know of a file. References to namespaces are collected only when asked
 * (`refs`): they matter for the files an edit changes, and walking every value of every file is slow.
 */
export function factsOf(file: SourceFile, defaultNamespace: string, refs = false): FileFacts {
  const facts = factsOfObjects(objectsOf(file, defaultNamespace), refs);
  // A kustomization decides which files are patches (partial objects) for every namespace.
  if (isKustomizationFile(file.path)) facts.global = true;
  return facts;
}

/** The facts of a file from its objects (a full lint's model has them all, grouped here by file). */
export function factsOfObjects(objects: readonly K8sObject[], refs = false): FileFacts {
  const facts: FileFacts = {
    namespaces: new Set(),
    refs: new Set(),
    global: false,
    nodePorts: new Set(),
    unsetNodePort: false,
  };
  for (const o of objects) {
    facts.namespaces.add(o.namespace);
    if (
      o.group === 'kind.x-k8s.io' ||
      (o.kind === 'Namespace' && o.group === '') ||
      (o.kind === 'Gateway' && o.group === 'gateway.networking.k8s.io')
    )
      facts.global = true;
    if (o.kind === 'Service' && o.group === '') {
      const gets = getsNodePorts(o);
      for (const p of servicePorts(o)) {
        if (p.nodePort !== undefined) facts.nodePorts.add(p.nodePort);
        else if (gets) facts.unsetNodePort = true;
      }
    }
    if (refs) collectNamespaceRefs(o.raw?.spec, facts.refs, 0);
  }
  return facts;
}

/** Files by namespace, and the cluster-wide ones, kept as files come and go. */
export class FileIndex {
  private readonly facts = new Map<string, FileFacts>();
  private readonly byNamespace = new Map<string, Set<string>>();
  private readonly byNodePort = new Map<number, Set<string>>();
  readonly global = new Set<string>();
  /** Files with a Service that sets a node port. */
  readonly nodePorts = new Set<string>();

  get(path: string): FileFacts | undefined {
    return this.facts.get(path);
  }

  set(path: string, facts: FileFacts | undefined): void {
    const old = this.facts.get(path);
    if (old) for (const ns of old.namespaces) this.byNamespace.get(ns)?.delete(path);
    if (old) for (const n of old.nodePorts) this.byNodePort.get(n)?.delete(path);
    this.global.delete(path);
    this.nodePorts.delete(path);
    if (!facts) {
      this.facts.delete(path);
      return;
    }
    this.facts.set(path, facts);
    for (const ns of facts.namespaces) addTo(this.byNamespace, ns, path);
    for (const n of facts.nodePorts) addTo(this.byNodePort, n, path);
    if (facts.global) this.global.add(path);
    if (facts.nodePorts.size) this.nodePorts.add(path);
  }

  inNamespace(ns: string): ReadonlySet<string> {
    return this.byNamespace.get(ns) ?? NONE;
  }

  withNodePort(n: number): ReadonlySet<string> {
    return this.byNodePort.get(n) ?? NONE;
  }
}

const NONE: ReadonlySet<string> = new Set();

function addTo<K>(m: Map<K, Set<string>>, k: K, path: string): void {
  let set = m.get(k);
  if (!set) {
    set = new Set();
    m.set(k, set);
  }
  set.add(path);
}

export interface Shard {
  /** Namespaces whose objects' findings the shard's lint decides. */
  namespaces: Set<string>;
  /** The files to lint. */
  paths: Set<string>;
}

/**
 * The shard for a change to `changed` (facts before and after each), or undefined when the change
 * concerns the whole workspace (a kind config, a Namespace, a Gateway).
 */
export function shardFor(
  index: FileIndex,
  changed: ReadonlyMap<string, { before?: FileFacts; after?: FileFacts }>,
): Shard | undefined {
  const namespaces = new Set<string>();
  for (const { before, after } of changed.values()) {
    for (const f of [before, after]) {
      if (!f) continue;
      if (f.global) return undefined;
      for (const ns of f.namespaces) namespaces.add(ns);
      for (const ns of f.refs) namespaces.add(ns);
    }
  }
  const paths = new Set<string>(index.global);
  for (const ns of namespaces) for (const p of index.inNamespace(ns)) paths.add(p);
  // The Services that share a node port with one of the shard's (node-port-conflict and the kind rules
  // compare them), or all of them when a Service leaves a node port unset.
  const ports = new Set<number>();
  let unset = false;
  const consider = (f: FileFacts | undefined) => {
    if (!f) return;
    for (const n of f.nodePorts) ports.add(n);
    if (f.unsetNodePort) unset = true;
  };
  for (const p of paths) consider(index.get(p));
  for (const { before } of changed.values()) consider(before);
  if (unset) for (const p of index.nodePorts) paths.add(p);
  else for (const n of ports) for (const p of index.withNodePort(n)) paths.add(p);
  return { namespaces, paths };
}

/** Is a finding decided by a lint of the shard (its object is in the shard's namespaces)? */
export function decidedBy(shard: Shard, changed: ReadonlySet<string>, f: Finding): boolean {
  const t = f.target;
  if (!t) return changed.has(f.filePath);
  // A kind config's findings depend on every Service: the full lint decides them.
  if (t.apiVersion.startsWith('kind.x-k8s.io/')) return false;
  return shard.namespaces.has(t.namespace);
}
