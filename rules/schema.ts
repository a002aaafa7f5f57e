/**
 * schema: every object of a built-in kind is checked against the Kubernetes API types (generated from
 * kubernetes-types, compiled at build time, no network): unknown fields, wrong types, missing required
 * fields, values outside an enum. Kinds without a schema (CRDs) are skipped unless `strictKinds`.
 */
import { defineRule } from '../src/engine/rule.js';
import { asDecoded, mapErrors } from '../src/schema/errors.js';
import { ownerRuleOf } from '../src/schema/label-paths.js';
import { quoteList } from '../src/util/suggest.js';

export default defineRule({
  meta: {
    id: 'schema',
    description: 'Disallow objects of built-in kinds that do not match the Kubernetes API schema',
    severity: 'error',
    options: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          strictKinds: {
            type: 'boolean',
            description: 'Report objects whose apiVersion and kind have no built-in schema (CRDs).',
          },
        },
      },
      defaults: { strictKinds: false },
    },
    messages: {
      unknownField: 'unknown field "{{field}}" in {{type}}{{hint}}',
      type: '"{{field}}" must be {{expected}}, got {{actual}}{{hint}}',
      required: 'missing required field "{{field}}" in {{type}}',
      enum: '"{{field}}" must be one of {{allowed}}, got {{actual}}{{hint}}',
      invalid: '"{{field}}" {{problem}}',
      unknownKind: 'no schema for kind "{{kind}}" in apiVersion "{{apiVersion}}"{{hint}}',
    },
    remediation:
      'Fix the field as the message says: `kubectl explain <kind>.<path>` shows the fields and types the API accepts.',
  },
  check(model, ctx) {
    for (const obj of model.objects) {
      const validate = ctx.validators.validatorFor(obj.apiVersion, obj.kind);
      if (!validate) {
        // kind cluster configs have their own rule; other unknown kinds are CRDs unless strict.
        if (ctx.options.strictKinds && obj.group !== 'kind.x-k8s.io') {
          const versions = ctx.validators.apiVersionsOf(obj.kind);
          ctx.report({
            object: obj,
            path: ['kind'],
            messageId: 'unknownKind',
            data: {
              kind: obj.kind,
              apiVersion: obj.apiVersion,
              hint: versions.length ? `; "${obj.kind}" is defined in apiVersion ${quoteList(versions)}` : '',
            },
          });
        }
        continue;
      }
      // The scanner tells whether a file holds nulls: most do not, and need no look.
      const value = obj.doc.scanned?.nullField === false ? obj.raw : asDecoded(obj.raw);
      if (validate(value)) continue;
      const problems = mapErrors(validate.errors ?? [], value, {
        sourceText: (p) => obj.doc.sourceText?.([...obj.path, ...p]),
        // label-values, service-ports and workload-selector-mismatch report these, each its own way.
        ownedElsewhere: (p) => ownerRuleOf(obj.kind, p) !== undefined,
      });
      for (const p of problems) {
        // A did-you-mean names the answer: the list of allowed values would only lengthen the message.
        const data =
          p.messageId === 'enum' && p.data.hint ? { ...p.data, allowed: 'the allowed values' } : p.data;
        ctx.report({ object: obj, path: p.path, key: p.key, messageId: p.messageId, data });
      }
    }
  },
});
