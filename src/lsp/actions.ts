/**
 * Code actions: for each finding under the cursor, its fix (preferred) and suggestions, then "disable for
 * this line" and "disable for this file"; and "fix all" for a file (`source.fixAll.k8s-svc-lint`, what an
 * editor runs on save when asked to). The edits are the findings' own (src/fix), as positions of the
 * texts the server holds, which are the editor's for open documents.
 */
import {
  type CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { disableForFile, disableForLine } from '../fix/disable.js';
import { compatibleFixes } from '../fix/run.js';
import { LineIndex } from '../parse/positions.js';
import type { Finding, Fix } from '../types.js';
import { sameFinding, toDiagnostic } from './diagnostics.js';
import type { Workspace } from './workspace.js';

export const FIX_ALL = `${CodeActionKind.SourceFixAll}.k8s-svc-lint`;

/** A fix's edits as a WorkspaceEdit over the workspace's texts; undefined when a file is unknown. */
export function workspaceEdit(
  ws: Workspace,
  fix: Fix,
  filePath: string,
  uriOf: (path: string) => string,
): WorkspaceEdit | undefined {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const e of fix.edits) {
    const path = e.filePath ?? filePath;
    const file = ws.file(path);
    if (!file) return undefined;
    const lines = new LineIndex(file.text);
    const at = (offset: number) => {
      const p = lines.position(offset);
      return { line: p.line - 1, character: p.column - 1 };
    };
    const uri = uriOf(path);
    changes[uri] ??= [];
    changes[uri].push({ range: { start: at(e.range[0]), end: at(e.range[1]) }, newText: e.text });
  }
  return { changes };
}

function wants(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

export function codeActions(
  ws: Workspace,
  path: string,
  params: CodeActionParams,
  uriOf: (path: string) => string,
): CodeAction[] {
  const file = ws.file(path);
  if (!file) return [];
  const only = params.context.only;
  const findings = ws.findingsOf(path);
  const diagnostic = (f: Finding): Diagnostic => toDiagnostic(f, (p) => uriOf(p));
  const out: CodeAction[] = [];
  const action = (
    title: string,
    kind: string,
    f: Finding | undefined,
    fix: Fix | undefined,
    preferred = false,
  ) => {
    const edit = fix && workspaceEdit(ws, fix, path, uriOf);
    if (!edit) return;
    const a: CodeAction = { title, kind, edit };
    if (f) a.diagnostics = [diagnostic(f)];
    if (preferred) a.isPreferred = true;
    out.push(a);
  };
  if (wants(only, CodeActionKind.QuickFix)) {
    const under = findings.filter((f) => params.context.diagnostics.some((d) => sameFinding(d, f)));
    for (const f of under) {
      if (f.fix) action(f.fix.desc, CodeActionKind.QuickFix, f, f.fix, true);
      for (const s of f.suggestions ?? []) action(s.desc, CodeActionKind.QuickFix, f, s);
    }
    for (const f of under) {
      action(`Disable ${f.ruleId} for this line`, CodeActionKind.QuickFix, f, disableForLine(file, f));
      action(`Disable ${f.ruleId} for the whole file`, CodeActionKind.QuickFix, f, disableForFile(file, f));
    }
    const fixable = findings.filter((f) => f.fix);
    if (under.some((f) => f.fix) && fixable.length > 1)
      action('Fix all auto-fixable problems', CodeActionKind.QuickFix, undefined, fixAll(findings));
  }
  if (only && wants(only, FIX_ALL))
    action('Fix all auto-fixable problems', FIX_ALL, undefined, fixAll(findings));
  return out;
}

/** The safe fixes of a file's findings that apply together, as one change of that file. */
function fixAll(findings: readonly Finding[]): Fix | undefined {
  const taken = compatibleFixes(findings).filter(({ fix }) =>
    fix.edits.every((e) => e.filePath === undefined),
  );
  if (!taken.length) return undefined;
  return { desc: 'Fix all auto-fixable problems', edits: taken.flatMap(({ fix }) => fix.edits) };
}
