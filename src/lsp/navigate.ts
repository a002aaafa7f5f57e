/**
 * What is under the cursor, and where it leads: the object and the path inside it at a position; go to
 * definition (a Service's selector to the pod templates it selects, a targetPort to the container ports,
 * an Ingress backend, a route backendRef or parentRef and a StatefulSet's serviceName to what they name);
 * find references (a pod template's labels to the Services and NetworkPolicies that select it, a
 * Service's name to what refers to it). Relations are the rules' own (src/model), so what the editor
 * shows is what the findings say.
 */
import type { Node } from 'yaml';
import { treeOf } from '../fix/tree.js';
import type { Model, PodTemplate } from '../model/model.js';
import { findServicePort, networkPolicies, policyPodSelector } from '../model/network.js';
import { isPlainObject } from '../model/objects.js';
import { nearestNamed, selectPods } from '../model/resolve.js';
import { serviceRoute, targetedPorts } from '../model/routing.js';
import { qualifiedName } from '../model/service.js';
import type { K8sObject, Path, SourceFile } from '../types.js';
import { yamlLib } from '../util/yaml-lib.js';

export interface Here {
  object: K8sObject;
  /** The path inside the object. */
  path: Path;
  /** The cursor is on a key, not a value. */
  key: boolean;
}

/** A place to go to: an object and the path of the node there. */
export interface Target {
  object: K8sObject;
  path: Path;
}

function inside(node: Node | null | undefined, offset: number): boolean {
  const r = node?.range;
  return !!r && offset >= r[0] && offset <= r[1];
}

/** The document index, path and key flag of the deepest node at `offset` of a file. */
export function pathAt(
  file: SourceFile,
  offset: number,
): { doc: number; path: Path; key: boolean } | undefined {
  const tree = treeOf(file);
  if (!tree) return undefined;
  const { isMap, isSeq, isPair, isScalar } = yamlLib();
  const doc = tree.docs.findIndex((d) => inside(d.contents as Node | null, offset));
  if (doc < 0) return undefined;
  let node = tree.docs[doc]?.contents as Node | null;
  const path: Array<string | number> = [];
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && (inside(p.key as Node, offset) || inside(p.value as Node, offset)),
      );
      const k = pair?.key as Node | null | undefined;
      if (!pair || !isScalar(k)) return { doc, path, key: false };
      path.push(String(k.value));
      if (inside(k, offset)) return { doc, path, key: true };
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((item) => inside(item as Node, offset));
      if (i < 0) return { doc, path, key: false };
      path.push(i);
      node = node.items[i] as Node | null;
    } else return { doc, path, key: false };
  }
}

function startsWith(path: Path, prefix: Path): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => path[i] === s);
}

/** The object at a position of a file, and the path inside it. */
export function objectAt(model: Model, file: SourceFile, offset: number): Here | undefined {
  const at = pathAt(file, offset);
  if (!at) return undefined;
  const candidates = model.objects.filter(
    (o) => o.file.path === file.path && o.doc.index === at.doc && startsWith(at.path, o.path),
  );
  // The deepest object (a List item rather than the List).
  const object = candidates.sort((a, b) => b.path.length - a.path.length)[0];
  return object && { object, path: at.path.slice(object.path.length), key: at.key };
}

/** The pod templates of a workload (several for a custom resource that embeds them). */
function templatesOf(model: Model, obj: K8sObject): PodTemplate[] {
  return model.podTemplates.filter((t) => t.owner === obj);
}

/** A Service backend (name and port) at a path of an Ingress or a Gateway API route, with its paths. */
function backendAt(here: Here): { name: string; namespace: string; port: unknown; base: Path } | undefined {
  const { object, path } = here;
  const spec = object.raw?.spec;
  const get = (p: Path): unknown =>
    p.reduce<unknown>(
      (v, s) => (isPlainObject(v) || Array.isArray(v) ? (v as never)[s] : undefined),
      object.raw,
    );
  if (object.kind === 'Ingress') {
    const i = path.lastIndexOf('backend');
    const j = path.indexOf('defaultBackend');
    const end = i >= 0 ? i + 1 : j >= 0 ? j + 1 : -1;
    if (end < 0) return undefined;
    const base = path.slice(0, end);
    const b = get(base);
    if (!isPlainObject(b)) return undefined;
    if (isPlainObject(b.service) && typeof b.service.name === 'string') {
      const port = isPlainObject(b.service.port) ? (b.service.port.number ?? b.service.port.name) : undefined;
      return { name: b.service.name, namespace: object.namespace, port, base };
    }
    if (typeof b.serviceName === 'string')
      return { name: b.serviceName, namespace: object.namespace, port: b.servicePort, base };
    return undefined;
  }
  if (object.group !== 'gateway.networking.k8s.io' || !isPlainObject(spec)) return undefined;
  const i = path.findIndex(
    (s, n) => (s === 'backendRefs' && typeof path[n + 1] === 'number') || s === 'backendRef',
  );
  if (i < 0) return undefined;
  const base = path.slice(0, path[i] === 'backendRef' ? i + 1 : i + 2);
  const ref = get(base);
  if (!isPlainObject(ref) || typeof ref.name !== 'string') return undefined;
  if ((ref.kind ?? 'Service') !== 'Service' || (ref.group ?? '') !== '') return undefined;
  const namespace = typeof ref.namespace === 'string' ? ref.namespace : object.namespace;
  return { name: ref.name, namespace, port: ref.port, base };
}

/** The Services a reference from `from` names, nearest first (model/resolve.ts), as the rules resolve it. */
function namedServices(model: Model, from: K8sObject, namespace: string, name: string): K8sObject[] {
  return nearestNamed(model, from, { kind: 'Service', group: '', namespace, name, namespaceWritten: true });
}

/** The Service a position refers to: the Service itself, or the one an Ingress, route or StatefulSet names. */
export function serviceAt(model: Model, here: Here): K8sObject | undefined {
  const { object } = here;
  if (object.kind === 'Service' && object.group === '') return object;
  const be = backendAt(here);
  if (be) return namedServices(model, object, be.namespace, be.name)[0];
  if (object.kind === 'StatefulSet' && here.path[0] === 'spec' && here.path[1] === 'serviceName') {
    const name = object.raw?.spec?.serviceName;
    return typeof name === 'string' ? namedServices(model, object, object.namespace, name)[0] : undefined;
  }
  return undefined;
}

export function definition(model: Model, here: Here): Target[] {
  const { object, path } = here;
  if (object.kind === 'Service' && object.group === '') {
    const templates = serviceRoute(model, object).templates;
    if (!templates.length) return [];
    // A targetPort leads to the container ports it reaches.
    if (
      path[0] === 'spec' &&
      path[1] === 'ports' &&
      typeof path[2] === 'number' &&
      path[3] === 'targetPort'
    ) {
      const target = object.raw?.spec?.ports?.[path[2]]?.targetPort;
      if (typeof target !== 'number' && typeof target !== 'string') return [];
      return templates.flatMap((t) =>
        targetedPorts(t, target).map((x) => ({ object: t.owner, path: x.port.path })),
      );
    }
    if (path[0] === 'spec' && path[1] === 'selector')
      return templates.map((t) => ({ object: t.owner, path: [...t.path, 'metadata', 'labels'] }));
    return [];
  }
  const be = backendAt(here);
  if (be) {
    const services = namedServices(model, object, be.namespace, be.name);
    const onPort =
      path.length > be.base.length &&
      path.slice(be.base.length).some((s) => s === 'port' || s === 'servicePort');
    return services.map((svc) => {
      const port =
        onPort && (typeof be.port === 'number' || typeof be.port === 'string')
          ? findServicePort(svc, be.port)
          : undefined;
      return { object: svc, path: port ? port.path : ['metadata', 'name'] };
    });
  }
  if (
    object.group === 'gateway.networking.k8s.io' &&
    path[0] === 'spec' &&
    path[1] === 'parentRefs' &&
    typeof path[2] === 'number'
  ) {
    const ref = object.raw?.spec?.parentRefs?.[path[2]];
    if (!isPlainObject(ref) || typeof ref.name !== 'string') return [];
    const ns = typeof ref.namespace === 'string' ? ref.namespace : object.namespace;
    const gateway = { kind: 'Gateway', group: 'gateway.networking.k8s.io', namespace: ns, name: ref.name };
    return nearestNamed(model, object, { ...gateway, namespaceWritten: true }).map((g) => ({
      object: g,
      path: ['metadata', 'name'],
    }));
  }
  if (object.kind === 'StatefulSet' && path[0] === 'spec' && path[1] === 'serviceName') {
    const svc = serviceAt(model, here);
    return svc ? [{ object: svc, path: ['metadata', 'name'] }] : [];
  }
  return [];
}

/** The Services and NetworkPolicies whose selectors select a pod template. */
export function selectorsOf(model: Model, t: PodTemplate): Target[] {
  const out: Target[] = [];
  for (const svc of model.services) {
    if (svc.namespace !== t.namespace) continue;
    if (serviceRoute(model, svc).templates.includes(t)) out.push({ object: svc, path: ['spec', 'selector'] });
  }
  for (const np of networkPolicies(model)) {
    if (np.namespace !== t.namespace) continue;
    if (selectPods(model, np, np.namespace, policyPodSelector(np)).templates.includes(t))
      out.push({ object: np, path: ['spec', 'podSelector'] });
  }
  return out;
}

/** What refers to a Service by name: Ingress backends, route backendRefs, StatefulSets' serviceName. */
function referrersOf(model: Model, svc: K8sObject): Target[] {
  const out: Target[] = [];
  const scan = (obj: K8sObject, v: unknown, path: Path) => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) scan(obj, v[i], [...path, i]);
    } else if (isPlainObject(v))
      for (const [k, x] of Object.entries(v)) {
        const here = { object: obj, path: [...path, k], key: false };
        if (typeof x === 'string' && x === svc.name && (k === 'name' || k === 'serviceName')) {
          const be = backendAt(here);
          if (be && be.name === svc.name && namedServices(model, obj, be.namespace, be.name).includes(svc))
            out.push({ object: obj, path: here.path });
        } else if (typeof x === 'object') scan(obj, x, here.path);
      }
  };
  for (const obj of model.objects) {
    if (obj.kind === 'Ingress' || (obj.group === 'gateway.networking.k8s.io' && obj.kind.endsWith('Route')))
      scan(obj, obj.raw?.spec, ['spec']);
    else if (
      obj.kind === 'StatefulSet' &&
      obj.namespace === svc.namespace &&
      obj.raw?.spec?.serviceName === svc.name
    )
      out.push({ object: obj, path: ['spec', 'serviceName'] });
  }
  return out;
}

export function references(model: Model, here: Here, includeDeclaration: boolean): Target[] {
  const { object, path } = here;
  if (object.kind === 'Service' && object.group === '' && path[0] === 'metadata' && path[1] === 'name') {
    const refs = referrersOf(model, object);
    return includeDeclaration ? [{ object, path: ['metadata', 'name'] }, ...refs] : refs;
  }
  const t = templatesOf(model, object).find((x) => startsWith(path, [...x.path, 'metadata', 'labels']));
  if (!t) return [];
  const refs = selectorsOf(model, t);
  return includeDeclaration ? [{ object, path: [...t.path, 'metadata', 'labels'] }, ...refs] : refs;
}

/** "Service default/web" */
export function describeObject(o: K8sObject): string {
  return `${o.kind} ${qualifiedName(o)}`;
}
