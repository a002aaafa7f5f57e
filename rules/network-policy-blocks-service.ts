/**
 * network-policy-blocks-service: once a NetworkPolicy with policyTypes Ingress selects a pod, the pod
 * accepts only what some ingress rule of the policies selecting it admits. When none admits the container
 * port a Service port targets, the Service has endpoints but every connection times out.
 *
 * Approximation: only ports are compared. A rule admits a port when it has no `ports`, or a ports entry
 * with the same protocol and the same number (or range, endPort), or the container port's name. `from`
 * restrictions are not evaluated: a port admitted for some sources counts as admitted.
 */
import { defineRule } from '../src/engine/rule.js';
import { ingressPoliciesCovering, policyAdmitsPort, type TargetPort } from '../src/model/network.js';
import { type PodReach, type PortRoute, serviceRoute } from '../src/model/routing.js';
import { qualifiedName } from '../src/model/service.js';
import { describe } from '../src/types.js';
import { quoteList } from '../src/util/suggest.js';

/** The container port a Service port reaches in a template, or undefined when it cannot be resolved. */
function targetIn(route: PortRoute, r: PodReach): TargetPort | undefined {
  const { target, port: p } = route;
  if (target === undefined) return undefined;
  if (typeof target === 'number') return { port: target, name: r.served?.port.name, protocol: p.protocol };
  const named = r.hits[0]?.port;
  if (named?.containerPort === undefined) return undefined;
  return { port: named.containerPort, name: target, protocol: named.protocol };
}

export default defineRule({
  meta: {
    id: 'network-policy-blocks-service',
    description: 'Disallow Service ports whose target pods admit no ingress on the target port',
    severity: 'warning',
    messages: {
      blocked: 'no ingress rule of {{policies}} admits {{protocol}} {{target}} of {{owner}}',
    },
    remediation:
      'Add an ingress rule that admits the target container port (by number or by its name) to a NetworkPolicy that selects the pods, or remove the port from the Service.',
  },
  check(model, ctx) {
    for (const svc of model.services) {
      for (const route of serviceRoute(model, svc).ports) {
        const p = route.port;
        for (const r of route.pods) {
          const t = r.template;
          const policies = ingressPoliciesCovering(model, t);
          if (policies.length === 0) continue;
          const target = targetIn(route, r);
          if (!target || policies.some((pol) => policyAdmitsPort(pol, target))) continue;
          ctx.report({
            object: svc,
            path: [...p.path, p.targetPort === undefined ? 'port' : 'targetPort'],
            messageId: 'blocked',
            data: {
              port: p.name ? `${p.port ?? '?'} (${JSON.stringify(p.name)})` : (p.port ?? '?'),
              service: qualifiedName(svc),
              protocol: target.protocol,
              target: target.name ? `${target.port} (${JSON.stringify(target.name)})` : target.port,
              owner: describe(t.owner),
              policies: `NetworkPolicy ${quoteList(policies.map(qualifiedName))}`,
            },
            related: policies.map((pol) => ({
              object: pol,
              path: ['spec', 'podSelector'],
              message: `NetworkPolicy "${qualifiedName(pol)}" selects the pods`,
            })),
          });
          break;
        }
      }
    }
  },
});
