/**
 * Conventions of the ecosystem that look like mistakes to a plain reading of the API and are not
 * (docs/relations.md, "Conventions"): they are decided here, once, for every rule.
 */
import type { K8sObject } from '../types.js';
import type { Model } from './model.js';
import { valueAt } from './objects.js';

/**
 * The AWS Load Balancer Controller reads an Ingress backend whose port name is `use-annotation` as an
 * action (`alb.ingress.kubernetes.io/actions.<service name>`), not as a Service: redirects, fixed
 * responses, weighted forwards. So does a backend named after an actions or conditions annotation.
 */
export function isLoadBalancerAction(ingress: K8sObject, serviceName: unknown, portName: unknown): boolean {
  if (portName === 'use-annotation') return true;
  if (typeof serviceName !== 'string') return false;
  return (
    ingress.annotations[`alb.ingress.kubernetes.io/actions.${serviceName}`] !== undefined ||
    ingress.annotations[`alb.ingress.kubernetes.io/conditions.${serviceName}`] !== undefined
  );
}

const apexCache = new WeakMap<Model, Set<string>>();

/**
 * Services that a service mesh splits or shifts traffic for (the "apex" or root Service): an SMI
 * TrafficSplit's `spec.service`, an Argo Rollout's SMI `rootService`, a Flagger Canary's target. The mesh
 * routes their traffic to other Services' pods, so a selector that matches no pod of its own is deliberate.
 */
export function isMeshApex(model: Model, svc: K8sObject): boolean {
  let apex = apexCache.get(model);
  if (!apex) {
    apex = new Set();
    const add = (ns: string, name: unknown) => {
      if (typeof name === 'string' && name) apex?.add(`${ns}\u0000${name}`);
    };
    for (const o of model.ofKind('TrafficSplit'))
      if (o.group === 'split.smi-spec.io') add(o.namespace, valueAt(o.raw, ['spec', 'service']));
    for (const o of model.ofKind('Rollout'))
      if (o.group === 'argoproj.io')
        add(
          o.namespace,
          valueAt(o.raw, ['spec', 'strategy', 'canary', 'trafficRouting', 'smi', 'rootService']),
        );
    for (const o of model.ofKind('Canary'))
      if (o.group === 'flagger.app') {
        const name =
          valueAt(o.raw, ['spec', 'service', 'name']) ?? valueAt(o.raw, ['spec', 'targetRef', 'name']);
        add(o.namespace, name);
      }
    apexCache.set(model, apex);
  }
  return apex.size > 0 && apex.has(`${svc.namespace}\u0000${svc.name}`);
}
