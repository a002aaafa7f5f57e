/**
 * label-values: a label, annotation or selector value that YAML 1.1 (kubectl) does not read as a string:
 * `enabled: yes` is a boolean, `version: 1.10` the number 1.1, `tier: 1` a number. The API rejects the
 * object, or the value silently changes. The message quotes the text as written.
 */
import { defineRule, type RuleContext } from '../src/engine/rule.js';
import { quoteValue } from '../src/fix/builders.js';
import { hasLabelMapKey, labelPlaceOf } from '../src/schema/label-paths.js';
import type { K8sObject, ScanFacts } from '../src/types.js';

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
      notString: '{{place}} "{{key}}" value {{source}} is read as {{readAs}}, not a string',
    },
    remediation: 'Quote the value, e.g. `version: "1.10"`, so YAML keeps it a string.',
  },
  check(model, ctx) {
    // One path array, extended and restored as the walk goes down: copied only for a report.
    const path: Array<string | number> = [];
    // Asked once per file (its objects come together and share its ScanFacts).
    let facts: ScanFacts | undefined;
    let skip = false;
    for (const obj of model.objects) {
      const scanned = obj.doc.scanned;
      if (scanned !== facts) {
        facts = scanned;
        // The scanner saw no number or boolean in a map under a key of label values: nothing to find.
        skip = scanned !== undefined && !hasLabelMapKey(scanned.nonStringMaps);
      }
      if (!skip) walk(obj, obj.raw, path, ctx);
    }
  },
});

/** Reports the label values under `v` (at `path` in `obj`) that are not read as strings. */
function walk(obj: K8sObject, v: unknown, path: Array<string | number>, ctx: RuleContext): void {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      walk(obj, v[i], path, ctx);
      path.pop();
    }
    return;
  }
  if (typeof v !== 'object' || v === null || v instanceof Date) return;
  const record = v as Record<string, unknown>;
  // for…in allocates nothing; parsed YAML objects have no inherited enumerable keys.
  for (const k in record) {
    const child = record[k];
    path.push(k);
    const type = readAs(child);
    const place = type && labelPlaceOf(obj.kind, path);
    if (!type || !place) walk(obj, child, path, ctx);
    else {
      const p = [...path];
      const source = obj.doc.sourceText?.([...obj.path, ...p]) ?? String(child);
      ctx.report({
        object: obj,
        path: p,
        messageId: 'notString',
        data: { place, key: k, source, readAs: type },
        fix: () => quoteValue(obj, p),
      });
    }
    path.pop();
  }
}
