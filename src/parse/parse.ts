/**
 * The reference parse: one source text into documents, with values as kubectl reads them and a locator
 * that maps a JSON path back to the source range of its node. kubectl's reading of the text is followed
 * step by step: JSON for a text that starts with `{`, else the sections between `---` lines (text.ts),
 * each read by the `yaml` package adjusted to go-yaml v2 (compose.ts) and decoded as go-yaml and
 * `sigs.k8s.io/yaml` decode it (decode.ts). Where kubectl would refuse the file, a located yaml-syntax
 * finding says why, and the other documents are still read.
 */
import type { Node, Document as YamlDocument } from 'yaml';
import type { Document, Finding, Path, Range } from '../types.js';
import { yamlLib } from '../util/yaml-lib.js';
import { readSection } from './compose.js';
import { decodeDocument, isMergeKey, keyName } from './decode.js';
import { duplicateKeyFinding } from './duplicates.js';
import { MAX_DEPTH } from './limits.js';
import { LineIndex } from './positions.js';
import { Source } from './source-file.js';
import { isJsonText, type Section, sections, templateLine, withoutBom, yamlView } from './text.js';

export interface ParseOptions {
  /** The file was named by the user (not found by walking a directory): report problems even if it does not look like a manifest. */
  explicit?: boolean;
  /**
   * For the fast path of a large run: what locating the file computes is kept only while it is the file
   * located last, and a reference parse keeps values only (see leanSource in fast.ts).
   */
  lean?: boolean;
  /** Every character of the text is ASCII (known from its bytes): checks for others are skipped. */
  ascii?: boolean;
}

/** Both words anywhere, in either order; two scans instead of one backtracking regex (quadratic on hostile text). */
export const looksLikeManifest = (text: string) => /\bapiVersion\b/.test(text) && /\bkind\b/.test(text);

/** The notice of a file skipped for its template syntax. */
export function templateNotice(line: number): string {
  return `contains template syntax ({{ … }}) at line ${line}; skipped — lint the rendered output instead, e.g. \`helm template . | k8s-svc-lint -\``;
}

export function parseSource(path: string, input: string, opts: ParseOptions = {}): Source {
  const text = withoutBom(input);
  const template = templateLine(text);
  if (template !== undefined) return Source.skipped(path, text, templateNotice(template));
  const file = new Source(path, text);
  const read = new Reading(file, opts.explicit === true || looksLikeManifest(text));
  if (isJsonText(text)) read.json();
  else read.yaml();
  return file;
}

class Reading {
  private readonly lines: LineIndex;
  private index = 0;

  constructor(
    private readonly file: Source,
    /** Report problems (see ParseOptions.explicit). */
    private readonly report: boolean,
  ) {
    this.lines = new LineIndex(file.text);
  }

  private problem(
    start: number,
    end: number,
    message: string,
    severity: Finding['severity'] = 'error',
  ): void {
    if (!this.report) return;
    this.file.problems.push({
      ruleId: 'yaml-syntax',
      severity,
      message,
      filePath: this.file.path,
      ...this.lines.range(start, Math.max(end, start + 1)),
    });
  }

  yaml(): void {
    const { text } = this.file;
    for (const section of sections(text)) {
      if (section.invalid) {
        const { at, text: rest } = section.invalid;
        this.problem(
          at,
          at + rest.length,
          `\`---\` followed by \`${rest}\`: kubectl reads a line that begins with \`---\` as a document separator, and only a comment may follow it`,
        );
        this.index++;
        continue;
      }
      this.section(section);
    }
  }

  private section(section: Section): void {
    const view = yamlView(this.file.text, section);
    const base = section.start;
    const read = readSection(view);
    if (read.ignored !== undefined)
      this.problem(
        base + read.ignored,
        base + read.ignored,
        'kubectl ignores this document: it reads only the first document between `---` lines (each ended by a line feed); start this one with a `---` line',
        'warning',
      );
    if (read.tooDeep !== undefined) {
      this.problem(
        base + read.tooDeep,
        base + read.tooDeep,
        `collections nest deeper than ${MAX_DEPTH} levels; the document is not linted`,
      );
      this.index++;
      return;
    }
    const yd = read.doc;
    const index = yd ? this.index++ : -1;
    const errors = [
      ...read.errors.map((e) => ({ at: e.at, end: e.at + 1, message: e.message })),
      ...(yd?.errors ?? []).map((e) => ({ at: e.pos[0], end: e.pos[1], message: yamlMessage(e.message) })),
    ].sort((a, b) => a.at - b.at);
    const first = errors[0];
    if (first) {
      this.problem(base + first.at, base + first.end, first.message);
      return;
    }
    if (!yd) return;
    const decoded = decodeDocument(yd, view);
    if (decoded.error) {
      this.problem(
        base + decoded.error.at,
        base + decoded.error.at,
        `${decoded.error.message}; document not linted`,
      );
      return;
    }
    if (this.report)
      for (const r of decoded.repeated)
        this.file.problems.push(
          duplicateKeyFinding(
            r.name,
            base + r.first,
            [base + r.repeated[0], base + r.repeated[1]],
            this.lines,
            this.file.path,
            r.mild,
          ),
        );
    this.file.documents.push(makeDocument(yd, index, decoded.value, this.lines, base));
  }

  /** A JSON text: a stream of values, each a document, read as Go's JSON decoder reads them. */
  json(): void {
    const { text } = this.file;
    const { values, error } = jsonValues(text);
    for (const v of values) {
      const index = this.index++;
      if (v.bad) {
        this.problem(v.start, v.start, 'a number too large for kubectl (JSON); document not linted');
        continue;
      }
      // Positions, and repeated keys, from the `yaml` package's reading of the same text.
      const view = yamlView(text, { start: v.start, end: v.end, body: -1 });
      const read = readSection(view);
      const yd = read.doc && read.doc.errors.length === 0 && read.errors.length === 0 ? read.doc : undefined;
      if (yd && this.report)
        for (const r of decodeDocument(yd, view).repeated)
          this.file.problems.push(
            duplicateKeyFinding(
              r.name,
              v.start + r.first,
              [v.start + r.repeated[0], v.start + r.repeated[1]],
              this.lines,
              this.file.path,
              r.mild,
            ),
          );
      this.file.documents.push(makeDocument(yd, index, v.value, this.lines, v.start));
    }
    if (error)
      this.problem(
        error.at,
        error.at,
        `invalid JSON (kubectl reads a file that begins with \`{\` as JSON): ${error.message}`,
      );
  }
}

interface JsonValue {
  start: number;
  end: number;
  value: unknown;
  /** A number too large for a float64: Go's decoder refuses it. */
  bad?: boolean;
}

/**
 * The JSON values of a text, one after the other, as Go's `json.Decoder` reads a stream; where one cannot
 * be read, the error (with its offset) ends the stream. -0 is read as 0, as kubectl's objects hold it.
 */
export function jsonValues(text: string): { values: JsonValue[]; error?: { at: number; message: string } } {
  const values: JsonValue[] = [];
  const n = text.length;
  const skip = (i: number) => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      i++;
    }
    return i;
  };
  let bad = false;
  const revive = (_k: string, v: unknown) => {
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) bad = true;
      return v === 0 ? 0 : v;
    }
    return v;
  };
  for (let at = skip(0); at < n; ) {
    bad = false;
    try {
      const value = JSON.parse(text.slice(at), revive);
      values.push({ start: at, end: n, value, bad });
      break;
    } catch (e) {
      const message = (e as Error).message;
      const pos = /at position (\d+)/.exec(message);
      const end = at + Number(pos?.[1] ?? 0);
      if (pos && message.startsWith('Unexpected non-whitespace character after JSON')) {
        bad = false;
        const value = JSON.parse(text.slice(at, end), revive);
        values.push({ start: at, end, value, bad });
        at = skip(end);
        continue;
      }
      const words = message.replace(/ in JSON at position.*$/s, '').replace(/^./, (c) => c.toLowerCase());
      return { values, error: { at: end, message: words } };
    }
  }
  return { values };
}

function yamlMessage(msg: string): string {
  const first = msg.split('\n')[0] ?? msg;
  return first
    .replace(/ at line \d+, column \d+:?$/, '')
    .replace(/\.$/, '')
    .replace(/^./, (c) => c.toLowerCase());
}

/**
 * A document located by the `yaml` package's nodes (offsets in its section, at `base` in the text).
 * Without nodes (a JSON value the `yaml` package does not read), every path is at the value's start.
 */
function makeDocument(
  yd: YamlDocument.Parsed | undefined,
  index: number,
  value: unknown,
  lines: LineIndex,
  base: number,
): Document {
  return {
    index,
    value,
    locate(path: Path, opts?: { key?: boolean }): Range {
      if (!yd) return lines.range(base, base);
      const { isCollection } = yamlLib();
      const { node, key, complete } = findNode(yd, path);
      // A missing child is reported at its closest ancestor's key, so the user sees where it belongs.
      const target = (opts?.key || !complete) && key ? key : node;
      const start = (key && isCollection(node) && !isFlow(node)) || (opts?.key && key) ? key : target;
      const s = base + (start?.range?.[0] ?? target?.range?.[0] ?? 0);
      const e = base + (target?.range?.[1] ?? s - base);
      return lines.range(s, lines.trimEnd(s, e));
    },
    sourceText(path: Path): string | undefined {
      if (!yd) return undefined;
      const { node, complete } = findNode(yd, path);
      if (!complete || !yamlLib().isScalar(node) || !node.range) return undefined;
      return lines.text.slice(base + node.range[0], base + node.range[1]);
    },
  };
}

function isFlow(node: Node): boolean {
  return yamlLib().isCollection(node) && node.flow === true;
}

interface Found {
  node: Node | null;
  key: Node | null;
  complete: boolean;
}

function findNode(yd: YamlDocument.Parsed, path: Path): Found {
  let anchors = aliasTargets.get(yd);
  if (!anchors) {
    anchors = anchorsOf(yd);
    aliasTargets.set(yd, anchors);
  }
  let node: Node | null = yd.contents as Node | null;
  let key: Node | null = null;
  for (const seg of path) {
    const next = child(anchors, node, seg);
    if (!next) return { node, key, complete: false };
    node = next.value;
    key = next.key;
    if (!node) return { node: key, key, complete: true };
  }
  return { node, key, complete: true };
}

const aliasTargets = new WeakMap<YamlDocument.Parsed, Map<Node, Node>>();

/** Every alias of a document with the anchored node it refers to (the last of its name before it). */
function anchorsOf(yd: YamlDocument.Parsed): Map<Node, Node> {
  const { isAlias, visit } = yamlLib();
  const last = new Map<string, Node>();
  const out = new Map<Node, Node>();
  visit(yd, {
    Node(_key, node) {
      if (isAlias(node)) {
        const target = last.get(node.source);
        if (target) out.set(node, target);
      } else if (node.anchor) last.set(node.anchor, node);
    },
  });
  return out;
}

function resolve(anchors: Map<Node, Node>, node: unknown): Node | null {
  const n = node as Node | null;
  return (n && anchors.get(n)) ?? n;
}

/**
 * The key and value at `seg` under `parent`: the assignment decode.ts makes last. Keys and merge keys are
 * read from the last to the first; a merged list's first mapping wins.
 */
function child(
  anchors: Map<Node, Node>,
  parent: Node | null,
  seg: string | number,
): { key: Node | null; value: Node | null } | undefined {
  const { isMap, isPair, isSeq } = yamlLib();
  const p = resolve(anchors, parent);
  if (!p) return undefined;
  if (isSeq(p) && typeof seg === 'number') {
    const v = p.items[seg];
    return v === undefined ? undefined : { key: null, value: (v as Node) ?? null };
  }
  if (!isMap(p)) return undefined;
  const name = String(seg);
  for (let i = p.items.length - 1; i >= 0; i--) {
    const pair = p.items[i];
    if (!isPair(pair)) continue;
    const k = pair.key as Node | null;
    if (isMergeKey(k)) {
      const m = resolve(anchors, pair.value);
      const sources = isSeq(m) ? m.items.map((it) => resolve(anchors, it)) : [m];
      for (const src of sources) {
        const found = child(anchors, src, seg);
        if (found) return found;
      }
    } else if (keyName(k) === name) return { key: k, value: resolve(anchors, pair.value) };
  }
  return undefined;
}
