/**
 * `--fix` without I/O, as ESLint does it: lint, apply every safe fix that does not overlap another, parse
 * the changed files again and lint again, until no fix applies (at most 10 passes); the findings left are
 * those of the last lint. Suggestions are never applied here.
 */
import type { ResolvedConfig } from '../config/config.js';
import { type LintOptions, type LintResult, lint } from '../engine/lint.js';
import type { Rule } from '../engine/rule.js';
import { parseSourceFast } from '../parse/fast.js';
import type { Finding, Fix, SourceFile, TextEdit } from '../types.js';
import { applyEdits } from './tree.js';

export const MAX_PASSES = 10;

export interface FixOutcome extends LintResult {
  /** The sources after the last pass (the changed ones parsed again). */
  files: SourceFile[];
  /** The fixed text of each file the fixes changed, by path. */
  outputs: Map<string, string>;
  /** How many fixes were applied. */
  applied: number;
}

export type Reparse = (file: SourceFile, text: string) => SourceFile;

/** A changed file parsed again as the loader parsed it (a file named on the command line). */
export const reparse: Reparse = (file, text) => {
  const f = parseSourceFast(file.path, text, { explicit: true });
  if (file.kindConfig) f.kindConfig = true;
  return f;
};

/**
 * The fixes of one pass that can be applied together: sorted by position, a fix is taken when none of its
 * edits overlaps an edit taken before (two insertions at one offset overlap too), all its edits or none.
 */
export function compatibleFixes(findings: readonly Finding[]): Array<{ finding: Finding; fix: Fix }> {
  const withFix = findings.flatMap((f) => (f.fix ? [{ finding: f, fix: f.fix }] : []));
  const start = (x: { fix: Fix }) => Math.min(...x.fix.edits.map((e) => e.range[0]));
  withFix.sort(
    (a, b) =>
      (a.finding.filePath < b.finding.filePath ? -1 : a.finding.filePath > b.finding.filePath ? 1 : 0) ||
      start(a) - start(b),
  );
  const taken = new Map<string, TextEdit[]>();
  const out: Array<{ finding: Finding; fix: Fix }> = [];
  const overlaps = (a: TextEdit, b: TextEdit) =>
    a.range[0] === b.range[0] || (a.range[0] < b.range[1] && b.range[0] < a.range[1]);
  for (const x of withFix) {
    const edits = x.fix.edits.map((e) => ({ file: e.filePath ?? x.finding.filePath, e }));
    if (edits.some(({ file, e }) => (taken.get(file) ?? []).some((t) => overlaps(t, e)))) continue;
    for (const { file, e } of edits) taken.set(file, [...(taken.get(file) ?? []), e]);
    out.push(x);
  }
  return out;
}

export function lintAndFix(
  sources: readonly SourceFile[],
  config: ResolvedConfig,
  rules: readonly Rule[],
  options: LintOptions & { parse?: Reparse } = {},
): FixOutcome {
  const parse = options.parse ?? reparse;
  let files = [...sources];
  const original = new Map(files.map((f) => [f.path, f.text]));
  const outputs = new Map<string, string>();
  let applied = 0;
  for (let pass = 0; ; pass++) {
    const result = lint(files, config, rules, options);
    const fixes = pass < MAX_PASSES ? compatibleFixes(result.findings) : [];
    const byFile = new Map<string, TextEdit[]>();
    for (const { finding, fix } of fixes)
      for (const e of fix.edits) {
        const file = e.filePath ?? finding.filePath;
        byFile.set(file, [...(byFile.get(file) ?? []), e]);
      }
    let changed = false;
    files = files.map((f) => {
      const edits = byFile.get(f.path);
      if (!edits || f.skipped !== undefined) return f;
      const text = applyEdits(f.text, edits);
      if (text === f.text) return f;
      changed = true;
      if (text === original.get(f.path)) outputs.delete(f.path);
      else outputs.set(f.path, text);
      return parse(f, text);
    });
    if (!changed) return { ...result, files, outputs, applied };
    applied += fixes.length;
  }
}
