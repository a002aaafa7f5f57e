/**
 * prometheus-operator's ServiceMonitor and PodMonitor, read in one place: which namespaces they look in,
 * what their selector selects (Services by their own labels, pods by their template's), and the endpoints
 * they scrape. Resolved like every selector (model/resolve.ts), for the monitor rules and for `explain`,
 * which draws a ServiceMonitor as an entry into the Service port it scrapes.
 */
import type { K8sObject, Path } from '../types.js';
import { push } from '../util/maps.js';
import { quoteList } from '../util/suggest.js';
import { type LabelSelector, type Model, toLabelSelector } from './model.js';
import { isPlainObject } from './objects.js';
import {
  type Namespaces,
  type SelectedPods,
  type SelectedServices,
  selectPods,
  selectServices,
} from './resolve.js';

export const MONITORING_GROUP = 'monitoring.coreos.com';

export function isServiceMonitor(obj: K8sObject): boolean {
  return obj.kind === 'ServiceMonitor' && obj.group === MONITORING_GROUP;
}

export function isPodMonitor(obj: K8sObject): boolean {
  return obj.kind === 'PodMonitor' && obj.group === MONITORING_GROUP;
}

/**
 * The namespaces a monitor looks in: `namespaceSelector.any`, its `matchNames`, or else the monitor's own
 * namespace.
 */
export function monitorNamespaces(mon: K8sObject): Namespaces {
  const ns = mon.raw?.spec?.namespaceSelector;
  if (isPlainObject(ns)) {
    if (ns.any === true) return 'any';
    if (Array.isArray(ns.matchNames) && ns.matchNames.length)
      return ns.matchNames.filter((n): n is string => typeof n === 'string');
  }
  return [mon.namespace];
}

/** "namespace "a"", "namespaces "a", "b"", "any namespace" */
export function describeNamespaces(namespaces: Namespaces): string {
  if (namespaces === 'any') return 'any namespace';
  return namespaces.length === 1 ? `namespace "${namespaces[0]}"` : `namespaces ${quoteList(namespaces)}`;
}

/** Are the namespaces a monitor looks in written: its own, or a namespaceSelector's matchNames? */
export function monitorNamespacesWritten(mon: K8sObject): boolean {
  const ns = mon.raw?.spec?.namespaceSelector;
  return (
    mon.explicitNamespace || (isPlainObject(ns) && Array.isArray(ns.matchNames) && ns.matchNames.length > 0)
  );
}

/** The monitor's selector (an empty one selects everything in its namespaces). */
export function monitorSelector(mon: K8sObject): LabelSelector {
  return toLabelSelector(mon.raw?.spec?.selector) ?? {};
}

/** An endpoint a monitor scrapes, with its path: `endpoints[]` or `podMetricsEndpoints[]`. */
export interface MonitorEndpoint {
  path: Path;
  port: unknown;
  portNumber: unknown;
}

export function monitorEndpoints(mon: K8sObject): MonitorEndpoint[] {
  const field = isServiceMonitor(mon) ? 'endpoints' : 'podMetricsEndpoints';
  const list = mon.raw?.spec?.[field];
  if (!Array.isArray(list)) return [];
  return list.flatMap((e, i) =>
    isPlainObject(e) ? [{ path: ['spec', field, i], port: e.port, portNumber: e.portNumber }] : [],
  );
}

interface MonitorIndex {
  services: Map<K8sObject, SelectedServices>;
  /** Service → the ServiceMonitors that select it */
  monitorsOf: Map<K8sObject, K8sObject[]>;
}

const indexes = new WeakMap<Model, MonitorIndex>();

function indexOf(model: Model): MonitorIndex {
  let idx = indexes.get(model);
  if (idx) return idx;
  idx = { services: new Map(), monitorsOf: new Map() };
  for (const sm of model.ofKind('ServiceMonitor')) {
    if (!isServiceMonitor(sm)) continue;
    const selected = selectServices(model, sm, monitorNamespaces(sm), monitorSelector(sm));
    idx.services.set(sm, selected);
    for (const svc of selected.services) push(idx.monitorsOf, svc, sm);
  }
  indexes.set(model, idx);
  return idx;
}

/** The Services a ServiceMonitor selects (nearest first). */
export function monitoredServices(model: Model, sm: K8sObject): SelectedServices {
  return indexOf(model).services.get(sm) ?? { services: [], known: [], managed: [] };
}

/** The ServiceMonitors that select a Service. */
export function monitorsOf(model: Model, svc: K8sObject): readonly K8sObject[] {
  return indexOf(model).monitorsOf.get(svc) ?? [];
}

/**
 * The pods a PodMonitor selects, per namespace it looks in: with `any`, the namespaces whose pods the input
 * holds.
 */
export function monitoredPods(model: Model, pm: K8sObject): Array<{ namespace: string; pods: SelectedPods }> {
  const spaces = monitorNamespaces(pm);
  const list =
    spaces === 'any' ? [...new Set([...model.namespaces(), ...model.namespacesWithManaged()])] : spaces;
  const sel = monitorSelector(pm);
  return list.map((namespace) => ({ namespace, pods: selectPods(model, pm, namespace, sel) }));
}
