/**
 * file-read: an input file that could not be read (permissions, vanished, too large, binary). The loader
 * reports these; the rest of the input is still linted.
 */
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'file-read',
    description: 'Disallow input files that cannot be read, are binary or are too large to lint',
    severity: 'error',
    stage: 'parse',
    messages: { read: '{{message}}' },
    remediation: 'Check the path and its permissions, or exclude it with --ignore-pattern.',
  },
  check() {},
});
