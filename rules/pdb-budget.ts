/**
 * pdb-budget: a PodDisruptionBudget's minAvailable or maxUnavailable says how many of its pods may be
 * evicted at once. The API server rejects both set at once, and values that are neither a non-negative
 * integer nor a percentage up to 100%. A budget that allows no eviction at all — maxUnavailable 0,
 * minAvailable 100% or at least the pods its workloads run at rest, or neither field set (the disruption
 * controller then allows none) — makes every node drain wait on its pods forever: that is legal and
 * sometimes meant, so it is a warning.
 */
import { defineRule } from '../src/engine/rule.js';
import type { Model } from '../src/model/model.js';
import { autoscalersOf, budgetPods, isPodDisruptionBudget, podsAtRest } from '../src/model/scaling.js';
import { qualifiedName } from '../src/model/service.js';
import { distinctOwners, shortName } from '../src/model/workloads.js';
import type { K8sObject } from '../src/types.js';

type Budget = { kind: 'int'; value: number } | { kind: 'percent'; value: number } | { kind: 'invalid' };

/** An IntOrString as the API server validates it: a non-negative integer or a percentage up to 100%. */
function readBudget(v: unknown): Budget {
  if (typeof v === 'number')
    return Number.isInteger(v) && v >= 0 ? { kind: 'int', value: v } : { kind: 'invalid' };
  if (typeof v === 'string') {
    const m = /^(\d+)%$/.exec(v);
    const n = m ? Number(m[1]) : Number.NaN;
    return n <= 100 ? { kind: 'percent', value: n } : { kind: 'invalid' };
  }
  return { kind: 'invalid' };
}

/** How many pods a budget's workloads run at rest, when the input tells for every one of them. */
function expectedPods(model: Model, pdb: K8sObject): { count: number; owners: K8sObject[] } | undefined {
  const selected = budgetPods(model, pdb);
  if (!selected?.templates.length || selected.managed.length || selected.customResource) return undefined;
  const owners = distinctOwners(
    model,
    selected.templates.filter((t) => model.units.together(pdb.file, t.owner.file)),
  );
  if (!owners.length) return undefined;
  let count = 0;
  for (const o of owners) {
    const n = podsAtRest(model, o);
    if (n === undefined) return undefined;
    count += n;
  }
  return { count, owners };
}

export default defineRule({
  meta: {
    id: 'pdb-budget',
    description:
      'Disallow PodDisruptionBudgets whose minAvailable or maxUnavailable is invalid or allows no eviction',
    severity: 'error',
    messages: {
      both: 'minAvailable and maxUnavailable are both set; the API server accepts only one',
      invalid: '{{field}} {{value}} is neither a non-negative integer nor a percentage up to 100%',
      neither: 'spec sets neither minAvailable nor maxUnavailable, so the budget allows no eviction',
      zero: '{{field}} {{value}} of PodDisruptionBudget "{{pdb}}" allows no eviction',
      atRest: 'minAvailable {{value}} {{compare}} the {{count}} pod{{s}} of {{owners}}: none may be evicted',
    },
    remediation:
      'Set one of minAvailable or maxUnavailable, to a value that leaves at least one pod evictable at the usual replica count (maxUnavailable: 1 works at any scale).',
  },
  check(model, ctx) {
    for (const pdb of model.ofKind('PodDisruptionBudget')) {
      if (!isPodDisruptionBudget(pdb)) continue;
      const spec = pdb.raw?.spec;
      if (spec === null || typeof spec !== 'object') continue;
      const name = qualifiedName(pdb);
      const has = (f: string) => spec[f] !== undefined && spec[f] !== null;
      if (has('minAvailable') && has('maxUnavailable')) {
        ctx.report({
          object: pdb,
          path: ['spec', 'maxUnavailable'],
          key: true,
          messageId: 'both',
          data: { pdb: name },
        });
        continue;
      }
      if (!has('minAvailable') && !has('maxUnavailable')) {
        ctx.report({
          object: pdb,
          path: ['spec'],
          key: true,
          messageId: 'neither',
          data: { pdb: name },
          severity: 'warning',
        });
        continue;
      }
      const field = has('minAvailable') ? 'minAvailable' : 'maxUnavailable';
      const written = spec[field];
      const path = ['spec', field];
      const value = JSON.stringify(written);
      const budget = readBudget(written);
      const data = { pdb: name, field, value };
      if (budget.kind === 'invalid') {
        ctx.report({ object: pdb, path, messageId: 'invalid', data });
        continue;
      }
      const zero =
        field === 'maxUnavailable' ? budget.value === 0 : budget.kind === 'percent' && budget.value === 100;
      if (zero) {
        ctx.report({ object: pdb, path, messageId: 'zero', data, severity: 'warning' });
        continue;
      }
      if (field !== 'minAvailable') continue;
      const expected = expectedPods(model, pdb);
      // No pods at rest (scaled to zero): nothing to drain.
      if (!expected || expected.count === 0) continue;
      // The disruption controller rounds a percentage of minAvailable up.
      const required =
        budget.kind === 'int' ? budget.value : Math.ceil((budget.value * expected.count) / 100);
      if (required < expected.count) continue;
      ctx.report({
        object: pdb,
        path,
        messageId: 'atRest',
        severity: 'warning',
        data: {
          ...data,
          compare: required === expected.count ? 'equals' : 'exceeds',
          count: expected.count,
          s: expected.count === 1 ? '' : 's',
          owners: expected.owners.map((o) => `${shortName(o)} (${atRestText(model, o)})`).join(', '),
        },
      });
    }
  },
});

/** "replicas 2", "replicas unset (1)", "at least 1 by HorizontalPodAutoscaler "web"", "a bare Pod" */
function atRestText(model: Model, o: K8sObject): string {
  if (o.kind === 'Pod') return 'a bare Pod';
  const scaler = autoscalersOf(model, o)[0];
  if (scaler) return `min ${podsAtRest(model, o)} by ${shortName(scaler)}`;
  const replicas = o.raw?.spec?.replicas;
  return typeof replicas === 'number' ? `replicas ${replicas}` : 'replicas unset (1)';
}
