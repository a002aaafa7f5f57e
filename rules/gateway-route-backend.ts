/**
 * gateway-route-backend: Gateway API routes (HTTPRoute, GRPCRoute, TCPRoute, TLSRoute, UDPRoute) send
 * traffic to `backendRefs` and attach to Gateways through `parentRefs`. A backendRef to a Service (the
 * default kind) must name a Service of the route's namespace (or of the ref's `namespace`) and one of its
 * port numbers; a parentRef to a Gateway must name one of the input's Gateways, checked only when the
 * input has Gateways (a platform team often owns them elsewhere).
 */
import { defineRule } from '../src/engine/rule.js';
import { replaceByClosest, servicePortSuggestions } from '../src/fix/builders.js';
import type { Model } from '../src/model/model.js';
import {
  describeServicePorts,
  findServicePort,
  findServices,
  missingServiceHint,
  operatorOwner,
  servicePortHint,
} from '../src/model/network.js';
import { isPlainObject } from '../src/model/objects.js';
import { qualifiedName, servicePorts } from '../src/model/service.js';
import type { K8sObject, Path } from '../src/types.js';
import { push } from '../src/util/maps.js';
import { closest, quoteList } from '../src/util/suggest.js';

const GROUP = 'gateway.networking.k8s.io';
const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute']);

/** Every backendRef of a route with its path: rules[].backendRefs[] and HTTP requestMirror filters. */
function backendRefsOf(route: K8sObject): Array<[Path, Record<string, unknown>]> {
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

function str(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v : fallback;
}

/** Gateways by namespace, built once. */
function gatewaysByNs(model: Model): Map<string, K8sObject[]> {
  const m = new Map<string, K8sObject[]>();
  for (const gw of model.ofKind('Gateway')) {
    if (gw.group !== GROUP) continue;
    push(m, gw.namespace, gw);
  }
  return m;
}

export default defineRule({
  meta: {
    id: 'gateway-route-backend',
    description: 'Disallow Gateway API routes that refer to a missing Service, Service port or Gateway',
    severity: 'error',
    messages: {
      noService:
        'backendRef Service "{{service}}" of {{kind}} "{{route}}" does not exist in namespace "{{namespace}}"{{hint}}',
      noPort: 'backendRef port {{port}} matches no port of Service "{{service}}" (ports: {{ports}}){{hint}}',
      missingPort: 'backendRef to Service "{{service}}" has no port, which a Service backend requires',
      noGateway:
        'parentRef Gateway "{{gateway}}" of {{kind}} "{{route}}" does not exist in namespace "{{namespace}}"{{hint}}',
      noListener:
        'parentRef sectionName "{{section}}" matches no listener of Gateway "{{gateway}}" (listeners: {{listeners}})',
    },
    remediation:
      'Point backendRefs at an existing Service and one of its port numbers, and parentRefs at an existing Gateway and listener.',
  },
  check(model, ctx) {
    const gateways = gatewaysByNs(model);
    for (const route of model.objects) {
      if (route.group !== GROUP || !ROUTE_KINDS.has(route.kind)) continue;
      const base = { kind: route.kind, route: qualifiedName(route) };
      for (const [path, ref] of backendRefsOf(route)) {
        if (str(ref.group, '') !== '' || str(ref.kind, 'Service') !== 'Service') continue;
        if (typeof ref.name !== 'string' || ref.name === '') continue;
        const ns = str(ref.namespace, route.namespace);
        const candidates = findServices(model, ns, ref.name);
        const svc = candidates[0];
        if (!svc && operatorOwner(model, ns, ref.name)) continue;
        if (!svc) {
          ctx.report({
            object: route,
            path: [...path, 'name'],
            messageId: 'noService',
            data: {
              ...base,
              service: ref.name,
              namespace: ns,
              hint: missingServiceHint(model, ns, ref.name, typeof ref.namespace === 'string'),
            },
          });
          continue;
        }
        if (ref.port === undefined || ref.port === null) {
          ctx.report({
            object: route,
            path,
            messageId: 'missingPort',
            data: { service: qualifiedName(svc) },
          });
          continue;
        }
        const port = ref.port;
        if (typeof port !== 'number' || candidates.some((s) => findServicePort(s, port))) continue;
        const ports = servicePorts(svc);
        ctx.report({
          object: route,
          path: [...path, 'port'],
          messageId: 'noPort',
          data: {
            port,
            service: qualifiedName(svc),
            ports: describeServicePorts(ports),
            hint: servicePortHint(ports, port),
          },
          related: [{ object: svc, path: ['spec', 'ports'], message: 'Service ports are defined here' }],
          suggestions: servicePortSuggestions(route, [...path, 'port'], ports, port),
        });
      }
      if (gateways.size === 0) continue;
      const parents = route.raw?.spec?.parentRefs;
      if (!Array.isArray(parents)) continue;
      parents.forEach((ref, i) => {
        if (!isPlainObject(ref) || typeof ref.name !== 'string') return;
        if (str(ref.group, GROUP) !== GROUP || str(ref.kind, 'Gateway') !== 'Gateway') return;
        const ns = str(ref.namespace, route.namespace);
        const inNs = gateways.get(ns) ?? [];
        const gw = inNs.find((g) => g.name === ref.name);
        if (!gw) {
          const near = closest(
            ref.name,
            inNs.map((g) => g.name),
          );
          const elsewhere = [...gateways.values()].flat().filter((g) => g.name === ref.name);
          const hint =
            near !== undefined
              ? `; did you mean "${near}"?`
              : elsewhere.length
                ? `; a Gateway of that name exists in namespace ${quoteList(elsewhere.map((g) => g.namespace))}: set parentRefs[].namespace`
                : `; Gateways of the input: ${quoteList([...gateways.values()].flat().map(qualifiedName))}`;
          ctx.report({
            object: route,
            path: ['spec', 'parentRefs', i, 'name'],
            messageId: 'noGateway',
            data: { ...base, gateway: ref.name, namespace: ns, hint },
          });
          return;
        }
        if (typeof ref.sectionName !== 'string') return;
        const listeners = Array.isArray(gw.raw?.spec?.listeners)
          ? gw.raw.spec.listeners.flatMap((l: unknown) =>
              isPlainObject(l) && typeof l.name === 'string' ? [l.name] : [],
            )
          : [];
        if (listeners.includes(ref.sectionName)) return;
        ctx.report({
          object: route,
          path: ['spec', 'parentRefs', i, 'sectionName'],
          messageId: 'noListener',
          data: { section: ref.sectionName, gateway: qualifiedName(gw), listeners: quoteList(listeners) },
          related: [{ object: gw, path: ['spec', 'listeners'], message: 'the listeners are defined here' }],
          suggestions: [
            replaceByClosest(route, ['spec', 'parentRefs', i, 'sectionName'], ref.sectionName, listeners),
          ],
        });
      });
    }
  },
});
