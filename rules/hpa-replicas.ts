/**
 * hpa-replicas: a workload that an autoscaler scales should not set spec.replicas. Every apply of the
 * manifest (kubectl apply, a GitOps sync) sets the replica count back to the written value, and the
 * autoscaler scales it again a while later: under load the pods drop to the written count at each deploy.
 */
import { defineRule } from '../src/engine/rule.js';
import { autoscalersOf, isReplicated } from '../src/model/scaling.js';
import { qualifiedName } from '../src/model/service.js';
import { shortName } from '../src/model/workloads.js';

export default defineRule({
  meta: {
    id: 'hpa-replicas',
    description: 'Disallow spec.replicas on workloads that an autoscaler scales',
    severity: 'warning',
    messages: {
      replicas:
        'replicas {{replicas}} of {{workload}} overrides the count {{autoscaler}} sets, at every apply',
    },
    remediation:
      'Remove spec.replicas from the workload and let the autoscaler own the count (set its minReplicas instead).',
  },
  check(model, ctx) {
    for (const obj of model.objects) {
      if (!isReplicated(obj)) continue;
      const replicas = obj.raw?.spec?.replicas;
      if (typeof replicas !== 'number') continue;
      const scaler = autoscalersOf(model, obj)[0];
      if (!scaler) continue;
      ctx.report({
        object: obj,
        path: ['spec', 'replicas'],
        messageId: 'replicas',
        data: {
          replicas,
          workload: `${obj.kind} "${qualifiedName(obj)}"`,
          autoscaler: shortName(scaler),
        },
        related: [
          { object: scaler, path: ['spec', 'scaleTargetRef'], message: 'the autoscaler is defined here' },
        ],
      });
    }
  },
});
