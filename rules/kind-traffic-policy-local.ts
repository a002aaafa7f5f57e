/**
 * kind-traffic-policy-local: with externalTrafficPolicy: Local a node port answers only on nodes that run
 * a selected pod. On kind the host reaches the node port through the one node container that carries the
 * mapping, so the Service answers only while a pod is scheduled there. Not reported when the pods are
 * bound to run there: a one-node cluster, a nodeSelector (or nodeName) that only mapped nodes satisfy, or a
 * DaemonSet that runs on the mapped node.
 */
import { defineRule } from '../src/engine/rule.js';
import {
  clusterName,
  getsNodePorts,
  type KindMapping,
  type KindNode,
  kindNodes,
  kindScope,
  mappingsByContainerPort,
} from '../src/model/kind.js';
import type { PodTemplate } from '../src/model/model.js';
import { isPlainObject, labelsOf } from '../src/model/objects.js';
import { qualifiedName, servicePorts, serviceSelector } from '../src/model/service.js';
import { push } from '../src/util/maps.js';

function tolerates(t: PodTemplate, key: string): boolean {
  const list = t.spec.tolerations;
  if (!Array.isArray(list)) return false;
  return list.some(
    (x) => isPlainObject(x) && ((x.operator === 'Exists' && x.key === undefined) || x.key === key),
  );
}

/** Can a pod of this template run on the node (as far as taints of kind nodes and nodeSelector go)? */
function canRunOn(t: PodTemplate, node: KindNode, single: boolean): boolean {
  if (typeof t.spec.nodeName === 'string') return t.spec.nodeName === node.name;
  const sel = labelsOf(t.spec.nodeSelector);
  for (const [k, v] of Object.entries(sel)) if (node.labels[k] !== v) return false;
  // kubeadm taints control-plane nodes; kind removes the taint only in a one-node cluster.
  if (node.role === 'control-plane' && !single) return tolerates(t, 'node-role.kubernetes.io/control-plane');
  return true;
}

/** Is some pod of the Service bound to run on a node that carries the mapping? */
function podBoundThere(templates: PodTemplate[], mapped: Set<KindNode>, nodes: KindNode[]): boolean {
  const single = nodes.length === 1;
  if (single) return true;
  return templates.some((t) => {
    const able = nodes.filter((n) => canRunOn(t, n, single));
    if (!able.length) return false;
    // A DaemonSet runs a pod on every node it can; anything else is placed on one of the nodes it can run on.
    if (t.owner.kind === 'DaemonSet') return able.some((n) => mapped.has(n));
    return able.every((n) => mapped.has(n));
  });
}

export default defineRule({
  meta: {
    id: 'kind-traffic-policy-local',
    description: 'Disallow externalTrafficPolicy Local on a Service reached through a kind port mapping',
    severity: 'warning',
    messages: {
      local:
        'externalTrafficPolicy "Local": node port {{nodePort}} on node {{nodes}} answers only while a selected pod runs there',
    },
    remediation:
      'Use externalTrafficPolicy: Cluster, or pin the pods to the mapped node (a node label in the kind config and a nodeSelector).',
  },
  check(model, ctx) {
    const scope = kindScope(model);
    if (!scope.configs.length) return;
    for (const svc of model.services) {
      if (svc.raw?.spec?.externalTrafficPolicy !== 'Local' || !getsNodePorts(svc)) continue;
      const configs = scope.configsOf(svc);
      const idx = mappingsByContainerPort(configs);
      const sel = serviceSelector(svc);
      const templates = sel ? model.selectPods(svc.namespace, sel) : [];
      for (const p of servicePorts(svc)) {
        if (!p.nodePort) continue;
        const mappings = idx.get(p.nodePort) ?? [];
        const byCluster = new Map<unknown, KindMapping[]>();
        for (const m of mappings) push(byCluster, m.node.cluster, m);
        for (const ms of byCluster.values()) {
          const cluster = (ms[0] as KindMapping).node.cluster;
          const mapped = new Set(ms.map((m) => m.node));
          if (podBoundThere(templates, mapped, kindNodes(cluster))) continue;
          ctx.report({
            object: svc,
            path: ['spec', 'externalTrafficPolicy'],
            messageId: 'local',
            data: {
              service: qualifiedName(svc),
              nodePort: p.nodePort,
              nodes: [...new Set(ms.map((m) => `"${m.node.name}"`))].join(', '),
              cluster: clusterName(cluster),
            },
            related: [
              {
                object: cluster,
                path: [...(ms[0] as KindMapping).path, 'containerPort'],
                message: `the mapping on node "${(ms[0] as KindMapping).node.name}"`,
              },
            ],
          });
        }
      }
    }
  },
});
