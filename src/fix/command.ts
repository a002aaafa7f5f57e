/**
 * The command line's `--fix` and `--fix-dry-run`: fixes applied in memory (run.ts), then written back to
 * the files they changed (`--fix`) or shown as a unified diff (`--fix-dry-run`). A file is written only
 * when it still holds, byte for byte, the text that was linted (UTF-8, with its byte order mark if it had
 * one): a file changed meanwhile, or stored in another encoding, is left alone with a notice.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ResolvedConfig } from '../config/config.js';
import type { Rule } from '../engine/rule.js';
import type { SchemaValidators } from '../schema/validators.js';
import type { SourceFile } from '../types.js';
import { unifiedDiff } from './diff.js';
import { type FixOutcome, lintAndFix } from './run.js';

export interface FixRun extends FixOutcome {
  /** The unified diff of every changed file, in the order of the input. */
  diff: string;
  /** Files that could not be written, with why. */
  notWritten: Array<{ path: string; reason: string }>;
}

const BOM = '\ufeff';

function writeBack(abs: string, before: string, after: string): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(abs);
  } catch (e) {
    return `cannot read it again: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
  }
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (!bytes.equals(Buffer.from(bom ? BOM + before : before, 'utf8')))
    return 'it changed since it was read, or is not UTF-8';
  try {
    writeFileSync(abs, bom ? BOM + after : after);
  } catch (e) {
    return `cannot write it: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
  }
  return undefined;
}

export function fixFiles(
  files: readonly SourceFile[],
  config: ResolvedConfig,
  rules: readonly Rule[],
  opts: { cwd: string; write: boolean; validators?: SchemaValidators },
): FixRun {
  const outcome = lintAndFix(files, config, rules, { validators: opts.validators });
  const notWritten: FixRun['notWritten'] = [];
  let diff = '';
  for (const f of files) {
    const after = outcome.outputs.get(f.path);
    if (after === undefined) continue;
    diff += unifiedDiff(f.path, f.text, after);
    if (!opts.write) continue;
    const reason = writeBack(resolve(opts.cwd, f.path), f.text, after);
    if (reason) notWritten.push({ path: f.path, reason });
  }
  return { ...outcome, diff, notWritten };
}
