/**
 * The objects around a Service on its route: a ServiceMonitor scraping a Service port and an Istio
 * VirtualService routing to one (entry points), a DestinationRule subset between the Service and its pods,
 * and the PodDisruptionBudgets and autoscalers beside the pods. Each is resolved by the model, as the rules
 * resolve it, and anchored to its hop so that the rules' findings about it mark that hop; like every hop,
 * these are marked by findings alone. Kept apart from route.ts, which calls in at a few places: the pods of
 * a target port, the hop of a pod, the entries of a Service port.
 */
import { destinationRulesOf, subsetsOf } from '../model/mesh.js';
import type { Model, PodTemplate } from '../model/model.js';
import { monitorEndpoints, monitorsOf } from '../model/monitoring.js';
import { valueAt } from '../model/objects.js';
import { isVirtualService, meshDestinations, meshHostService } from '../model/references.js';
import { autoscalersOf, budgetsOf, minReplicasOf } from '../model/scaling.js';
import type { ServicePortInfo } from '../model/service.js';
import type { K8sObject } from '../types.js';
import { formatLabels } from '../util/labels.js';
import { placeOf } from '../util/where.js';
import type { Hop, HopKind, Location } from './route.js';

/** What around.ts needs of the route builder. */
export interface HopMaker {
  hop(kind: HopKind, label: string, at?: Location, detail?: string[]): Hop;
  link(from: Hop, to: Hop): void;
  anchor(obj: K8sObject, prefix: ReadonlyArray<string | number>, hop: Hop): void;
}

/** A subset hop between the target port and the pods it holds. */
export interface SubsetHop {
  hop: Hop;
  labels: Record<string, string>;
}

/**
 * The subsets of the DestinationRules of a Service, as hops after its target port (one per subset with
 * labels). Pods are linked to them by `linkPod`; a subset no pod joins leads nowhere (istio-destination-rule
 * marks it).
 */
export function subsetHops(b: HopMaker, model: Model, svc: K8sObject, target: Hop): SubsetHop[] {
  const out: SubsetHop[] = [];
  for (const dr of destinationRulesOf(model, svc, svc.namespace, svc.name)) {
    for (const s of subsetsOf(dr)) {
      if (!Object.keys(s.labels).length) continue;
      const hop = b.hop(
        'subset',
        `subset ${s.name} (DestinationRule ${dr.namespace}/${dr.name})`,
        placeOf(dr, s.path),
        [`pods with ${formatLabels(s.labels)}`],
      );
      b.link(target, hop);
      b.anchor(dr, s.path, hop);
      out.push({ hop, labels: s.labels });
    }
  }
  return out;
}

/** Links a pod hop after the subsets its template's labels join, or after the target port when none. */
export function linkPod(
  b: HopMaker,
  subsets: readonly SubsetHop[],
  t: PodTemplate,
  target: Hop,
  pod: Hop,
): void {
  const joined = subsets.filter((s) => Object.entries(s.labels).every(([k, v]) => t.labels[k] === v));
  for (const s of joined) b.link(s.hop, pod);
  if (!joined.length) b.link(target, pod);
}

/** Says of the subsets no pod joined that they lead nowhere. */
export function closeSubsets(subsets: readonly SubsetHop[]): void {
  for (const s of subsets) if (!s.hop.next.length) s.hop.detail.push('no pod of the Service joins it');
}

/** The budgets and autoscalers beside a pod template, as details of its hop (their findings mark it). */
export function besidePods(b: HopMaker, model: Model, t: PodTemplate, pod: Hop): void {
  for (const pdb of budgetsOf(model, t)) {
    const spec = pdb.raw?.spec ?? {};
    const budget =
      spec.minAvailable !== undefined
        ? `minAvailable ${spec.minAvailable}`
        : spec.maxUnavailable !== undefined
          ? `maxUnavailable ${spec.maxUnavailable}`
          : 'no budget set';
    pod.detail.push(`PodDisruptionBudget ${pdb.name}: ${budget}`);
    b.anchor(pdb, [], pod);
  }
  for (const scaler of autoscalersOf(model, t.owner)) {
    const max = scaler.raw?.spec?.maxReplicas ?? scaler.raw?.spec?.maxReplicaCount;
    pod.detail.push(
      `scaled by ${scaler.kind} ${scaler.name} (${minReplicasOf(scaler)}–${max ?? '?'} replicas)`,
    );
    b.anchor(scaler, [], pod);
  }
}

/** ServiceMonitor endpoints that name no port of the Service: entries that lead nowhere. */
export function strayMonitorEntries(
  b: HopMaker,
  model: Model,
  svc: K8sObject,
  names: ReadonlySet<string>,
): Hop[] {
  const out: Hop[] = [];
  for (const sm of monitorsOf(model, svc))
    for (const e of monitorEndpoints(sm)) {
      if (e.port === undefined || (typeof e.port === 'string' && names.has(e.port))) continue;
      const h = b.hop(
        'monitor',
        `ServiceMonitor ${sm.namespace}/${sm.name}: scrapes port ${JSON.stringify(e.port)}`,
        placeOf(sm, e.path),
        ['Prometheus, through prometheus-operator'],
      );
      b.anchor(sm, e.path, h);
      h.detail.push(`the Service has no port named ${JSON.stringify(e.port)}`);
      out.push(h);
    }
  return out;
}

/**
 * Entry hops into a Service port: the ServiceMonitors that scrape it and the VirtualService routes to it
 * (`ports`: how many ports the Service has; a route without a port takes the only one).
 */
export function portEntries(
  b: HopMaker,
  model: Model,
  svc: K8sObject,
  p: ServicePortInfo,
  ports: number,
  portHop: Hop,
): Hop[] {
  const out: Hop[] = [];
  for (const sm of monitorsOf(model, svc))
    for (const e of monitorEndpoints(sm)) {
      if (!p.name || e.port !== p.name) continue;
      const h = b.hop(
        'monitor',
        `ServiceMonitor ${sm.namespace}/${sm.name}: scrapes port "${p.name}"`,
        placeOf(sm, e.path),
        ['Prometheus, through prometheus-operator'],
      );
      b.anchor(sm, e.path, h);
      b.anchor(sm, [], h);
      b.link(h, portHop);
      out.push(h);
    }
  for (const vs of model.ofKind('VirtualService')) {
    if (!isVirtualService(vs)) continue;
    for (const d of meshDestinations(vs)) {
      const target = meshHostService(d.host, vs.namespace);
      if (!target || target.namespace !== svc.namespace || target.name !== svc.name) continue;
      // Without a port the destination takes the Service's only port.
      if (d.port !== undefined ? d.port !== p.port : ports > 1) continue;
      const [, kind, i, field, j] = d.path;
      const where = `${kind}[${i}] ${field === 'route' ? `route ${j}` : field}`;
      const weight = valueAt(vs.raw, [...d.path.slice(0, -1), 'weight']);
      const detail = [d.subset ? `to subset ${d.subset}` : 'to every pod of the Service'];
      if (field === 'route' && typeof weight === 'number') detail.push(`weight ${weight}`);
      const h = b.hop(
        'mesh-route',
        `VirtualService ${vs.namespace}/${vs.name}: ${where}`,
        placeOf(vs, d.path),
        detail,
      );
      b.anchor(vs, d.path, h);
      b.link(h, portHop);
      out.push(h);
    }
  }
  return out;
}
