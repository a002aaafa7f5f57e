/**
 * node-port-exposure (off by default): a NodePort Service opens its port on every node's IP. Teams whose
 * policy is "no NodePorts outside dev namespaces" turn this on and list the namespaces where they are fine.
 */
import { defineRule } from '../src/engine/rule.js';
import { qualifiedName, serviceType } from '../src/model/service.js';
import { quoteList } from '../src/util/suggest.js';

const DEFAULT_ALLOWED = ['dev', 'development', 'local'];

export default defineRule({
  meta: {
    id: 'node-port-exposure',
    description: 'Disallow NodePort Services outside the namespaces where node ports are allowed',
    severity: 'off',
    strict: { severity: 'warning' },
    options: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          allowedNamespaces: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Namespaces where NodePort Services are allowed',
          },
        },
      },
      defaults: { allowedNamespaces: DEFAULT_ALLOWED },
    },
    messages: {
      exposed: 'type NodePort opens a port on every node, allowed only in {{allowed}}',
      none: 'type NodePort opens a port on every node, allowed in no namespace',
    },
    remediation:
      'Use a ClusterIP Service behind an Ingress or a LoadBalancer, or move the Service to a namespace where node ports are allowed.',
  },
  check(model, ctx) {
    const allowed = (ctx.options.allowedNamespaces as string[] | undefined) ?? DEFAULT_ALLOWED;
    const set = new Set(allowed);
    for (const svc of model.services) {
      if (serviceType(svc) !== 'NodePort' || set.has(svc.namespace)) continue;
      ctx.report({
        object: svc,
        path: ['spec', 'type'],
        messageId: allowed.length ? 'exposed' : 'none',
        data: {
          service: qualifiedName(svc),
          namespace: svc.namespace,
          allowed: `namespaces ${quoteList(allowed)}`,
        },
      });
    }
  },
});
