/** Findings grouped per file in ESLint's result shape, which the json and pretty formats share. */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Finding, Fix } from '../types.js';
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
  /** ESLint's fix: one replacement of the message's file (several edits merged into one). */
  fix?: EslintFix;
  suggestions?: EslintSuggestion[];
}

export interface EslintFix {
  range: [number, number];
  text: string;
}

/**
 * ESLint's suggestion, `{ desc, fix }`. A suggestion that also edits another file (a kind config) has no
 * `fix`; its `edits` list every replacement with the file it applies to.
 */
export interface EslintSuggestion {
  desc: string;
  fix?: EslintFix;
  edits?: Array<{ filePath: string; range: [number, number]; text: string }>;
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
  /** The file's text after --fix-dry-run's fixes, when they changed it (ESLint's `output`). */
  output?: string;
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
  /** --fix-dry-run: the fixed text of each file the fixes changed, by file path. */
  outputs?: ReadonlyMap<string, string>;
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
    const result = resultOf(filePath.startsWith('<') ? filePath : absolute(filePath), list, absolute);
    const output = ctx.outputs?.get(filePath);
    const notChecked = unchecked.get(filePath);
    results.push(
      output === undefined && notChecked === undefined
        ? result
        : {
            ...(output === undefined ? {} : { output }),
            ...result,
            ...(notChecked === undefined ? {} : { uncheckedMessages: notChecked }),
          },
    );
  }
  return results;
}

function resultOf(filePath: string, list: Finding[], absolute: (p: string) => string): EslintResult {
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
  let fixableErrorCount = 0;
  let fixableWarningCount = 0;
  const messages: EslintMessage[] = [];
  for (const f of list) {
    const fatal = STAGE_RULES.has(f.ruleId) && f.severity === 'error';
    if (f.severity === 'error') errorCount++;
    if (fatal) fatalErrorCount++;
    const m = toMessage(f);
    if (fatal) m.fatal = true;
    const fix = f.fix && eslintFix(f.fix, f.filePath);
    if (fix) {
      m.fix = fix;
      if (f.severity === 'error') fixableErrorCount++;
      else fixableWarningCount++;
    }
    if (f.suggestions?.length)
      m.suggestions = f.suggestions.map((s) => eslintSuggestion(s, f.filePath, absolute));
    messages.push(m);
  }
  return {
    filePath,
    messages,
    suppressedMessages: [],
    errorCount,
    warningCount: messages.length - errorCount,
    fatalErrorCount,
    fixableErrorCount,
    fixableWarningCount,
    usedDeprecatedRules: [],
  };
}

/**
 * A fix as ESLint writes it: one replacement spanning all its edits (the text between them kept), or
 * undefined when it edits another file too.
 */
function eslintFix(fix: Fix, filePath: string): EslintFix | undefined {
  if (fix.edits.some((e) => e.filePath !== undefined && e.filePath !== filePath)) return undefined;
  const sorted = [...fix.edits].sort((a, b) => a.range[0] - b.range[0]);
  const first = sorted[0];
  if (!first) return undefined;
  if (sorted.length === 1) return { range: [...first.range], text: first.text };
  // Merged as ESLint merges a rule's several fixes: the original text between edits is not known here, so
  // only edits that touch are merged; others are left to `edits`.
  let text = '';
  let end = first.range[0];
  for (const e of sorted) {
    if (e.range[0] !== end) return undefined;
    text += e.text;
    end = e.range[1];
  }
  return { range: [first.range[0], end], text };
}

function eslintSuggestion(s: Fix, filePath: string, absolute: (p: string) => string): EslintSuggestion {
  const fix = eslintFix(s, filePath);
  if (fix) return { desc: s.desc, fix };
  return {
    desc: s.desc,
    edits: s.edits.map((e) => ({
      filePath: absolute(e.filePath ?? filePath),
      range: [...e.range],
      text: e.text,
    })),
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
