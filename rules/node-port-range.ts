/**
 * node-port-range: a nodePort outside the cluster's node port range is rejected by the API server. The
 * range is the rule option, or the one a kind config of the run sets with a kubeadm patch of the API
 * server's service-node-port-range.
 */
import { defineRule } from '../src/engine/rule.js';
import {
  clusterName,
  DEFAULT_NODE_PORT_RANGE,
  formatRange,
  kindScope,
  PORT_RANGE_PATTERN,
  type PortRange,
  parsePortRange,
  rangesFor,
} from '../src/model/kind.js';
import { qualifiedName, servicePorts, serviceType } from '../src/model/service.js';

export default defineRule({
  meta: {
    id: 'node-port-range',
    description: 'Disallow nodePorts outside the node port range of the cluster',
    severity: 'error',
    options: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          range: {
            type: 'string',
            pattern: PORT_RANGE_PATTERN,
            description: 'The API server\'s --service-node-port-range, "min-max" (default "30000-32767")',
          },
        },
      },
      defaults: { range: DEFAULT_NODE_PORT_RANGE },
    },
    messages: {
      outside: 'nodePort {{nodePort}} is outside the node port range {{range}}{{source}}',
      badRange: 'option range "{{range}}" of node-port-range is not "min-max" with 1 <= min <= max <= 65535',
    },
    remediation:
      'Choose a nodePort inside the node port range, or leave nodePort out and let the cluster allocate one.',
  },
  check(model, ctx) {
    const optionRange = String(ctx.options.range ?? DEFAULT_NODE_PORT_RANGE);
    const fallback = parsePortRange(optionRange) as PortRange | undefined;
    const scope = kindScope(model);
    for (const svc of model.services) {
      // A nodePort on a ClusterIP or ExternalName Service is node-port-not-allowed's finding. A LoadBalancer
      // with allocateLoadBalancerNodePorts: false still gets the nodePorts it names.
      const t = serviceType(svc);
      const ports = t === 'NodePort' || t === 'LoadBalancer' ? servicePorts(svc) : [];
      for (const p of ports) {
        if (p.nodePort === undefined || p.nodePort === 0) continue;
        if (!fallback) {
          // The schema's pattern admits "40000-30000"; say so once, at the first nodePort.
          ctx.report({
            object: svc,
            path: [...p.path, 'nodePort'],
            messageId: 'badRange',
            data: { range: optionRange },
          });
          return;
        }
        const ranges = rangesFor(scope, svc, fallback);
        const n = p.nodePort;
        if (ranges.some((r) => n >= r.range.min && n <= r.range.max)) continue;
        const first = ranges[0];
        ctx.report({
          object: svc,
          path: [...p.path, 'nodePort'],
          messageId: 'outside',
          data: {
            nodePort: n,
            service: qualifiedName(svc),
            range: [...new Set(ranges.map((r) => formatRange(r.range)))].join(' or '),
            source: first?.cluster
              ? ` (service-node-port-range of kind cluster "${clusterName(first.cluster)}")`
              : '',
          },
        });
      }
    }
  },
});
