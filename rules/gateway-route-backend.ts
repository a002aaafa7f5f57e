/**
 * gateway-route-backend: Gateway API routes (HTTPRoute, GRPCRoute, TCPRoute, TLSRoute, UDPRoute) send
 * traffic to `backendRefs` and attach to Gateways through `parentRefs`. A backendRef to a Service (the
 * default kind) must name a Service of the route's namespace (or of the ref's `namespace`) and one of its
 * port numbers; a parentRef to a Gateway must name one of the input's Gateways and one of its listeners.
 * References to what the input does not hold are judged by model/resolve.ts (a platform team often owns
 * the Gateways, elsewhere).
 */
import { defineRule } from '../src/engine/rule.js';
import { replaceByClosest, servicePortSuggestions } from '../src/fix/builders.js';
import { findServicePort, operatorOwner, portsOrHint } from '../src/model/network.js';
import { isPlainObject } from '../src/model/objects.js';
import {
  GATEWAY_GROUP as GROUP,
  isRoute,
  routeBackendRefs,
  routeParentRefs,
} from '../src/model/references.js';
import { judgeMissingName, nearestNamed } from '../src/model/resolve.js';
import { qualifiedName, servicePorts } from '../src/model/service.js';
import type { K8sObject } from '../src/types.js';
import { quoteList } from '../src/util/suggest.js';

function str(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v : fallback;
}

export default defineRule({
  meta: {
    id: 'gateway-route-backend',
    description: 'Disallow Gateway API routes that refer to a missing Service, Service port or Gateway',
    severity: 'error',
    messages: {
      noService: 'backendRef Service "{{service}}" is not in namespace "{{namespace}}"{{hint}}',
      noPort: 'backendRef port {{port}} matches no port of Service "{{service}}"{{ports}}{{hint}}',
      missingPort: 'backendRef to Service "{{service}}" has no port, which a Service backend requires',
      noGateway: 'parentRef Gateway "{{gateway}}" is not in namespace "{{namespace}}"{{hint}}',
      noListener:
        'parentRef sectionName "{{section}}" matches no listener of Gateway "{{gateway}}" (listeners: {{listeners}})',
    },
    remediation:
      'Point backendRefs at an existing Service and one of its port numbers, and parentRefs at an existing Gateway and listener.',
  },
  check(model, ctx) {
    for (const route of model.objects) {
      if (!isRoute(route)) continue;
      const base = { kind: route.kind, route: qualifiedName(route) };
      for (const [path, ref] of routeBackendRefs(route)) {
        if (str(ref.group, '') !== '' || str(ref.kind, 'Service') !== 'Service') continue;
        if (typeof ref.name !== 'string' || ref.name === '') continue;
        const target = {
          kind: 'Service',
          group: '',
          namespace: str(ref.namespace, route.namespace),
          name: ref.name,
          namespaceWritten: typeof ref.namespace === 'string' || route.explicitNamespace,
        };
        const candidates = nearestNamed(model, route, target);
        const svc = candidates[0];
        if (!svc && operatorOwner(model, target.namespace, ref.name)) continue;
        if (!svc) {
          const judged = judgeMissingName(model, route, target);
          ctx.report({
            object: route,
            path: [...path, 'name'],
            messageId: 'noService',
            data: { ...base, service: ref.name, namespace: target.namespace, hint: judged.hint },
            assumesComplete: !judged.shown,
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
            ...portsOrHint(ports, port),
          },
          related: [{ object: svc, path: ['spec', 'ports'], message: 'Service ports are defined here' }],
          suggestions: () => servicePortSuggestions(route, [...path, 'port'], ports, port),
        });
      }
      for (const [i, ref] of routeParentRefs(route)) {
        if (typeof ref.name !== 'string') continue;
        if (str(ref.group, GROUP) !== GROUP || str(ref.kind, 'Gateway') !== 'Gateway') continue;
        const target = {
          kind: 'Gateway',
          group: GROUP,
          namespace: str(ref.namespace, route.namespace),
          name: ref.name,
          namespaceWritten: typeof ref.namespace === 'string' || route.explicitNamespace,
        };
        const gateways = nearestNamed(model, route, target);
        const gw = gateways[0];
        if (!gw) {
          // A platform team often owns the Gateways, elsewhere: judged like any reference.
          const judged = judgeMissingName(model, route, target);
          ctx.report({
            object: route,
            path: ['spec', 'parentRefs', i, 'name'],
            messageId: 'noGateway',
            data: { ...base, gateway: ref.name, namespace: target.namespace, hint: judged.hint },
            assumesComplete: !judged.shown,
          });
          continue;
        }
        const section = ref.sectionName;
        if (typeof section !== 'string') continue;
        if (gateways.some((g) => listenersOf(g).includes(section))) continue;
        ctx.report({
          object: route,
          path: ['spec', 'parentRefs', i, 'sectionName'],
          messageId: 'noListener',
          data: {
            section,
            gateway: qualifiedName(gw),
            listeners: quoteList(listenersOf(gw)),
          },
          related: [{ object: gw, path: ['spec', 'listeners'], message: 'the listeners are defined here' }],
          suggestions: () => [
            replaceByClosest(route, ['spec', 'parentRefs', i, 'sectionName'], section, listenersOf(gw)),
          ],
        });
      }
    }
  },
});

function listenersOf(gw: K8sObject): string[] {
  return Array.isArray(gw.raw?.spec?.listeners)
    ? gw.raw.spec.listeners.flatMap((l: unknown) =>
        isPlainObject(l) && typeof l.name === 'string' ? [l.name] : [],
      )
    : [];
}
