/**
 * Workload helpers shared by the Service ↔ pod rules: image repositories and ownership between objects
 * of the input.
 */
import type { K8sObject } from '../types.js';
import type { Model, PodTemplate } from './model.js';
import { isPlainObject } from './objects.js';

/**
 * The repository of an image reference, without tag or digest, with Docker Hub's implicit prefixes
 * removed so that `nginx`, `docker.io/nginx` and `docker.io/library/nginx:1.27` compare equal.
 */
export function imageRepository(image: string): string {
  let ref = image.trim();
  const at = ref.indexOf('@');
  if (at >= 0) ref = ref.slice(0, at);
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) ref = ref.slice(0, colon);
  return ref.replace(/^(?:index\.)?docker\.io\//, '').replace(/^library\//, '');
}

interface OwnerRef {
  kind: string;
  name: string;
  controller: boolean;
}

function ownerRefs(obj: K8sObject): OwnerRef[] {
  const refs = obj.raw?.metadata?.ownerReferences;
  if (!Array.isArray(refs)) return [];
  return refs
    .filter(isPlainObject)
    .filter((r) => typeof r.kind === 'string' && typeof r.name === 'string')
    .map((r) => ({ kind: r.kind as string, name: r.name as string, controller: r.controller === true }));
}

/** Has a controller (ownerReferences with `controller: true`): such an object is never an orphan. */
export function hasController(obj: K8sObject): boolean {
  return ownerRefs(obj).some((r) => r.controller);
}

/** The objects of the input that own `obj` (through metadata.ownerReferences, same namespace). */
export function ownersInInput(model: Model, obj: K8sObject): K8sObject[] {
  return ownerRefs(obj).flatMap((r) => model.lookup(r.kind, obj.namespace, r.name));
}

/**
 * Related by ownership in the input: one owns the other (directly or through a chain, as a Deployment owns
 * its ReplicaSets which own their Pods), or both share an owner (two revisions of one Deployment).
 */
export function relatedByOwnership(model: Model, a: K8sObject, b: K8sObject): boolean {
  const ancestorsA = ancestors(model, a);
  if (ancestorsA.has(b)) return true;
  const ancestorsB = ancestors(model, b);
  if (ancestorsB.has(a)) return true;
  for (const x of ancestorsA) if (ancestorsB.has(x)) return true;
  return false;
}

function ancestors(model: Model, obj: K8sObject): Set<K8sObject> {
  const seen = new Set<K8sObject>();
  const queue = [obj];
  while (queue.length) {
    const cur = queue.pop() as K8sObject;
    for (const o of ownersInInput(model, cur)) {
      if (seen.has(o) || o === obj) continue;
      seen.add(o);
      queue.push(o);
    }
  }
  return seen;
}

/**
 * The workloads that own some templates, one per ownership family (a Deployment and the ReplicaSets it
 * owns in `kubectl get all` output are one), and one per identity (variants), in the templates' order.
 */
export function distinctOwners(model: Model, templates: readonly PodTemplate[]): K8sObject[] {
  const out: K8sObject[] = [];
  for (const t of templates) {
    const o = t.owner;
    if (out.some((x) => x === o || sameIdentity(x, o) || relatedByOwnership(model, x, o))) continue;
    out.push(o);
  }
  return out;
}

function sameIdentity(a: K8sObject, b: K8sObject): boolean {
  return a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;
}

/** `Kind "name"` for messages that already name the namespace elsewhere. */
export function shortName(obj: K8sObject): string {
  return `${obj.kind} "${obj.name}"`;
}
