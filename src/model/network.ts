/**
 * Helpers for the rules that follow networking references (Ingress, StatefulSet, NetworkPolicy, Gateway
 * API): finding a Service by name with a useful hint when it is missing, describing a Service's ports,
 * namespace labels, and which NetworkPolicies cover which pod templates. Indexes are built once per model.
 */
import type { K8sObject, Path } from '../types.js';
import { formatLabels } from '../util/labels.js';
import { push } from '../util/maps.js';
import { isQuotedNumber, QUOTED_NUMBER_HINT } from '../util/names.js';
import { closest, quoteList } from '../util/suggest.js';
import {
  type LabelSelector,
  labelsMatchSelector,
  type Model,
  type PodTemplate,
  toLabelSelector,
} from './model.js';
import { isPlainObject, labelsOf } from './objects.js';
import { type ServicePortInfo, servicePorts } from './service.js';

interface NetworkIndex {
  /** namespace → Service names */
  serviceNames: Map<string, string[]>;
  /** Service name → namespaces that have one */
  serviceNamespaces: Map<string, string[]>;
  /** namespace → labels of its Namespace object (undefined: no Namespace object in the input) */
  namespaceLabels: Map<string, Record<string, string>>;
  /** namespace → names of custom resources (objects of non-Kubernetes API groups) */
  customNames: Map<string, string[]>;
  /** namespace → labels of pod templates embedded in custom resources (operators make pods of them) */
  customPodLabels?: Map<string, Array<Record<string, string>>>;
  /** template → NetworkPolicies whose podSelector selects it */
  coveringPolicies?: Map<PodTemplate, K8sObject[]>;
}

const indexes = new WeakMap<Model, NetworkIndex>();

function indexOf(model: Model): NetworkIndex {
  let idx = indexes.get(model);
  if (idx) return idx;
  idx = {
    serviceNames: new Map(),
    serviceNamespaces: new Map(),
    namespaceLabels: new Map(),
    customNames: new Map(),
  };
  for (const obj of model.objects) {
    if (isCustomGroup(obj.group) && obj.name) push(idx.customNames, obj.namespace, obj.name);
  }
  for (const svc of model.services) {
    push(idx.serviceNames, svc.namespace, svc.name);
    push(idx.serviceNamespaces, svc.name, svc.namespace);
  }
  for (const ns of model.ofKind('Namespace')) {
    if (ns.group !== '' || !ns.name) continue;
    idx.namespaceLabels.set(ns.name, { ...ns.labels, 'kubernetes.io/metadata.name': ns.name });
  }
  indexes.set(model, idx);
  return idx;
}

/** API groups of Kubernetes itself: `""`, `apps`, `batch`, `*.k8s.io` (Gateway API included). */
function isCustomGroup(group: string): boolean {
  return group.includes('.') && !group.endsWith('.k8s.io') && group !== 'kind.x-k8s.io';
}

/**
 * The custom resource whose operator probably creates this Service: one named as the Service's prefix in
 * the same namespace (ECK's Kibana "kibana" makes "kibana-kb-http", KubeRay's "rayllm" makes
 * "rayllm-head-svc"). A reference to such a Service is not reported as missing.
 */
export function operatorOwner(model: Model, namespace: string, service: string): string | undefined {
  return (indexOf(model).customNames.get(namespace) ?? []).find((n) => service.startsWith(`${n}-`));
}

/** Label sets of the pod templates found inside a value: maps with metadata.labels and spec.containers. */
function embeddedPodLabels(v: unknown, out: Array<Record<string, string>>, depth: number): void {
  if (depth > 8) return;
  if (Array.isArray(v)) {
    for (const x of v) embeddedPodLabels(x, out, depth + 1);
    return;
  }
  if (!isPlainObject(v)) return;
  if (isPlainObject(v.metadata) && isPlainObject(v.spec) && Array.isArray(v.spec.containers))
    out.push(labelsOf(v.metadata.labels));
  for (const x of Object.values(v)) embeddedPodLabels(x, out, depth + 1);
}

/**
 * Does a pod template embedded in a custom resource of the namespace match the selector? Operators
 * (a SandboxTemplate's podTemplate, a RayCluster's workers) create pods from them that the model, which
 * knows only the built-in workloads, does not see.
 */
export function customPodsMatch(model: Model, namespace: string, sel: LabelSelector): boolean {
  const idx = indexOf(model);
  if (!idx.customPodLabels) {
    const m = new Map<string, Array<Record<string, string>>>();
    for (const obj of model.objects) {
      if (!isCustomGroup(obj.group)) continue;
      const found: Array<Record<string, string>> = [];
      embeddedPodLabels(obj.raw?.spec, found, 0);
      for (const labels of found) push(m, obj.namespace, labels);
    }
    idx.customPodLabels = m;
  }
  return (idx.customPodLabels.get(namespace) ?? []).some((labels) => labelsMatchSelector(labels, sel));
}

/**
 * The core Services named `name` in `namespace` (usually one; a run over several overlays may define it
 * more than once, and then a reference is good when it is good for any of them).
 */
export function findServices(model: Model, namespace: string, name: string): K8sObject[] {
  return model.lookup('Service', namespace, name).filter((s) => s.group === '');
}

/**
 * Why a Service is missing, as a message suffix: a near name in the namespace, or the namespaces that do
 * have a Service of that name. `explicit`: the reference names its namespace (no defaulting to explain).
 */
export function missingServiceHint(model: Model, namespace: string, name: string, explicit = false): string {
  const idx = indexOf(model);
  const names = idx.serviceNames.get(namespace) ?? [];
  const near = closest(name, names);
  if (near !== undefined) return `; did you mean "${near}"?`;
  // Listing a crowded namespace helps nobody.
  const few = names.length <= 6;
  const elsewhere = (idx.serviceNamespaces.get(name) ?? []).filter((n) => n !== namespace);
  if (elsewhere.length)
    return `; a Service of that name exists in namespace ${quoteList(elsewhere)}${explicit ? '' : `, but the reference resolves in namespace "${namespace}" only`}`;
  if (names.length === 0) return `; the input has no Service in namespace "${namespace}"`;
  return few ? `; Services in the namespace: ${quoteList(names)}` : '';
}

/** A Service backend of an Ingress as written: the Service name and port, with their paths. */
export interface IngressServiceBackend {
  name: unknown;
  namePath: Path;
  port: unknown;
  portPath: Path;
}

/**
 * Reads an Ingress backend (at `path`, relative to the Ingress) in the v1 shape (service.name,
 * service.port.number|name) or the v1beta1 shape (serviceName, servicePort); undefined when it is not a
 * Service backend of that shape.
 */
export function ingressServiceBackend(
  path: Path,
  b: Record<string, unknown>,
  v1: boolean,
): IngressServiceBackend | undefined {
  if (v1) {
    const svc = b.service;
    if (!isPlainObject(svc)) return undefined;
    const port = isPlainObject(svc.port) ? svc.port : {};
    const [key, value] = port.number !== undefined ? ['number', port.number] : ['name', port.name];
    return {
      name: svc.name,
      namePath: [...path, 'service', 'name'],
      port: value,
      portPath: [...path, 'service', 'port', key],
    };
  }
  if (b.serviceName === undefined) return undefined;
  return {
    name: b.serviceName,
    namePath: [...path, 'serviceName'],
    port: b.servicePort,
    portPath: [...path, 'servicePort'],
  };
}

/** `80 "http", 443` — a Service's ports for messages, with their names when they have one. */
export function describeServicePorts(ports: readonly ServicePortInfo[]): string {
  if (ports.length === 0) return 'no ports';
  return ports
    .map((p) => (p.name ? `${p.port ?? '?'} ${JSON.stringify(p.name)}` : `${p.port ?? '?'}`))
    .join(', ');
}

/**
 * The Service port a reference selects: a number matches `port`, a string matches `name`. An unnamed port
 * never matches a name, whatever the number.
 */
export function findServicePort(svc: K8sObject, ref: number | string): ServicePortInfo | undefined {
  return servicePorts(svc).find((p) => (typeof ref === 'number' ? p.port === ref : p.name === ref));
}

/** A hint for a port number that is not a Service port but is one's targetPort (a frequent mix-up). */
export function servicePortHint(ports: readonly ServicePortInfo[], ref: number | string): string {
  if (typeof ref === 'number') {
    const p = ports.find((x) => x.effectiveTarget === ref && x.port !== undefined);
    return p ? `; ${ref} is the targetPort of port ${p.port}: refer to the Service port, not the pod's` : '';
  }
  if (isQuotedNumber(ref)) return QUOTED_NUMBER_HINT;
  const near = closest(
    ref,
    ports.flatMap((p) => (p.name ? [p.name] : [])),
  );
  return near !== undefined ? `; did you mean "${near}"?` : '';
}

/** A LabelSelector for messages: its matchLabels, then its expressions. */
export function formatSelector(sel: LabelSelector): string {
  const parts = Object.keys(sel.matchLabels ?? {}).length ? [formatLabels(sel.matchLabels ?? {})] : [];
  for (const e of sel.matchExpressions ?? []) {
    const values = e.values?.length ? ` (${e.values.map((v) => JSON.stringify(v)).join(', ')})` : '';
    parts.push(`${e.key} ${e.operator}${values}`);
  }
  return `{${parts.join(', ')}}`;
}

/** Labels of a namespace when its Namespace object is in the input (with the automatic name label). */
export function namespaceLabels(model: Model, namespace: string): Record<string, string> | undefined {
  return indexOf(model).namespaceLabels.get(namespace);
}

/** Namespaces declared by Namespace objects in the input. */
export function declaredNamespaces(model: Model): string[] {
  return [...indexOf(model).namespaceLabels.keys()];
}

/** NetworkPolicies of the input (networking.k8s.io). */
export function networkPolicies(model: Model): K8sObject[] {
  return model.ofKind('NetworkPolicy').filter((p) => p.group === 'networking.k8s.io');
}

/** The policy's podSelector; a missing one is treated as empty (all pods), as the API server defaults it. */
export function policyPodSelector(policy: K8sObject): LabelSelector {
  return toLabelSelector(policy.raw?.spec?.podSelector) ?? {};
}

/**
 * Does the policy isolate its pods for ingress? policyTypes when given; otherwise Ingress always applies
 * (the API server adds it, with Egress only when there are egress rules).
 */
export function isolatesIngress(policy: K8sObject): boolean {
  const types = policy.raw?.spec?.policyTypes;
  if (!Array.isArray(types)) return true;
  return types.includes('Ingress');
}

/** Pod templates → the ingress-isolating NetworkPolicies that select them, through the label index. */
export function ingressPoliciesCovering(model: Model, t: PodTemplate): K8sObject[] {
  const idx = indexOf(model);
  if (!idx.coveringPolicies) {
    const m = new Map<PodTemplate, K8sObject[]>();
    for (const pol of networkPolicies(model)) {
      if (!isolatesIngress(pol)) continue;
      for (const tpl of model.selectPodsBy(pol.namespace, policyPodSelector(pol))) push(m, tpl, pol);
    }
    idx.coveringPolicies = m;
  }
  return idx.coveringPolicies.get(t) ?? [];
}

/** A container port as traffic reaches it: number, the name it is declared with, protocol. */
export interface TargetPort {
  port: number;
  name?: string;
  protocol: string;
}

/** Does one NetworkPolicy ingress rule admit traffic to the port (sources are not considered)? */
export function ruleAdmitsPort(rule: unknown, target: TargetPort): boolean {
  if (!isPlainObject(rule)) return false;
  const ports = rule.ports;
  if (!Array.isArray(ports) || ports.length === 0) return true;
  return ports.some((p) => {
    if (!isPlainObject(p)) return false;
    const protocol = typeof p.protocol === 'string' ? p.protocol : 'TCP';
    if (protocol !== target.protocol) return false;
    if (p.port === undefined || p.port === null) return true;
    if (typeof p.port === 'string') return p.port === target.name;
    if (typeof p.port !== 'number') return false;
    if (typeof p.endPort === 'number') return target.port >= p.port && target.port <= p.endPort;
    return p.port === target.port;
  });
}

/** Does any ingress rule of the policy admit traffic to the port? */
export function policyAdmitsPort(policy: K8sObject, target: TargetPort): boolean {
  const rules = policy.raw?.spec?.ingress;
  return Array.isArray(rules) && rules.some((r) => ruleAdmitsPort(r, target));
}
