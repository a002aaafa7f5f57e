/**
 * service-mixed-images: a Service load-balances over every pod its selector matches. When those pods come
 * from workloads running different images, one request lands on nginx and the next on httpd. Tags and
 * digests are ignored by default so that a canary (nginx:1.27 next to nginx:1.26) is not reported.
 */
import { defineRule } from '../src/engine/rule.js';
import type { PodTemplate } from '../src/model/model.js';
import { servedTemplates } from '../src/model/resolve.js';
import { servingContainers } from '../src/model/routing.js';
import { qualifiedName, serviceSelector } from '../src/model/service.js';
import { imageRepository, ownersInInput } from '../src/model/workloads.js';
import { formatLabels } from '../src/util/labels.js';
import { push } from '../src/util/maps.js';

/**
 * Every template carries the version label and the values differ: versions of one app behind one Service,
 * on purpose (Istio's bookinfo: reviews-v1, -v2, -v3 with `version: v1`, …).
 */
function isVersionSplit(templates: PodTemplate[], label: string): boolean {
  const values = new Set<string>();
  for (const t of templates) {
    const v = t.labels[label];
    if (v === undefined) return false;
    values.add(v);
  }
  return values.size > 1;
}

export default defineRule({
  meta: {
    id: 'service-mixed-images',
    description: 'Disallow Services whose selector matches pods of workloads running different images',
    severity: 'warning',
    options: {
      schema: {
        type: 'object',
        properties: {
          versionLabels: {
            type: 'array',
            items: { type: 'string' },
            description:
              'Labels that mark deliberate versions of one app: templates that all carry one of them, with different values, are not reported',
          },
          compareTags: {
            type: 'boolean',
            description:
              'Compare whole image references (tag and digest included), so canaries are reported too',
          },
        },
        additionalProperties: false,
      },
      defaults: { compareTags: false, versionLabels: ['version', 'app.kubernetes.io/version'] },
    },
    messages: {
      mixed: 'selector {{selector}} mixes images: {{workloads}}',
    },
    remediation:
      'Give each application its own labels and make the selector specific to one of them (for example add a `component` label).',
  },
  check(model, ctx) {
    const compareTags = ctx.options.compareTags === true;
    const versionLabels = Array.isArray(ctx.options.versionLabels)
      ? (ctx.options.versionLabels as string[])
      : [];
    for (const svc of model.services) {
      const sel = serviceSelector(svc);
      if (!sel) continue;
      const pods = servedTemplates(model, svc, sel);
      if (pods.length < 2) continue;
      // Only pods applied together split traffic: templates from two files of a directory of alternatives
      // (or from unrelated directories) never run side by side. The largest such unit is judged.
      const byUnit = new Map<string, PodTemplate[]>();
      for (const t of pods) push(byUnit, model.units.unitOf(t.owner.file), t);
      const together = [...byUnit.values()].reduce((a, b) => (b.length > a.length ? b : a), []);
      // key (the sorted image set) → templates running it. Objects owned by another object of the input
      // (ReplicaSets and Pods in `kubectl get all -o yaml`) are represented by their owner: a Pod may carry
      // injected sidecars its template does not.
      const groups = new Map<string, PodTemplate[]>();
      const included: PodTemplate[] = [];
      for (const t of together) {
        if (ownersInInput(model, t.owner).length) continue;
        const images = servingContainers(t)
          .map((c) => c.image)
          .filter((i) => i !== '');
        if (!images.length) continue;
        const key = [...new Set(images.map((i) => (compareTags ? i.trim() : imageRepository(i))))]
          .sort()
          .join('\n');
        push(groups, key, t);
        included.push(t);
      }
      if (groups.size < 2) continue;
      if (versionLabels.some((l) => isVersionSplit(included, l))) continue;
      const parts: string[] = [];
      for (const t of included) {
        const images = [
          ...new Set(
            servingContainers(t)
              .map((c) => c.image)
              .filter((i) => i !== ''),
          ),
        ];
        parts.push(`"${t.owner.name}" (${images.map((i) => JSON.stringify(i)).join(', ')})`);
      }
      ctx.report({
        object: svc,
        path: ['spec', 'selector'],
        messageId: 'mixed',
        data: {
          selector: formatLabels(sel),
          service: qualifiedName(svc),
          workloads:
            parts.length > 6
              ? `${parts.slice(0, 6).join(', ')} and ${parts.length - 6} more`
              : parts.join(', '),
        },
      });
    }
  },
});
