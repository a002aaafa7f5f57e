/**
 * A document's value as kubectl decodes it, from the node tree the `yaml` package composed (with the
 * failsafe schema: every scalar is its text, so nothing is typed twice). kubectl reads YAML with go-yaml v2
 * into Go values and writes them as JSON (`sigs.k8s.io/yaml`); this walk follows both:
 *
 * - plain scalars are typed by `resolvePlain` (scalars.ts); an explicit standard tag (`!!int "3"`) types
 *   its scalar the same way and refuses text of another type, `!!binary` decodes base64, any other tag
 *   leaves the text; tags on collections change nothing;
 * - a merge key (`<<`) sets the keys of the mapping (or, from the last to the first, of each mapping in the
 *   list) it refers to, in its place among the keys: a key before it is overwritten, a key after it wins;
 * - keys are written as JSON keys (`jsonKey`); a null or collection key, a NaN or an infinity, is an error;
 * - an alias refers to the last anchor of its name before it; one inside the collection it refers to is an
 *   error, and so are aliases that expand to too much (go-yaml's own rule: see AliasBudget).
 *
 * The repeated keys of each mapping are collected for the duplicate-key rule.
 */
import type { Alias, Node, Pair, Scalar, YAMLMap, YAMLSeq, Document as YamlDocument } from 'yaml';
import { yamlLib } from '../util/yaml-lib.js';
import { jsonKey, jsonProblem, plainInteger, resolvePlain } from './scalars.js';

export interface DecodeError {
  /** Offset (in the composed text) of the node at fault. */
  at: number;
  message: string;
}

export interface RepeatedKey {
  name: string;
  /** Offsets of the first key's start, and of the repeated key's start and end. */
  first: number;
  repeated: [number, number];
  /**
   * Nothing is lost that the author meant: the same value twice, or a later label or annotation, which is
   * how rendered charts override theirs (`{{ include "labels" }}` then the user's).
   */
  mild: boolean;
}

export interface Decoded {
  value: unknown;
  error?: DecodeError;
  repeated: RepeatedKey[];
}

class Refused extends Error {
  constructor(
    readonly at: number,
    message: string,
  ) {
    super(message);
  }
}

const YAML_TAG = 'tag:yaml.org,2002:';

/** The standard tags go-yaml resolves a scalar for (any other tag leaves its text). */
const TYPED = new Set(['bool', 'int', 'float', 'null', 'timestamp']);

/**
 * go-yaml v2's guard against alias bombs: once more than 100 nodes came from aliases among more than
 * 1,000 decoded, at most 99% of them may (from 400,000 nodes, a share that falls to 10% at 4,000,000).
 * Counted as go-yaml counts (every node decoded, keys and the document included), checked where the share
 * peaks: at the end of each alias that is not itself inside an alias.
 */
class AliasBudget {
  decoded = 0;
  aliased = 0;

  exceeded(): boolean {
    const { decoded, aliased } = this;
    if (aliased <= 100 || decoded <= 1000) return false;
    const low = 400_000;
    const high = 4_000_000;
    const allowed =
      decoded <= low ? 0.99 : decoded >= high ? 0.1 : 0.99 - (0.89 * (decoded - low)) / (high - low);
    return aliased / decoded > allowed;
  }
}

/** `view`: the text the document was composed from (for the double-quoted scalars `yaml` reads otherwise). */
export function decodeDocument(doc: YamlDocument.Parsed, view: string): Decoded {
  const walk = new Walk(view);
  const repeated = walk.repeated;
  try {
    walk.budget.decoded++; // the document node
    const value = walk.node(doc.contents as Node | null);
    return { value, repeated };
  } catch (e) {
    if (e instanceof Refused) return { value: undefined, error: { at: e.at, message: e.message }, repeated };
    throw e;
  }
}

class Walk {
  readonly repeated: RepeatedKey[] = [];
  readonly budget = new AliasBudget();
  /** Anchors by name: the last one met so far, in document order. */
  private readonly anchors = new Map<string, Node>();
  /** Values of anchored nodes, and how many nodes each expands to (as go-yaml counts them). */
  private readonly values = new Map<Node, unknown>();
  private readonly sizes = new Map<Node, number>();
  /** Anchored collections being decoded: an alias to one of them is inside it. */
  private readonly open = new Set<Node>();
  private readonly lib = yamlLib();

  constructor(private readonly view: string) {}

  /** The value of a node (null for an empty one); counts it and what it holds. A key may be NaN or infinite. */
  node(node: Node | null, key = false, under?: string): unknown {
    if (!node) {
      this.budget.decoded++;
      return null;
    }
    const { isAlias, isMap, isScalar, isSeq } = this.lib;
    if (isAlias(node)) return this.alias(node);
    const anchor = node.anchor;
    if (anchor) this.anchors.set(anchor, node);
    const before = this.budget.decoded;
    this.budget.decoded++;
    let value: unknown;
    if (isScalar(node)) value = this.scalar(node, key);
    else {
      if (anchor) this.open.add(node);
      value = isMap(node) ? this.map(node, under) : isSeq(node) ? this.seq(node) : null;
      if (anchor) this.open.delete(node);
    }
    if (anchor) {
      this.values.set(node, value);
      this.sizes.set(node, this.budget.decoded - before);
    }
    return value;
  }

  private alias(node: Alias): unknown {
    const at = node.range?.[0] ?? 0;
    const target = this.anchors.get(node.source);
    if (!target) throw new Refused(at, `alias *${node.source} refers to no anchor before it`);
    if (this.open.has(target))
      throw new Refused(at, `alias *${node.source} refers to a collection that contains it`);
    // The alias node, then its target again (go-yaml decodes it again; here its value is shared).
    this.budget.decoded++;
    const size = this.sizes.get(target) ?? 1;
    this.budget.decoded += size;
    this.budget.aliased += size;
    if (this.budget.exceeded())
      throw new Refused(at, 'aliases expand to too many nodes (an alias bomb), as kubectl counts them');
    return this.values.get(target);
  }

  private scalar(node: Scalar, key: boolean): unknown {
    const at = node.range?.[0] ?? 0;
    const tag = node.tag;
    let text = String(node.value);
    if (node.type === 'QUOTE_DOUBLE' && node.range) {
      const raw = this.view.slice(node.range[0], node.range[1]);
      if (readOtherwise(raw)) text = doubleQuoted(raw);
    }
    let value: unknown;
    if (!tag || tag === '!') value = !tag && node.type === 'PLAIN' ? resolvePlain(text) : text;
    else if (!tag.startsWith(YAML_TAG)) value = text;
    else value = this.tagged(tag.slice(YAML_TAG.length), text, at);
    const bad = !key && jsonProblem(value);
    if (bad) throw new Refused(at, `\`${text}\` is ${bad}, which kubectl cannot write as JSON: quote it`);
    return value;
  }

  /** A scalar with a standard tag, as go-yaml resolves it. */
  private tagged(name: string, text: string, at: number): unknown {
    if (name === 'binary') {
      const b64 = text.replace(/[\r\n]/g, '');
      if (b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64))
        throw new Refused(at, '!!binary value is not valid base64');
      return Buffer.from(b64, 'base64').toString('utf8');
    }
    if (!TYPED.has(name)) return text;
    const value = resolvePlain(text);
    const kind =
      value === null
        ? 'null'
        : typeof value === 'boolean'
          ? 'bool'
          : typeof value === 'number'
            ? plainInteger(text) !== undefined
              ? 'int'
              : 'float'
            : name === 'timestamp' && isTimestamp(text)
              ? 'timestamp'
              : 'str';
    if (kind === name || (name === 'float' && kind === 'int')) return value;
    throw new Refused(at, `cannot decode !!${kind} \`${text}\` as a !!${name}`);
  }

  private seq(node: YAMLSeq): unknown[] {
    const out: unknown[] = new Array(node.items.length);
    for (let i = 0; i < node.items.length; i++) out[i] = this.node(node.items[i] as Node | null);
    return out;
  }

  /** A mapping; `under` is the key it is the value of. */
  private map(node: YAMLMap, under?: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    /** The key nodes set so far, by JSON key (for repeated keys). */
    const seen = new Map<string, Node>();
    for (const pair of node.items as Pair<Node | null, Node | null>[]) {
      const key = pair.key;
      if (isMergeKey(key)) {
        this.merge(pair.value, out, key?.range?.[0] ?? 0);
        continue;
      }
      const keyValue = this.node(key, true);
      const at = key?.range?.[0] ?? pair.value?.range?.[0] ?? 0;
      if (keyValue !== null && typeof keyValue === 'object')
        throw new Refused(at, 'a mapping or a list as a key, which kubectl cannot write as JSON');
      const name = jsonKey(keyValue, this.lib.isScalar(key) ? String(key.value) : '');
      if (name === undefined)
        throw new Refused(
          at,
          keyValue === null
            ? 'a null key, which kubectl cannot write as JSON: quote it'
            : `key \`${String(key && this.lib.isScalar(key) ? key.value : keyValue)}\` is an integer too large for kubectl: quote it`,
        );
      const value = this.node(pair.value, false, name);
      const first = seen.get(name);
      if (first && key?.range) {
        const mild =
          under === 'labels' ||
          under === 'annotations' ||
          (this.lib.isScalar(pair.value) && Object.is(out[name], value));
        this.repeated.push({
          name,
          first: first.range?.[0] ?? 0,
          repeated: [key.range[0], key.range[1]],
          mild,
        });
      } else if (key && !first) seen.set(name, key);
      setKey(out, name, value);
    }
    return out;
  }

  private merge(value: Node | null, out: Record<string, unknown>, at: number): void {
    const { isAlias, isMap, isSeq } = this.lib;
    const mapping = (n: Node | null) => {
      const target = isAlias(n) ? this.anchors.get(n.source) : n;
      return isMap(target);
    };
    const refuse = () => new Refused(at, 'a merge key (`<<`) needs a mapping or a list of mappings');
    if (isSeq(value)) {
      // The list's first mappings take precedence: they are set last.
      const items = value.items as Array<Node | null>;
      for (const item of items) if (!mapping(item)) throw refuse();
      const decoded = items.map((item) => this.node(item));
      for (let i = decoded.length - 1; i >= 0; i--) assign(out, decoded[i] as Record<string, unknown>);
      return;
    }
    if (!mapping(value)) throw refuse();
    assign(out, this.node(value) as Record<string, unknown>);
  }
}

function assign(out: Record<string, unknown>, from: Record<string, unknown>): void {
  for (const k of Object.keys(from)) setKey(out, k, from[k]);
}

/** Sets a key, `__proto__` too, as an own property (never the object's prototype). */
function setKey(out: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__')
    Object.defineProperty(out, k, { value: v, writable: true, enumerable: true, configurable: true });
  else out[k] = v;
}

/** go-yaml's timestamp forms (only an explicit `!!timestamp` asks: an untagged one stays a string anyway). */
function isTimestamp(s: string): boolean {
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?))?$/.exec(
      s,
    );
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** A plain `<<` key (or one tagged `!!merge`), as go-yaml recognises a merge key. */
export function isMergeKey(key: unknown): boolean {
  const { isScalar } = yamlLib();
  if (!isScalar(key) || key.value !== '<<') return false;
  return key.tag ? key.tag === `${YAML_TAG}merge` : key.type === 'PLAIN';
}

/** The JSON key a scalar key node stands for (as `Walk.map` writes it), or undefined. */
export function keyName(key: unknown): string | undefined {
  const { isScalar } = yamlLib();
  if (!isScalar(key)) return undefined;
  const text = String(key.value);
  const tag = key.tag;
  const value = !tag
    ? key.type === 'PLAIN'
      ? resolvePlain(text)
      : text
    : tag === `${YAML_TAG}str` || !tag.startsWith(YAML_TAG)
      ? text
      : resolvePlain(text);
  return jsonKey(value, text);
}

/**
 * Whether a double-quoted scalar is one the `yaml` package reads otherwise than go-yaml: with `\'` (an
 * escape go-yaml knows) or an escaped line break followed by an empty line (each empty line is a line
 * feed). One pass: escapes are skipped two characters at a time.
 */
function readOtherwise(raw: string): boolean {
  for (let i = raw.indexOf('\\'); i >= 0; i = raw.indexOf('\\', i + 2)) {
    const e = raw.charCodeAt(i + 1);
    if (e === 39) return true;
    if (e === 10 || e === 13) {
      let j = i + 2;
      if (e === 13 && raw.charCodeAt(j) === 10) j++;
      while (raw.charCodeAt(j) === 32 || raw.charCodeAt(j) === 9) j++;
      const f = raw.charCodeAt(j);
      if (f === 10 || f === 13) return true;
    }
  }
  return false;
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  "'": "'",
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

/**
 * A double-quoted scalar's value as go-yaml reads it (the composer has checked its escapes): escapes
 * replaced, and each line break folded, with the blanks around it, into a space, or into one line feed
 * per empty line after it; an escaped line break folds into nothing but the empty lines after it.
 */
export function doubleQuoted(raw: string): string {
  const s = raw.slice(1, raw.endsWith('"') ? -1 : undefined);
  let out = '';
  let blanks = '';
  const n = s.length;
  const isBreak = (i: number) => s[i] === '\n' || s[i] === '\r';
  const pastBreak = (i: number) => (s[i] === '\r' && s[i + 1] === '\n' ? i + 2 : i + 1);
  /** From a line's start: past its indentation and the empty lines after it, with their count. */
  const emptyLines = (i: number): [number, number] => {
    let count = 0;
    for (;;) {
      while (s[i] === ' ' || s[i] === '\t') i++;
      if (!isBreak(i)) return [i, count];
      count++;
      i = pastBreak(i);
    }
  };
  for (let i = 0; i < n; ) {
    const c = s[i] as string;
    if (c === '\\') {
      const e = s[i + 1] as string;
      if (isBreak(i + 1)) {
        const [next, count] = emptyLines(pastBreak(i + 1));
        out += blanks + '\n'.repeat(count);
        blanks = '';
        i = next;
        continue;
      }
      out += blanks;
      blanks = '';
      const len = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (len) {
        out += String.fromCodePoint(Number.parseInt(s.slice(i + 2, i + 2 + len), 16));
        i += 2 + len;
      } else {
        out += ESCAPES[e] ?? e;
        i += 2;
      }
      continue;
    }
    if (c === ' ' || c === '\t') {
      blanks += c;
      i++;
      continue;
    }
    if (isBreak(i)) {
      const [next, count] = emptyLines(pastBreak(i));
      out += count ? '\n'.repeat(count) : ' ';
      blanks = '';
      i = next;
      continue;
    }
    out += blanks + c;
    blanks = '';
    i++;
  }
  return out + blanks;
}
