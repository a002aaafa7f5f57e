/**
 * Helpers for the rules that follow networking references (Ingress, StatefulSet, NetworkPolicy, Gateway
 * API): Services that operators make, describing a Service's ports,
 * namespace labels, and which NetworkPolicies cover which pod templates. Indexes are built once per model.
 */
import type { K8sObject } from '../types.js';
import { formatLabels } from '../util/labels.js';
import { push } from '../util/maps.js';
import { isQuotedNumber, QUOTED_NUMBER_HINT } from '../util/names.js';
import { closest } from '../util/suggest.js';
import { type LabelSelector, type Model, type PodTemplate, toLabelSelector } from './model.js';
import { isPlainObject } from './objects.js';
import { isConfigurationOnly } from './operators.js';
import { isRollout } from './references.js';
import { selectPods } from './resolve.js';
import { type ServicePortInfo, servicePorts } from './service.js';

interface NetworkIndex {
  /** namespace → labels of its Namespace object (undefined: no Namespace object in the input) */
  namespaceLabels: Map<string, Record<string, string>>;
  /** namespace → names of custom resources (objects of non-Kubernetes API groups) */
  customNames: Map<string, string[]>;
  /** namespace → the governing Services prometheus-operator makes for its resources there */
  operated: Map<string, string[]>;
  /** template → NetworkPolicies whose podSelector selects it */
  coveringPolicies?: Map<PodTemplate, K8sObject[]>;
}

const indexes = new WeakMap<Model, NetworkIndex>();

function indexOf(model: Model): NetworkIndex {
  let idx = indexes.get(model);
  if (idx) return idx;
  idx = { namespaceLabels: new Map(), customNames: new Map(), operated: new Map() };
  for (const obj of model.objects) {
    // Argo Rollouts make pods, never Services: the Services a Rollout uses are named in its strategy.
    if (!isCustomGroup(obj.group) || !obj.name || isConfigurationOnly(obj) || isRollout(obj)) continue;
    push(idx.customNames, obj.namespace, obj.name);
    const governing = obj.group === 'monitoring.coreos.com' ? OPERATED[obj.kind] : undefined;
    if (governing) push(idx.operated, obj.namespace, governing);
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

/** The one Service prometheus-operator makes per namespace for each kind of its stateful resources. */
const OPERATED: Record<string, string> = {
  Prometheus: 'prometheus-operated',
  PrometheusAgent: 'prometheus-agent-operated',
  Alertmanager: 'alertmanager-operated',
  ThanosRuler: 'thanos-ruler-operated',
};

/**
 * The custom resource whose operator probably creates this Service: one of the same name (Knative's
 * Service "hello" makes the Service "hello") or named as its prefix in the same namespace (ECK's Kibana
 * "kibana" makes "kibana-kb-http", CloudNativePG's "db" makes "db-rw", KubeRay's "rayllm" makes
 * "rayllm-head-svc"), or prometheus-operator's governing Services. A reference to such a Service is not
 * reported as missing.
 */
export function operatorOwner(model: Model, namespace: string, service: string): string | undefined {
  const idx = indexOf(model);
  if (idx.operated.get(namespace)?.includes(service)) return service;
  return (idx.customNames.get(namespace) ?? []).find((n) => service === n || service.startsWith(`${n}-`));
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

/**
 * What a message says about a port reference no Service port matches: the hint when one names the likely
 * answer (a did-you-mean, a targetPort mix-up), else the Service's ports, ` (ports: 80 "http")`.
 */
export function portsOrHint(
  ports: readonly ServicePortInfo[],
  ref: number | string,
): { ports: string; hint: string } {
  const hint = servicePortHint(ports, ref);
  return hint ? { ports: '', hint } : { ports: ` (ports: ${describeServicePorts(ports)})`, hint: '' };
}

/** A hint for a port number that is not a Service port but is one's targetPort (a frequent mix-up). */
export function servicePortHint(ports: readonly ServicePortInfo[], ref: number | string): string {
  if (typeof ref === 'number') {
    const p = ports.find((x) => x.effectiveTarget === ref && x.port !== undefined);
    return p ? `; ${ref} is the targetPort of port ${p.port}` : '';
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
    // Nearest first, as every selector: a policy covers the pods nearest to it that it selects.
    for (const pol of networkPolicies(model)) {
      if (!isolatesIngress(pol)) continue;
      for (const tpl of selectPods(model, pol, pol.namespace, policyPodSelector(pol)).templates)
        push(m, tpl, pol);
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
