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
  for (const [filePath, list] of groupByFile(findings, ctx.filePaths)) {
    const path = filePath.startsWith('<') ? filePath : absolute(filePath);
    // Most files of a large run are clean: no lists of their own.
    if (list.length === 0) {
      results.push({
        filePath: path,
        messages: NONE,
        suppressedMessages: NONE,
        errorCount: 0,
        warningCount: 0,
        fatalErrorCount: 0,
        fixableErrorCount: 0,
        fixableWarningCount: 0,
        usedDeprecatedRules: NONE,
      });
      continue;
    }
    let errorCount = 0;
    let fatalErrorCount = 0;
    const messages: EslintMessage[] = [];
    for (const f of list) {
      const fatal = STAGE_RULES.has(f.ruleId) && f.severity === 'error';
      if (f.severity === 'error') errorCount++;
      if (fatal) fatalErrorCount++;
      const m: EslintMessage = {
        ruleId: f.ruleId,
        severity: f.severity === 'error' ? 2 : 1,
        message: f.message,
        line: f.line,
        column: f.column,
        endLine: f.endLine,
        endColumn: f.endColumn,
      };
      if (fatal) m.fatal = true;
      messages.push(m);
    }
    results.push({
      filePath: path,
      messages,
      suppressedMessages: [],
      errorCount,
      warningCount: messages.length - errorCount,
      fatalErrorCount,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      usedDeprecatedRules: [],
    });
  }
  return results;
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
