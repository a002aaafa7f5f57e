/**
 * The model: one index over every object of the run, built once. Selector matching intersects posting
 * lists of a label index instead of scanning pod templates, so every rule stays O(objects).
 */
import type { K8sObject, Path } from '../types.js';
import { mapAt, push, setAt } from '../util/maps.js';
import type { KustomizeLayout } from './kustomize.js';
import { isPlainObject, labelsOf, valueAt } from './objects.js';
import { clusterPods, isConfigurationOnly, type ManagedPods, managedPodsOf } from './operators.js';
import { Units } from './scope.js';

export interface ContainerPortInfo {
  readonly name?: string;
  readonly containerPort?: number;
  readonly protocol: string;
  /** Path of this port entry, relative to the owning object. */
  readonly path: Path;
}

export interface ContainerInfo {
  readonly name: string;
  readonly image: string;
  readonly init: boolean;
  readonly ports: ContainerPortInfo[];
  // biome-ignore lint/suspicious/noExplicitAny: raw container spec
  readonly raw: any;
  /** Path of the container, relative to the owning object. */
  readonly path: Path;
}

export interface PodTemplate {
  /** The workload (or bare Pod) the template belongs to. */
  owner: K8sObject;
  namespace: string;
  /** Path of the template relative to the owner ([] for a bare Pod). */
  path: Path;
  /** Path of the pod spec relative to the owner. */
  specPath: Path;
  labels: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: raw pod spec
  spec: any;
  containers: ContainerInfo[];
}

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** Where each kind keeps its pod template, relative to the object. */
const TEMPLATE_PATHS: Record<string, Path> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  PodTemplate: ['template'],
};

export const WORKLOAD_KINDS = new Set(Object.keys(TEMPLATE_PATHS).filter((k) => k !== 'PodTemplate'));

/** Where a built-in workload kind keeps its pod template (`[]` for a Pod), or undefined for other kinds. */
export function templatePathOf(kind: string): Path | undefined {
  return WORKLOAD_KINDS.has(kind) ? TEMPLATE_PATHS[kind] : undefined;
}

/**
 * Labels that controllers add to the pods they create. A selector on one of them does reach pods: the
 * predicate says whether a template's pods can carry the key with the value.
 */
const CONTROLLER_LABELS: Record<string, (t: PodTemplate, value: string | undefined) => boolean> = {
  'pod-template-hash': (t) => t.owner.kind === 'Deployment',
  'controller-revision-hash': (t) => t.owner.kind === 'StatefulSet' || t.owner.kind === 'DaemonSet',
  'pod-template-generation': (t) => t.owner.kind === 'DaemonSet',
  'statefulset.kubernetes.io/pod-name': (t, v) => statefulOrdinal(t, v, true),
  'apps.kubernetes.io/pod-index': (t, v) => statefulOrdinal(t, v, false),
  'job-name': (t, v) => jobName(t, v),
  'batch.kubernetes.io/job-name': (t, v) => jobName(t, v),
  'controller-uid': (t) => t.owner.kind === 'Job' || t.owner.kind === 'CronJob',
  'batch.kubernetes.io/controller-uid': (t) => t.owner.kind === 'Job' || t.owner.kind === 'CronJob',
  'batch.kubernetes.io/job-completion-index': (t) => t.owner.kind === 'Job' || t.owner.kind === 'CronJob',
};

/** Own entries only: a label key such as "__proto__" or "constructor" must not reach Object.prototype. */
function controllerLabel(key: string) {
  return Object.hasOwn(CONTROLLER_LABELS, key) ? CONTROLLER_LABELS[key] : undefined;
}

function statefulOrdinal(t: PodTemplate, v: string | undefined, withName: boolean): boolean {
  if (t.owner.kind !== 'StatefulSet') return false;
  if (v === undefined) return true;
  let ord = v;
  if (withName) {
    const prefix = `${t.owner.name}-`;
    if (!v.startsWith(prefix)) return false;
    ord = v.slice(prefix.length);
  }
  if (!/^(0|[1-9]\d*)$/.test(ord)) return false;
  const n = Number(ord);
  const spec = t.owner.raw?.spec ?? {};
  const start = typeof spec.ordinals?.start === 'number' ? spec.ordinals.start : 0;
  // Without replicas the count is 1 by default, but an autoscaler may own it: accept any ordinal then.
  if (typeof spec.replicas !== 'number') return n >= start;
  return n >= start && n < start + spec.replicas;
}

function jobName(t: PodTemplate, v: string | undefined): boolean {
  if (t.owner.kind === 'Job') return v === undefined || v === t.owner.name;
  if (t.owner.kind === 'CronJob') return v === undefined || v.startsWith(`${t.owner.name}-`);
  return false;
}

/** Does the template's pods carry label key=value (value undefined: carry the key at all)? */
export function templateHasLabel(t: PodTemplate, key: string, value?: string): boolean {
  const own = t.labels[key];
  if (own !== undefined && (value === undefined || own === value)) return true;
  const pred = controllerLabel(key);
  return pred ? pred(t, value) : false;
}

/** Equality-selector match, as a Service selects. */
export function templateMatches(t: PodTemplate, selector: Record<string, string>): boolean {
  for (const k of Object.keys(selector)) if (!templateHasLabel(t, k, selector[k] as string)) return false;
  return true;
}

/** Full LabelSelector match (matchLabels and matchExpressions). */
export function templateMatchesSelector(t: PodTemplate, sel: LabelSelector): boolean {
  if (sel.matchLabels && !templateMatches(t, sel.matchLabels)) return false;
  for (const req of sel.matchExpressions ?? []) {
    if (!requirementMatches(req, (k, v) => templateHasLabel(t, k, v))) return false;
  }
  return true;
}

/** Evaluates a requirement against a label predicate: has(key, value?) . */
export function requirementMatches(
  req: LabelSelectorRequirement,
  has: (key: string, value?: string) => boolean,
): boolean {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return values.some((v) => has(req.key, v));
    case 'NotIn':
      return !values.some((v) => has(req.key, v));
    case 'Exists':
      return has(req.key);
    case 'DoesNotExist':
      return !has(req.key);
    default:
      return false;
  }
}

/** Labels as a plain record, for LabelSelector matching against fixed labels (e.g. another template). */
export function labelsMatchSelector(labels: Record<string, string>, sel: LabelSelector): boolean {
  const has = (k: string, v?: string) => Object.hasOwn(labels, k) && (v === undefined || labels[k] === v);
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (!has(k, v)) return false;
  return (sel.matchExpressions ?? []).every((r) => requirementMatches(r, has));
}

/** Normalises a LabelSelector value (as found in a manifest) into plain strings. */
export function toLabelSelector(v: unknown): LabelSelector | undefined {
  if (!isPlainObject(v)) return undefined;
  const sel: LabelSelector = {};
  if (isPlainObject(v.matchLabels)) sel.matchLabels = labelsOf(v.matchLabels);
  if (Array.isArray(v.matchExpressions)) {
    sel.matchExpressions = v.matchExpressions.filter(isPlainObject).map((e) => ({
      key: String(e.key ?? ''),
      operator: String(e.operator ?? ''),
      values: Array.isArray(e.values) ? e.values.map((x: unknown) => String(x)) : undefined,
    }));
  }
  return sel;
}

export function isEmptySelector(sel: LabelSelector): boolean {
  return Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
}

function containersOf(spec: unknown, specPath: Path): ContainerInfo[] {
  if (!isPlainObject(spec)) return [];
  const out: ContainerInfo[] = [];
  addContainers(spec.containers, 'containers', false, specPath, out);
  addContainers(spec.initContainers, 'initContainers', true, specPath, out);
  return out;
}

/**
 * A container of a pod template. Its path (and its ports') is made when asked: rules ask only for what they
 * report, and a large run has tens of thousands of containers.
 */
class Container implements ContainerInfo {
  constructor(
    readonly name: string,
    readonly image: string,
    readonly init: boolean,
    readonly ports: ContainerPortInfo[],
    // biome-ignore lint/suspicious/noExplicitAny: raw container spec
    readonly raw: any,
    private readonly specPath: Path,
    private readonly field: string,
    private readonly index: number,
  ) {}

  get path(): Path {
    return [...this.specPath, this.field, this.index];
  }
}

class ContainerPort implements ContainerPortInfo {
  constructor(
    readonly name: string | undefined,
    readonly containerPort: number | undefined,
    readonly protocol: string,
    private readonly container: Container,
    private readonly index: number,
  ) {}

  get path(): Path {
    return [...this.container.path, 'ports', this.index];
  }
}

/** The containers of one list of a pod spec (plain loops: every template of a run comes through here). */
function addContainers(
  list: unknown,
  field: string,
  init: boolean,
  specPath: Path,
  out: ContainerInfo[],
): void {
  if (!Array.isArray(list)) return;
  for (let i = 0; i < list.length; i++) {
    const c: unknown = list[i];
    if (!isPlainObject(c)) continue;
    const ports: ContainerPortInfo[] = [];
    const container = new Container(
      typeof c.name === 'string' ? c.name : `#${i}`,
      typeof c.image === 'string' ? c.image : '',
      init,
      ports,
      c,
      specPath,
      field,
      i,
    );
    const declared = c.ports;
    if (Array.isArray(declared)) {
      for (let j = 0; j < declared.length; j++) {
        const p: unknown = declared[j];
        if (!isPlainObject(p)) continue;
        ports.push(
          new ContainerPort(
            typeof p.name === 'string' ? p.name : undefined,
            typeof p.containerPort === 'number' ? p.containerPort : undefined,
            typeof p.protocol === 'string' ? p.protocol : 'TCP',
            container,
            j,
          ),
        );
      }
    }
    out.push(container);
  }
}

export function podTemplateOf(obj: K8sObject): PodTemplate | undefined {
  const tpath = Object.hasOwn(TEMPLATE_PATHS, obj.kind) ? TEMPLATE_PATHS[obj.kind] : undefined;
  if (!tpath || obj.group === 'kind.x-k8s.io') return undefined;
  const tpl = valueAt(obj.raw, tpath);
  if (!isPlainObject(tpl)) return undefined;
  const meta = isPlainObject(tpl.metadata) ? tpl.metadata : {};
  const specPath = [...tpath, 'spec'];
  const spec = tpl.spec;
  return {
    owner: obj,
    namespace: obj.namespace,
    path: tpath,
    specPath,
    labels: labelsOf(meta.labels),
    spec: isPlainObject(spec) ? spec : {},
    containers: containersOf(spec, specPath),
  };
}

/** API groups whose kinds we know; objects of any other group are custom resources. */
const BUILTIN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'extensions',
  'networking.k8s.io',
  'policy',
  'autoscaling',
]);

export function isCustomResource(obj: K8sObject): boolean {
  return !BUILTIN_GROUPS.has(obj.group) && !obj.group.endsWith('.k8s.io') && obj.group !== 'kind.x-k8s.io';
}

/**
 * Pod templates embedded in a custom resource (Argo Rollout, LeaderWorkerSet, JobSet, …): every
 * PodTemplateSpec-shaped node — an object whose `spec.containers` is a list — found within a few levels.
 */
export function embeddedTemplates(obj: K8sObject): PodTemplate[] {
  const out: PodTemplate[] = [];
  const visit = (v: unknown, path: Path, depth: number) => {
    if (depth > 8) return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        visit(x, [...path, i], depth + 1);
      });
      return;
    }
    if (!isPlainObject(v)) return;
    if (path.length && isPlainObject(v.spec) && Array.isArray(v.spec.containers)) {
      const meta = isPlainObject(v.metadata) ? v.metadata : {};
      const specPath = [...path, 'spec'];
      out.push({
        owner: obj,
        namespace: obj.namespace,
        path,
        specPath,
        labels: labelsOf(meta.labels),
        spec: v.spec,
        containers: containersOf(v.spec, specPath),
      });
      return;
    }
    for (const [k, x] of Object.entries(v))
      if (k !== 'metadata' && k !== 'status') visit(x, [...path, k], depth + 1);
  };
  visit(obj.raw, [], 0);
  return out;
}

/** A workload's own pod selector (undefined for a bare Pod, or a Job whose selector is generated). */
export function workloadSelector(obj: K8sObject): { selector: LabelSelector; path: Path } | undefined {
  const spec = obj.raw?.spec;
  if (!isPlainObject(spec)) return undefined;
  switch (obj.kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet': {
      const sel = toLabelSelector(spec.selector);
      return sel ? { selector: sel, path: ['spec', 'selector'] } : undefined;
    }
    case 'Job': {
      if (spec.manualSelector !== true) return undefined;
      const sel = toLabelSelector(spec.selector);
      return sel ? { selector: sel, path: ['spec', 'selector'] } : undefined;
    }
    case 'ReplicationController': {
      // An RC's selector is a plain map, defaulting to the template's labels.
      if (!isPlainObject(spec.selector)) return undefined;
      return { selector: { matchLabels: labelsOf(spec.selector) }, path: ['spec', 'selector'] };
    }
    default:
      return undefined;
  }
}

type Postings = Map<string, Map<string, PodTemplate[]>>;

export class Model {
  readonly objects: K8sObject[];
  readonly services: K8sObject[] = [];
  readonly ingresses: K8sObject[] = [];
  readonly kindClusters: K8sObject[] = [];
  readonly podTemplates: PodTemplate[] = [];
  readonly defaultNamespace: string;
  private readonly byKind = new Map<string, K8sObject[]>();
  /** kind → namespace → name → objects */
  private readonly byName = new Map<string, Map<string, Map<string, K8sObject[]>>>();
  /** namespace → label key → value → templates */
  private readonly labelIndex = new Map<string, Postings>();
  /** label key → value → namespaces with a template that declares it (for cross-namespace hints). */
  private readonly labelNamespaces = new Map<string, Map<string, Set<string>>>();
  private readonly templatesByNs = new Map<string, PodTemplate[]>();
  private readonly templatesByOwner = new Map<K8sObject, PodTemplate[]>();
  /**
   * namespace → names of custom resources that embed no pod template and follow no known convention: their
   * operators may create pods whose labels the input does not show.
   */
  private readonly customNames = new Map<string, Set<string>>();
  /** namespace → pods known by the labels operators and the cluster give them (operators.ts). */
  private readonly managedByNs = new Map<string, ManagedPods[]>();
  /** Kustomize patches: parts of other objects, not linted as objects of their own. */
  readonly partials: K8sObject[] = [];
  private unitsOf?: Units;
  /** What the input's kustomizations say about its files, when it has any (kustomize.ts). */
  kustomize?: KustomizeLayout;

  constructor(objects: K8sObject[], defaultNamespace = 'default') {
    this.objects = objects.some((o) => o.partial) ? objects.filter((o) => !o.partial) : objects;
    if (this.objects !== objects) for (const o of objects) if (o.partial) this.partials.push(o);
    this.defaultNamespace = defaultNamespace;
    for (const p of clusterPods()) push(this.managedByNs, p.namespace, p);
    for (const obj of this.objects) {
      push(this.byKind, obj.kind, obj);
      push(mapAt(mapAt(this.byName, obj.kind), obj.namespace), obj.name, obj);
      if (obj.kind === 'Service' && obj.group === '') this.services.push(obj);
      else if (obj.kind === 'Ingress') this.ingresses.push(obj);
      else if (obj.kind === 'Cluster' && obj.group === 'kind.x-k8s.io') this.kindClusters.push(obj);
      if (isCustomResource(obj)) {
        const templates = embeddedTemplates(obj);
        if (templates.length) this.templatesByOwner.set(obj, templates);
        for (const t of templates) this.addTemplate(t);
        const managed = managedPodsOf(obj);
        if (managed) {
          // An embedded template is what the pods are made of; the operator adds its labels to it.
          if (!templates.length) push(this.managedByNs, obj.namespace, managed);
          for (const t of templates)
            push(this.managedByNs, obj.namespace, { ...managed, labels: { ...t.labels, ...managed.labels } });
        } else if (!templates.length && obj.name && !isConfigurationOnly(obj))
          setAt(this.customNames, obj.namespace).add(obj.name);
      } else if (WORKLOAD_KINDS.has(obj.kind)) {
        const t = podTemplateOf(obj);
        if (t) {
          this.templatesByOwner.set(obj, [t]);
          this.addTemplate(t);
        }
      }
    }
  }

  private addTemplate(t: PodTemplate): void {
    this.podTemplates.push(t);
    push(this.templatesByNs, t.namespace, t);
    const ns = mapAt(this.labelIndex, t.namespace);
    const labels = t.labels;
    for (const k in labels) {
      const v = labels[k] as string;
      push(mapAt(ns, k), v, t);
      setAt(mapAt(this.labelNamespaces, k), v).add(t.namespace);
    }
  }

  /**
   * Is there a custom resource with this name in the namespace whose operator may create pods the input
   * does not describe (it embeds no pod template and follows no known convention)?
   */
  hasCustomResourceNamed(namespace: string, name: string): boolean {
    return this.customNames.get(namespace)?.has(name) ?? false;
  }

  /** Pods of a namespace known by the labels operators and the cluster give them (operators.ts). */
  managedIn(namespace: string): readonly ManagedPods[] {
    return this.managedByNs.get(namespace) ?? [];
  }

  /** Namespaces with pods known only by the labels operators and the cluster give them. */
  namespacesWithManaged(): string[] {
    return [...this.managedByNs.keys()];
  }

  /** Which files of the input are applied together (scope.ts). */
  get units(): Units {
    this.unitsOf ??= new Units(this.objects);
    return this.unitsOf;
  }

  /** All objects of a kind (any group). */
  ofKind(kind: string): K8sObject[] {
    return this.byKind.get(kind) ?? [];
  }

  /** Objects of a kind with a name in a namespace ('' for cluster-scoped). */
  lookup(kind: string, namespace: string, name: string): K8sObject[] {
    return this.byName.get(kind)?.get(namespace)?.get(name) ?? [];
  }

  /** The objects of a kind in a namespace, by name. */
  namedIn(kind: string, namespace: string): ReadonlyMap<string, K8sObject[]> | undefined {
    return this.byName.get(kind)?.get(namespace);
  }

  /** The namespaces that hold objects of a kind ('' for cluster-scoped ones). */
  namespacesWith(kind: string): string[] {
    return [...(this.byName.get(kind)?.keys() ?? [])];
  }

  /** The pod template of a workload (the first, for a custom resource that embeds several). */
  templateOf(obj: K8sObject): PodTemplate | undefined {
    return this.templatesByOwner.get(obj)?.[0];
  }

  templatesIn(namespace: string): PodTemplate[] {
    return this.templatesByNs.get(namespace) ?? [];
  }

  /** Candidates for key=value: templates that declare it, plus those whose controller adds it. */
  private candidates(ns: Postings, namespace: string, key: string, value: string): readonly PodTemplate[] {
    const own = ns.get(key)?.get(value) ?? NONE;
    const pred = controllerLabel(key);
    if (!pred) return own;
    const dyn = this.templatesIn(namespace).filter((t) => pred(t, value) && !own.includes(t));
    return dyn.length ? [...own, ...dyn] : own;
  }

  /** Pod templates an equality selector (a Service's) matches in a namespace. Empty selector: none. */
  selectPods(namespace: string, selector: Record<string, string>): PodTemplate[] {
    const ns = this.labelIndex.get(namespace);
    const keys = Object.keys(selector);
    if (!ns || keys.length === 0) return [];
    // The shortest posting list of the selector's pairs, filtered by the other pairs.
    let best: readonly PodTemplate[] = NONE;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      const c = this.candidates(ns, namespace, k, selector[k] as string);
      if (c.length === 0) return [];
      if (i === 0 || c.length < best.length) best = c;
    }
    // Every candidate of a pair carries it: a one-pair selector needs no filtering.
    return keys.length === 1 ? best.slice() : best.filter((t) => templateMatches(t, selector));
  }

  /**
   * The pod templates a selector matches in the namespaces other than `namespace` (for "matches in another
   * namespace"): only namespaces that declare one of its matchLabels pairs are looked at, unless every key
   * is a controller label or it has none.
   */
  matchesElsewhere(namespace: string, sel: LabelSelector): PodTemplate[] {
    let within: Set<string> | undefined;
    for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
      if (controllerLabel(k)) continue;
      const found = this.labelNamespaces.get(k)?.get(v);
      if (!found) return [];
      if (!within || found.size < within.size) within = found;
    }
    const out: PodTemplate[] = [];
    for (const other of within ?? this.templatesByNs.keys()) {
      if (other !== namespace) out.push(...this.selectPodsBy(other, sel));
    }
    return out;
  }

  /** Pod templates a LabelSelector matches. An empty selector matches every template in the namespace. */
  selectPodsBy(namespace: string, sel: LabelSelector): PodTemplate[] {
    const ml = sel.matchLabels ?? {};
    const base = Object.keys(ml).length ? this.selectPods(namespace, ml) : this.templatesIn(namespace);
    if (!sel.matchExpressions?.length) return base;
    return base.filter((t) => templateMatchesSelector(t, sel));
  }

  /** Distinct values seen for a label key in a namespace (for "did you mean" hints). */
  labelValues(namespace: string, key: string): string[] {
    return [...(this.labelIndex.get(namespace)?.get(key)?.keys() ?? [])];
  }

  /** Namespaces that have pod templates. */
  namespaces(): string[] {
    return [...this.templatesByNs.keys()];
  }

  /** Label keys seen in a namespace. */
  labelKeys(namespace: string): string[] {
    return [...(this.labelIndex.get(namespace)?.keys() ?? [])];
  }

  /** Templates with key=value declared in their own labels (no controller labels). */
  templatesWithLabel(namespace: string, key: string, value: string): PodTemplate[] {
    return this.labelIndex.get(namespace)?.get(key)?.get(value) ?? [];
  }
}

const NONE: readonly PodTemplate[] = [];
