/**
 * istio-virtual-service: an Istio VirtualService routes to destinations — a host, an optional subset and
 * port. A host that names no Service, a port the Service does not have, or a subset that no
 * DestinationRule of the host defines, leaves the route with nowhere to go: Envoy answers 503 (for a
 * missing subset, "no healthy upstream"). Hosts resolve as Istio resolves them (a short name in the
 * VirtualService's namespace, or <name>.<namespace>.svc.cluster.local); external names and ServiceEntry
 * hosts are not checked. References to what the input does not hold are judged by model/resolve.ts.
 */
import { defineRule } from '../src/engine/rule.js';
import { destinationRulesOf, isServiceEntryHost, subsetsOf } from '../src/model/mesh.js';
import { findServicePort, operatorOwner, portsOrHint } from '../src/model/network.js';
import {
  isDestinationRule,
  isVirtualService,
  meshDestinations,
  meshHostService,
} from '../src/model/references.js';
import { judgeMissingName, nearestNamed } from '../src/model/resolve.js';
import { isNear } from '../src/model/scope.js';
import { qualifiedName, servicePorts, serviceType } from '../src/model/service.js';
import { isLikelyTypo, quoteList } from '../src/util/suggest.js';

export default defineRule({
  meta: {
    id: 'istio-virtual-service',
    description:
      'Disallow Istio VirtualService destinations that name a missing Service, a port it lacks or an undefined subset',
    severity: 'error',
    messages: {
      noService: 'destination host "{{host}}" names no Service in namespace "{{namespace}}"{{hint}}',
      noPort: 'destination port {{port}} matches no port of Service "{{service}}"{{ports}}{{hint}}',
      noSubset: 'destination subset "{{subset}}" is defined by no DestinationRule of host "{{host}}"{{hint}}',
    },
    remediation:
      'Route to an existing Service (a short name is resolved in the VirtualService namespace), to one of its port numbers, and to a subset that a DestinationRule for that host defines.',
  },
  check(model, ctx) {
    for (const vs of model.ofKind('VirtualService')) {
      if (!isVirtualService(vs)) continue;
      for (const d of meshDestinations(vs)) {
        const target = meshHostService(d.host, vs.namespace);
        if (!target || isServiceEntryHost(model, d.host, vs.namespace)) continue;
        const ref = {
          kind: 'Service',
          group: '',
          namespace: target.namespace,
          name: target.name,
          namespaceWritten: vs.explicitNamespace || d.host.includes('.'),
        };
        const candidates = nearestNamed(model, vs, ref);
        const svc = candidates[0];
        const base = { host: d.host, vs: qualifiedName(vs) };
        if (!svc) {
          if (operatorOwner(model, target.namespace, target.name)) continue;
          const judged = judgeMissingName(model, vs, ref);
          ctx.report({
            object: vs,
            path: [...d.path, 'host'],
            messageId: 'noService',
            data: { ...base, namespace: target.namespace, hint: judged.hint },
            assumesComplete: !judged.shown,
          });
          continue;
        }
        const port = d.port;
        const portless = serviceType(svc) === 'ExternalName' && servicePorts(svc).length === 0;
        if (port !== undefined && !portless && !candidates.some((s) => findServicePort(s, port))) {
          const ports = servicePorts(svc);
          ctx.report({
            object: vs,
            path: [...d.path, 'port', 'number'],
            messageId: 'noPort',
            data: {
              ...base,
              port,
              service: qualifiedName(svc),
              ...portsOrHint(ports, port),
            },
            related: [
              { object: svc, path: ['spec', 'ports'], message: 'the Service ports are defined here' },
            ],
          });
        }
        if (d.subset === undefined) continue;
        const rules = destinationRulesOf(model, vs, svc.namespace, svc.name);
        const subsets = new Set(rules.flatMap((r) => subsetsOf(r).map((s) => s.name)));
        if (subsets.has(d.subset)) continue;
        // A rule of an unrelated sample says nothing about this one's subsets.
        if (!rules.some((r) => isNear(vs, r))) {
          // No rule of this host near: shown when the VirtualService's file keeps its rules with it.
          const kept = model
            .ofKind('DestinationRule')
            .some((r) => isDestinationRule(r) && r.file === vs.file);
          ctx.report({
            object: vs,
            path: [...d.path, 'subset'],
            messageId: 'noSubset',
            data: { ...base, subset: d.subset, hint: '; the input has none for that host' },
            assumesComplete: !kept,
          });
          continue;
        }
        const near = [...subsets].find((x) => isLikelyTypo(d.subset as string, x));
        ctx.report({
          object: vs,
          path: [...d.path, 'subset'],
          messageId: 'noSubset',
          data: {
            ...base,
            subset: d.subset,
            hint: near
              ? `; did you mean "${near}"?`
              : subsets.size
                ? ` (subsets: ${quoteList(subsets)})`
                : '; its DestinationRule defines no subsets',
          },
          related: rules.map((r) => ({
            object: r,
            path: ['spec'],
            message: 'the DestinationRule is defined here',
          })),
        });
      }
    }
  },
});
