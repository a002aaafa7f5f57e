/**
 * kind-port-mapping-missing: on a kind cluster a node port is reachable from the host only through an
 * extraPortMappings entry of a node container, fixed when the cluster is created. Runs only when a kind
 * config is part of the input; which configs apply to which Services is KindScope's (docs/kind.md).
 */
import { defineRule } from '../src/engine/rule.js';
import { kindMappingSuggestion } from '../src/fix/builders.js';
import {
  clusterRange,
  describeClusters,
  getsNodePorts,
  kindScope,
  mappingsByContainerPort,
} from '../src/model/kind.js';
import { qualifiedName, servicePorts, serviceType } from '../src/model/service.js';
import type { K8sObject } from '../src/types.js';

export default defineRule({
  meta: {
    id: 'kind-port-mapping-missing',
    description: 'Require an extraPortMappings entry of the kind cluster for every node port of a Service',
    severity: 'warning',
    messages: {
      missing:
        'nodePort {{nodePort}} of Service "{{service}}" is mapped by no extraPortMappings of {{clusters}}',
      unset:
        'port {{port}} of a {{type}} Service has no nodePort for extraPortMappings of {{clusters}} to map',
    },
    options: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          unsetLoadBalancer: {
            type: 'boolean',
            description:
              'Also report LoadBalancer Services that set no nodePort (default false: they are usually reached through a load-balancer implementation such as cloud-provider-kind)',
          },
        },
      },
      defaults: { unsetLoadBalancer: false },
    },
    remediation:
      'Add `extraPortMappings: [{containerPort: <nodePort>, hostPort: <nodePort>}]` to a node of the kind config (editors offer it) and recreate the cluster (mappings are fixed at creation); set an explicit nodePort first if the Service has none. Without a mapping, only a load-balancer implementation such as cloud-provider-kind reaches a LoadBalancer Service.',
  },
  check(model, ctx) {
    const scope = kindScope(model);
    if (!scope.configs.length) return;
    const used = new Set<number>();
    for (const s of model.services) for (const p of servicePorts(s)) if (p.nodePort) used.add(p.nodePort);
    type Index = { idx: ReturnType<typeof mappingsByContainerPort>; free: number[] };
    const byConfigs = new Map<string, Index>();
    const indexFor = (configs: K8sObject[]): Index => {
      const key = configs.map((c) => scope.configs.indexOf(c)).join(',');
      let entry = byConfigs.get(key);
      if (!entry) {
        const idx = mappingsByContainerPort(configs);
        // Mapped node ports that no Service uses yet: the best nodePort to suggest.
        const free = [...idx.keys()]
          .filter((n) => n >= 30000 && n <= 32767 && !used.has(n))
          .sort((a, b) => a - b);
        entry = { idx, free };
        byConfigs.set(key, entry);
      }
      return entry;
    };
    const suggest = (free: number[], port: number | undefined): number => {
      const mapped = free.shift();
      if (mapped !== undefined) return mapped;
      let n = port !== undefined && port > 0 && port < 2768 ? 30000 + port : 30000;
      while (used.has(n) && n < 32767) n++;
      used.add(n);
      return n;
    };
    for (const svc of model.services) {
      if (!getsNodePorts(svc)) continue;
      const configs = scope.configsOf(svc);
      if (!configs.length) continue;
      const { idx, free } = indexFor(configs);
      const ports = servicePorts(svc);
      const clusters = describeClusters(configs);
      const related = [{ object: configs[0] as K8sObject, path: ['nodes'], message: `the ${clusters}` }];
      for (const p of ports) {
        const n = p.nodePort;
        if (n === undefined || n === 0) {
          if (serviceType(svc) === 'LoadBalancer' && ctx.options.unsetLoadBalancer !== true) continue;
          const example = suggest(free, p.port);
          ctx.report({
            object: svc,
            path: p.path,
            messageId: 'unset',
            data: {
              port: p.name ? `"${p.name}"` : String(p.port ?? p.index + 1),
              type: serviceType(svc),
              service: qualifiedName(svc),
              clusters,
            },
            related,
            suggestions: () =>
              configs.map((c) =>
                kindMappingSuggestion(svc, c, example, p.protocol, { service: svc, portPath: p.path }),
              ),
          });
          continue;
        }
        // Outside the node port range the Service is rejected: node-port-range's finding, not a mapping's.
        if (
          !configs.some((c) => {
            const r = clusterRange(c);
            return n >= r.min && n <= r.max;
          })
        )
          continue;
        const mappings = idx.get(n) ?? [];
        if (mappings.some((m) => m.protocol === p.protocol.toUpperCase())) continue;
        // A mapping of this port with a protocol no port of the Service uses is kind-port-mapping-protocol's.
        const protocols = new Set(ports.filter((q) => q.nodePort === n).map((q) => q.protocol.toUpperCase()));
        if (mappings.some((m) => !protocols.has(m.protocol))) continue;
        ctx.report({
          object: svc,
          path: [...p.path, 'nodePort'],
          messageId: 'missing',
          data: {
            nodePort: n,
            service: qualifiedName(svc),
            clusters,
          },
          related,
          suggestions: () => configs.map((c) => kindMappingSuggestion(svc, c, n, p.protocol)),
        });
      }
    }
  },
});
