/**
 * duplicate-key detection: one pass over the map nodes of a parsed YAML document. The parser keeps the
 * later value (`uniqueKeys: false`, as kubectl's decoder), so the earlier one silently disappears.
 */
import type { Node } from 'yaml';
import type { Finding } from '../types.js';
import type { LineIndex } from './positions.js';
import { yamlLib } from './yaml-lib.js';

export function duplicateKeys(root: Node | null, lines: LineIndex, filePath: string): Finding[] {
  const { isMap, isPair, isScalar, isSeq } = yamlLib();
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
      out.push(duplicateKeyFinding(name, first.range[0], [key.range[0], key.range[1]], lines, filePath));
    }
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The finding for a key that repeats `first` (offsets of both keys). */
export function duplicateKeyFinding(
  name: string,
  first: number,
  repeated: [number, number],
  lines: LineIndex,
  filePath: string,
): Finding {
  const at = lines.position(first);
  return {
    ruleId: 'duplicate-key',
    severity: 'error',
    message: `duplicate key "${name}": the value at line ${at.line}, column ${at.column} is silently replaced by this one`,
    filePath,
    ...lines.range(repeated[0], repeated[1]),
    related: [{ filePath, line: at.line, column: at.column, message: `first "${name}" here` }],
  };
}
