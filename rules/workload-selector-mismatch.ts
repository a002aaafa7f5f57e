/**
 * workload-selector-mismatch: a controller's spec.selector must select its own pod template's labels, or
 * the API server rejects the object ("selector does not match template labels"). apps/v1 also rejects a
 * missing or empty selector. The template's literal labels count, not the ones controllers add later.
 */
import { defineRule } from '../src/engine/rule.js';
import {
  isEmptySelector,
  type LabelSelectorRequirement,
  requirementMatches,
  workloadSelector,
} from '../src/model/model.js';
import { describe } from '../src/types.js';
import { closest, quoteList } from '../src/util/suggest.js';

const APPS_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);
const OPERATORS = ['DoesNotExist', 'Exists', 'In', 'NotIn'];

function fmtLabels(labels: Record<string, string>): string {
  const e = Object.entries(labels);
  return e.length ? e.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ') : 'no labels';
}

function fmtRequirement(r: LabelSelectorRequirement): string {
  const values = r.values?.length ? ` (${r.values.join(', ')})` : '';
  return `${r.key} ${r.operator}${values}`;
}

export default defineRule({
  meta: {
    id: 'workload-selector-mismatch',
    description: "Disallow workload selectors that do not select the workload's own pod template",
    severity: 'error',
    messages: {
      label:
        'selector {{key}}={{value}} of {{workload}} does not match its pod template ({{has}}); the API server rejects it: selector does not match template labels',
      expression:
        'selector expression "{{expression}}" of {{workload}} does not match its pod template ({{has}}); the API server rejects it: selector does not match template labels',
      operator: 'selector operator "{{operator}}" of {{workload}} is not one of {{operators}}',
      empty:
        'empty selector of {{workload}} is rejected by {{apiVersion}}; it must select the pod template labels ({{has}})',
      missing:
        '{{workload}} has no spec.selector, which {{apiVersion}} requires; use the pod template labels ({{has}})',
    },
    remediation:
      'Make spec.selector a subset of spec.template.metadata.labels (copy the template labels that identify the app into matchLabels).',
  },
  check(model, ctx) {
    for (const t of model.podTemplates) {
      const obj = t.owner;
      const spec = obj.raw?.spec;
      const has = fmtLabels(t.labels);
      const workload = describe(obj);
      // apps/v1 requires a non-empty selector; older API versions defaulted it from the template labels.
      if (APPS_KINDS.has(obj.kind) && obj.apiVersion === 'apps/v1') {
        const raw = spec?.selector;
        if (raw === undefined || raw === null) {
          ctx.report({
            object: obj,
            path: ['spec', 'selector'],
            messageId: 'missing',
            data: { workload, apiVersion: obj.apiVersion, has },
          });
          continue;
        }
      }
      const found = workloadSelector(obj);
      if (!found) continue;
      const { selector, path } = found;
      if (isEmptySelector(selector)) {
        // An RC's empty selector defaults to its template labels; apps/v1 rejects `{}`.
        if (APPS_KINDS.has(obj.kind) && obj.apiVersion === 'apps/v1')
          ctx.report({
            object: obj,
            path,
            messageId: 'empty',
            data: { workload, apiVersion: obj.apiVersion, has },
          });
        continue;
      }
      // Labels as the API server checks them: the template's own, literally.
      const hasLabel = (k: string, v?: string) =>
        Object.hasOwn(t.labels, k) && (v === undefined || t.labels[k] === v);
      const mlPath = obj.kind === 'ReplicationController' ? path : [...path, 'matchLabels'];
      for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
        if (hasLabel(k, v)) continue;
        const guess = closest(k, Object.keys(t.labels));
        const hint =
          t.labels[k] !== undefined
            ? `template has ${k}=${JSON.stringify(t.labels[k])}`
            : guess
              ? `template has no label "${k}"; did you mean "${guess}"?`
              : `template has no label "${k}"; its labels: ${has}`;
        ctx.report({
          object: obj,
          path: [...mlPath, k],
          messageId: 'label',
          data: { key: k, value: JSON.stringify(v), workload, has: hint },
        });
      }
      (selector.matchExpressions ?? []).forEach((req, i) => {
        const ePath = [...path, 'matchExpressions', i];
        if (!OPERATORS.includes(req.operator)) {
          ctx.report({
            object: obj,
            path: [...ePath, 'operator'],
            messageId: 'operator',
            data: { operator: req.operator, workload, operators: quoteList(OPERATORS) },
          });
          return;
        }
        if (requirementMatches(req, hasLabel)) return;
        const v = t.labels[req.key];
        ctx.report({
          object: obj,
          path: ePath,
          messageId: 'expression',
          data: {
            expression: fmtRequirement(req),
            workload,
            has:
              v === undefined
                ? `template has no label "${req.key}"`
                : `template has ${req.key}=${JSON.stringify(v)}`,
          },
        });
      });
    }
  },
});
