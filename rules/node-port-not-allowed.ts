/**
 * node-port-not-allowed: only NodePort and LoadBalancer Services get node ports; the API server rejects a
 * nodePort on a ClusterIP (including headless) or ExternalName Service.
 */
import { defineRule } from '../src/engine/rule.js';
import { isHeadless, qualifiedName, servicePorts, serviceType } from '../src/model/service.js';

export default defineRule({
  meta: {
    id: 'node-port-not-allowed',
    description: 'Disallow nodePort on ClusterIP, headless and ExternalName Services',
    severity: 'error',
    messages: {
      notAllowed:
        'nodePort {{nodePort}} is not allowed on {{what}} Service "{{service}}", only on NodePort and LoadBalancer',
    },
    remediation:
      'Remove the nodePort, or set spec.type to NodePort (or LoadBalancer) if the Service must be reachable on the nodes.',
  },
  check(model, ctx) {
    for (const svc of model.services) {
      const t = serviceType(svc);
      if (t === 'NodePort' || t === 'LoadBalancer') continue;
      const what = t === 'ClusterIP' && isHeadless(svc) ? 'headless' : `type "${t}"`;
      for (const p of servicePorts(svc)) {
        if (p.nodePort === undefined || p.nodePort === 0) continue;
        ctx.report({
          object: svc,
          path: [...p.path, 'nodePort'],
          messageId: 'notAllowed',
          data: { nodePort: p.nodePort, what, service: qualifiedName(svc) },
        });
      }
    }
  },
});
