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
import { isPlainObject, labelsOf } from '../src/model/objects.js';
import { describe } from '../src/types.js';
import { closest, quoteList } from '../src/util/suggest.js';

const APPS_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);
const OPERATORS = ['DoesNotExist', 'Exists', 'In', 'NotIn'];

/** What the template has instead of label `k`. */
function labelHint(labels: Record<string, string>, k: string): string {
  const value = labels[k];
  if (value !== undefined) return `has ${k}=${JSON.stringify(value)}`;
  if (!Object.keys(labels).length) return 'no labels';
  const guess = closest(k, Object.keys(labels));
  return guess ? `no label "${k}"; did you mean "${guess}"?` : `no label "${k}"`;
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
      label: 'selector {{key}}={{value}} does not match the pod template ({{has}})',
      expression: 'selector expression "{{expression}}" does not match the pod template ({{has}})',
      operator: 'selector operator "{{operator}}" of {{workload}} is not one of {{operators}}',
      empty: 'empty selector of {{workload}} is rejected by {{apiVersion}}',
      missing: '{{workload}} has no spec.selector, which {{apiVersion}} requires',
    },
    remediation:
      'Make spec.selector a subset of spec.template.metadata.labels (copy the template labels that identify the app into matchLabels).',
  },
  check(model, ctx) {
    // OpenShift's DeploymentConfig: a map selector like a ReplicationController's (defaulted when absent).
    const configs = model.ofKind('DeploymentConfig').filter((o) => o.group === 'apps.openshift.io');
    const targets = [
      ...model.podTemplates.map((t) => ({ obj: t.owner, labels: t.labels })),
      ...configs.map((obj) => ({ obj, labels: labelsOf(obj.raw?.spec?.template?.metadata?.labels) })),
    ];
    for (const { obj, labels } of targets) {
      const spec = obj.raw?.spec;
      // apps/v1 requires a non-empty selector; older API versions defaulted it from the template labels.
      if (APPS_KINDS.has(obj.kind) && obj.apiVersion === 'apps/v1') {
        const raw = spec?.selector;
        if (raw === undefined || raw === null) {
          ctx.report({
            object: obj,
            path: ['spec', 'selector'],
            messageId: 'missing',
            data: { workload: describe(obj), apiVersion: obj.apiVersion },
          });
          continue;
        }
      }
      const found =
        obj.kind === 'DeploymentConfig'
          ? isPlainObject(spec?.selector)
            ? { selector: { matchLabels: labelsOf(spec.selector) }, path: ['spec', 'selector'] }
            : undefined
          : workloadSelector(obj);
      if (!found) continue;
      const { selector, path } = found;
      if (isEmptySelector(selector)) {
        // An RC's empty selector defaults to its template labels; apps/v1 rejects `{}`.
        if (APPS_KINDS.has(obj.kind) && obj.apiVersion === 'apps/v1')
          ctx.report({
            object: obj,
            path,
            messageId: 'empty',
            data: { workload: describe(obj), apiVersion: obj.apiVersion },
          });
        continue;
      }
      // Labels as the API server checks them: the template's own, literally.
      const hasLabel = (k: string, v?: string) =>
        Object.hasOwn(labels, k) && (v === undefined || labels[k] === v);
      // ReplicationController and DeploymentConfig selectors are plain maps: no matchLabels level.
      const mapSelector = obj.kind === 'ReplicationController' || obj.kind === 'DeploymentConfig';
      const mlPath = mapSelector ? path : [...path, 'matchLabels'];
      for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
        if (hasLabel(k, v)) continue;
        ctx.report({
          object: obj,
          path: [...mlPath, k],
          messageId: 'label',
          data: { key: k, value: JSON.stringify(v), workload: describe(obj), has: labelHint(labels, k) },
        });
      }
      (selector.matchExpressions ?? []).forEach((req, i) => {
        const ePath = [...path, 'matchExpressions', i];
        if (!OPERATORS.includes(req.operator)) {
          ctx.report({
            object: obj,
            path: [...ePath, 'operator'],
            messageId: 'operator',
            data: { operator: req.operator, workload: describe(obj), operators: quoteList(OPERATORS) },
          });
          return;
        }
        if (requirementMatches(req, hasLabel)) return;
        const v = labels[req.key];
        ctx.report({
          object: obj,
          path: ePath,
          messageId: 'expression',
          data: {
            expression: fmtRequirement(req),
            workload: describe(obj),
            has:
              v === undefined
                ? Object.keys(labels).length
                  ? `no label "${req.key}"`
                  : 'no labels'
                : `has ${req.key}=${JSON.stringify(v)}`,
          },
        });
      });
    }
  },
});
