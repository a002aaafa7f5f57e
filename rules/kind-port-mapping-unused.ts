/**
 * kind-port-mapping-unused: a mapping to a node port that no Service of the run uses — a typo of the
 * Service's nodePort, or a mapping left behind. Mappings outside the node port range (80, 443 for an
 * ingress controller's hostPort) are not about Services and are left alone.
 */
import { defineRule } from '../src/engine/rule.js';
import {
  clusterRange,
  describeNode,
  formatRange,
  getsNodePorts,
  kindScope,
  mappingsOf,
} from '../src/model/kind.js';
import { qualifiedName, servicePorts, serviceType } from '../src/model/service.js';
import type { K8sObject } from '../src/types.js';
import { levenshtein } from '../src/util/suggest.js';

export default defineRule({
  meta: {
    id: 'kind-port-mapping-unused',
    description: 'Disallow kind extraPortMappings to node ports that no Service uses',
    // Unused mappings cost nothing; a typo in one shows as kind-port-mapping-missing: strict only.
    severity: 'off',
    strict: { severity: 'warning' },
    messages: {
      unused: 'extraPortMappings containerPort {{containerPort}} is a node port no Service uses{{hint}}',
    },
    remediation:
      "Make the mapping's containerPort equal to the Service's nodePort, or remove the mapping if nothing uses it.",
  },
  check(model, ctx) {
    const scope = kindScope(model);
    for (const config of scope.configs) {
      const services = scope.servicesOf(config);
      // Linted alone, a kind config says nothing about Services: the linter cannot know what uses it.
      if (!services.length) continue;
      const used = new Map<number, K8sObject>();
      const elsewhere = new Map<number, K8sObject>();
      for (const svc of services) {
        const on = getsNodePorts(svc) || serviceType(svc) === 'LoadBalancer';
        for (const p of servicePorts(svc)) {
          if (p.nodePort) (on ? used : elsewhere).set(p.nodePort, svc);
        }
      }
      const mappings = mappingsOf(config);
      const mapped = new Set(mappings.map((m) => m.containerPort));
      const range = clusterRange(config);
      for (const m of mappings) {
        const n = m.containerPort;
        if (n === undefined || n < range.min || n > range.max || used.has(n)) continue;
        let hint = '';
        const wrongType = elsewhere.get(n);
        if (wrongType) {
          hint = `; Service "${qualifiedName(wrongType)}" sets it, as a ${serviceType(wrongType)}`;
        } else {
          const near = [...used.keys()]
            .filter(
              (u) =>
                !mapped.has(u) && u >= range.min && u <= range.max && levenshtein(String(u), String(n)) <= 1,
            )
            .sort((a, b) => a - b)[0];
          const svc = near === undefined ? undefined : used.get(near);
          if (near !== undefined && svc) hint = `; did you mean ${near} (Service "${qualifiedName(svc)}")?`;
        }
        ctx.report({
          object: config,
          path: [...m.path, 'containerPort'],
          messageId: 'unused',
          data: { containerPort: n, node: describeNode(m.node), range: formatRange(range), hint },
        });
      }
    }
  },
});
