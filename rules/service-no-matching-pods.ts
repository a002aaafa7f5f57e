/**
 * service-no-matching-pods: a Service whose selector matches no pod in its namespace has no endpoints, and
 * every connection to it is refused. Pods are those of the input's pod templates, and those operators and
 * the cluster make with known labels (model/operators.ts). Where the input does not show the pods' world,
 * the Service is not checked (model/resolve.ts).
 */
import { defineRule } from '../src/engine/rule.js';
import { isMeshApex } from '../src/model/conventions.js';
import { judgeNoPods, reachesPods, selectPods } from '../src/model/resolve.js';
import { qualifiedName, serviceSelector } from '../src/model/service.js';
import { formatLabels } from '../src/util/labels.js';

export default defineRule({
  meta: {
    id: 'service-no-matching-pods',
    description: 'Disallow Services whose selector matches no pod template in their namespace',
    severity: 'error',
    messages: {
      noPods: 'selector {{selector}} matches no pod template{{hint}}',
    },
    remediation:
      'Make the selector equal to labels of the pod template (spec.template.metadata.labels), in the same namespace, or remove the selector if you manage endpoints yourself.',
  },
  check(model, ctx) {
    for (const svc of model.services) {
      const sel = serviceSelector(svc);
      if (!sel) continue;
      const selector = { matchLabels: sel };
      if (reachesPods(selectPods(model, svc, svc.namespace, selector))) continue;
      // A mesh splits the traffic of its apex Service to other Services' pods.
      if (isMeshApex(model, svc)) continue;
      const judged = judgeNoPods(model, svc, svc.namespace, selector, false);
      ctx.report({
        object: svc,
        path: ['spec', 'selector'],
        messageId: 'noPods',
        data: {
          selector: formatLabels(sel),
          service: qualifiedName(svc),
          namespace: svc.namespace,
          hint: judged.hint,
        },
        assumesComplete: !judged.shown,
      });
    }
  },
});
