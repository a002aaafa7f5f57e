/**
 * References by name between objects, read in one place: the Service backends of an Ingress, the
 * backendRefs and parentRefs of Gateway API routes, a StatefulSet's serviceName, an autoscaler's
 * scaleTargetRef, the Services and workloadRef of an Argo Rollout, the destinations of an Istio
 * VirtualService. The rules check them; the census (how many files refer to a name) tells the resolver when
 * a missing target is one the input simply does not hold.
 */
import type { K8sObject, Path, SourceFile } from '../types.js';
import { setAt } from '../util/maps.js';
import type { Model } from './model.js';
import { isPlainObject } from './objects.js';

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute']);

/** A Gateway API route (HTTPRoute, GRPCRoute, TCPRoute, TLSRoute, UDPRoute). */
export function isRoute(obj: K8sObject): boolean {
  return obj.group === GATEWAY_GROUP && ROUTE_KINDS.has(obj.kind);
}

/** Backends of an Ingress with their paths: [path of the backend object, backend value]. */
export function ingressBackends(ing: K8sObject): Array<[Path, Record<string, unknown>]> {
  const spec = ing.raw?.spec;
  if (!isPlainObject(spec)) return [];
  const out: Array<[Path, Record<string, unknown>]> = [];
  for (const key of ['defaultBackend', 'backend']) {
    const b = spec[key];
    if (isPlainObject(b)) out.push([['spec', key], b]);
  }
  if (Array.isArray(spec.rules)) {
    spec.rules.forEach((rule, i) => {
      const paths = isPlainObject(rule) && isPlainObject(rule.http) ? rule.http.paths : undefined;
      if (!Array.isArray(paths)) return;
      paths.forEach((p, j) => {
        if (isPlainObject(p) && isPlainObject(p.backend))
          out.push([['spec', 'rules', i, 'http', 'paths', j, 'backend'], p.backend]);
      });
    });
  }
  return out;
}

/** Every backendRef of a route with its path: rules[].backendRefs[] and HTTP requestMirror filters. */
export function routeBackendRefs(route: K8sObject): Array<[Path, Record<string, unknown>]> {
  const out: Array<[Path, Record<string, unknown>]> = [];
  const rules = route.raw?.spec?.rules;
  if (!Array.isArray(rules)) return out;
  const mirrors = (filters: unknown, base: Path) => {
    if (!Array.isArray(filters)) return;
    filters.forEach((f, k) => {
      const ref = isPlainObject(f) && isPlainObject(f.requestMirror) ? f.requestMirror.backendRef : undefined;
      if (isPlainObject(ref)) out.push([[...base, 'filters', k, 'requestMirror', 'backendRef'], ref]);
    });
  };
  rules.forEach((rule, i) => {
    if (!isPlainObject(rule)) return;
    const base = ['spec', 'rules', i];
    if (Array.isArray(rule.backendRefs)) {
      rule.backendRefs.forEach((ref, j) => {
        if (!isPlainObject(ref)) return;
        out.push([[...base, 'backendRefs', j], ref]);
        mirrors(ref.filters, [...base, 'backendRefs', j]);
      });
    }
    mirrors(rule.filters, base);
  });
  return out;
}

/** The parentRefs of a route with their index. */
export function routeParentRefs(route: K8sObject): Array<[number, Record<string, unknown>]> {
  const parents = route.raw?.spec?.parentRefs;
  if (!Array.isArray(parents)) return [];
  return parents.flatMap((p, i) => (isPlainObject(p) ? [[i, p] as [number, Record<string, unknown>]] : []));
}

/** A Service backend of an Ingress as written: the Service name and port, with their paths. */
export interface IngressServiceBackend {
  name: unknown;
  namePath: Path;
  port: unknown;
  portPath: Path;
}

/**
 * Reads an Ingress backend (at `path`, relative to the Ingress) in the v1 shape (service.name,
 * service.port.number|name) or the v1beta1 shape (serviceName, servicePort); undefined when it is not a
 * Service backend of that shape.
 */
export function ingressServiceBackend(
  path: Path,
  b: Record<string, unknown>,
  v1: boolean,
): IngressServiceBackend | undefined {
  if (v1) {
    const svc = b.service;
    if (!isPlainObject(svc)) return undefined;
    const port = isPlainObject(svc.port) ? svc.port : {};
    const [key, value] = port.number !== undefined ? ['number', port.number] : ['name', port.name];
    return {
      name: svc.name,
      namePath: [...path, 'service', 'name'],
      port: value,
      portPath: [...path, 'service', 'port', key],
    };
  }
  if (b.serviceName === undefined) return undefined;
  return {
    name: b.serviceName,
    namePath: [...path, 'serviceName'],
    port: b.servicePort,
    portPath: [...path, 'servicePort'],
  };
}

function str(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v : fallback;
}

/** "apps/v1" → "apps", "v1" → "". */
export function groupOfApiVersion(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** A reference written as { apiVersion, kind, name } (scaleTargetRef, workloadRef), with its path. */
export interface ObjectRef {
  kind: string;
  group: string;
  apiVersion: string;
  name: string;
  /** Path of the reference (the mapping) relative to the referring object. */
  path: Path;
}

function objectRef(
  v: unknown,
  path: Path,
  defaults?: { apiVersion: string; kind: string },
): ObjectRef | undefined {
  if (!isPlainObject(v)) return undefined;
  const apiVersion = str(v.apiVersion, defaults?.apiVersion ?? '');
  const kind = str(v.kind, defaults?.kind ?? '');
  if (typeof v.name !== 'string' || !v.name || !kind) return undefined;
  return { kind, group: groupOfApiVersion(apiVersion), apiVersion, name: v.name, path };
}

/** A HorizontalPodAutoscaler (autoscaling). */
export function isHorizontalPodAutoscaler(obj: K8sObject): boolean {
  return obj.kind === 'HorizontalPodAutoscaler' && obj.group === 'autoscaling';
}

/** A KEDA ScaledObject: it makes an HPA for its scaleTargetRef (a Deployment unless told). */
export function isScaledObject(obj: K8sObject): boolean {
  return obj.kind === 'ScaledObject' && obj.group === 'keda.sh';
}

/** The workload an autoscaler (HPA or KEDA ScaledObject) scales. */
export function scaleTargetRef(obj: K8sObject): ObjectRef | undefined {
  const path = ['spec', 'scaleTargetRef'];
  const v = obj.raw?.spec?.scaleTargetRef;
  if (isHorizontalPodAutoscaler(obj)) return objectRef(v, path);
  if (isScaledObject(obj)) return objectRef(v, path, { apiVersion: 'apps/v1', kind: 'Deployment' });
  return undefined;
}

export const ROLLOUT_GROUP = 'argoproj.io';

/** An Argo Rollout. */
export function isRollout(obj: K8sObject): boolean {
  return obj.kind === 'Rollout' && obj.group === ROLLOUT_GROUP;
}

/**
 * The Deployment (or other workload) whose pod template a Rollout uses instead of its own; a reference
 * that leaves out apiVersion or kind is read as an apps/v1 Deployment, the only kind Argo documents.
 */
export function rolloutWorkloadRef(rollout: K8sObject): ObjectRef | undefined {
  return objectRef(rollout.raw?.spec?.workloadRef, ['spec', 'workloadRef'], {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
  });
}

/** The Services a Rollout's strategy names: canary stable/canary, blue-green active/preview. */
export function rolloutServiceRefs(rollout: K8sObject): Array<{ field: string; name: string; path: Path }> {
  const strategy = rollout.raw?.spec?.strategy;
  if (!isPlainObject(strategy)) return [];
  const out: Array<{ field: string; name: string; path: Path }> = [];
  const read = (kind: 'canary' | 'blueGreen', fields: string[]) => {
    const s = strategy[kind];
    if (!isPlainObject(s)) return;
    for (const field of fields) {
      const name = s[field];
      if (typeof name === 'string' && name)
        out.push({ field, name, path: ['spec', 'strategy', kind, field] });
    }
  };
  read('canary', ['stableService', 'canaryService']);
  read('blueGreen', ['activeService', 'previewService']);
  return out;
}

export const ISTIO_GROUP = 'networking.istio.io';

/** An Istio VirtualService. */
export function isVirtualService(obj: K8sObject): boolean {
  return obj.kind === 'VirtualService' && obj.group === ISTIO_GROUP;
}

/** An Istio DestinationRule. */
export function isDestinationRule(obj: K8sObject): boolean {
  return obj.kind === 'DestinationRule' && obj.group === ISTIO_GROUP;
}

/** Where a VirtualService sends traffic: a route destination or a mirror, with its path. */
export interface MeshDestination {
  /** Path of the `destination` (or `mirror`) mapping. */
  path: Path;
  host: string;
  subset?: string;
  port?: number;
}

function destination(v: unknown, path: Path, out: MeshDestination[]): void {
  if (!isPlainObject(v) || typeof v.host !== 'string' || !v.host) return;
  const port = isPlainObject(v.port) && typeof v.port.number === 'number' ? v.port.number : undefined;
  out.push({ path, host: v.host, subset: typeof v.subset === 'string' ? v.subset : undefined, port });
}

/** Every destination of a VirtualService: http, tcp and tls routes, and http mirrors. */
export function meshDestinations(vs: K8sObject): MeshDestination[] {
  const spec = vs.raw?.spec;
  const out: MeshDestination[] = [];
  if (!isPlainObject(spec)) return out;
  for (const kind of ['http', 'tcp', 'tls']) {
    const routes = spec[kind];
    if (!Array.isArray(routes)) continue;
    routes.forEach((r, i) => {
      if (!isPlainObject(r)) return;
      if (Array.isArray(r.route))
        r.route.forEach((d, j) => {
          if (isPlainObject(d)) destination(d.destination, ['spec', kind, i, 'route', j, 'destination'], out);
        });
      if (kind !== 'http') return;
      destination(r.mirror, ['spec', kind, i, 'mirror'], out);
      if (Array.isArray(r.mirrors))
        r.mirrors.forEach((m, j) => {
          if (isPlainObject(m))
            destination(m.destination, ['spec', kind, i, 'mirrors', j, 'destination'], out);
        });
    });
  }
  return out;
}

/**
 * The Service an Istio host names, as Istio resolves it: a short name ("reviews") is a Service of the
 * namespace of the object that writes it; "<name>.<namespace>.svc.cluster.local" names one of any
 * namespace. Other hosts (external names, ServiceEntry hosts, wildcards, "<name>.<namespace>", which Istio
 * takes as written) are no Service reference; undefined then.
 */
export function meshHostService(
  host: string,
  namespace: string,
): { namespace: string; name: string } | undefined {
  if (!host || host.includes('*')) return undefined;
  if (!host.includes('.')) return { namespace, name: host };
  const m = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc\.cluster\.local\.?$/.exec(
    host,
  );
  return m ? { namespace: m[3] as string, name: m[1] as string } : undefined;
}

/** "kind\0group\0namespace\0name" of a reference's target. */
export function targetKey(kind: string, group: string, namespace: string, name: string): string {
  return `${kind}\u0000${group}\u0000${namespace}\u0000${name}`;
}

const censuses = new WeakMap<Model, Map<string, Set<SourceFile>>>();

/** Every name the input refers to (Services, Gateways, workloads), with the files that refer to it. */
export function referenceCensus(model: Model): Map<string, Set<SourceFile>> {
  let census = censuses.get(model);
  if (census) return census;
  census = new Map();
  const add = (from: K8sObject, kind: string, group: string, ns: string, name: unknown) => {
    if (typeof name === 'string' && name)
      setAt(census as Map<string, Set<SourceFile>>, targetKey(kind, group, ns, name)).add(from.file);
  };
  for (const ing of model.ingresses) {
    const v1 = ing.apiVersion === 'networking.k8s.io/v1';
    for (const [path, b] of ingressBackends(ing))
      add(ing, 'Service', '', ing.namespace, ingressServiceBackend(path, b, v1)?.name);
  }
  for (const sts of model.ofKind('StatefulSet'))
    if (sts.group === 'apps') add(sts, 'Service', '', sts.namespace, sts.raw?.spec?.serviceName);
  for (const obj of model.objects) {
    const target = scaleTargetRef(obj);
    if (target) add(obj, target.kind, target.group, obj.namespace, target.name);
    if (isRollout(obj)) {
      for (const ref of rolloutServiceRefs(obj)) add(obj, 'Service', '', obj.namespace, ref.name);
      const w = rolloutWorkloadRef(obj);
      if (w) add(obj, w.kind, w.group, obj.namespace, w.name);
    }
    if (isVirtualService(obj))
      for (const d of meshDestinations(obj)) {
        const svc = meshHostService(d.host, obj.namespace);
        if (svc) add(obj, 'Service', '', svc.namespace, svc.name);
      }
    if (!isRoute(obj)) continue;
    const route = obj;
    for (const [, ref] of routeBackendRefs(route))
      if (str(ref.group, '') === '' && str(ref.kind, 'Service') === 'Service')
        add(route, 'Service', '', str(ref.namespace, route.namespace), ref.name);
    for (const [, ref] of routeParentRefs(route))
      if (str(ref.group, GATEWAY_GROUP) === GATEWAY_GROUP && str(ref.kind, 'Gateway') === 'Gateway')
        add(route, 'Gateway', GATEWAY_GROUP, str(ref.namespace, route.namespace), ref.name);
  }
  censuses.set(model, census);
  return census;
}
