/**
 * Istio's routing objects around a Service: the DestinationRules whose host is a Service (and the subsets
 * they define by pod labels) and the hosts ServiceEntries add to the mesh. Hosts resolve as Istio resolves
 * them (references.ts: meshHostService); DestinationRules of a Service resolve nearest first, like every
 * relation. Used by the Istio rules and by `explain`, which draws a subset between a Service and its pods.
 */
import type { K8sObject, Path } from '../types.js';
import { push } from '../util/maps.js';
import type { Model } from './model.js';
import { isPlainObject, labelsOf } from './objects.js';
import { ISTIO_GROUP, isDestinationRule, meshHostService } from './references.js';
import { nearestOf } from './scope.js';

/** A subset of a DestinationRule: a name for the pods of its host that carry some labels. */
export interface MeshSubset {
  name: string;
  labels: Record<string, string>;
  path: Path;
}

export function subsetsOf(dr: K8sObject): MeshSubset[] {
  const list = dr.raw?.spec?.subsets;
  if (!Array.isArray(list)) return [];
  return list.flatMap((s, i) =>
    isPlainObject(s) && typeof s.name === 'string'
      ? [{ name: s.name, labels: labelsOf(s.labels), path: ['spec', 'subsets', i] }]
      : [],
  );
}

/** The Service a DestinationRule's host names, when it names one. */
export function destinationRuleService(dr: K8sObject): { namespace: string; name: string } | undefined {
  const host = dr.raw?.spec?.host;
  return typeof host === 'string' ? meshHostService(host, dr.namespace) : undefined;
}

/** The fully qualified form of an Istio host written in a namespace ("reviews" → reviews.ns.svc.cluster.local). */
export function fqdnOf(host: string, namespace: string): string {
  if (host === '*' || host.includes('.')) return host.replace(/\.$/, '');
  return `${host}.${namespace}.svc.cluster.local`;
}

interface MeshIndex {
  /** "namespace/name" of a Service → the DestinationRules whose host names it */
  rules: Map<string, K8sObject[]>;
  /** hosts the ServiceEntries of the input add to the mesh (fully qualified; may hold wildcards) */
  entryHosts: string[];
}

const indexes = new WeakMap<Model, MeshIndex>();

function indexOf(model: Model): MeshIndex {
  let idx = indexes.get(model);
  if (idx) return idx;
  idx = { rules: new Map(), entryHosts: [] };
  for (const dr of model.ofKind('DestinationRule')) {
    if (!isDestinationRule(dr)) continue;
    const svc = destinationRuleService(dr);
    if (svc) push(idx.rules, `${svc.namespace}/${svc.name}`, dr);
  }
  for (const se of model.ofKind('ServiceEntry')) {
    if (se.group !== ISTIO_GROUP || !Array.isArray(se.raw?.spec?.hosts)) continue;
    for (const h of se.raw.spec.hosts)
      if (typeof h === 'string') idx.entryHosts.push(fqdnOf(h, se.namespace));
  }
  indexes.set(model, idx);
  return idx;
}

/** The DestinationRules whose host is the Service namespace/name, nearest to `from` first. */
export function destinationRulesOf(
  model: Model,
  from: K8sObject,
  namespace: string,
  name: string,
): K8sObject[] {
  return nearestOf(from, indexOf(model).rules.get(`${namespace}/${name}`) ?? [], (o) => o);
}

/** Does a ServiceEntry of the input add this host (written in `namespace`) to the mesh? */
export function isServiceEntryHost(model: Model, host: string, namespace: string): boolean {
  const fqdn = fqdnOf(host, namespace);
  return indexOf(model).entryHosts.some(
    (h) => h === fqdn || (h.startsWith('*.') && fqdn.endsWith(h.slice(1))),
  );
}
