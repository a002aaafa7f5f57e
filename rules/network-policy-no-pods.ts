/**
 * network-policy-no-pods: a NetworkPolicy whose podSelector selects no pod template protects nothing (a
 * typo leaves the real pods unprotected), and a peer podSelector in ingress[].from / egress[].to that
 * selects no pod admits nothing. Peers with a namespaceSelector are checked only in the namespaces whose
 * Namespace object (labels) and workloads are both in the input; otherwise the answer is unknown and
 * nothing is said.
 */
import { defineRule } from '../src/engine/rule.js';
import {
  isEmptySelector,
  type LabelSelector,
  labelsMatchSelector,
  type Model,
  toLabelSelector,
} from '../src/model/model.js';
import {
  declaredNamespaces,
  formatSelector,
  namespaceLabels,
  networkPolicies,
  policyPodSelector,
} from '../src/model/network.js';
import { isPlainObject } from '../src/model/objects.js';
import { judgeNoPods, reachesPods, selectPods } from '../src/model/resolve.js';
import { qualifiedName } from '../src/model/service.js';
import type { K8sObject } from '../src/types.js';
import { closest, quoteList } from '../src/util/suggest.js';

/** The selector reaches pods: of a pod template, of an operator or of the cluster (model/resolve.ts). */
function selectsAny(model: Model, from: K8sObject, ns: string, sel: LabelSelector): boolean {
  return reachesPods(selectPods(model, from, ns, sel));
}

/** A hint for a selector that matched nothing in these namespaces: a label value one typo away. */
function hintFor(model: Model, namespaces: string[], sel: LabelSelector): string {
  if (namespaces.every((ns) => model.templatesIn(ns).length === 0))
    return `; the input has no pod templates in ${namespaces.length === 1 ? 'that namespace' : 'those namespaces'}`;
  for (const ns of namespaces) {
    for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
      const near = closest(v, model.labelValues(ns, k));
      if (near !== undefined) return `; did you mean ${k}=${JSON.stringify(near)}?`;
      const key = closest(k, model.labelKeys(ns));
      if (key !== undefined) return `; did you mean label key "${key}"?`;
    }
  }
  return '';
}

/**
 * The namespaces a peer's pods may live in: the policy's own without a namespaceSelector; with one, the
 * declared Namespaces its selector matches — or undefined when pods elsewhere might match (unknown labels).
 */
function peerNamespaces(
  model: Model,
  policyNs: string,
  nsSelector: unknown,
  podSel: LabelSelector,
): string[] | undefined {
  if (nsSelector === undefined || nsSelector === null) return [policyNs];
  const nsSel = toLabelSelector(nsSelector) ?? {};
  const declared = declaredNamespaces(model);
  if (declared.length === 0) return undefined;
  const known = new Set(declared);
  // Pods in namespaces without a Namespace object might be selected: their labels are unknown.
  for (const ns of model.namespaces())
    if (!known.has(ns) && model.selectPodsBy(ns, podSel).length) return undefined;
  // Only namespaces whose workloads are part of the input are known; with none, say nothing.
  const matched = declared
    .filter((ns) => labelsMatchSelector(namespaceLabels(model, ns) ?? {}, nsSel))
    .filter((ns) => model.templatesIn(ns).length > 0)
    .sort();
  return matched.length ? matched : undefined;
}

export default defineRule({
  meta: {
    id: 'network-policy-no-pods',
    description: 'Disallow NetworkPolicy pod selectors that select no pod template',
    severity: 'warning',
    messages: {
      noPods: 'podSelector {{selector}} selects no pod template{{hint}}',
      noPeerPods: '{{direction}} peer podSelector {{selector}} selects no pod template in {{where}}{{hint}}',
    },
    remediation:
      'Make the podSelector match the labels of the pod template (spec.template.metadata.labels) in the right namespace, or use an empty podSelector ({}) to select every pod.',
  },
  check(model, ctx) {
    for (const pol of networkPolicies(model)) {
      const spec = pol.raw?.spec;
      if (!isPlainObject(spec)) continue;
      const sel = policyPodSelector(pol);
      if (!isEmptySelector(sel) && !selectsAny(model, pol, pol.namespace, sel)) {
        const judged = judgeNoPods(model, pol, pol.namespace, sel, false);
        ctx.report({
          object: pol,
          path: ['spec', 'podSelector'],
          messageId: 'noPods',
          data: {
            selector: formatSelector(sel),
            policy: qualifiedName(pol),
            namespace: pol.namespace,
            hint: judged.hint || hintFor(model, [pol.namespace], sel),
          },
          assumesComplete: !judged.shown,
        });
      }
      for (const [direction, field] of [
        ['ingress', 'from'],
        ['egress', 'to'],
      ] as const) {
        const rules = spec[direction];
        if (!Array.isArray(rules)) continue;
        rules.forEach((rule, i) => {
          const peers = isPlainObject(rule) ? rule[field] : undefined;
          if (!Array.isArray(peers)) return;
          peers.forEach((peer, j) => {
            // ipBlock-only and namespaceSelector-only peers select no pods by label.
            if (!isPlainObject(peer) || !isPlainObject(peer.podSelector)) return;
            const podSel = toLabelSelector(peer.podSelector) ?? {};
            if (isEmptySelector(podSel)) return;
            const namespaces = peerNamespaces(model, pol.namespace, peer.namespaceSelector, podSel);
            if (!namespaces) return;
            if (namespaces.some((ns) => selectsAny(model, pol, ns, podSel))) return;
            const judged = namespaces.map((ns) => judgeNoPods(model, pol, ns, podSel));
            const where =
              peer.namespaceSelector === undefined || peer.namespaceSelector === null
                ? `namespace "${pol.namespace}"`
                : `${namespaces.length === 1 ? 'namespace' : 'namespaces'} ${quoteList(namespaces)} (namespaceSelector)`;
            ctx.report({
              object: pol,
              path: ['spec', direction, i, field, j, 'podSelector'],
              messageId: 'noPeerPods',
              data: {
                direction,
                selector: formatSelector(podSel),
                policy: qualifiedName(pol),
                where,
                hint: judged.find((j) => j.hint)?.hint || hintFor(model, namespaces, podSel),
              },
              assumesComplete: !judged.some((j) => j.shown),
            });
          });
        });
      }
    }
  },
});
