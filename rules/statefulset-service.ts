/**
 * statefulset-service: `spec.serviceName` of a StatefulSet is the governing Service that gives each pod its
 * DNS name (kafka-0.kafka.ns.svc). It must exist in the StatefulSet's namespace (error); a Service that is
 * not headless or does not select the StatefulSet's pods gives no per-pod DNS records (warning).
 */
import { defineRule } from '../src/engine/rule.js';
import { templateMatches } from '../src/model/model.js';
import { judgeMissingName, nearestNamed } from '../src/model/resolve.js';
import { isHeadless, qualifiedName, serviceSelector } from '../src/model/service.js';
import type { K8sObject } from '../src/types.js';
import { formatLabels } from '../src/util/labels.js';

export default defineRule({
  meta: {
    id: 'statefulset-service',
    description: 'Require the serviceName of a StatefulSet to be a headless Service that selects its pods',
    severity: 'error',
    messages: {
      noService: 'serviceName "{{service}}" names no Service in namespace "{{namespace}}"{{hint}}',
      notHeadless:
        'governing Service "{{service}}" is not headless (clusterIP: None), so its pods get no stable DNS names',
      noSelector: 'governing Service "{{service}}" has no selector, so its pods get no DNS records',
      notSelecting:
        'governing Service "{{service}}" does not select the pods (selector {{selector}}), so they get no DNS records',
    },
    remediation:
      'Create a headless Service (clusterIP: None) in the StatefulSet namespace whose selector matches the pod template labels, and name it in spec.serviceName.',
  },
  check(model, ctx) {
    for (const sts of model.ofKind('StatefulSet')) {
      if (sts.group !== 'apps') continue;
      const name = sts.raw?.spec?.serviceName;
      // Optional since Kubernetes 1.30 (no per-pod DNS wanted): nothing to check.
      if (typeof name !== 'string' || name === '') continue;
      const path = ['spec', 'serviceName'];
      const ref = {
        kind: 'Service',
        group: '',
        namespace: sts.namespace,
        name,
        namespaceWritten: sts.explicitNamespace,
      };
      const candidates = nearestNamed(model, sts, ref);
      const tpl = model.templateOf(sts);
      const selects = (s: K8sObject) => {
        const sel = serviceSelector(s);
        return sel !== undefined && (!tpl || templateMatches(tpl, sel));
      };
      // Several definitions just as near (alternatives side by side): the best one is judged.
      const svc =
        candidates.find((s) => isHeadless(s) && selects(s)) ??
        candidates.find((s) => isHeadless(s)) ??
        candidates[0];
      const data = { service: qualifiedName(svc ?? sts), statefulset: qualifiedName(sts) };
      if (!svc) {
        const judged = judgeMissingName(model, sts, ref);
        ctx.report({
          object: sts,
          path,
          messageId: 'noService',
          data: {
            service: name,
            statefulset: qualifiedName(sts),
            namespace: sts.namespace,
            hint: judged.hint,
          },
          assumesComplete: !judged.shown,
        });
        continue;
      }
      const related = [{ object: svc, path: [], message: 'the Service is defined here' }];
      if (!isHeadless(svc))
        ctx.report({ object: sts, path, messageId: 'notHeadless', data, severity: 'warning', related });
      const sel = serviceSelector(svc);
      if (!sel) {
        ctx.report({ object: sts, path, messageId: 'noSelector', data, severity: 'warning', related });
      } else if (tpl && !templateMatches(tpl, sel)) {
        const selector = formatLabels(sel);
        ctx.report({
          object: sts,
          path,
          messageId: 'notSelecting',
          data: { ...data, selector },
          severity: 'warning',
          related,
        });
      }
    }
  },
});
