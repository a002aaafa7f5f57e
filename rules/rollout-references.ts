/**
 * rollout-references: an Argo Rollout names the Services it shifts traffic between — canary.stableService
 * and canaryService, blueGreen.activeService and previewService — and may take its pod template from a
 * workload (workloadRef). Argo adds the rollouts-pod-template-hash label to each named Service's selector,
 * so the selector must otherwise select the Rollout's pods; it refuses a Service that does not (the
 * Rollout goes InvalidSpec) and a strategy that names one Service twice. Missing Services and workloads are
 * judged like every reference by name (model/resolve.ts).
 */
import { defineRule, type RuleContext } from '../src/engine/rule.js';
import { type Model, type PodTemplate, templateMatches } from '../src/model/model.js';
import { operatorOwner } from '../src/model/network.js';
import { isRollout, rolloutServiceRefs, rolloutWorkloadRef } from '../src/model/references.js';
import { judgeMissingName, nearestNamed } from '../src/model/resolve.js';
import { resolveWorkload } from '../src/model/scaling.js';
import { qualifiedName, serviceSelector } from '../src/model/service.js';
import type { K8sObject, Path } from '../src/types.js';
import { formatLabels } from '../src/util/labels.js';

/** The label Argo Rollouts adds to the pods of each revision and to the selectors of the Services it names. */
const HASH = 'rollouts-pod-template-hash';

/** Fields that must name two different Services. */
const PAIRS: Array<[string, string]> = [
  ['stableService', 'canaryService'],
  ['activeService', 'previewService'],
];

export default defineRule({
  meta: {
    id: 'rollout-references',
    description:
      'Disallow Argo Rollouts that name a missing Service or workload, or a Service that does not select their pods',
    severity: 'error',
    messages: {
      noService: '{{field}} "{{service}}" names no Service in namespace "{{namespace}}"{{hint}}',
      notSelecting:
        '{{field}} Service "{{service}}" selects {{selector}}, which the pods of the Rollout lack (they carry {{labels}})',
      sameService: '{{field}} names Service "{{service}}", like {{other}}; the two must differ',
      noWorkload: 'workloadRef {{kind}} "{{name}}" is not in namespace "{{namespace}}"{{hint}}',
    },
    remediation:
      "Name Services of the Rollout's namespace whose selectors match the Rollout's pod template labels (Argo adds the revision hash itself), a different one in each field, and a workloadRef that exists.",
  },
  check(model, ctx) {
    for (const rollout of model.ofKind('Rollout')) {
      if (!isRollout(rollout)) continue;
      const name = qualifiedName(rollout);
      let template = model.templateOf(rollout);
      const wref = rolloutWorkloadRef(rollout);
      if (wref) {
        const { target, candidates } = resolveWorkload(model, rollout, wref);
        if (!candidates.length) {
          const judged = judgeMissingName(model, rollout, target);
          ctx.report({
            object: rollout,
            path: [...wref.path, 'name'],
            messageId: 'noWorkload',
            data: {
              kind: wref.kind,
              name: wref.name,
              rollout: name,
              namespace: rollout.namespace,
              hint: judged.hint,
            },
            assumesComplete: !judged.shown,
          });
        } else template ??= model.templateOf(candidates[0] as K8sObject);
      }
      const refs = rolloutServiceRefs(rollout);
      for (const ref of refs) {
        const pair = PAIRS.find((p) => p[1] === ref.field);
        const first = pair ? refs.find((r) => r.field === pair[0]) : undefined;
        if (first && first.name === ref.name) {
          ctx.report({
            object: rollout,
            path: ref.path,
            messageId: 'sameService',
            data: { field: ref.field, rollout: name, service: ref.name, other: first.field },
          });
          continue;
        }
        checkService(model, rollout, ref, template, (r) => ctx.report(r));
      }
    }
  },
});

function checkService(
  model: Model,
  rollout: K8sObject,
  ref: { field: string; name: string; path: Path },
  template: PodTemplate | undefined,
  report: RuleContext['report'],
): void {
  const target = {
    kind: 'Service',
    group: '',
    namespace: rollout.namespace,
    name: ref.name,
    namespaceWritten: rollout.explicitNamespace,
  };
  const candidates = nearestNamed(model, rollout, target);
  const data = {
    field: ref.field,
    service: ref.name,
    rollout: qualifiedName(rollout),
    namespace: rollout.namespace,
  };
  if (!candidates.length) {
    if (operatorOwner(model, rollout.namespace, ref.name)) return;
    const judged = judgeMissingName(model, rollout, target);
    report({
      object: rollout,
      path: ref.path,
      messageId: 'noService',
      data: { ...data, hint: judged.hint },
      assumesComplete: !judged.shown,
    });
    return;
  }
  if (!template) return;
  const tpl = template;
  // The selector Argo keeps: the Service's own, less the revision hash it manages.
  const own = (s: K8sObject) => {
    const sel = { ...(serviceSelector(s) ?? {}) };
    delete sel[HASH];
    return sel;
  };
  if (candidates.some((s) => templateMatches(tpl, own(s)))) return;
  const svc = candidates[0] as K8sObject;
  report({
    object: rollout,
    path: ref.path,
    messageId: 'notSelecting',
    data: { ...data, selector: formatLabels(own(svc)), labels: formatLabels(tpl.labels, 'no labels') },
    related: [{ object: svc, path: ['spec', 'selector'], message: 'the Service selector is here' }],
  });
}
