/** `path:line:column: severity message [rule-id]`, one finding per line, for problem matchers. */
import type { Finding } from '../types.js';

export default function compact(findings: Finding[]): string {
  return findings
    .map(
      (f) =>
        `${f.filePath}:${f.line}:${f.column}: ${f.severity} ${f.message.replace(/\r?\n/g, ' ')} [${f.ruleId}]\n`,
    )
    .join('');
}
