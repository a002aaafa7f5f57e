/**
 * label-values: a label, annotation or selector value that YAML 1.1 (kubectl) does not read as a string:
 * `enabled: yes` is a boolean, `version: 1.10` the number 1.1, `tier: 1` a number. The API rejects the
 * object, or the value silently changes. The message quotes the text as written.
 */
import { defineRule } from '../src/engine/rule.js';
import { labelPlaceOf } from '../src/schema/label-paths.js';
import type { Path } from '../src/types.js';

function readAs(v: unknown): string | undefined {
  if (typeof v === 'boolean') return `the boolean ${v}`;
  if (typeof v === 'number') return `the number ${v}`;
  if (v instanceof Date) return 'a timestamp';
  return undefined;
}

export default defineRule({
  meta: {
    id: 'label-values',
    description: 'Disallow label, annotation and selector values that YAML does not read as strings',
    severity: 'error',
    messages: {
      notString: '{{place}} "{{key}}" value {{source}} is read as {{readAs}}, not a string; write {{quoted}}',
    },
    remediation: 'Quote the value, e.g. `version: "1.10"`, so YAML keeps it a string.',
  },
  check(model, ctx) {
    for (const obj of model.objects) {
      const walk = (v: unknown, path: Path): void => {
        if (Array.isArray(v)) {
          v.forEach((item, i) => {
            walk(item, [...path, i]);
          });
          return;
        }
        if (typeof v !== 'object' || v === null || v instanceof Date) return;
        for (const [k, child] of Object.entries(v)) {
          const p = [...path, k];
          const type = readAs(child);
          const place = type && labelPlaceOf(obj.kind, p);
          if (!type || !place) {
            walk(child, p);
            continue;
          }
          const source = obj.doc.sourceText?.([...obj.path, ...p]) ?? String(child);
          ctx.report({
            object: obj,
            path: p,
            messageId: 'notString',
            data: { place, key: k, source, readAs: type, quoted: JSON.stringify(source) },
          });
        }
      };
      walk(obj.raw, []);
    }
  },
});
