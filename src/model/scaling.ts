/**
 * What sits beside a workload's pods and decides how many of them run: PodDisruptionBudgets (how many may be
 * evicted at once) and autoscalers (HorizontalPodAutoscaler, KEDA ScaledObject). Read here once per model
 * and resolved like every relation (nearest first, model/resolve.ts), for the PDB and HPA rules and for
 * `explain`, which draws a budget and an autoscaler beside the pods they concern.
 */
import type { K8sObject } from '../types.js';
import { push } from '../util/maps.js';
import { type LabelSelector, type Model, type PodTemplate, toLabelSelector } from './model.js';
import { isPlainObject } from './objects.js';
import { isHorizontalPodAutoscaler, isScaledObject, type ObjectRef, scaleTargetRef } from './references.js';
import { type NameRef, nearestNamed, type SelectedPods, selectPods } from './resolve.js';
import { isNear } from './scope.js';

/** A PodDisruptionBudget (policy/v1 or v1beta1). */
export function isPodDisruptionBudget(obj: K8sObject): boolean {
  return obj.kind === 'PodDisruptionBudget' && obj.group === 'policy';
}

/** An autoscaler: a HorizontalPodAutoscaler or a KEDA ScaledObject (which makes one). */
export function isAutoscaler(obj: K8sObject): boolean {
  return isHorizontalPodAutoscaler(obj) || isScaledObject(obj);
}

/**
 * The pods a budget's selector asks for, or undefined when it selects none by definition: policy/v1 reads a
 * missing selector as "no pod" and an empty one (`{}`) as every pod of the namespace; policy/v1beta1 reads
 * both as "no pod".
 */
export function budgetSelector(pdb: K8sObject): LabelSelector | undefined {
  const raw = pdb.raw?.spec?.selector;
  if (!isPlainObject(raw)) return undefined;
  const sel = toLabelSelector(raw) ?? {};
  const empty = !Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length;
  if (empty && pdb.apiVersion !== 'policy/v1') return undefined;
  return sel;
}

interface ScalingIndex {
  /** budget → the pods it selects (nearest first) */
  selections: Map<K8sObject, SelectedPods>;
  /** template → the budgets that select it */
  budgets: Map<PodTemplate, K8sObject[]>;
  /** workload → the autoscalers whose scaleTargetRef resolves to it */
  autoscalers: Map<K8sObject, K8sObject[]>;
}

const indexes = new WeakMap<Model, ScalingIndex>();

function indexOf(model: Model): ScalingIndex {
  let idx = indexes.get(model);
  if (idx) return idx;
  idx = { selections: new Map(), budgets: new Map(), autoscalers: new Map() };
  for (const pdb of model.ofKind('PodDisruptionBudget')) {
    if (!isPodDisruptionBudget(pdb)) continue;
    const sel = budgetSelector(pdb);
    if (!sel) continue;
    const selected = selectPods(model, pdb, pdb.namespace, sel);
    idx.selections.set(pdb, selected);
    for (const t of selected.templates) push(idx.budgets, t, pdb);
  }
  for (const obj of [...model.ofKind('HorizontalPodAutoscaler'), ...model.ofKind('ScaledObject')]) {
    const ref = scaleTargetRef(obj);
    if (!ref) continue;
    for (const w of resolveWorkload(model, obj, ref).candidates)
      if (isNear(obj, w)) push(idx.autoscalers, w, obj);
  }
  indexes.set(model, idx);
  return idx;
}

/** The pods a budget selects (undefined when its selector selects none by definition). */
export function budgetPods(model: Model, pdb: K8sObject): SelectedPods | undefined {
  return indexOf(model).selections.get(pdb);
}

/** The budgets whose selector reaches a pod template (each budget judged nearest first). */
export function budgetsOf(model: Model, t: PodTemplate): readonly K8sObject[] {
  return indexOf(model).budgets.get(t) ?? [];
}

/** The autoscalers whose scaleTargetRef resolves to a workload near them. */
export function autoscalersOf(model: Model, workload: K8sObject): readonly K8sObject[] {
  return indexOf(model).autoscalers.get(workload) ?? [];
}

/** `apps/v1` and the retired `extensions/v1beta1` serve the same workloads. */
const SAME_WORKLOADS = ['apps', 'extensions'];

/**
 * A workload named by { apiVersion, kind, name } in the referring object's namespace, nearest first. A
 * Deployment of `extensions` answers a reference to one of `apps` and the reverse: manifests of either era
 * are linted side by side.
 */
export function resolveWorkload(
  model: Model,
  from: K8sObject,
  ref: ObjectRef,
): { target: NameRef; candidates: K8sObject[] } {
  const target: NameRef = {
    kind: ref.kind,
    group: ref.group,
    namespace: from.namespace,
    name: ref.name,
    namespaceWritten: from.explicitNamespace,
  };
  let candidates = nearestNamed(model, from, target);
  if (!candidates.length && SAME_WORKLOADS.includes(ref.group)) {
    for (const group of SAME_WORKLOADS) {
      if (group === ref.group) continue;
      candidates = nearestNamed(model, from, { ...target, group });
      if (candidates.length) break;
    }
  }
  return { target, candidates };
}

/** Kinds whose `spec.replicas` says how many pods they run (1 when unset). */
const REPLICATED = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController']);

/** Does the kind keep `spec.replicas` pods running (a built-in controller or an Argo Rollout)? */
export function isReplicated(obj: K8sObject): boolean {
  if (obj.kind === 'Rollout') return obj.group === 'argoproj.io';
  return REPLICATED.has(obj.kind) && (obj.group === 'apps' || obj.group === 'extensions' || obj.group === '');
}

/** The smallest replica count an autoscaler keeps: HPA minReplicas (default 1), KEDA minReplicaCount (0). */
export function minReplicasOf(autoscaler: K8sObject): number {
  const spec = autoscaler.raw?.spec ?? {};
  if (isScaledObject(autoscaler)) return typeof spec.minReplicaCount === 'number' ? spec.minReplicaCount : 0;
  return typeof spec.minReplicas === 'number' ? spec.minReplicas : 1;
}

/**
 * How many pods a workload runs at rest: the smallest count its autoscalers keep (at least one: below that
 * there is no pod to drain), else `spec.replicas` (1 when unset); 1 for a bare Pod. Undefined when the input cannot tell (a DaemonSet runs one per node, a
 * Job runs to completion, a custom resource's operator decides).
 */
export function podsAtRest(model: Model, workload: K8sObject): number | undefined {
  if (workload.kind === 'Pod' && workload.group === '') return 1;
  if (!isReplicated(workload)) return undefined;
  // An autoscaler that may scale to zero runs one pod before it runs more: the first count with pods.
  const scalers = autoscalersOf(model, workload);
  if (scalers.length) return Math.max(1, Math.min(...scalers.map(minReplicasOf)));
  const replicas = workload.raw?.spec?.replicas;
  return typeof replicas === 'number' ? replicas : 1;
}
