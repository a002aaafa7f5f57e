/**
 * istio-destination-rule: an Istio DestinationRule applies to the Service its host names, and each of its
 * subsets names the pods of that Service that carry the subset's labels (version: v2). A host that names
 * no Service applies to nothing; a subset whose labels no pod of the Service carries sends the traffic
 * routed to it nowhere (Envoy answers 503 "no healthy upstream"). Hosts resolve as Istio resolves them:
 * a short name in the rule's namespace, or <name>.<namespace>.svc.cluster.local; other hosts (external
 * names, ServiceEntry hosts) are not checked.
 */
import { defineRule } from '../src/engine/rule.js';
import { destinationRuleService, isServiceEntryHost, subsetsOf } from '../src/model/mesh.js';
import { operatorOwner } from '../src/model/network.js';
import { isDestinationRule } from '../src/model/references.js';
import {
  judgeMissingName,
  judgeNoPods,
  nearestNamed,
  reachesPods,
  selectPods,
} from '../src/model/resolve.js';
import { qualifiedName, serviceSelector } from '../src/model/service.js';
import { formatLabels } from '../src/util/labels.js';

export default defineRule({
  meta: {
    id: 'istio-destination-rule',
    description:
      'Disallow Istio DestinationRules whose host names no Service or whose subsets select none of its pods',
    severity: 'error',
    messages: {
      noService: 'host "{{host}}" names no Service in namespace "{{namespace}}"{{hint}}',
      noPods: 'subset "{{subset}}" selects {{labels}}, which no pod of Service "{{service}}" has{{hint}}',
    },
    remediation:
      "Name the Service in spec.host (a short name is resolved in the rule's namespace), and give each subset labels that the pod templates of that Service carry.",
  },
  check(model, ctx) {
    for (const dr of model.ofKind('DestinationRule')) {
      if (!isDestinationRule(dr)) continue;
      const target = destinationRuleService(dr);
      if (!target) continue;
      const host = String(dr.raw.spec.host);
      if (isServiceEntryHost(model, host, dr.namespace)) continue;
      const ref = {
        kind: 'Service',
        group: '',
        namespace: target.namespace,
        name: target.name,
        namespaceWritten: dr.explicitNamespace || host.includes('.'),
      };
      const services = nearestNamed(model, dr, ref);
      const svc = services[0];
      if (!svc) {
        if (operatorOwner(model, target.namespace, target.name)) continue;
        const judged = judgeMissingName(model, dr, ref);
        ctx.report({
          object: dr,
          path: ['spec', 'host'],
          messageId: 'noService',
          data: { host, rule: qualifiedName(dr), namespace: target.namespace, hint: judged.hint },
          assumesComplete: !judged.shown,
        });
        continue;
      }
      const selector = serviceSelector(svc);
      if (!selector) continue;
      // Only where the input holds the Service's pods: otherwise service-no-matching-pods (or nothing) speaks.
      const served = selectPods(model, svc, svc.namespace, { matchLabels: selector });
      if (!reachesPods(served)) continue;
      for (const subset of subsetsOf(dr)) {
        const keys = Object.keys(subset.labels);
        if (!keys.length) continue;
        const combined = { ...selector, ...subset.labels };
        const conflicts = keys.some((k) => selector[k] !== undefined && selector[k] !== subset.labels[k]);
        if (!conflicts && reachesPods(selectPods(model, dr, svc.namespace, { matchLabels: combined })))
          continue;
        const judged = judgeNoPods(model, dr, svc.namespace, { matchLabels: combined });
        // What the Service's pods carry for the subset's keys.
        const carried = new Set<string>();
        for (const t of served.templates)
          for (const k of keys)
            if (t.labels[k] !== undefined) carried.add(`${k}=${JSON.stringify(t.labels[k])}`);
        const hint = conflicts
          ? `; the Service selects ${formatLabels(selector)}`
          : judged.hint.startsWith('; did you mean') || !carried.size
            ? judged.hint
            : `; its pods have ${[...carried].sort().join(', ')}`;
        ctx.report({
          object: dr,
          path: [...subset.path, 'labels'],
          messageId: 'noPods',
          data: {
            subset: subset.name,
            rule: qualifiedName(dr),
            labels: formatLabels(subset.labels),
            service: qualifiedName(svc),
            hint,
          },
          assumesComplete: !conflicts && !judged.shown,
          related: [
            { object: svc, path: ['spec', 'selector'], message: 'the Service selects its pods here' },
          ],
        });
      }
    }
  },
});
