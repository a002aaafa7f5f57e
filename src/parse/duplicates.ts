/**
 * The duplicate-key finding: the parsers keep the later value (as kubectl's decoder does), so the earlier
 * one silently disappears. The reference parse finds repeated keys as it decodes (decode.ts), the scanner
 * as it scans (scan.ts).
 */
import type { Finding } from '../types.js';
import type { LineIndex } from './positions.js';

/** The finding for a key that repeats `first` (offsets of both keys). */
export function duplicateKeyFinding(
  name: string,
  first: number,
  repeated: [number, number],
  lines: LineIndex,
  filePath: string,
  mild = false,
): Finding {
  const at = lines.position(first);
  return {
    ruleId: 'duplicate-key',
    // kubectl keeps the later value: an error, unless nothing the author meant is lost (decode.ts).
    severity: mild ? 'warning' : 'error',
    message: `duplicate key "${name}": the value at line ${at.line}, column ${at.column} is silently replaced by this one`,
    filePath,
    ...lines.range(repeated[0], repeated[1]),
    related: [{ filePath, line: at.line, column: at.column, message: `first "${name}" here` }],
  };
}
