/**
 * Kustomize layouts, read as far as the rules need (docs/relations.md, "Kustomize"): which files a
 * `kustomization.yaml` includes (`resources`, `bases`, `components`, directories through their own
 * kustomization), which are patches (`patches`, `patchesStrategicMerge`, `patchesJson6902` with a `path`),
 * the `namespace` it sets, and the labels it adds (`commonLabels`; `labels` with `includeSelectors` and
 * `includeTemplates`). Patches are partial objects: they are not linted as objects of their own, and a
 * patch of a pod template adds its labels, containers and container ports to the object it patches.
 * `namePrefix`/`nameSuffix` rename every object and every reference of a kustomization alike, so names are
 * compared as written. Generators, replacements, vars, JSON patches and inline patches are not read.
 */
import { basename, dirname, join, normalize } from 'node:path';
import type { K8sObject, Path, SourceFile } from '../types.js';
import { push } from '../util/maps.js';
import { templatePathOf } from './model.js';
import { isPlainObject, labelsOf, valueAt } from './objects.js';

const FILE_NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

interface LabelSet {
  pairs: Record<string, string>;
  selectors: boolean;
  templates: boolean;
}

interface Kustomization {
  dir: string;
  /** Normalized paths of the files and directories it includes. */
  includes: string[];
  patches: string[];
  namespace?: string;
  labels: LabelSet[];
}

export function isKustomizationFile(path: string): boolean {
  return FILE_NAMES.has(basename(path));
}

/** A file named as a patch (`*-patch.yaml`, `patch.json`, `patches/…`). */
export function isPatchFileName(path: string): boolean {
  return /(^|[-_.])patch(es)?([-_.]|$)/i.test(basename(path)) || /(^|[\\/])patches[\\/]/.test(path);
}

function podSpecLacksImage(spec: unknown): boolean {
  const containers = isPlainObject(spec) ? spec.containers : undefined;
  return (
    !Array.isArray(containers) || containers.some((c) => !isPlainObject(c) || typeof c.image !== 'string')
  );
}

/**
 * An object of a built-in kind that lacks what every applied object of its kind has (a workload's
 * container images, a CRD's names): a patch, when its file is named as one. Kinds not listed here are never
 * taken for patches by their name.
 */
export function looksPartial(obj: K8sObject): boolean {
  const raw = obj.raw;
  if (!isPlainObject(raw)) return false;
  const spec = raw.spec;
  if (obj.group === 'apiextensions.k8s.io' && obj.kind === 'CustomResourceDefinition')
    return !isPlainObject(spec) || !isPlainObject(spec.names) || typeof spec.group !== 'string';
  if (obj.group === '' && obj.kind === 'Service')
    return (
      !isPlainObject(spec) ||
      (spec.ports === undefined && spec.selector === undefined && spec.externalName === undefined)
    );
  const builtin = obj.group === '' || obj.group === 'apps' || obj.group === 'batch';
  const path = builtin ? templatePathOf(obj.kind) : undefined;
  if (!path) return false;
  return podSpecLacksImage(valueAt(raw, [...path, 'spec']));
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function read(file: SourceFile): Kustomization | undefined {
  const value = file.documents[0]?.value;
  if (!isPlainObject(value)) return undefined;
  if (value.apiVersion !== undefined && !String(value.apiVersion).startsWith('kustomize.config.k8s.io/'))
    return undefined;
  const dir = dirname(file.path);
  const local = (p: string) => normalize(join(dir, p));
  // Remote bases (URLs, git repositories) are not in the input.
  const isLocal = (p: string) => !/^[a-z][a-z0-9+.-]*:\/\/|^git@|^github\.com\//i.test(p);
  const includes = [...strings(value.resources), ...strings(value.bases), ...strings(value.components)]
    .filter(isLocal)
    .map(local);
  const patches: string[] = [];
  // An entry of patchesStrategicMerge is a path, or the patch itself written inline.
  for (const p of strings(value.patchesStrategicMerge)) if (!p.includes('\n')) patches.push(local(p));
  for (const key of ['patches', 'patchesJson6902']) {
    const list = value[key];
    if (!Array.isArray(list)) continue;
    for (const p of list) {
      if (typeof p === 'string') patches.push(local(p));
      else if (isPlainObject(p) && typeof p.path === 'string') patches.push(local(p.path));
    }
  }
  const labels: LabelSet[] = [];
  if (isPlainObject(value.commonLabels))
    labels.push({ pairs: labelsOf(value.commonLabels), selectors: true, templates: true });
  if (Array.isArray(value.labels)) {
    for (const l of value.labels) {
      if (!isPlainObject(l) || !isPlainObject(l.pairs)) continue;
      const selectors = l.includeSelectors === true;
      labels.push({
        pairs: labelsOf(l.pairs),
        selectors,
        templates: selectors || l.includeTemplates === true,
      });
    }
  }
  return {
    dir: normalize(dir),
    includes,
    patches,
    namespace: typeof value.namespace === 'string' && value.namespace ? value.namespace : undefined,
    labels,
  };
}

/** What the kustomizations of the input say about its files. */
export class KustomizeLayout {
  private readonly patchFiles = new Set<string>();
  /** normalized file path → the kustomizations that include it, nearest first */
  private readonly chains = new Map<string, Kustomization[]>();

  constructor(sources: readonly SourceFile[]) {
    const all: Kustomization[] = [];
    for (const f of sources) {
      if (!isKustomizationFile(f.path)) continue;
      const k = read(f);
      if (k) all.push(k);
    }
    if (!all.length) return;
    const byDir = new Map<string, Kustomization>();
    for (const k of all) byDir.set(k.dir, k);
    // Who includes a kustomization (through its directory).
    const parents = new Map<Kustomization, Kustomization[]>();
    const direct = new Map<string, Kustomization[]>();
    for (const k of all) {
      for (const p of k.patches) this.patchFiles.add(p);
      for (const inc of k.includes) {
        const child = byDir.get(inc);
        if (child && child !== k) push(parents, child, k);
        else push(direct, inc, k);
      }
    }
    const chainOf = (start: Kustomization[]): Kustomization[] => {
      const out: Kustomization[] = [];
      const queue = [...start];
      while (queue.length) {
        const k = queue.shift() as Kustomization;
        if (out.includes(k)) continue;
        out.push(k);
        queue.push(...(parents.get(k) ?? []));
      }
      return out;
    };
    for (const [path, ks] of direct) this.chains.set(path, chainOf(ks));
  }

  /** Is the file a patch of some kustomization (its objects are partial)? */
  isPatch(file: SourceFile): boolean {
    return this.patchFiles.size > 0 && this.patchFiles.has(normalize(file.path));
  }

  /** Is the file included by a kustomization of the input? */
  isIncluded(file: SourceFile): boolean {
    return this.chains.has(normalize(file.path));
  }

  /**
   * Applies what the kustomizations that include the object's file do to it: the namespace (the nearest
   * that sets one) and the labels they add (nearer ones win).
   */
  apply(obj: K8sObject): void {
    const chain = this.chains.get(normalize(obj.file.path));
    if (!chain) return;
    const ns = chain.find((k) => k.namespace)?.namespace;
    if (ns && obj.namespace !== '') {
      obj.namespace = ns;
      obj.explicitNamespace = true;
    }
    // Farthest first, so that nearer kustomizations override.
    const sets = chain.flatMap((k) => k.labels).reverse();
    if (sets.length) addLabels(obj, sets);
  }

  /** Does one kustomization list both files as resources (so `kustomize build` puts them together)? */
  listsBoth(a: SourceFile, b: SourceFile): boolean {
    const ka = this.chains.get(normalize(a.path))?.[0];
    return ka !== undefined && ka === this.chains.get(normalize(b.path))?.[0];
  }

  get empty(): boolean {
    return this.chains.size === 0 && this.patchFiles.size === 0;
  }
}

/** A copy of `v` (a mapping or nothing) with `labels` merged in. */
function withLabels(v: unknown, labels: Record<string, string>): Record<string, unknown> {
  const base = isPlainObject(v) ? v : {};
  return { ...base, ...labels };
}

/** Copies the object's raw value along the paths it changes: the parsed document stays as written. */
function addLabels(obj: K8sObject, sets: LabelSet[]): void {
  const all: Record<string, string> = {};
  const selectors: Record<string, string> = {};
  const templates: Record<string, string> = {};
  for (const s of sets) {
    Object.assign(all, s.pairs);
    if (s.selectors) Object.assign(selectors, s.pairs);
    if (s.templates) Object.assign(templates, s.pairs);
  }
  const raw = isPlainObject(obj.raw) ? { ...obj.raw } : {};
  const meta = isPlainObject(raw.metadata) ? { ...raw.metadata } : {};
  meta.labels = withLabels(meta.labels, all);
  raw.metadata = meta;
  obj.labels = { ...obj.labels, ...all };
  const spec = isPlainObject(raw.spec) ? { ...raw.spec } : undefined;
  if (spec && Object.keys(selectors).length) {
    if (obj.kind === 'Service' && obj.group === '' && spec.type !== 'ExternalName')
      spec.selector = withLabels(spec.selector, selectors);
    else if (obj.kind === 'ReplicationController') spec.selector = withLabels(spec.selector, selectors);
    else if (templatePathOf(obj.kind)?.length && obj.kind !== 'Job' && obj.kind !== 'CronJob') {
      const sel = isPlainObject(spec.selector) ? { ...spec.selector } : {};
      sel.matchLabels = withLabels(sel.matchLabels, selectors);
      spec.selector = sel;
    }
  }
  if (spec) raw.spec = spec;
  const tpath = templatePathOf(obj.kind);
  if (tpath?.length && Object.keys(templates).length) setTemplateLabels(raw, tpath, templates);
  obj.raw = raw;
}

/**
 * Copies the mappings along `path` in `raw` (a copy already), so that the last one can be changed without
 * touching the parsed document, and returns that last one.
 */
function copyAlong(raw: Record<string, unknown>, path: Path): Record<string, unknown> {
  let parent = raw;
  for (const key of path as readonly string[]) {
    const next = isPlainObject(parent[key]) ? { ...(parent[key] as Record<string, unknown>) } : {};
    parent[key] = next;
    parent = next;
  }
  return parent;
}

function setTemplateLabels(raw: Record<string, unknown>, tpath: Path, labels: Record<string, string>) {
  const parent = copyAlong(raw, tpath);
  const meta = isPlainObject(parent.metadata) ? { ...parent.metadata } : {};
  meta.labels = withLabels(meta.labels, labels);
  parent.metadata = meta;
}

/**
 * Merges a strategic-merge patch of a workload into the object it patches, as far as the pod template goes:
 * the template's labels, and containers by name with their ports (a patch adding a sidecar and its port,
 * as kubebuilder's auth proxy patch does).
 */
export function mergeTemplatePatch(target: K8sObject, patch: K8sObject): void {
  const tpath = templatePathOf(target.kind);
  if (!tpath?.length) return;
  const ptpl = valueAt(patch.raw, tpath);
  if (!isPlainObject(ptpl)) return;
  const raw = isPlainObject(target.raw) ? { ...target.raw } : {};
  const parent = copyAlong(raw, tpath);
  if (isPlainObject(ptpl.metadata) && isPlainObject(ptpl.metadata.labels)) {
    const meta = isPlainObject(parent.metadata) ? { ...parent.metadata } : {};
    meta.labels = withLabels(meta.labels, labelsOf(ptpl.metadata.labels));
    parent.metadata = meta;
  }
  if (isPlainObject(ptpl.spec)) {
    const spec = isPlainObject(parent.spec) ? { ...parent.spec } : {};
    for (const field of ['containers', 'initContainers']) {
      const add = ptpl.spec[field];
      if (!Array.isArray(add)) continue;
      spec[field] = mergeByName(Array.isArray(spec[field]) ? (spec[field] as unknown[]) : [], add);
    }
    parent.spec = spec;
  }
  target.raw = raw;
}

function mergeByName(base: unknown[], add: unknown[]): unknown[] {
  const out = [...base];
  for (const c of add) {
    if (!isPlainObject(c)) continue;
    const i = out.findIndex((b) => isPlainObject(b) && b.name === c.name);
    if (i < 0) {
      out.push(c);
      continue;
    }
    const prev = out[i] as Record<string, unknown>;
    const ports = [...(Array.isArray(prev.ports) ? prev.ports : [])];
    if (Array.isArray(c.ports))
      for (const p of c.ports)
        if (
          isPlainObject(p) &&
          !ports.some((q) => isPlainObject(q) && q.containerPort === p.containerPort && q.name === p.name)
        )
          ports.push(p);
    out[i] = { ...prev, ...c, ports };
  }
  return out;
}
