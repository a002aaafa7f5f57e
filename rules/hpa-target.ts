/**
 * hpa-target: an autoscaler (HorizontalPodAutoscaler, KEDA ScaledObject) scales the workload its
 * scaleTargetRef names. A name that matches no workload scales nothing (judged like every reference by name:
 * model/resolve.ts); a kind without a scale subresource (a DaemonSet, a Job) cannot be scaled; and a
 * utilization target (CPU or memory as a percentage of the request) cannot be computed for pods whose
 * containers request none of that resource, so the autoscaler never scales.
 */
import { defineRule, type Report } from '../src/engine/rule.js';
import type { Model, PodTemplate } from '../src/model/model.js';
import { operatorOwner } from '../src/model/network.js';
import { isPlainObject } from '../src/model/objects.js';
import {
  isHorizontalPodAutoscaler,
  isRollout,
  isScaledObject,
  rolloutWorkloadRef,
  scaleTargetRef,
} from '../src/model/references.js';
import { judgeMissingName } from '../src/model/resolve.js';
import { isAutoscaler, resolveWorkload } from '../src/model/scaling.js';
import { isNear } from '../src/model/scope.js';
import { qualifiedName } from '../src/model/service.js';
import { shortName } from '../src/model/workloads.js';
import type { K8sObject, Path } from '../src/types.js';

/** Built-in kinds the HPA controller can scale (they have a /scale subresource). */
const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController']);
/** Built-in kinds with pods but no /scale subresource. */
const NOT_SCALABLE = new Set(['DaemonSet', 'Job', 'CronJob', 'Pod']);
const BUILTIN_GROUPS = new Set(['', 'apps', 'extensions', 'batch']);
/** The apiVersion of the built-in workload kinds outside the core group. */
const GROUP_OF: Record<string, string> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  DaemonSet: 'apps/v1',
};
/** Workload kinds a mistaken scaleTargetRef kind may really have meant. */
const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'DaemonSet'];

/** A utilization target: a percentage of a resource's request, with where it is written. */
interface Utilization {
  resource: string;
  /** One container (ContainerResource), or every container of the pod. */
  container?: string;
  path: Path;
  /** The HPA sets no metric: the API server defaults to 80% CPU utilization. */
  defaulted?: boolean;
}

function utilizationTargets(obj: K8sObject): Utilization[] {
  const spec = obj.raw?.spec;
  if (!isPlainObject(spec)) return [];
  if (isScaledObject(obj)) {
    const out: Utilization[] = [];
    if (Array.isArray(spec.triggers))
      spec.triggers.forEach((t, i) => {
        if (!isPlainObject(t) || (t.type !== 'cpu' && t.type !== 'memory')) return;
        const meta = isPlainObject(t.metadata) ? t.metadata : {};
        if (t.metricType !== 'Utilization' && meta.type !== 'Utilization') return;
        const container = typeof meta.containerName === 'string' ? meta.containerName : undefined;
        out.push({ resource: t.type, container, path: ['spec', 'triggers', i] });
      });
    return out;
  }
  if (obj.apiVersion === 'autoscaling/v1') {
    const set = spec.targetCPUUtilizationPercentage !== undefined;
    return [
      {
        resource: 'cpu',
        path: set ? ['spec', 'targetCPUUtilizationPercentage'] : ['spec', 'scaleTargetRef'],
        defaulted: !set,
      },
    ];
  }
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0)
    return [{ resource: 'cpu', path: ['spec', 'scaleTargetRef'], defaulted: true }];
  const out: Utilization[] = [];
  spec.metrics.forEach((m, i) => {
    if (!isPlainObject(m)) return;
    const field =
      m.type === 'Resource' ? 'resource' : m.type === 'ContainerResource' ? 'containerResource' : '';
    const r = field ? m[field] : undefined;
    if (!isPlainObject(r) || typeof r.name !== 'string') return;
    // autoscaling/v2: target.type Utilization; v2beta1: targetAverageUtilization.
    const target = isPlainObject(r.target) ? r.target : undefined;
    const utilization = target?.type === 'Utilization' || r.targetAverageUtilization !== undefined;
    if (!utilization) return;
    const container =
      field === 'containerResource' && typeof r.container === 'string' ? r.container : undefined;
    out.push({ resource: r.name, container, path: ['spec', 'metrics', i, field, 'name'] });
  });
  return out;
}

/** Does the container request the resource (a limit alone sets the request to it)? */
function requests(container: { raw: unknown }, resource: string): boolean {
  const res = isPlainObject(container.raw) ? container.raw.resources : undefined;
  if (!isPlainObject(res)) return false;
  const has = (m: unknown) => isPlainObject(m) && m[resource] !== undefined && m[resource] !== null;
  return has(res.requests) || has(res.limits);
}

/** Namespaces whose LimitRange in the input gives containers a default request or limit for a resource. */
function defaultedByLimitRange(model: Model, namespace: string, resource: string): boolean {
  return model.ofKind('LimitRange').some((lr) => {
    if (lr.group !== '' || lr.namespace !== namespace) return false;
    const limits = lr.raw?.spec?.limits;
    return (
      Array.isArray(limits) &&
      limits.some(
        (l) =>
          isPlainObject(l) &&
          (l.type === undefined || l.type === 'Container') &&
          [l.default, l.defaultRequest].some((m) => isPlainObject(m) && m[resource] !== undefined),
      )
    );
  });
}

export default defineRule({
  meta: {
    id: 'hpa-target',
    description:
      'Disallow autoscalers whose scaleTargetRef names no workload, or whose utilization targets cannot be computed',
    severity: 'error',
    messages: {
      noTarget: 'scaleTargetRef {{kind}} "{{name}}" is not in namespace "{{namespace}}"{{hint}}',
      otherKind: 'scaleTargetRef {{kind}} "{{name}}" does not exist, but {{actualKind}} "{{name}}" does',
      noApiVersion:
        'scaleTargetRef {{kind}} "{{name}}" has no apiVersion, so the autoscaler looks in the core API group{{expected}}',
      notScalable:
        'scaleTargetRef {{kind}} "{{name}}" cannot be scaled: kind {{kind}} has no scale subresource',
      noRequest:
        '{{what}} is a percentage of the {{resource}} request, which container "{{container}}" of {{workload}} lacks',
    },
    remediation:
      'Point scaleTargetRef at the Deployment, StatefulSet or ReplicaSet to scale (same namespace, kind and name, with its apiVersion, apps/v1 for these), and give every container a resources.requests entry for each resource scaled on utilization.',
  },
  check(model, ctx) {
    for (const obj of model.objects) {
      if (!isAutoscaler(obj)) continue;
      const ref = scaleTargetRef(obj);
      if (!ref) continue;
      const report = (r: Omit<Report, 'object'>) => ctx.report({ object: obj, ...r });
      const base = { autoscaler: obj.kind, hpa: qualifiedName(obj), kind: ref.kind, name: ref.name };
      // The HPA controller maps the target by its group: without an apiVersion it looks in the core group.
      if (isHorizontalPodAutoscaler(obj) && !ref.apiVersion && ref.kind !== 'ReplicationController') {
        const group = GROUP_OF[ref.kind];
        report({
          path: [...ref.path, 'kind'],
          messageId: 'noApiVersion',
          data: { ...base, expected: group ? `, not ${group}` : '' },
        });
        continue;
      }
      if (NOT_SCALABLE.has(ref.kind) && BUILTIN_GROUPS.has(ref.group)) {
        report({ path: [...ref.path, 'kind'], messageId: 'notScalable', data: base });
        continue;
      }
      const { target, candidates } = resolveWorkload(model, obj, ref);
      const workload = candidates[0];
      if (!workload) {
        if (operatorOwner(model, obj.namespace, ref.name)) continue;
        const other = otherKindNamed(model, obj, ref.kind, ref.name);
        if (other) {
          report({
            path: [...ref.path, 'kind'],
            messageId: 'otherKind',
            data: { ...base, actualKind: other.kind },
            related: [{ object: other, path: [], message: `the ${other.kind} is defined here` }],
          });
          continue;
        }
        // A custom kind (a Rollout, an operator's resource with /scale) is judged like any name.
        const judged = judgeMissingName(model, obj, target);
        report({
          path: [...ref.path, 'name'],
          messageId: 'noTarget',
          data: { ...base, namespace: obj.namespace, hint: judged.hint },
          assumesComplete: !judged.shown,
        });
        continue;
      }
      if (!SCALABLE.has(workload.kind) && BUILTIN_GROUPS.has(workload.group)) continue;
      // Requests are judged only on a workload that sits with the autoscaler (model/scaling.ts).
      const template = isNear(obj, workload) ? templateOfTarget(model, workload) : undefined;
      if (!template) continue;
      for (const u of utilizationTargets(obj)) {
        if (defaultedByLimitRange(model, obj.namespace, u.resource)) continue;
        const containers = template.containers.filter(
          (c) => !c.init && (u.container === undefined || c.name === u.container),
        );
        const missing = containers.find((c) => !requests(c, u.resource));
        if (!missing) continue;
        report({
          path: u.path,
          messageId: 'noRequest',
          severity: 'warning',
          data: {
            ...base,
            what: u.defaulted ? 'the default 80% CPU target' : `${u.resource} utilization target`,
            resource: u.resource,
            container: missing.name,
            workload: shortName(workload),
          },
          related: [{ object: workload, path: missing.path, message: 'the container is defined here' }],
        });
      }
    }
  },
});

/** A workload of another kind with the referenced name, in the autoscaler's unit and namespace. */
function otherKindNamed(model: Model, from: K8sObject, kind: string, name: string): K8sObject | undefined {
  for (const k of WORKLOAD_KINDS) {
    if (k === kind) continue;
    const found = model
      .lookup(k, from.namespace, name)
      .find((o) => BUILTIN_GROUPS.has(o.group) && model.units.together(from.file, o.file));
    if (found) return found;
  }
  return undefined;
}

/** The pod template of the scaled workload; a Rollout with a workloadRef uses that workload's. */
function templateOfTarget(model: Model, workload: K8sObject): PodTemplate | undefined {
  const own = model.templateOf(workload);
  if (own || !isRollout(workload)) return own;
  const ref = rolloutWorkloadRef(workload);
  const referenced = ref ? resolveWorkload(model, workload, ref).candidates[0] : undefined;
  return referenced ? model.templateOf(referenced) : undefined;
}
