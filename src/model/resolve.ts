/**
 * The one resolver: what a reference points at, by name (an Ingress backend, a route's backendRef or
 * parentRef, a StatefulSet's serviceName) or by selector (a Service's, a NetworkPolicy's), and — when it
 * points at nothing — whether the input shows that as a mistake. Every rule and `explain` resolve through
 * here, so they always agree (docs/relations.md).
 *
 * Resolution is nearest first: among the candidates, those nearest to the referring object (same file,
 * same directory, a directory inside the other, anywhere) stand for the rest, one per identity.
 *
 * A reference to nothing is a mistake the input shows when
 * - the referring object's own file holds objects of the kind it refers to, in that namespace (a file is
 *   applied as a whole: what it refers to should be in it) — unless other files that hold none of those
 *   objects refer to the same name, which then clearly lives outside the input —, or
 * - its unit (scope.ts: the file, or the directory when its files are applied together) holds a near miss:
 *   a name or label value one typo away, or the very target in another namespace, both namespaces written.
 * Otherwise the target may well exist outside the input (another repository, a chart dependency, an
 * operator), and the reference is not checked unless the input is declared complete (`--closed-world`).
 */
import type { K8sObject, SourceFile } from '../types.js';
import { push, setAt } from '../util/maps.js';
import { isLikelyTypo, quoteList } from '../util/suggest.js';
import {
  isEmptySelector,
  type LabelSelector,
  type LabelSelectorRequirement,
  labelsMatchSelector,
  type Model,
  type PodTemplate,
} from './model.js';
import {
  clusterServices,
  type KnownServices,
  type ManagedPods,
  managedHasLabel,
  operatedServiceOf,
} from './operators.js';
import { referenceCensus, targetKey } from './references.js';
import { identity, nearestOf, scopeDistance } from './scope.js';

/** Why a reference that resolves to nothing is (or is not) a mistake the input shows. */
export interface Judgement {
  /** The input shows the mistake; otherwise the finding holds only if the input were complete. */
  shown: boolean;
  /** A message suffix: a did-you-mean, where the target is instead, or what the input lacks. */
  hint: string;
}

// ---------------------------------------------------------------------------------------------------------
// Per-model index: which files hold which kinds in which namespaces.

interface FileIndex {
  /** file → "kind\0group\0namespace" of the objects it holds */
  kinds: Map<SourceFile, Set<string>>;
  /** file → namespaces of the pod templates (and operator pods) it holds */
  pods: Map<SourceFile, Set<string>>;
  /** unit (scope.ts) → the pod templates of its files */
  unitPods: Map<string, PodTemplate[]>;
}

const indexes = new WeakMap<Model, FileIndex>();

function fileIndex(model: Model): FileIndex {
  let idx = indexes.get(model);
  if (idx) return idx;
  const kinds = new Map<SourceFile, Set<string>>();
  const pods = new Map<SourceFile, Set<string>>();
  for (const o of model.objects) setAt(kinds, o.file).add(`${o.kind}\u0000${o.group}\u0000${o.namespace}`);
  for (const t of model.podTemplates) setAt(pods, t.owner.file).add(t.namespace);
  for (const ns of model.namespacesWithManaged())
    for (const m of model.managedIn(ns)) if (m.owner) setAt(pods, m.owner.file).add(ns);
  const unitPods = new Map<string, PodTemplate[]>();
  for (const t of model.podTemplates) push(unitPods, model.units.unitOf(t.owner.file), t);
  idx = { kinds, pods, unitPods };
  indexes.set(model, idx);
  return idx;
}

function fileHolds(model: Model, file: SourceFile, kind: string, group: string, namespace: string): boolean {
  return fileIndex(model).kinds.get(file)?.has(`${kind}\u0000${group}\u0000${namespace}`) ?? false;
}

// ---------------------------------------------------------------------------------------------------------
// References by name

export interface NameRef {
  kind: string;
  group: string;
  namespace: string;
  name: string;
  /**
   * The reference's namespace is written (in the reference, or as the referring object's namespace): an
   * object elsewhere with an explicit other namespace is then a visible mistake.
   */
  namespaceWritten: boolean;
}

/** "Service", "Gateway": how messages name the kind. */
function plural(kind: string): string {
  return kind.endsWith('s') ? `${kind}es` : `${kind}s`;
}

/**
 * The objects a reference names, nearest to `from` first: the first element is the variant that stands for
 * the object; the elements at the same distance are variants just as near.
 */
export function resolveName(model: Model, from: K8sObject, ref: NameRef): K8sObject[] {
  const all = model.lookup(ref.kind, ref.namespace, ref.name).filter((o) => o.group === ref.group);
  if (all.length <= 1) return all;
  const d = new Map(all.map((o) => [o, scopeDistance(from, o)]));
  return all.slice().sort((a, b) => (d.get(a) as number) - (d.get(b) as number));
}

/** The variants of the named object nearest to `from` (usually one): the ones a check is judged against. */
export function nearestNamed(model: Model, from: K8sObject, ref: NameRef): K8sObject[] {
  const all = resolveName(model, from, ref);
  if (all.length <= 1) return all;
  const first = scopeDistance(from, all[0] as K8sObject);
  return all.filter((o) => scopeDistance(from, o) === first);
}

/** Does the referring object's unit hold `o`? */
function inUnit(model: Model, from: K8sObject, o: K8sObject): boolean {
  return model.units.together(from.file, o.file);
}

/** Whether a reference to a missing object is a mistake the input shows, with the best hint. */
export function judgeMissingName(model: Model, from: K8sObject, ref: NameRef): Judgement {
  const named = model.namedIn(ref.kind, ref.namespace);
  const sameKind = (o: K8sObject) => o.group === ref.group && o !== from;
  // Names of the kind in the namespace, within the referring object's unit.
  const unitNames: string[] = [];
  let typo: string | undefined;
  for (const [name, objs] of named ?? []) {
    if (!objs.some((o) => sameKind(o) && inUnit(model, from, o))) continue;
    unitNames.push(name);
    if (typo === undefined && isLikelyTypo(ref.name, name)) typo = name;
  }
  // The same name in other namespaces: anywhere for the hint, in the unit (namespaces written) as evidence.
  const elsewhere: string[] = [];
  let wrongNamespace = false;
  for (const ns of model.namespacesWith(ref.kind)) {
    if (ns === ref.namespace) continue;
    const objs = (model.namedIn(ref.kind, ns)?.get(ref.name) ?? []).filter(sameKind);
    if (!objs.length) continue;
    elsewhere.push(ns);
    if (ref.namespaceWritten && objs.some((o) => o.explicitNamespace && inUnit(model, from, o)))
      wrongNamespace = true;
  }
  // Referred to from several files, some of which hold none of the namespace's objects of the kind: an
  // object the input does not hold (a suite's shared backends), not a mistake of this file. Renders that
  // each hold the namespace's objects and all lack the same one do show the mistake.
  const holds = (file: SourceFile) => fileHolds(model, file, ref.kind, ref.group, ref.namespace);
  const referrers = referenceCensus(model).get(targetKey(ref.kind, ref.group, ref.namespace, ref.name));
  const external = referrers !== undefined && referrers.size > 1 && [...referrers].some((f) => !holds(f));
  const world = holds(from.file) && !external;
  const shown = world || typo !== undefined || wrongNamespace;
  let hint = '';
  if (typo !== undefined) hint = `; did you mean "${typo}"?`;
  else if (elsewhere.length) hint = `; one exists in namespace ${quoteList(elsewhere)}`;
  else if (!named?.size) hint = '; the input has none there';
  else if (unitNames.length && unitNames.length <= 6)
    hint = `; ${plural(ref.kind)} there: ${quoteList(unitNames)}`;
  return { shown, hint };
}

// ---------------------------------------------------------------------------------------------------------
// References by selector

/** What a selector reaches in a namespace, as seen from the object that holds it. */
export interface SelectedPods {
  /** The pod templates it matches that are nearest to the selecting object, one per template. */
  templates: PodTemplate[];
  /** Pods known only by the labels an operator or the cluster gives them, which the selector may match. */
  managed: ManagedPods[];
  /** A custom resource the selector names (`cnpg.io/cluster: db`) whose operator makes pods unseen. */
  customResource?: string;
}

function templateKey(t: PodTemplate): string {
  return `${identity(t.owner)}\u0000${t.path.join('/')}`;
}

/** Could pods with these (partly unknown) labels satisfy the requirement? */
function managedCouldMatch(m: ManagedPods, req: LabelSelectorRequirement): boolean {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return values.some((v) => managedHasLabel(m, req.key, v));
    case 'NotIn': {
      const v = m.labels[req.key];
      return !(typeof v === 'string' && v !== '*' && values.includes(v));
    }
    case 'Exists':
      return managedHasLabel(m, req.key);
    case 'DoesNotExist':
      return !Object.hasOwn(m.labels, req.key);
    default:
      return false;
  }
}

function managedMatches(m: ManagedPods, sel: LabelSelector): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (!managedHasLabel(m, k, v)) return false;
  return (sel.matchExpressions ?? []).every((r) => managedCouldMatch(m, r));
}

/**
 * The pods a selector reaches in a namespace, nearest to `from` first. An empty selector reaches every pod
 * of the namespace (a NetworkPolicy's); callers for which empty means "none" (a Service's) do not ask.
 */
export function selectPods(
  model: Model,
  from: K8sObject,
  namespace: string,
  sel: LabelSelector,
): SelectedPods {
  const all = model.selectPodsBy(namespace, sel);
  const templates = nearestOf(from, all, (t) => t.owner, templateKey);
  const managed = model.managedIn(namespace).filter((m) => managedMatches(m, sel));
  const customResource = Object.values(sel.matchLabels ?? {}).find((v) =>
    model.hasCustomResourceNamed(namespace, v),
  );
  return { templates, managed, customResource };
}

/** Does the selection reach any pod (a template, an operator's pods, a custom resource's)? */
export function reachesPods(s: SelectedPods): boolean {
  return s.templates.length > 0 || s.managed.length > 0 || s.customResource !== undefined;
}

/** The pod templates a Service's (equality) selector reaches, nearest first. */
export function servedTemplates(
  model: Model,
  svc: K8sObject,
  selector: Record<string, string>,
): PodTemplate[] {
  return nearestOf(svc, model.selectPods(svc.namespace, selector), (t) => t.owner, templateKey);
}

/**
 * Whether a selector that reaches no pod is a mistake the input shows, with the best hint. `said`: the
 * message names the namespace, so the hint need not.
 */
export function judgeNoPods(
  model: Model,
  from: K8sObject,
  namespace: string,
  sel: LabelSelector,
  said = true,
): Judgement {
  const unitTemplates = (fileIndex(model).unitPods.get(model.units.unitOf(from.file)) ?? []).filter(
    (t) => t.namespace === namespace,
  );
  const pairs = Object.entries(sel.matchLabels ?? {});
  // A value or key one typo away, on a template of the unit.
  let typo: string | undefined;
  for (const [k, v] of pairs) {
    for (const t of unitTemplates) {
      const own = t.labels[k];
      if (own !== undefined && isLikelyTypo(v, own)) {
        typo = `; did you mean ${k}=${JSON.stringify(own)}?`;
        break;
      }
      const key = Object.keys(t.labels).find((x) => t.labels[x] === v && isLikelyTypo(k, x));
      if (key !== undefined) {
        typo = `; did you mean label key "${key}"?`;
        break;
      }
    }
    if (typo) break;
  }
  // Pods in another namespace that match: anywhere for the hint; in the unit, both namespaces written, as
  // evidence.
  let elsewhere: PodTemplate | undefined;
  let wrongNamespace = false;
  const written = (o: K8sObject) =>
    from.explicitNamespace && o.explicitNamespace && model.units.together(from.file, o.file);
  for (const t of model.matchesElsewhere(namespace, sel)) {
    elsewhere ??= t;
    if (written(t.owner)) {
      wrongNamespace = true;
      elsewhere = t;
      break;
    }
  }
  let managedElsewhere: ManagedPods | undefined;
  for (const ns of model.namespacesWithManaged()) {
    if (ns === namespace || elsewhere) continue;
    const m = model.managedIn(ns).find((x) => x.owner && managedMatches(x, sel));
    if (!m?.owner) continue;
    managedElsewhere = m;
    if (written(m.owner)) wrongNamespace = true;
  }
  const world = fileIndex(model).pods.get(from.file)?.has(namespace) ?? false;
  const shown = world || typo !== undefined || wrongNamespace;
  let hint = typo ?? '';
  if (!hint && elsewhere) hint = `; ${describeOwner(elsewhere)} matches it`;
  if (!hint && managedElsewhere)
    hint = `; ${managedElsewhere.owner ? `${managedElsewhere.owner.kind} "${managedElsewhere.namespace}/${managedElsewhere.owner.name}"` : managedElsewhere.source} makes them`;
  if (!hint && pairs.length > 1) hint = partialHint(unitTemplates.length ? unitTemplates : [], pairs);
  if (!hint && model.templatesIn(namespace).length === 0)
    hint = said ? '; the input has none there' : `; the input has none in namespace "${namespace}"`;
  return { shown, hint };
}

function describeOwner(t: PodTemplate): string {
  return `${t.owner.kind} "${t.owner.namespace}/${t.owner.name}"`;
}

/** The template carrying most of the selector's pairs, and what it lacks. */
function partialHint(templates: PodTemplate[], pairs: Array<[string, string]>): string {
  let best: PodTemplate | undefined;
  let bestScore = 0;
  for (const t of templates) {
    const score = pairs.filter(([k, v]) => t.labels[k] === v).length;
    if (score > bestScore) {
      best = t;
      bestScore = score;
    }
  }
  if (!best) return '';
  const t = best;
  const missing = pairs
    .filter(([k, v]) => t.labels[k] !== v)
    .map(([k, v]) =>
      t.labels[k] === undefined
        ? `no label "${k}"`
        : `${k}=${JSON.stringify(t.labels[k])}, not ${JSON.stringify(v)}`,
    );
  return `; closest: ${t.owner.kind} "${t.owner.name}", ${missing.join(', ')}`;
}

// ---------------------------------------------------------------------------------------------------------
// Services by their labels (a ServiceMonitor's selector)

/** What a selector over Services' own labels reaches in some namespaces, as seen from the selecting object. */
export interface SelectedServices {
  /** The Services of the input it matches, nearest to the selecting object, one per identity. */
  services: K8sObject[];
  /** Services the input does not hold but the cluster or an operator makes, which it matches. */
  known: KnownServices[];
  /** Services an operator makes for a resource of the namespace, with labels partly unknown. */
  managed: ManagedPods[];
}

/** Namespaces a selection spans: a list, or every namespace. */
export type Namespaces = readonly string[] | 'any';

function inNamespaces(ns: string, namespaces: Namespaces): boolean {
  return namespaces === 'any' || namespaces.includes(ns);
}

function knownMatches(k: KnownServices, sel: LabelSelector): boolean {
  return managedMatches({ namespace: k.namespace, labels: k.labels, source: k.source }, sel);
}

const operated = new WeakMap<Model, KnownServices[]>();

/** The Services the cluster runs and those prometheus-operator makes for the input's resources. */
function knownServices(model: Model): KnownServices[] {
  let known = operated.get(model);
  if (!known) {
    known = [...clusterServices()];
    for (const kind of ['Prometheus', 'Alertmanager', 'ThanosRuler'])
      for (const o of model.ofKind(kind)) {
        const k = operatedServiceOf(o);
        if (k) known.push(k);
      }
    operated.set(model, known);
  }
  return known;
}

/**
 * The Services whose labels a selector matches in some namespaces, nearest to `from` first. Services that
 * operators make for their resources are assumed to carry the labels of the resource's pods (they usually
 * do): a selector that matches those pods' labels may match such a Service.
 */
export function selectServices(
  model: Model,
  from: K8sObject,
  namespaces: Namespaces,
  sel: LabelSelector,
): SelectedServices {
  const all = model.services.filter(
    (s) => inNamespaces(s.namespace, namespaces) && labelsMatchSelector(s.labels, sel),
  );
  const services = nearestOf(from, all, (s) => s);
  const known = knownServices(model).filter(
    (k) => inNamespaces(k.namespace, namespaces) && knownMatches(k, sel),
  );
  const spaces = namespaces === 'any' ? model.namespacesWithManaged() : namespaces;
  const managed = spaces.flatMap((ns) =>
    model.managedIn(ns).filter((m) => m.owner && managedMatches(m, sel)),
  );
  return { services, known, managed };
}

/** Does the selection reach any Service? */
export function reachesServices(s: SelectedServices): boolean {
  return s.services.length > 0 || s.known.length > 0 || s.managed.length > 0;
}

/**
 * Whether a selector over Services that reaches none is a mistake the input shows, with the best hint.
 * `namespaceWritten`: the namespaces it looks in are written (the selecting object's own, or a list such as
 * a ServiceMonitor's namespaceSelector.matchNames).
 */
export function judgeNoServices(
  model: Model,
  from: K8sObject,
  namespaces: Namespaces,
  sel: LabelSelector,
  namespaceWritten = from.explicitNamespace,
): Judgement {
  const unit = model.services.filter((s) => model.units.together(from.file, s.file));
  const pairs = Object.entries(sel.matchLabels ?? {});
  const empty = isEmptySelector(sel);
  let typo: string | undefined;
  for (const svc of unit) {
    if (!inNamespaces(svc.namespace, namespaces)) continue;
    for (const [k, v] of pairs) {
      const own = svc.labels[k];
      if (own !== undefined && isLikelyTypo(v, own)) typo = `; did you mean ${k}=${JSON.stringify(own)}?`;
      else {
        const key = Object.keys(svc.labels).find((x) => svc.labels[x] === v && isLikelyTypo(k, x));
        if (key !== undefined) typo = `; did you mean label key "${key}"?`;
      }
      if (typo) break;
    }
    if (typo) break;
  }
  // A Service elsewhere that matches: anywhere for the hint; in the unit, namespaces written, as evidence.
  let elsewhere: K8sObject | undefined;
  let wrongNamespace = false;
  for (const svc of model.services) {
    if (inNamespaces(svc.namespace, namespaces) || !labelsMatchSelector(svc.labels, sel)) continue;
    elsewhere ??= svc;
    // Every Service matches an empty selector: one in another namespace is no evidence of a mistake then.
    if (namespaceWritten && !empty && svc.explicitNamespace && model.units.together(from.file, svc.file)) {
      wrongNamespace = true;
      elsewhere = svc;
    }
  }
  const held = fileIndex(model).kinds.get(from.file);
  const world =
    held !== undefined &&
    [...held].some((k) => {
      const [kind, group, ns] = k.split('\u0000');
      return kind === 'Service' && group === '' && inNamespaces(ns as string, namespaces);
    });
  const shown = world || typo !== undefined || wrongNamespace;
  let hint = typo ?? '';
  if (!hint && elsewhere) hint = `; Service "${elsewhere.namespace}/${elsewhere.name}" matches it`;
  if (!hint && namespaces !== 'any' && !model.services.some((s) => namespaces.includes(s.namespace)))
    hint = '; the input has none there';
  return { shown, hint };
}
