/**
 * pdb-selector: a PodDisruptionBudget protects the pods its selector selects. One that selects none (no
 * selector, a typo) protects nothing, and nobody notices until a drain takes every replica down at once.
 * Two budgets over one pod make that pod unevictable (the eviction API refuses it), so drains stall. A
 * budget over the pods of several workloads shares one allowance between them, which is rarely meant.
 * Pods are resolved as every selector's (model/resolve.ts: nearest first, operators' pods included), and a
 * budget whose pods the input does not hold is not checked.
 */
import { defineRule } from '../src/engine/rule.js';
import { isEmptySelector, type Model, type PodTemplate } from '../src/model/model.js';
import { formatSelector } from '../src/model/network.js';
import { judgeNoPods, reachesPods } from '../src/model/resolve.js';
import { budgetPods, budgetSelector, budgetsOf, isPodDisruptionBudget } from '../src/model/scaling.js';
import { identity } from '../src/model/scope.js';
import { qualifiedName } from '../src/model/service.js';
import { distinctOwners, shortName } from '../src/model/workloads.js';
import type { K8sObject } from '../src/types.js';

export default defineRule({
  meta: {
    id: 'pdb-selector',
    description: 'Disallow PodDisruptionBudgets that select no pod, or pods another budget also selects',
    severity: 'error',
    messages: {
      noSelector: 'spec has no selector, so the budget protects no pod',
      emptySelector: 'empty selector selects no pod in {{apiVersion}} (policy/v1 reads it as every pod)',
      noPods: 'selector {{selector}} selects no pod template{{hint}}',
      overlap: 'selector {{selector}} selects the pods of {{owner}}, as PodDisruptionBudget "{{other}}" does',
      controllers:
        'selector {{selector}} selects the pods of {{count}} workloads ({{owners}}), which share one budget',
    },
    remediation:
      "Make the selector match the labels of exactly one workload's pod template (spec.template.metadata.labels) in the budget's namespace, with one budget per workload.",
  },
  check(model, ctx) {
    for (const pdb of model.ofKind('PodDisruptionBudget')) {
      if (!isPodDisruptionBudget(pdb)) continue;
      const data = { pdb: qualifiedName(pdb), namespace: pdb.namespace };
      const sel = budgetSelector(pdb);
      if (!sel) {
        const written = pdb.raw?.spec?.selector;
        if (written === undefined || written === null)
          ctx.report({ object: pdb, path: ['spec'], key: true, messageId: 'noSelector', data });
        else
          ctx.report({
            object: pdb,
            path: ['spec', 'selector'],
            messageId: 'emptySelector',
            data: { ...data, apiVersion: pdb.apiVersion },
          });
        continue;
      }
      const selector = formatSelector(sel);
      const selected = budgetPods(model, pdb);
      // An empty selector of policy/v1 selects every pod of the namespace: nothing to resolve.
      if (!selected || isEmptySelector(sel)) continue;
      if (!reachesPods(selected)) {
        const judged = judgeNoPods(model, pdb, pdb.namespace, sel, false);
        ctx.report({
          object: pdb,
          path: ['spec', 'selector'],
          messageId: 'noPods',
          data: { ...data, selector, hint: judged.hint },
          assumesComplete: !judged.shown,
        });
        continue;
      }
      // What is applied with the budget: pods of workloads in its unit.
      const mine = selected.templates.filter((t) => model.units.together(pdb.file, t.owner.file));
      const overlap = firstOverlap(model, pdb, mine);
      if (overlap)
        ctx.report({
          object: pdb,
          path: ['spec', 'selector'],
          messageId: 'overlap',
          data: {
            ...data,
            selector,
            owner: shortName(overlap.template.owner),
            other: qualifiedName(overlap.other),
          },
          related: [
            {
              object: overlap.other,
              path: ['spec', 'selector'],
              message: 'the other budget selects them here',
            },
          ],
        });
      const owners = distinctOwners(model, mine);
      if (owners.length > 1)
        ctx.report({
          object: pdb,
          path: ['spec', 'selector'],
          messageId: 'controllers',
          severity: 'warning',
          data: {
            ...data,
            selector,
            count: owners.length,
            owners: owners.map(shortName).sort().join(', '),
          },
        });
    }
  },
});

/**
 * A pod template of this budget that an earlier budget (in input order) of the same unit also selects:
 * the pair is reported once, on the later budget.
 */
function firstOverlap(
  model: Model,
  pdb: K8sObject,
  templates: readonly PodTemplate[],
): { template: PodTemplate; other: K8sObject } | undefined {
  const order = (o: K8sObject) => model.objects.indexOf(o);
  for (const t of templates) {
    for (const other of budgetsOf(model, t)) {
      if (other === pdb || identity(other) === identity(pdb)) continue;
      if (!model.units.together(pdb.file, other.file)) continue;
      if (order(other) < order(pdb)) return { template: t, other };
    }
  }
  return undefined;
}
