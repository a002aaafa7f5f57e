/**
 * References by name between objects, read in one place: the Service backends of an Ingress, the
 * backendRefs and parentRefs of Gateway API routes, a StatefulSet's serviceName. The rules check them; the
 * census (how many files refer to a name) tells the resolver when a missing target is one the input
 * simply does not hold.
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

/** "kind\0group\0namespace\0name" of a reference's target. */
export function targetKey(kind: string, group: string, namespace: string, name: string): string {
  return `${kind}\u0000${group}\u0000${namespace}\u0000${name}`;
}

const censuses = new WeakMap<Model, Map<string, Set<SourceFile>>>();

/** Every name the input refers to (Services, Gateways), with the files that refer to it. */
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
  for (const route of model.objects) {
    if (!isRoute(route)) continue;
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
