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
  // Each node with the key it is the value of.
  const stack: Array<[unknown, unknown]> = [[root, undefined]];
  while (stack.length) {
    const [node, under] = stack.pop() as [unknown, unknown];
    if (isSeq(node)) {
      for (const it of node.items) stack.push([it, undefined]);
      continue;
    }
    if (!isMap(node)) continue;
    const seen = new Map<string, { key: Node; value: unknown }>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = pair.key;
      stack.push([pair.value, isScalar(key) ? key.value : undefined]);
      // Merge keys (`<<`) may repeat; complex keys are not a manifest's business.
      if (!isScalar(key) || typeof key.value === 'symbol' || key.value === '<<' || !key.range) continue;
      const name = String(key.value);
      const first = seen.get(name);
      if (!first?.key.range) {
        seen.set(name, { key, value: pair.value });
        continue;
      }
      const f = duplicateKeyFinding(name, first.key.range[0], [key.range[0], key.range[1]], lines, filePath);
      // kubectl keeps the later value. The same value twice loses nothing, and a later label or annotation
      // is how rendered charts override theirs (`{{ include "labels" }}` then the user's): a warning.
      if (sameScalar(first.value, pair.value) || under === 'labels' || under === 'annotations')
        f.severity = 'warning';
      out.push(f);
    }
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

function sameScalar(a: unknown, b: unknown): boolean {
  const { isScalar } = yamlLib();
  return isScalar(a) && isScalar(b) && a.value === b.value;
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
