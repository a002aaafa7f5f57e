/** Service helpers shared by rules: type, selector, ports with their paths, hand-made endpoints. */
import type { K8sObject, Path } from '../types.js';
import { push } from '../util/maps.js';
import type { Model } from './model.js';
import { isPlainObject, labelsOf } from './objects.js';
import { nearestOf } from './scope.js';

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName' | string;

export interface ServicePortInfo {
  index: number;
  name?: string;
  port?: number;
  /** As written: number, string (a port name), or undefined (defaults to port). */
  targetPort?: number | string;
  /** targetPort, or port when targetPort is omitted. */
  effectiveTarget?: number | string;
  nodePort?: number;
  protocol: string;
  /** Path of the port entry relative to the Service. */
  path: Path;
  // biome-ignore lint/suspicious/noExplicitAny: raw port entry
  raw: any;
}

export function serviceType(svc: K8sObject): ServiceType {
  const t = svc.raw?.spec?.type;
  return typeof t === 'string' ? t : 'ClusterIP';
}

export function isHeadless(svc: K8sObject): boolean {
  return svc.raw?.spec?.clusterIP === 'None';
}

// Most rules ask for a Service's selector and ports: each is read once per Service object (a run makes new
// objects, so nothing outlives it). Callers share the result and must not modify it.
const selectors = new WeakMap<K8sObject, Readonly<Record<string, string>> | null>();
const portLists = new WeakMap<K8sObject, readonly ServicePortInfo[]>();

/** The Service's selector, or undefined when it has none (no automatic endpoints). Shared: do not modify. */
export function serviceSelector(svc: K8sObject): Readonly<Record<string, string>> | undefined {
  let sel = selectors.get(svc);
  if (sel === undefined) {
    sel = readSelector(svc) ?? null;
    selectors.set(svc, sel);
  }
  return sel ?? undefined;
}

function readSelector(svc: K8sObject): Record<string, string> | undefined {
  if (serviceType(svc) === 'ExternalName') return undefined;
  const sel = svc.raw?.spec?.selector;
  if (!isPlainObject(sel)) return undefined;
  const labels = labelsOf(sel);
  return Object.keys(labels).length ? labels : undefined;
}

/** The Service's ports with their paths. Shared: do not modify. */
export function servicePorts(svc: K8sObject): readonly ServicePortInfo[] {
  let ports = portLists.get(svc);
  if (!ports) {
    ports = readPorts(svc);
    portLists.set(svc, ports);
  }
  return ports;
}

/**
 * A port's targetPort as written, or undefined where the API server defaults it to `port`: omitted, 0 or "".
 */
export function writtenTargetPort(v: unknown): unknown {
  return v === 0 || v === '' ? undefined : v;
}

function readPorts(svc: K8sObject): ServicePortInfo[] {
  const ports = svc.raw?.spec?.ports;
  if (!Array.isArray(ports)) return [];
  const out: ServicePortInfo[] = [];
  ports.forEach((p, index) => {
    if (!isPlainObject(p)) return;
    const port = typeof p.port === 'number' ? p.port : undefined;
    const tp = writtenTargetPort(p.targetPort);
    const targetPort = typeof tp === 'number' || typeof tp === 'string' ? tp : undefined;
    out.push({
      index,
      name: typeof p.name === 'string' ? p.name : undefined,
      port,
      targetPort,
      effectiveTarget: targetPort ?? port,
      nodePort: typeof p.nodePort === 'number' ? p.nodePort : undefined,
      protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP',
      path: ['spec', 'ports', index],
      raw: p,
    });
  });
  return out;
}

/** "ns/name" */
export function qualifiedName(obj: K8sObject): string {
  return obj.namespace ? `${obj.namespace}/${obj.name}` : obj.name;
}

const handMade = new WeakMap<Model, Map<string, K8sObject[]>>();

/**
 * The endpoints a user writes by hand for a Service (one without a selector): the Endpoints object of its
 * name and the EndpointSlices labelled `kubernetes.io/service-name` with it, in its namespace, nearest to
 * the Service first. Indexed once per model.
 */
export function manualEndpoints(model: Model, svc: K8sObject): K8sObject[] {
  let idx = handMade.get(model);
  if (!idx) {
    idx = new Map();
    for (const e of model.ofKind('Endpoints'))
      if (e.group === '' && e.name) push(idx, `${e.namespace}/${e.name}`, e);
    for (const s of model.ofKind('EndpointSlice')) {
      const owner = s.labels['kubernetes.io/service-name'];
      if (s.group === 'discovery.k8s.io' && owner) push(idx, `${s.namespace}/${owner}`, s);
    }
    handMade.set(model, idx);
  }
  return nearestOf(svc, idx.get(`${svc.namespace}/${svc.name}`) ?? [], (o) => o);
}
