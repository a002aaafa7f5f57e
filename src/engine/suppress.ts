/**
 * Suppression: the `k8s-svc-lint.io/ignore` annotation on an object, and YAML comments
 * `# k8s-svc-lint-disable-next-line a,b`, `# k8s-svc-lint-disable-line a`, `# k8s-svc-lint-disable a` (file).
 */
import { yamlLib } from '../parse/yaml-lib.js';
import type { Finding, K8sObject, SourceFile } from '../types.js';

export const IGNORE_ANNOTATION = 'k8s-svc-lint.io/ignore';

const DIRECTIVE = /#\s*k8s-svc-lint-(disable-next-line|disable-line|disable)(?:\s+([^#\r\n]*))?/g;

export interface Directives {
  /** Rules disabled for the whole file ('*' = all). */
  file: Set<string>;
  /** line → rules disabled on that line. */
  lines: Map<number, Set<string>>;
}

function ruleList(s: string | undefined): string[] {
  // Anything after " -- " is a free-text reason, as in ESLint.
  const ids = (s ?? '')
    .split(/(?:^|\s)--(?:\s|$)/)[0]
    ?.split(/[\s,]+/)
    .filter(Boolean);
  return ids?.length ? ids : ['*'];
}

export function directivesOf(file: SourceFile): Directives {
  const d: Directives = { file: new Set(), lines: new Map() };
  if (!file.text.includes('k8s-svc-lint-disable')) return d;
  for (const { text, line } of comments(file.text)) {
    if (!text.includes('k8s-svc-lint-disable')) continue;
    for (const m of text.matchAll(DIRECTIVE)) {
      const ids = ruleList(m[2]);
      const target = m[1] === 'disable' ? d.file : lineSet(d, m[1] === 'disable-next-line' ? line + 1 : line);
      for (const id of ids) target.add(id);
    }
  }
  return d;
}

/**
 * The YAML comments of a text with their 1-based lines. A "#" inside a value (a block scalar holding a
 * script, a quoted string) is not a comment, so a directive there is text, not a directive.
 */
function* comments(text: string): Generator<{ text: string; line: number }> {
  let line = 1;
  for (const token of new (yamlLib().Lexer)().lex(text)) {
    if (token.startsWith('#')) yield { text: token, line };
    line += token.match(/\r\n|\r|\n/g)?.length ?? 0;
  }
}

function lineSet(d: Directives, line: number): Set<string> {
  const existing = d.lines.get(line);
  if (existing) return existing;
  const created = new Set<string>();
  d.lines.set(line, created);
  return created;
}

export function isSuppressedByComment(f: Finding, d: Directives): boolean {
  if (d.file.has('*') || d.file.has(f.ruleId)) return true;
  const s = d.lines.get(f.line);
  return !!s && (s.has('*') || s.has(f.ruleId));
}

export function ignoredByAnnotation(obj: K8sObject, ruleId: string): boolean {
  const v = obj.annotations[IGNORE_ANNOTATION];
  if (v === undefined) return false;
  const ids = v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  return ids.includes(ruleId) || ids.includes('*') || ids.includes('all');
}
