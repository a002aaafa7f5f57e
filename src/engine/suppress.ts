/**
 * Suppression: the `k8s-svc-lint.io/ignore` annotation on an object, and YAML comments
 * `# k8s-svc-lint-disable-next-line a,b`, `# k8s-svc-lint-disable-line a`, `# k8s-svc-lint-disable a` (file).
 */

import { describe, type Finding, type K8sObject, type Range, type SourceFile } from '../types.js';
import { closest } from '../util/suggest.js';
import { yamlLib } from '../util/yaml-lib.js';

export const IGNORE_ANNOTATION = 'k8s-svc-lint.io/ignore';

const DIRECTIVE = /#\s*k8s-svc-lint-(disable-next-line|disable-line|disable)(?:\s+([^#\r\n]*))?/g;

/** One `# k8s-svc-lint-disable…` comment. */
export interface Directive {
  kind: 'disable-next-line' | 'disable-line' | 'disable';
  /** The comment's line, 1-based. */
  line: number;
  /** The rule ids as written with their 1-based columns; one '*' (at the directive's column) for none. */
  ids: Array<{ id: string; column: number }>;
  /** The ids that suppressed a finding. */
  used: Set<string>;
}

export interface Directives {
  /** Rule id ('*' = all) → the directive that disables it for the whole file. */
  file: Map<string, Directive>;
  /** line → rule id ('*' = all) → the directive that disables it on that line. */
  lines: Map<number, Map<string, Directive>>;
  all: Directive[];
}

/** The ids of a directive's text (after the directive word) with their offsets in it; '*' when none. */
function ruleList(s: string | undefined, offset: number): Array<{ id: string; at: number }> {
  // Anything after " -- " is a free-text reason, as in ESLint.
  const list = (s ?? '').split(/(?:^|\s)--(?:\s|$)/)[0] ?? '';
  const ids = [...list.matchAll(/[^\s,]+/g)].map((m) => ({ id: m[0], at: offset + m.index }));
  return ids.length ? ids : [{ id: '*', at: 0 }];
}

export function directivesOf(file: SourceFile): Directives {
  const d: Directives = { file: new Map(), lines: new Map(), all: [] };
  if (!file.text.includes('k8s-svc-lint-disable')) return d;
  for (const { text, line, column } of comments(file.text)) {
    if (!text.includes('k8s-svc-lint-disable')) continue;
    for (const m of text.matchAll(DIRECTIVE)) {
      const kind = m[1] as Directive['kind'];
      const idsAt = m.index + m[0].length - (m[2]?.length ?? 0);
      const ids = ruleList(m[2], idsAt).map(({ id, at }) => ({
        id,
        column: column + (id === '*' ? m.index : at),
      }));
      const directive: Directive = { kind, line, ids, used: new Set() };
      d.all.push(directive);
      const target = kind === 'disable' ? d.file : lineMap(d, kind === 'disable-next-line' ? line + 1 : line);
      for (const { id } of ids) target.set(id, directive);
    }
  }
  return d;
}

/**
 * The YAML comments of a text with their 1-based lines. A "#" inside a value (a block scalar holding a
 * script, a quoted string) is not a comment, so a directive there is text, not a directive.
 */
function* comments(text: string): Generator<{ text: string; line: number; column: number }> {
  let line = 1;
  let offset = 0;
  let lineStart = 0;
  for (const token of new (yamlLib().Lexer)().lex(text)) {
    if (token.startsWith('#')) yield { text: token, line, column: offset - lineStart + 1 };
    const breaks = token.match(/\r\n|\r|\n/g);
    if (breaks) {
      line += breaks.length;
      lineStart = offset + Math.max(token.lastIndexOf('\n'), token.lastIndexOf('\r')) + 1;
    }
    // The lexer's markers (document start, flow end, scalar) are not text of the source.
    if (!LEXER_MARKERS.has(token)) offset += token.length;
  }
}

const LEXER_MARKERS = new Set(['\x02', '\x18', '\x1f']);

function lineMap(d: Directives, line: number): Map<string, Directive> {
  const existing = d.lines.get(line);
  if (existing) return existing;
  const created = new Map<string, Directive>();
  d.lines.set(line, created);
  return created;
}

/** Is the finding disabled by a comment? Marks the directive that disabled it as used. */
export function isSuppressedByComment(f: Finding, d: Directives): boolean {
  const by = (m: Map<string, Directive> | undefined) => {
    const directive = m?.get(f.ruleId) ?? m?.get('*');
    directive?.used.add(m?.has(f.ruleId) ? f.ruleId : '*');
    return !!directive;
  };
  return by(d.file) || by(d.lines.get(f.line));
}

/** The rule ids of an object's ignore annotation, or undefined when it has none. */
function annotationIds(obj: K8sObject): string[] | undefined {
  const v = obj.annotations[IGNORE_ANNOTATION];
  if (v === undefined) return undefined;
  return v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

/** Is the rule ignored on the object by its annotation? Notes the use in `used` (object → ids). */
export function ignoredByAnnotation(
  obj: K8sObject,
  ruleId: string,
  used?: Map<K8sObject, Set<string>>,
): boolean {
  const ids = annotationIds(obj);
  if (!ids) return false;
  const id = ids.includes(ruleId) ? ruleId : ids.find((x) => x === '*' || x === 'all');
  if (id === undefined) return false;
  if (used) {
    const set = used.get(obj) ?? new Set<string>();
    set.add(id);
    used.set(obj, set);
  }
  return true;
}

/** What the suppressions of a run say about themselves, for the engine to report. */
export interface SuppressionCheck {
  /** Every rule id there is (a directive may name a rule that is off, but not one that does not exist). */
  known: ReadonlySet<string>;
  /** Report directives that suppressed nothing (--report-unused-disable-directives). */
  reportUnused: boolean;
}

const WILDCARDS = new Set(['*', 'all']);

function unknownRule(id: string, where: string, known: ReadonlySet<string>): string {
  const dym = closest(id, known, 4);
  return `unknown rule "${id}" in ${where}${dym ? `; did you mean "${dym}"?` : ''}`;
}

function suppressionFinding(
  ruleId: string,
  severity: Finding['severity'],
  message: string,
  filePath: string,
  range: Range,
): Finding {
  return { ruleId, severity, message, filePath, ...range };
}

/**
 * Findings about the comment directives of a file: a rule id that no rule has (a warning, with a
 * did-you-mean: the finding it meant to disable is reported), and with `reportUnused` a directive, or an
 * id of one, that disabled no finding (an error, as ESLint's --report-unused-disable-directives).
 */
export function directiveFindings(file: SourceFile, d: Directives, check: SuppressionCheck): Finding[] {
  const out: Finding[] = [];
  for (const directive of d.all) {
    const where = `a k8s-svc-lint-${directive.kind} comment`;
    for (const { id, column } of directive.ids) {
      const range = { line: directive.line, column, endLine: directive.line, endColumn: column + id.length };
      if (id !== '*' && !check.known.has(id)) {
        out.push(
          suppressionFinding(UNKNOWN_RULE, 'warning', unknownRule(id, where, check.known), file.path, range),
        );
      } else if (check.reportUnused && !directive.used.has(id)) {
        const what = id === '*' ? 'no finding' : `no "${id}" finding`;
        const scope =
          directive.kind === 'disable'
            ? 'in this file'
            : directive.kind === 'disable-line'
              ? 'on its line'
              : 'on the next line';
        out.push(
          suppressionFinding(
            UNUSED_DIRECTIVE,
            'error',
            `unused ${where.slice(2)}: ${what} ${scope}`,
            file.path,
            range,
          ),
        );
      }
    }
  }
  return out;
}

/** The same for the ignore annotation of an object; `used` is what ignoredByAnnotation noted. */
export function annotationFindings(
  obj: K8sObject,
  used: ReadonlySet<string> | undefined,
  check: SuppressionCheck,
): Finding[] {
  const ids = annotationIds(obj);
  if (!ids) return [];
  const out: Finding[] = [];
  let range: Range | undefined;
  const at = () => (range ??= obj.doc.locate([...obj.path, 'metadata', 'annotations', IGNORE_ANNOTATION]));
  const where = `annotation ${IGNORE_ANNOTATION} of ${describe(obj)}`;
  for (const id of ids) {
    if (!WILDCARDS.has(id) && !check.known.has(id)) {
      out.push(
        suppressionFinding(UNKNOWN_RULE, 'warning', unknownRule(id, where, check.known), obj.file.path, at()),
      );
    } else if (check.reportUnused && !used?.has(id)) {
      const what = WILDCARDS.has(id) ? 'no finding' : `no "${id}" finding`;
      out.push(
        suppressionFinding(
          UNUSED_DIRECTIVE,
          'error',
          `unused ${where}: ${what} on the object`,
          obj.file.path,
          at(),
        ),
      );
    }
  }
  return out;
}

/** The rule ids of findings about suppressions themselves (they are no rules: nothing turns them off). */
export const UNKNOWN_RULE = 'unknown-rule';
export const UNUSED_DIRECTIVE = 'unused-disable-directive';
