/**
 * workload-selector-overlap: two controllers whose selectors match each other's pods fight over them (one
 * scales down what the other scales up), and a bare Pod whose labels match a controller that adopts
 * orphans becomes one of its replicas and can be deleted. Deployments do not adopt bare Pods: their
 * ReplicaSets select on pod-template-hash too. Objects related by ownerReferences in the input (a
 * Deployment and its ReplicaSets) do not overlap.
 */
import { defineRule } from '../src/engine/rule.js';
import {
  isEmptySelector,
  type LabelSelector,
  labelsMatchSelector,
  type PodTemplate,
  workloadSelector,
} from '../src/model/model.js';
import { identity } from '../src/model/scope.js';
import { hasController, relatedByOwnership } from '../src/model/workloads.js';
import type { K8sObject, Path } from '../src/types.js';
import { describe } from '../src/types.js';
import { where } from '../src/util/where.js';

/** Controllers that adopt orphan pods matching their selector. */
const ADOPTS_PODS = new Set(['ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job']);

interface Controller {
  obj: K8sObject;
  template: PodTemplate;
  selector: LabelSelector;
  path: Path;
  order: number;
}

function controllerOf(obj: K8sObject, template: PodTemplate, order: number): Controller | undefined {
  const found = workloadSelector(obj);
  if (found) {
    // An empty selector is workload-selector-mismatch's finding (apps/v1) or defaulted (RC).
    if (isEmptySelector(found.selector)) {
      if (obj.kind !== 'ReplicationController') return undefined;
    } else return { obj, template, selector: found.selector, path: found.path, order };
  }
  // A ReplicationController without a selector selects its template labels.
  if (obj.kind === 'ReplicationController' && Object.keys(template.labels).length)
    return {
      obj,
      template,
      selector: { matchLabels: template.labels },
      path: ['spec', 'template', 'metadata', 'labels'],
      order,
    };
  return undefined;
}

export default defineRule({
  meta: {
    id: 'workload-selector-overlap',
    description: "Disallow controllers whose selectors match other controllers' or bare Pods' labels",
    severity: 'warning',
    messages: {
      mutual: "this selector and that of {{other}} ({{where}}) select each other's pods",
      selectsOther: 'selector also matches the pod template of {{other}} ({{where}})',
      selectedByOther: 'pod template is also matched by the selector of {{other}} ({{where}})',
      barePod: 'labels of {{pod}} match the selector of {{other}} ({{where}}), which adopts the Pod',
    },
    remediation:
      "Give each controller a distinct label (for example `app.kubernetes.io/component`) in its selector and template, and keep bare Pods out of controllers' selectors.",
  },
  check(model, ctx) {
    const controllers = new Map<K8sObject, Controller>();
    model.podTemplates.forEach((t, i) => {
      const c = controllerOf(t.owner, t, i);
      if (c) controllers.set(t.owner, c);
    });
    // pair (first, second) in input order → which selects which
    const pairs = new Map<
      Controller,
      Map<Controller, { firstSelectsSecond: boolean; secondSelectsFirst: boolean }>
    >();
    for (const c of controllers.values()) {
      for (const t of model.selectPodsBy(c.obj.namespace, c.selector)) {
        // The same kind and name is one object in variants (only one is ever live); objects not applied
        // together (other directories, or files of a directory of alternatives) never meet.
        if (
          t.owner === c.obj ||
          identity(t.owner) === identity(c.obj) ||
          !model.units.together(t.owner.file, c.obj.file)
        )
          continue;
        // Match literal labels: controller-added labels on the other template are not on its pods yet.
        if (!labelsMatchSelector(t.labels, c.selector)) continue;
        const other = controllers.get(t.owner);
        if (other) {
          if (relatedByOwnership(model, c.obj, other.obj)) continue;
          const [first, second] = c.order < other.order ? [c, other] : [other, c];
          const byFirst = pairs.get(first) ?? new Map();
          pairs.set(first, byFirst);
          const rel = byFirst.get(second) ?? { firstSelectsSecond: false, secondSelectsFirst: false };
          if (c === first) rel.firstSelectsSecond = true;
          else rel.secondSelectsFirst = true;
          byFirst.set(second, rel);
        } else if (t.owner.kind === 'Pod' && ADOPTS_PODS.has(c.obj.kind) && !hasController(t.owner)) {
          if (relatedByOwnership(model, c.obj, t.owner)) continue;
          ctx.report({
            object: t.owner,
            path: ['metadata', 'labels'],
            messageId: 'barePod',
            data: { pod: describe(t.owner), other: describe(c.obj), where: where(t.owner, c.obj, c.path) },
            related: [{ object: c.obj, path: c.path, message: `selector of ${describe(c.obj)}` }],
          });
        }
      }
    }
    // Variants of the same two objects (the same pair of kind/name in several files) are reported once.
    const reported = new Set<string>();
    for (const [first, seconds] of pairs) {
      for (const [second, rel] of seconds) {
        const ids = [identity(first.obj), identity(second.obj)].sort().join('\u0001');
        if (reported.has(ids)) continue;
        reported.add(ids);
        const messageId =
          rel.firstSelectsSecond && rel.secondSelectsFirst
            ? 'mutual'
            : rel.secondSelectsFirst
              ? 'selectsOther'
              : 'selectedByOther';
        ctx.report({
          object: second.obj,
          path: second.path,
          messageId,
          data: {
            workload: describe(second.obj),
            other: describe(first.obj),
            where: where(second.obj, first.obj, first.path),
          },
          related: [{ object: first.obj, path: first.path, message: `selector of ${describe(first.obj)}` }],
        });
      }
    }
  },
});
