/**
 * kind-port-mapping-protocol: Docker forwards only the mapping's protocol (TCP by default), so a mapping
 * of a UDP Service's node port as TCP (or the reverse) forwards nothing the Service answers.
 */
import { defineRule } from '../src/engine/rule.js';
import { describeNode, getsNodePorts, kindScope, mappingsOf } from '../src/model/kind.js';
import { qualifiedName, type ServicePortInfo, servicePorts } from '../src/model/service.js';
import type { K8sObject } from '../src/types.js';
import { push } from '../src/util/maps.js';

export default defineRule({
  meta: {
    id: 'kind-port-mapping-protocol',
    description: "Require a kind port mapping's protocol to match the Service port it maps",
    severity: 'error',
    messages: {
      mismatch:
        'extraPortMappings entry for {{containerPort}} forwards {{protocol}}{{implicit}}; Service "{{service}}" uses {{expected}}',
    },
    remediation: "Set the mapping's protocol to the Service port's protocol (TCP, UDP or SCTP).",
  },
  check(model, ctx) {
    const scope = kindScope(model);
    for (const config of scope.configs) {
      const byNodePort = new Map<number, Array<{ svc: K8sObject; port: ServicePortInfo }>>();
      for (const svc of scope.servicesOf(config)) {
        if (!getsNodePorts(svc)) continue;
        for (const port of servicePorts(svc)) {
          if (!port.nodePort) continue;
          push(byNodePort, port.nodePort, { svc, port });
        }
      }
      for (const m of mappingsOf(config)) {
        if (m.containerPort === undefined) continue;
        const uses = byNodePort.get(m.containerPort);
        if (!uses?.length) continue;
        const protocols = [...new Set(uses.map((u) => u.port.protocol.toUpperCase()))].sort();
        if (protocols.includes(m.protocol)) continue;
        const first = uses[0] as { svc: K8sObject; port: ServicePortInfo };
        ctx.report({
          object: config,
          path: m.protocolRaw !== undefined ? [...m.path, 'protocol'] : [...m.path, 'containerPort'],
          messageId: 'mismatch',
          data: {
            containerPort: m.containerPort,
            node: describeNode(m.node),
            protocol: m.protocol,
            implicit: m.protocolRaw === undefined ? ' (the default)' : '',
            service: qualifiedName(first.svc),
            expected: protocols.join(' and '),
          },
          related: [
            {
              object: first.svc,
              path: [...first.port.path, 'nodePort'],
              message: `nodePort ${m.containerPort} of Service "${qualifiedName(first.svc)}"`,
            },
          ],
        });
      }
    }
  },
});
