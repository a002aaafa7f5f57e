/**
 * The `yaml` package's syntax tree of a file, for building fixes: exact node ranges, the quoting of each
 * scalar, block or flow style. Fixes are edits of exact ranges of this tree, so everything they do not
 * replace (comments, quoting, indentation) stays byte for byte, and each is checked by parsing the edited
 * text again (`checked`): a fix that would change more than it means to, or break the file, is dropped.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Node, Pair, Document as YamlDocument } from 'yaml';
import { readSection } from '../parse/compose.js';
import { parseSourceFast } from '../parse/fast.js';
import { jsonValues } from '../parse/parse.js';
import { resolvePlain } from '../parse/scalars.js';
import { isJsonText, type Section, sections, yamlView } from '../parse/text.js';
import type { Fix, Path, SourceFile, TextEdit } from '../types.js';
import { yamlLib } from '../util/yaml-lib.js';

export interface Tree {
  text: string;
  /** The `yaml` package's documents, node ranges in offsets of `text`; scalars hold their text. */
  docs: YamlDocument.Parsed[];
  /** Each document's value, as kubectl reads it. */
  values: unknown[];
}

/**
 * The documents of a text, or undefined when kubectl would not read it cleanly (a syntax error, an alias
 * that cannot be expanded, collections nested too deep): such a file gets no fix. Values come from the
 * parse stage (kubectl's reading); nodes from the same reading of each section the parse stage composes.
 */
export function parseTree(text: string): Tree | undefined {
  const values = kubectlValues(text);
  if (!values) return undefined;
  const parts: Section[] = isJsonText(text)
    ? jsonValues(text).values.map((v) => ({ start: v.start, end: v.end, body: -1 }))
    : sections(text);
  const docs: YamlDocument.Parsed[] = [];
  for (const section of parts) {
    const doc = readSection(yamlView(text, section)).doc;
    if (!doc) continue;
    if (doc.errors.length > 0) return undefined;
    docs.push(shifted(doc, section.start));
  }
  return docs.length === values.length ? { text, docs, values } : undefined;
}

/**
 * The values of a text's documents as kubectl reads them (the parse stage: the scanner where it reads the
 * text, else the reference parse), or undefined when kubectl would not read it cleanly.
 */
function kubectlValues(text: string): unknown[] | undefined {
  if (text.charCodeAt(0) === 0xfeff) return undefined;
  const file = parseSourceFast('', text, { explicit: true });
  if (file.skipped !== undefined || file.problems.some((p) => p.ruleId === 'yaml-syntax')) return undefined;
  return file.documents.map((d) => d.value);
}

/** A section's document with its ranges moved from the section's offsets to the text's. */
function shifted(doc: YamlDocument.Parsed, base: number): YamlDocument.Parsed {
  if (base === 0) return doc;
  const move = (r: number[] | null | undefined) => {
    if (r) for (let i = 0; i < r.length; i++) r[i] = (r[i] as number) + base;
  };
  move(doc.range);
  yamlLib().visit(doc, {
    Node(_, node) {
      move((node as { range?: number[] | null }).range);
    },
  });
  return doc;
}

const trees = new WeakMap<SourceFile, Tree | null>();

/** The tree of a file, parsed once per file object. */
export function treeOf(file: SourceFile): Tree | undefined {
  let t = trees.get(file);
  if (t === undefined) {
    t = file.skipped === undefined ? (parseTree(file.text) ?? null) : null;
    trees.set(file, t);
  }
  return t ?? undefined;
}

/** A node found at a path, with the pair that holds it when it is a map value. */
export interface Found {
  node: Node;
  pair?: Pair<Node, Node | null>;
}

/**
 * The node at `path` of document `index`, following map keys and sequence indexes only: an alias or a merge
 * key on the way means the node is shared or not where it looks, and no fix is built (undefined).
 */
export function nodeAt(tree: Tree, index: number, path: Path): Found | undefined {
  const { isMap, isSeq, isScalar, isPair, isAlias } = yamlLib();
  const doc = tree.docs[index];
  let node = doc?.contents as Node | null | undefined;
  let pair: Pair<Node, Node | null> | undefined;
  for (const seg of path) {
    if (!node || isAlias(node)) return undefined;
    if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | null | undefined;
      if (!item) return undefined;
      node = item;
      pair = undefined;
    } else if (isMap(node)) {
      let hit: Pair<Node, Node | null> | undefined;
      for (const p of node.items) {
        if (!isPair(p)) return undefined;
        const k = p.key as Node | null;
        if (!isScalar(k)) return undefined;
        if (k.source === '<<' || k.value === '<<') return undefined;
        // The last of repeated keys wins, as in the parsed value.
        if (String(k.value) === String(seg)) hit = p as Pair<Node, Node | null>;
      }
      if (!hit?.value) return undefined;
      node = hit.value;
      pair = hit;
    } else return undefined;
  }
  if (!node || isAlias(node) || node.anchor) return undefined;
  return { node, pair };
}

/** Start of the line that holds `offset`. */
export function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** End of the line that holds `offset` (before its line break). */
export function lineEnd(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/** The line break the text uses (CRLF when its first line ends so). */
export function newline(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

/** A string written as YAML: plain when YAML 1.1 reads it back as the same string, else double-quoted. */
export function yamlString(s: string, json: boolean): string {
  const plainSafe = /^[A-Za-z0-9][\w./-]*$/.test(s) && resolvePlain(s) === s;
  return !json && plainSafe ? s : JSON.stringify(s);
}

/** Applies edits (of one text) from the last to the first. Overlapping edits are the caller's mistake. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range[0] - a.range[0] || b.range[1] - a.range[1]);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.range[0]) + e.text + out.slice(e.range[1]);
  return out;
}

/** One expected change of a document's value: the value at `path` becomes `value` (a key may be new). */
export interface Change {
  doc: number;
  path: Path;
  value: unknown;
}

function setIn(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...Array<string | number>];
  const base = (root ?? (typeof head === 'number' ? [] : {})) as Record<string | number, unknown>;
  const copy = (Array.isArray(base) ? [...base] : { ...base }) as Record<string | number, unknown>;
  copy[head] = setIn(base[head], rest, value);
  return copy;
}

/**
 * True when the edited text parses and its documents' values are the old ones with exactly `changes`
 * made (no change: the values are the same, as for a comment).
 */
export function changesExactly(tree: Tree, edits: readonly TextEdit[], changes: readonly Change[]): boolean {
  const after = kubectlValues(applyEdits(tree.text, edits));
  if (!after || after.length !== tree.values.length) return false;
  const expected = tree.values.slice();
  for (const c of changes) expected[c.doc] = setIn(expected[c.doc], c.path, c.value);
  return isDeepStrictEqual(after, expected);
}

/** A fix of one file's tree, kept only when the edits make exactly the changes meant. */
export function checked(
  tree: Tree,
  desc: string,
  edits: TextEdit[],
  changes: readonly Change[],
): Fix | undefined {
  return changesExactly(tree, edits, changes) ? { desc, edits } : undefined;
}

/** Is the collection written in flow style (`{…}`, `[…]`, JSON)? */
export function isFlow(node: Node): boolean {
  return yamlLib().isCollection(node) && node.flow === true;
}

/** Does a flow map write its keys JSON's way (double-quoted)? Then so must an added key. */
export function jsonStyle(node: Node): boolean {
  const { isMap, isPair, isScalar } = yamlLib();
  if (!isMap(node)) return false;
  const first = node.items[0];
  return isPair(first) && isScalar(first.key) && first.key.type === 'QUOTE_DOUBLE';
}
