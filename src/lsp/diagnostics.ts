/** Findings as LSP diagnostics: rule id as code with a link to its page, exact range, related places. */
import { type Diagnostic, DiagnosticSeverity, type Range } from 'vscode-languageserver/node';
import { docsUrl } from '../engine/rule.js';
import type { Finding } from '../types.js';

export const SOURCE = 'k8s-svc-lint';

/** LSP positions are 0-based; a finding's are 1-based, columns in UTF-16 code units as LSP counts them. */
export function rangeOf(r: { line: number; column: number; endLine: number; endColumn: number }): Range {
  return {
    start: { line: r.line - 1, character: r.column - 1 },
    end: { line: r.endLine - 1, character: r.endColumn - 1 },
  };
}

export function toDiagnostic(f: Finding, uriOf: (filePath: string) => string): Diagnostic {
  const d: Diagnostic = {
    range: rangeOf(f),
    severity: f.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: f.ruleId,
    codeDescription: { href: docsUrl(f.ruleId) },
    source: SOURCE,
    message: f.message,
  };
  const related = f.related;
  if (related?.length)
    d.relatedInformation = related.map((r) => ({
      location: {
        uri: uriOf(r.filePath),
        range: rangeOf({ line: r.line, column: r.column, endLine: r.line, endColumn: r.column }),
      },
      message: r.message,
    }));
  return d;
}

/** Does a diagnostic the client sends back (code actions) stand for this finding? */
export function sameFinding(d: Diagnostic, f: Finding): boolean {
  const r = rangeOf(f);
  return (
    d.code === f.ruleId &&
    d.message === f.message &&
    d.range.start.line === r.start.line &&
    d.range.start.character === r.start.character &&
    d.range.end.line === r.end.line &&
    d.range.end.character === r.end.character
  );
}
