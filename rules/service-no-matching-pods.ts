/**
 * service-no-matching-pods: a Service whose selector matches no pod template in its namespace has no
 * endpoints, and every connection to it is refused. The hint names the closest labels seen.
 */
import { defineRule } from '../src/engine/rule.js';
import type { Model } from '../src/model/model.js';
import { qualifiedName, serviceSelector } from '../src/model/service.js';
import { describe } from '../src/types.js';
import { formatLabels } from '../src/util/labels.js';
import { closest } from '../src/util/suggest.js';

/** The best hint for a selector that matched nothing: another namespace, a partial match, or a typo. */
function hintFor(model: Model, ns: string, sel: Record<string, string>): string {
  const elsewhere = model.firstMatchElsewhere(ns, sel);
  if (elsewhere)
    return `; ${describe(elsewhere.owner)} matches, but a Service selects only in its own namespace`;
  // Partial matches: templates that carry some of the pairs, ranked by how many.
  const score = new Map<ReturnType<Model['templatesIn']>[number], number>();
  for (const [k, v] of Object.entries(sel)) {
    for (const t of model.templatesWithLabel(ns, k, v)) score.set(t, (score.get(t) ?? 0) + 1);
  }
  let best: [ReturnType<Model['templatesIn']>[number], number] | undefined;
  for (const e of score) if (!best || e[1] > best[1]) best = e;
  if (best) {
    const t = best[0];
    const missing = Object.entries(sel)
      .filter(([k, v]) => t.labels[k] !== v)
      .map(([k, v]) =>
        t.labels[k] === undefined
          ? `no label "${k}"`
          : `${k}=${JSON.stringify(t.labels[k])}, not ${JSON.stringify(v)}`,
      );
    return `; closest is ${describe(t.owner)}: ${missing.join('; ')}`;
  }
  // Typos: a value or key close to the selector's.
  for (const [k, v] of Object.entries(sel)) {
    const value = closest(v, model.labelValues(ns, k));
    if (value !== undefined) {
      const t = model.templatesWithLabel(ns, k, value)[0];
      if (t) return `; did you mean ${k}=${JSON.stringify(value)} (${describe(t.owner)})?`;
    }
    const key = closest(k, model.labelKeys(ns));
    if (key !== undefined) {
      const t = model.templatesWithLabel(ns, key, v)[0];
      if (t) return `; did you mean label key "${key}" (${describe(t.owner)})?`;
    }
  }
  return model.templatesIn(ns).length ? '' : `; the input has no pod templates in namespace "${ns}"`;
}

export default defineRule({
  meta: {
    id: 'service-no-matching-pods',
    description: 'Disallow Services whose selector matches no pod template in their namespace',
    severity: 'error',
    messages: {
      noPods:
        'selector {{selector}} of Service "{{service}}" matches no pod template in namespace "{{namespace}}"{{hint}}',
    },
    remediation:
      'Make the selector equal to labels of the pod template (spec.template.metadata.labels), in the same namespace, or remove the selector if you manage endpoints yourself.',
  },
  check(model, ctx) {
    for (const svc of model.services) {
      const sel = serviceSelector(svc);
      if (!sel) continue;
      if (model.selectPods(svc.namespace, sel).length) continue;
      // An operator's custom resource named by the selector (cnpg.io/cluster: db) creates the pods itself.
      if (Object.values(sel).some((v) => model.hasCustomResourceNamed(svc.namespace, v))) continue;
      ctx.report({
        object: svc,
        path: ['spec', 'selector'],
        messageId: 'noPods',
        data: {
          selector: formatLabels(sel),
          service: qualifiedName(svc),
          namespace: svc.namespace,
          hint: hintFor(model, svc.namespace, sel),
        },
      });
    }
  },
});
