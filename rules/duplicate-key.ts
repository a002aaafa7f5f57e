/**
 * duplicate-key: a YAML mapping with the same key twice. kubectl keeps the later value, so the earlier one
 * (often the intended port, label or env entry) is dropped without a word. The parser reports these.
 */
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'duplicate-key',
    description: 'Disallow a key that appears twice in the same YAML mapping',
    severity: 'error',
    stage: 'parse',
    messages: { duplicate: '{{message}}' },
    remediation: 'Keep one of the two keys: merge their values, or delete the one you did not mean.',
  },
  check() {},
});
