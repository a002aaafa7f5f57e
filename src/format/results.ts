/** Findings grouped per file in ESLint's result shape, which the json and pretty formats share. */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Finding } from '../types.js';
import { push } from '../util/maps.js';
import { isNormalPath } from '../util/paths.js';

export interface EslintMessage {
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fatal?: boolean;
}

export interface EslintResult {
  filePath: string;
  messages: EslintMessage[];
  suppressedMessages: EslintMessage[];
  /**
   * References of this file that could not be checked because the input does not hold what they point to
   * (a closed-world run reports them as findings instead). Present only on files that have some.
   */
  uncheckedMessages?: EslintMessage[];
  errorCount: number;
  warningCount: number;
  fatalErrorCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  usedDeprecatedRules: never[];
}

export interface FormatContext {
  cwd: string;
  /** Every file linted, so that clean files appear in formats that list them. */
  filePaths: string[];
  rules: ReadonlyArray<{ meta: { id: string; description: string; severity: string; remediation: string } }>;
  color: boolean;
  /** The terminal's width when the report goes to one (the pretty format wraps to it), else undefined. */
  columns?: number;
  /** The linter's version, for formats that name the tool (sarif). */
  version?: string;
  /** What could not be checked (LintResult.unchecked), for the formats that say so. */
  unchecked?: Finding[];
}

/** "12 references were not checked (gateway-route-backend 9, ingress-backend 3)": undefined when none. */
export function uncheckedSummary(unchecked: readonly Finding[] | undefined): string | undefined {
  if (!unchecked?.length) return undefined;
  const byRule = new Map<string, number>();
  for (const f of unchecked) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  const parts = [...byRule]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([r, n]) => `${r} ${n}`);
  const n = unchecked.length;
  return `${n} reference${n === 1 ? ' was' : 's were'} not checked because the input does not hold what ${n === 1 ? 'it points' : 'they point'} to (${parts.join(', ')}); if the input is complete (a whole helm template or kustomize build), --closed-world checks them`;
}

function toMessage(f: Finding): EslintMessage {
  return {
    ruleId: f.ruleId,
    severity: f.severity === 'error' ? 2 : 1,
    message: f.message,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
  };
}

/**
 * A finding's file relative to the working directory, with `/` separators, as CI systems expect
 * (`<stdin>`-style names are kept). `inside` is false for files outside the working directory.
 */
export function relativePath(filePath: string, cwd: string): { path: string; inside: boolean } {
  if (filePath.startsWith('<')) return { path: filePath, inside: false };
  const abs = resolve(cwd, filePath);
  const rel = relative(cwd, abs);
  const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  return { path: (inside ? rel : abs).split(sep).join('/'), inside };
}

/** How to fix a finding: its own remediation, else its rule's (parse-stage findings carry none). */
export function remediationOf(f: Finding, ctx: FormatContext): string | undefined {
  return f.remediation ?? ctx.rules.find((r) => r.meta.id === f.ruleId)?.meta.remediation;
}

/** Findings grouped by file, in the order given, with every linted file present (clean ones empty). */
export function groupByFile(findings: Finding[], filePaths: string[]): Map<string, Finding[]> {
  const byFile = new Map<string, Finding[]>();
  for (const p of filePaths) byFile.set(p, []);
  for (const f of findings) {
    push(byFile, f.filePath, f);
  }
  return byFile;
}

const STAGE_RULES = new Set(['yaml-syntax', 'file-read']);

export function toEslintResults(findings: Finding[], ctx: FormatContext): EslintResult[] {
  const absolute = absolutePaths(ctx.cwd);
  const results: EslintResult[] = [];
  const unchecked = new Map<string, EslintMessage[]>();
  for (const f of ctx.unchecked ?? []) push(unchecked, f.filePath, toMessage(f));
  for (const [filePath, list] of groupByFile(findings, ctx.filePaths)) {
    const result = resultOf(filePath.startsWith('<') ? filePath : absolute(filePath), list);
    const notChecked = unchecked.get(filePath);
    results.push(notChecked ? { ...result, uncheckedMessages: notChecked } : result);
  }
  return results;
}

function resultOf(filePath: string, list: Finding[]): EslintResult {
  // Most files of a large run are clean: no lists of their own.
  if (list.length === 0)
    return {
      filePath,
      messages: NONE,
      suppressedMessages: NONE,
      errorCount: 0,
      warningCount: 0,
      fatalErrorCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      usedDeprecatedRules: NONE,
    };
  let errorCount = 0;
  let fatalErrorCount = 0;
  const messages: EslintMessage[] = [];
  for (const f of list) {
    const fatal = STAGE_RULES.has(f.ruleId) && f.severity === 'error';
    if (f.severity === 'error') errorCount++;
    if (fatal) fatalErrorCount++;
    const m = toMessage(f);
    if (fatal) m.fatal = true;
    messages.push(m);
  }
  return {
    filePath,
    messages,
    suppressedMessages: [],
    errorCount,
    warningCount: messages.length - errorCount,
    fatalErrorCount,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    usedDeprecatedRules: [],
  };
}

/** The empty lists of clean files' results, shared (nothing writes to a result's lists). */
const NONE: never[] = [];

/**
 * `resolve(cwd, path)` for many paths: on POSIX, each folder is resolved once and the file name appended
 * (the same string, since a plain name adds one normalized segment). Elsewhere, plain `resolve`.
 */
function absolutePaths(cwd: string): (filePath: string) => string {
  if (sep !== '/') return (filePath) => resolve(cwd, filePath);
  const folders = new Map<string, string>();
  const root = resolve(cwd);
  const base = root.endsWith('/') ? root : `${root}/`;
  return (filePath) => {
    // A normal path (no `.` or `..` segment, no doubled or trailing slash) needs no resolving: absolute, it
    // is its own; relative, it goes after the working directory. A walk's paths are all normal.
    if (isNormalPath(filePath)) return filePath.startsWith('/') ? filePath : base + filePath;
    const slash = filePath.lastIndexOf('/');
    const name = filePath.slice(slash + 1);
    if (name === '' || name === '.' || name === '..') return resolve(cwd, filePath);
    const folder = filePath.slice(0, slash + 1);
    let abs = folders.get(folder);
    if (abs === undefined) {
      abs = resolve(cwd, folder);
      folders.set(folder, abs);
    }
    return abs.endsWith('/') ? abs + name : `${abs}/${name}`;
  };
}
