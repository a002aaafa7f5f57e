/**
 * "Disable for this line" and "disable for this file": the suppression comments an editor offers for
 * every finding. A rule is added to a directive that is there already; otherwise a comment line is
 * inserted, indented as the line it is about. JSON has no comments, so a JSON file gets neither. Each
 * edit is checked as fixes are: the values stay the same, and the comment does suppress the finding.
 */
import { directivesOf } from '../engine/suppress.js';
import type { Finding, Fix, SourceFile, TextEdit } from '../types.js';
import { applyEdits, changesExactly, lineEnd, newline, treeOf } from './tree.js';

function isJson(file: SourceFile): boolean {
  return /\.json$/i.test(file.path) || /^\s*[[{]/.test(file.text);
}

/** Offsets of the start of each 1-based line. */
function lineOffset(text: string, line: number): number | undefined {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const i = text.indexOf('\n', offset);
    if (i < 0) return undefined;
    offset = i + 1;
  }
  return offset;
}

/** An edit that adds `ruleId` to the rule list of a directive comment on the line at `start`, or undefined. */
function addToDirective(
  text: string,
  start: number,
  directive: string,
  ruleId: string,
): TextEdit | undefined {
  const line = text.slice(start, lineEnd(text, start));
  const m = new RegExp(`^\\s*#\\s*k8s-svc-lint-${directive}(?=\\s|$)(.*)$`).exec(line);
  if (!m) return undefined;
  const rest = m[1] ?? '';
  // The list ends where a " -- reason" or a second comment starts.
  const end = rest.search(/\s--(\s|$)|#/);
  const list = (end < 0 ? rest : rest.slice(0, end)).trimEnd();
  if (list.trim() === '') return undefined;
  const at = start + line.length - rest.length + list.length;
  return { range: [at, at], text: `, ${ruleId}` };
}

function checkedDisable(
  file: SourceFile,
  desc: string,
  edit: TextEdit,
  suppressed: (d: ReturnType<typeof directivesOf>) => boolean,
): Fix | undefined {
  const tree = treeOf(file);
  if (!tree || !changesExactly(tree, [edit], [])) return undefined;
  const after = directivesOf({ ...file, text: applyEdits(file.text, [edit]) });
  return suppressed(after) ? { desc, edits: [edit] } : undefined;
}

/** `# k8s-svc-lint-disable-next-line RULE` above the finding's line (or RULE added to the one there). */
export function disableForLine(file: SourceFile, finding: Finding): Fix | undefined {
  if (isJson(file)) return undefined;
  const text = file.text;
  const start = lineOffset(text, finding.line);
  if (start === undefined) return undefined;
  const desc = `Disable ${finding.ruleId} for this line`;
  const previous = finding.line > 1 ? lineOffset(text, finding.line - 1) : undefined;
  const added =
    previous !== undefined ? addToDirective(text, previous, 'disable-next-line', finding.ruleId) : undefined;
  if (added) {
    const line = finding.line;
    return checkedDisable(file, desc, added, (d) => d.lines.get(line)?.has(finding.ruleId) === true);
  }
  const indent = /^[ \t]*/.exec(text.slice(start, lineEnd(text, start)))?.[0] ?? '';
  const edit: TextEdit = {
    range: [start, start],
    text: `${indent}# k8s-svc-lint-disable-next-line ${finding.ruleId}${newline(text)}`,
  };
  const line = finding.line + 1;
  return checkedDisable(file, desc, edit, (d) => d.lines.get(line)?.has(finding.ruleId) === true);
}

/** `# k8s-svc-lint-disable RULE` at the top of the file (or RULE added to such a comment there). */
export function disableForFile(file: SourceFile, finding: Finding): Fix | undefined {
  if (isJson(file)) return undefined;
  const text = file.text;
  const desc = `Disable ${finding.ruleId} for the whole file`;
  const suppressed = (d: ReturnType<typeof directivesOf>) => d.file.has(finding.ruleId);
  // A file directive among the comment lines that open the file.
  for (let at = 0; at < text.length; ) {
    const end = lineEnd(text, at);
    const line = text.slice(at, end);
    if (!/^\s*(#.*)?$/.test(line)) break;
    const added = addToDirective(text, at, 'disable', finding.ruleId);
    if (added) return checkedDisable(file, desc, added, suppressed);
    at = end + (text.startsWith('\r\n', end) ? 2 : 1);
  }
  const edit: TextEdit = { range: [0, 0], text: `# k8s-svc-lint-disable ${finding.ruleId}${newline(text)}` };
  return checkedDisable(file, desc, edit, suppressed);
}
