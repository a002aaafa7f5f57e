/**
 * duplicate-key detection: one pass over the map nodes of a parsed YAML document. The parser keeps the
 * later value (`uniqueKeys: false`, as kubectl's decoder), so the earlier one silently disappears.
 */
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { Finding } from '../types.js';
import type { LineIndex } from './positions.js';

export function duplicateKeys(root: Node | null, lines: LineIndex, filePath: string): Finding[] {
  const out: Finding[] = [];
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (isSeq(node)) {
      for (const it of node.items) stack.push(it);
      continue;
    }
    if (!isMap(node)) continue;
    const seen = new Map<string, Node>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      stack.push(pair.value);
      const key = pair.key;
      // Merge keys (`<<`) may repeat; complex keys are not a manifest's business.
      if (!isScalar(key) || typeof key.value === 'symbol' || key.value === '<<' || !key.range) continue;
      const name = String(key.value);
      const first = seen.get(name);
      if (!first?.range) {
        seen.set(name, key);
        continue;
      }
      const at = lines.position(first.range[0]);
      out.push({
        ruleId: 'duplicate-key',
        severity: 'error',
        message: `duplicate key "${name}": the value at line ${at.line}, column ${at.column} is silently replaced by this one`,
        filePath,
        ...lines.range(key.range[0], key.range[1]),
        related: [{ filePath, line: at.line, column: at.column, message: `first "${name}" here` }],
      });
    }
  }
  return out;
}
