/**
 * yaml-syntax: a document that cannot be parsed. The loader reports these; every other document and
 * file is still linted. Only files that look like manifests (or were named explicitly) are reported.
 */
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'yaml-syntax',
    description: 'Disallow YAML or JSON that cannot be parsed',
    severity: 'error',
    stage: 'parse',
    messages: { syntax: '{{message}}' },
    remediation: 'Fix the syntax at the reported position; `kubectl apply` would reject the whole file.',
  },
  check() {},
});
