/**
 * A scanner for the YAML that manifests are written in: block mappings and sequences, plain and quoted
 * scalars (on one line or folded over several), literal and folded block scalars, flow collections (JSON
 * too), comments and document markers. It reads values (typed as the reference parse types them) and, when asked, the source spans the
 * reference locator would report, in one pass over the characters and several times faster than a general
 * YAML parser.
 *
 * It gives up (returns undefined) on anything else — anchors, aliases, tags, escaped line breaks before an
 * empty line, explicit indentation indicators, more-indented
 * lines in folded scalars, non-string, merge or prototype keys, keys over 1000 characters, repeated `...`,
 * anything the reference would call an error — and the caller takes a slower path that reads everything.
 * So it only needs to be right about what it accepts; test/paths.test.ts compares it with the reference.
 */
import type { ScanFacts } from '../types.js';
import { resolvePlain } from './scalars.js';

/** Where a node is in the source, as the reference parse (`yaml`'s node ranges) would place it. */
export class Spot {
  /** `e` is not known: comment lines after the last item may belong to it. */
  unsure = false;
  /** `e2` is not known. */
  unsure2 = false;
  /** Map entries: keys, their spots, the values' spots (same order). */
  keys: string[] | null = null;
  keySpots: Spot[] | null = null;
  values: Spot[] | null = null;
  /** Sequence items' spots. */
  items: Spot[] | null = null;

  constructor(
    /** Start offset (range[0]). */
    readonly s: number,
    /**
     * End of the value (range[1]) — or an offset that differs from it only by whitespace, which the
     * locator trims anyway. Exact for single-line scalars.
     */
    readonly e: number,
    /** End including what trails the node (range[2], same tolerance): a comment on its line. */
    public e2: number,
    /** 0 scalar, 1 block scalar, 2 block collection, 3 flow collection. */
    readonly kind: 0 | 1 | 2 | 3,
  ) {}
}

export interface ScannedDocument {
  value: unknown;
  /** The root's spot; null for an empty document. Only with positions. */
  spot: Spot | null;
}

const BAIL = new Error('outside the scanner subset');
/** Thrown by an aimed scan that may stop at the node it looks for. */
const FOUND = new Error('found');

const LF = 10;
const CR = 13;
const SPACE = 32;
const HASH = 35;
const DASH = 45;
const COLON = 58;
const COMMA = 44;
const DQUOTE = 34;
const SQUOTE = 39;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
const PIPE = 124;
const GT = 62;
const DOT = 46;
const BACKSLASH = 92;

/** Deeper than this, the general parser (which has its own depth guard) takes over. */
const MAX_NESTING = 100;
/** Implicit keys longer than this are an error for the reference parser. */
const MAX_KEY = 1000;

/** Next content line: the indent, or one of these. */
/** Never written: the lists a fast scan (no positions) passes where a located scan collects spots. */
const NO_KEYS: string[] = [];
const NO_SPOTS: Spot[] = [];

const EOF = -1;
const MARKER = -2;

/** The documents of `text` (no byte order mark), or undefined when the text is outside the subset. */
export function scanDocuments(text: string, positions: boolean): ScannedDocument[] | undefined {
  return scan(text, positions)?.documents;
}

/** A key that repeats one before it in its mapping: the later value wins, as in the reference parse. */
export interface DuplicateKey {
  name: string;
  /** With positions: the first key's spot and the repeated key's spot. */
  first: Spot | null;
  repeated: Spot | null;
}

export interface Scanned {
  documents: ScannedDocument[];
  duplicates: DuplicateKey[];
  facts: ScanFacts;
}

/** The documents of `text` and its duplicate keys, or undefined when the text is outside the subset. */
export function scan(text: string, positions: boolean): Scanned | undefined {
  try {
    const scanner = new Scanner(text, positions);
    const documents = scanner.documents();
    const facts: ScanFacts = {
      nullField: scanner.nullField,
      duplicates: scanner.duplicates.length > 0,
      nonStringMaps: scanner.nonStringMaps,
    };
    return { documents, duplicates: scanner.duplicates, facts };
  } catch (e) {
    if (e === BAIL) return undefined;
    // A scanner bug must not fail the run: the general parser reads the file instead.
    if (process.env.K8S_SVC_LINT_SCAN_DEBUG) throw e;
    return undefined;
  }
}

function isEol(c: number): boolean {
  return c === LF || c === CR || Number.isNaN(c);
}

function isBlank(c: number): boolean {
  return c === SPACE || c === LF || c === CR || Number.isNaN(c);
}

/** Characters that cannot start a plain scalar (c-indicators), except - ? : which can when not followed by a space. */
function isIndicator(c: number): boolean {
  switch (c) {
    case 44: // ,
    case 91: // [
    case 93: // ]
    case 123: // {
    case 125: // }
    case 35: // #
    case 38: // &
    case 42: // *
    case 33: // !
    case 124: // |
    case 62: // >
    case 39: // '
    case 34: // "
    case 37: // %
    case 64: // @
    case 96: // `
      return true;
    default:
      return false;
  }
}

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;
}

/**
 * The plain scalars read last, by a hash of their text: manifests repeat the same keys and many of the
 * same values (`name`, `containerPort`, `TCP`, `apps/v1`), so most scalars are found here without a
 * string being cut out of the text or typed again. Entry `h` holds a text in RAW and its value in VALUE.
 */
const CACHE_SIZE = 4096;
const RAW: (string | undefined)[] = new Array(CACHE_SIZE).fill(undefined);
const VALUE: unknown[] = new Array(CACHE_SIZE).fill(null);
const CACHE_MAX = 48;

/**
 * A plain scalar's value, as kubectl types it; a NaN or an infinity, which kubectl cannot write as JSON
 * (it refuses the document), is left to the reference parse to report.
 */
function typed(s: string): unknown {
  const v = resolvePlain(s);
  if (typeof v === 'number' && !Number.isFinite(v)) throw BAIL;
  return v;
}

/** The value of the plain scalar text[s, e). */
function plainValue(text: string, s: number, e: number): unknown {
  const len = e - s;
  if (len > CACHE_MAX || len === 0) return typed(text.slice(s, e));
  const h =
    (len * 97 +
      text.charCodeAt(s) * 31 +
      text.charCodeAt(e - 1) * 131 +
      text.charCodeAt(s + (len >> 1)) * 7 +
      text.charCodeAt(e - 2)) &
    (CACHE_SIZE - 1);
  const raw = RAW[h];
  if (raw !== undefined && raw.length === len) {
    // Compared here: for a few characters a loop is faster than startsWith.
    let k = 0;
    while (k < len && raw.charCodeAt(k) === text.charCodeAt(s + k)) k++;
    if (k === len) return VALUE[h];
  }
  const fresh = text.slice(s, e);
  const value = typed(fresh);
  RAW[h] = fresh;
  VALUE[h] = value;
  return value;
}

function hexValue(s: string): number {
  return /^[0-9a-fA-F]+$/.test(s) ? Number.parseInt(s, 16) : Number.NaN;
}

class Scanner {
  /** Current offset. */
  private i = 0;
  /** Start of the line that holds `i`. */
  private ls = 0;
  /** Indent of the content line `i` is on, EOF or MARKER (set by `peek`). */
  private next = EOF;
  /** Largest indent of a comment line since the last content line (-1: none). */
  private gap = -1;
  /** End of the comment that ended the last content line, or -1. */
  private lineComment = -1;
  private depth = 0;
  /** Where the plain scalar read last starts, and where its scan stopped (see plainRun). */
  private plainStart = 0;
  private stop = 0;
  readonly duplicates: DuplicateKey[] = [];
  /** ScanFacts. */
  nullField = false;
  readonly nonStringMaps = new Set<string>();
  /** The key read last: a mapping that begins next is its value. */
  private lastKey = '';
  private readonly t: string;
  private readonly n: number;
  /**
   * With a target (locateOne): how many segments of its path the collections being read match, -1 outside
   * its document or off its path. The spots of the node at the end of the path go to `found`.
   */
  private matched = -1;
  private target: ReadonlyArray<string | number> = [];
  private targetDoc = -1;
  /** The key and the node at the target path (null: not met, or met under an entry repeated later). */
  found: [Spot | null, Spot] | null = null;
  /** Where the key read last ends (before its colon). */
  private keyEnd = 0;
  /**
   * The items of the sequences being read, innermost last. A list that grows by push keeps room for 17
   * items, and most lists of a manifest hold one or two: each is cut from here at its exact length.
   */
  private readonly stack: unknown[] = [];

  constructor(
    text: string,
    private withSpots: boolean,
  ) {
    this.t = text;
    this.n = text.length;
  }

  private stopAtFound = false;

  /**
   * Makes spots only for the node at `path` of document `doc` (and the nodes inside it); with `stop`, the
   * scan ends there (throws FOUND).
   */
  aim(doc: number, path: ReadonlyArray<string | number>, stop: boolean): void {
    this.targetDoc = doc;
    this.target = path;
    this.stopAtFound = stop;
  }

  private c(at = this.i): number {
    return this.t.charCodeAt(at);
  }

  documents(): ScannedDocument[] {
    const docs: ScannedDocument[] = [];
    let open = false; // a `---` started a document that has no content yet
    let ended = false; // a `...` ended the last document
    let openAt = 0;
    this.peek();
    for (;;) {
      if (this.next === EOF) {
        if (open) docs.push(this.emptyDocument(openAt));
        return docs;
      }
      if (this.next === MARKER) {
        const start = this.c() === DASH;
        if (open) docs.push(this.emptyDocument(openAt));
        else if (!start && (docs.length === 0 || ended)) throw BAIL; // a `...` before any document, or again
        open = start;
        ended = !start;
        this.i += 3;
        while (this.c() === SPACE) this.i++;
        // An empty document is a null scalar right after its `---` (and the spaces after it).
        openAt = this.i;
        this.endLine();
        this.peek();
        continue;
      }
      if (ended) throw BAIL; // content after `...` without `---`
      this.lastKey = '';
      this.matched = docs.length === this.targetDoc ? 0 : -1;
      docs.push(this.document());
      open = false;
      if (this.next >= 0) throw BAIL; // content less indented than the document's first line
    }
  }

  private emptyDocument(at: number): ScannedDocument {
    return { value: null, spot: this.withSpots ? new Spot(at, at, at, 0) : null };
  }

  private document(): ScannedDocument {
    const m = this.next;
    const c = this.c();
    let value: unknown;
    if (c === DASH && isBlank(this.c(this.i + 1))) value = this.blockSeq(m);
    else if (c === LBRACKET || c === LBRACE) {
      value = this.flow(-1);
      this.endLine();
      this.peek();
    } else if (this.keyAhead()) value = this.blockMap(m);
    else throw BAIL; // a scalar document
    return { value, spot: this.withSpots ? this.spot : null };
  }

  /** The spot of the node parsed last (with positions only). */
  private spot = new Spot(0, 0, 0, 0);

  private setSpot(s: number, e: number, e2: number, kind: Spot['kind']): void {
    this.spot = new Spot(s, e, e2, kind);
  }

  /**
   * A block collection at indent `m` closing after its last item `l`. Its range ends where the last item's
   * range (with what trails it) ends. Comment lines between the last item and what follows go by their
   * indent: deeper than `m`, maybe to the last item; at `m`, to what trails the collection; less indented,
   * to an enclosing node. Where they may count, the end is unsure and the reference parse decides.
   */
  private closing(s: number, m: number, l: Spot): Spot {
    const spot = new Spot(s, l.e2, l.e2, 2);
    spot.unsure = l.unsure2 || this.gap > m;
    spot.unsure2 = spot.unsure || this.gap >= m;
    return spot;
  }

  /**
   * From the start of a line: skips blank and comment lines (recording comment indents in `gap`) and
   * stops at the first content character of the next content line, whose indent goes to `next`.
   */
  private peek(): void {
    const t = this.t;
    let j = this.i;
    this.gap = -1;
    for (;;) {
      if (j >= this.n) {
        this.i = j;
        this.ls = j;
        this.next = EOF;
        return;
      }
      const ls = j;
      while (t.charCodeAt(j) === SPACE) j++;
      const c = t.charCodeAt(j);
      if (c === LF || c === CR || j >= this.n) {
        j = this.skipEol(j);
        continue;
      }
      if (c === HASH) {
        if (j - ls > this.gap) this.gap = j - ls;
        while (j < this.n && !isEol(t.charCodeAt(j))) j++;
        j = this.skipEol(j);
        continue;
      }
      this.i = j;
      this.ls = ls;
      if (j === ls && (c === DASH || c === DOT) && this.isMarker(j)) {
        this.next = MARKER;
        return;
      }
      this.next = j - ls;
      return;
    }
  }

  private isMarker(j: number): boolean {
    const t = this.t;
    const c = t.charCodeAt(j);
    return t.charCodeAt(j + 1) === c && t.charCodeAt(j + 2) === c && isBlank(t.charCodeAt(j + 3));
  }

  /** Past the line break at `j` (CRLF or LF); at EOF stays. */
  private skipEol(j: number): number {
    const t = this.t;
    if (t.charCodeAt(j) === CR) j++;
    if (t.charCodeAt(j) === LF) j++;
    return j;
  }

  /**
   * After a value on a line: spaces, an optional comment (after a space), then the line break. Leaves `i`
   * at the start of the next line and the comment's end in `lineComment`.
   */
  private endLine(): void {
    const t = this.t;
    let j = this.i;
    while (t.charCodeAt(j) === SPACE) j++;
    this.lineComment = -1;
    if (t.charCodeAt(j) === HASH) {
      if (j > this.ls && t.charCodeAt(j - 1) !== SPACE) throw BAIL; // `"x"#y`: not a comment
      while (j < this.n && !isEol(t.charCodeAt(j))) j++;
      let e = j;
      while (e > 0 && t.charCodeAt(e - 1) === SPACE) e--;
      this.lineComment = e;
    }
    if (!isEol(t.charCodeAt(j)) && j < this.n) throw BAIL;
    this.i = this.skipEol(j);
    this.ls = this.i;
  }

  private enter(): void {
    if (++this.depth > MAX_NESTING) throw BAIL;
  }

  /** Whether a mapping entry (`key:` followed by a space or line end) starts at `i`. */
  private keyAhead(): boolean {
    const t = this.t;
    let j = this.i;
    const c = t.charCodeAt(j);
    if (c === LBRACKET || c === LBRACE) return false; // a flow collection (as a key: outside the subset)
    if (c === DQUOTE || c === SQUOTE) {
      j++;
      for (;;) {
        const d = t.charCodeAt(j);
        if (isEol(d) || j >= this.n) return false;
        if (d === c) {
          if (c === SQUOTE && t.charCodeAt(j + 1) === SQUOTE) j += 2;
          else break;
        } else if (d === BACKSLASH && c === DQUOTE) j += 2;
        else j++;
      }
      j++;
      while (t.charCodeAt(j) === SPACE) j++;
      return t.charCodeAt(j) === COLON && isBlank(t.charCodeAt(j + 1));
    }
    for (; j < this.n; j++) {
      const d = t.charCodeAt(j);
      if (d === LF || d === CR) return false;
      if (d === COLON && isBlank(t.charCodeAt(j + 1))) return true;
      if (d === HASH && t.charCodeAt(j - 1) === SPACE) return false;
    }
    return false;
  }

  /** A block mapping whose keys are at column `m`; `i` is at its first key. */
  private blockMap(m: number): Record<string, unknown> {
    this.enter();
    const under = this.lastKey;
    let typed = false;
    const obj: Record<string, unknown> = {};
    const spots = this.withSpots;
    const s = this.i;
    // Spots only with positions: the fast scan allocates no lists beside the mapping itself.
    const keys: string[] = spots ? [] : NO_KEYS;
    const keySpots: Spot[] = spots ? [] : NO_SPOTS;
    const values: Spot[] = spots ? [] : NO_SPOTS;
    let last: Spot | undefined;
    for (;;) {
      const ks = this.i;
      const key = this.key();
      this.lastKey = key;
      const keySpot = spots ? this.spot : undefined;
      if (Object.hasOwn(obj, key)) this.duplicate(key, keys, keySpots, keySpot);
      const v =
        this.matched >= 0 && this.onPath(key)
          ? this.aimed(ks, () => this.value(m, true))
          : this.value(m, true);
      typed = this.note(v, under, typed);
      obj[key] = v;
      if (spots) {
        keys.push(key);
        keySpots.push(keySpot as Spot);
        last = this.spot;
        values.push(last);
      }
      if (this.next !== m) break;
      if (this.c() === DASH && isBlank(this.c(this.i + 1))) throw BAIL;
    }
    if (this.next > m) throw BAIL; // a continuation line or a mis-indented entry
    this.depth--;
    if (spots) {
      const spot = this.closing(s, m, last as Spot);
      spot.keys = keys;
      spot.keySpots = keySpots;
      spot.values = values;
      this.spot = spot;
    }
    return obj;
  }

  private duplicate(name: string, keys: string[], keySpots: Spot[], repeated: Spot | undefined): void {
    const first = this.withSpots ? (keySpots[keys.indexOf(name)] ?? null) : null;
    this.duplicates.push({ name, first, repeated: repeated ?? null });
  }

  /** A block sequence whose dashes are at column `m`; `i` is at its first dash. */
  private blockSeq(m: number): unknown[] {
    this.enter();
    const stack = this.stack;
    const base = stack.length;
    const spots = this.withSpots;
    const s = this.i;
    const items: Spot[] = spots ? [] : NO_SPOTS;
    let last: Spot | undefined;
    for (;;) {
      // at a dash followed by a space or a line break
      this.i++;
      const t = this.t;
      while (t.charCodeAt(this.i) === SPACE) this.i++;
      if (this.matched >= 0 && this.onPath(stack.length - base))
        stack.push(this.aimed(-1, () => this.seqItem(m)));
      else stack.push(this.seqItem(m));
      if (spots) {
        last = this.spot;
        items.push(last);
      }
      if (this.next !== m || this.c() !== DASH || !isBlank(this.c(this.i + 1))) break;
    }
    if (this.next > m) throw BAIL;
    this.depth--;
    if (spots) {
      const spot = this.closing(s, m, last as Spot);
      spot.items = items;
      this.spot = spot;
    }
    return this.take(base);
  }

  /** The items pushed on the stack since `base`, as a list of their own (see `stack`). */
  private take(base: number): unknown[] {
    const stack = this.stack;
    const arr = stack.slice(base);
    stack.length = base;
    return arr;
  }

  /** An item of a block sequence at indent `m`; `i` is after its dash and the spaces after it. */
  private seqItem(m: number): unknown {
    const c = this.c();
    if (!isEol(c) && c !== HASH && this.i < this.n) {
      if (c === DASH && isBlank(this.c(this.i + 1))) throw BAIL; // `- - x`
      return this.keyAhead() ? this.blockMap(this.i - this.ls) : this.inline(m);
    }
    return this.value(m, false, true);
  }

  /**
   * Notes the ScanFacts a mapping's value `v` tells. `under` is the key read before the mapping began,
   * `typed` whether the mapping has shown a number or a boolean already; returns whether it has now.
   */
  private note(v: unknown, under: string, typed: boolean): boolean {
    if (v === null) this.nullField = true;
    else if (!typed && (typeof v === 'number' || typeof v === 'boolean')) {
      this.nonStringMaps.add(under);
      return true;
    }
    return typed;
  }

  /** Whether entry `seg` of the collection being read (entered last) is on the target's path. */
  private onPath(seg: string | number): boolean {
    const d = this.depth - 1;
    if (this.matched !== d || d >= this.target.length) return false;
    const want = this.target[d];
    return typeof seg === 'number' ? want === seg : String(want) === seg;
  }

  /**
   * Reads an entry on the target's path with `read`: the next segment, or, at the end of the path, the
   * node itself with spots (and its key's spot from `keyStart`, -1 for a sequence item).
   */
  private aimed(keyStart: number, read: () => unknown): unknown {
    const d = this.depth - 1;
    // A repeated entry replaces what an earlier one held: the node found under it no longer counts.
    this.found = null;
    if (d + 1 < this.target.length) {
      this.matched = d + 1;
      const v = read();
      this.matched = d;
      return v;
    }
    const key = keyStart >= 0 ? new Spot(keyStart, this.keyEnd, this.keyEnd, 0) : null;
    this.withSpots = true;
    this.matched = -1;
    const v = read();
    this.matched = d;
    this.withSpots = false;
    this.found = [key, this.spot];
    if (this.stopAtFound) throw FOUND;
    return v;
  }

  /**
   * The value after a key's `:` (or a dash, `afterDash`): inline on this line, a nested block on the
   * following lines, or empty. `m` is the indent of the collection the entry belongs to.
   */
  private value(m: number, inMap: boolean, afterDash = false): unknown {
    const t = this.t;
    if (!afterDash) while (t.charCodeAt(this.i) === SPACE) this.i++;
    const c = this.c();
    if (!isEol(c) && c !== HASH && this.i < this.n) return this.inline(m);
    // Nothing on this line: a nested block below, or an empty value here.
    const at = this.i;
    this.endLine();
    const comment = this.lineComment;
    this.peek();
    const nx = this.next;
    if (nx >= 0) {
      const dash = this.c() === DASH && isBlank(this.c(this.i + 1));
      if (nx > m || (inMap && nx === m && dash)) {
        if (dash) return this.blockSeq(nx);
        if (nx > m && this.keyAhead()) return this.blockMap(nx);
        // A scalar or a flow collection on the next line (Helm writes `annotations:` then `{}`, and
        // `type:` then `RollingUpdate`); a line less indented than the block after it is an error.
        if (nx > m) return this.inline(m);
        throw BAIL;
      }
    }
    if (this.withSpots) {
      this.setSpot(at, at, comment >= 0 ? comment : at, 0);
      // What trails an empty value takes in the comment lines after it, whatever their indent.
      this.spot.unsure2 = this.gap >= 0;
    }
    return null;
  }

  /** A value that starts on the current line at `i`; ends with `i` at the next content line (peeked). */
  private inline(m: number): unknown {
    const c = this.c();
    if (c === PIPE || c === GT) return this.blockScalar(m);
    let v: unknown;
    if (c === LBRACKET || c === LBRACE) v = this.flow(m);
    else if (c === DQUOTE || c === SQUOTE) {
      v = this.quoted(m);
      let j = this.i;
      while (this.c(j) === SPACE) j++;
      if (this.c(j) === COLON) throw BAIL; // an entry on a dash line after all, or `a: "b": c`
    } else {
      v = this.plain(false);
      const more = this.continuation(m);
      if (more !== undefined) v = typed(more);
    }
    const spot = this.spot;
    this.endLine();
    if (this.withSpots && this.lineComment >= 0) spot.e2 = this.lineComment;
    this.peek();
    return v;
  }

  /**
   * After the first line of a plain scalar (value of a block at indent `m`), the lines that continue it:
   * the whole scalar's text, folded, or undefined when it ends on its line. Leaves `i` after its last
   * non-space character (and extends the spot).
   */
  private continuation(m: number): string | undefined {
    const t = this.t;
    let j = this.i;
    while (t.charCodeAt(j) === SPACE) j++;
    const c = t.charCodeAt(j);
    if ((c !== LF && c !== CR) || !this.continues(j, m)) return undefined; // a comment, or one line
    let out = t.slice(this.plainStart, this.i);
    for (;;) {
      const [sep, start] = this.fold(j, m);
      const end = this.plainRun(start, false);
      const k = this.stop;
      if (t.charCodeAt(k) === COLON) throw BAIL; // an implicit key on a continuation line
      out += sep + t.slice(start, end);
      this.i = end;
      // A comment ends the scalar; so does a line that does not continue it.
      if (t.charCodeAt(k) === HASH || k >= this.n || !this.continues(k, m)) break;
      j = k;
    }
    if (this.withSpots) this.setSpot(this.plainStart, this.i, this.i, 0);
    return out;
  }

  /** Whether the first non-empty line after the line break at `j` continues a plain scalar of a block at `m`. */
  private continues(j: number, m: number): boolean {
    const t = this.t;
    let k = this.skipEol(j);
    for (;;) {
      const ls = k;
      while (t.charCodeAt(k) === SPACE) k++;
      const d = t.charCodeAt(k);
      if (k >= this.n) return false;
      if (d !== LF && d !== CR) return d !== HASH && k - ls > m;
      k = this.skipEol(k);
    }
  }

  /** A key and its `:`; leaves `i` after the colon and the key's spot in `spot`. */
  private key(): string {
    const c = this.c();
    const s = this.i;
    let key: string;
    if (c === DQUOTE || c === SQUOTE) key = this.quoted();
    else {
      const v = this.plain(false, true);
      if (typeof v !== 'string') throw BAIL; // `1: x`, `true: x`: not a string key
      key = v;
    }
    this.keyEnd = this.i;
    if (key === '<<' || key === '__proto__') throw BAIL; // a merge key; a key that would set the prototype
    while (this.c() === SPACE) this.i++;
    if (this.i - s > MAX_KEY) throw BAIL; // too long for an implicit key
    if (this.c() !== COLON) throw BAIL;
    this.i++;
    if (!isBlank(this.c()) && this.i < this.n) throw BAIL;
    return key;
  }

  /**
   * A plain scalar at `i`, in block or flow context, on one line. Leaves `i` after its last non-space
   * character. As a key (`asKey`), it stops before the `:`; as a value, a `: ` inside is an error.
   */
  private plain(flow: boolean, asKey = false): unknown {
    const t = this.t;
    const s = this.i;
    this.plainStart = s;
    const end = this.plainRun(s, flow);
    if (!asKey && t.charCodeAt(this.stop) === COLON && !flow) throw BAIL; // `a: b: c`
    this.i = end;
    if (this.withSpots) this.setSpot(s, end, end, 0);
    return plainValue(t, s, end);
  }

  /**
   * The plain text that starts at `s` and runs to the end of its line (or, in flow context, of its token):
   * the offset after its last non-space character. Where the scan stopped — a line break, ` #`, `: ` or a
   * flow indicator — goes to `stop`.
   */
  private plainRun(s: number, flow: boolean): number {
    const t = this.t;
    const c = t.charCodeAt(s);
    if (isIndicator(c)) throw BAIL;
    const c1 = t.charCodeAt(s + 1);
    if ((c === DASH || c === 63 || c === COLON) && (isBlank(c1) || (flow && isFlowIndicator(c1)))) throw BAIL;
    let j = s;
    let end = s;
    for (; j < this.n; j++) {
      const d = t.charCodeAt(j);
      if (d === LF || d === CR) break;
      if (d === SPACE) continue;
      if (d === COLON) {
        const e = t.charCodeAt(j + 1);
        if (isBlank(e) || j + 1 >= this.n || (flow && isFlowIndicator(e))) break;
      } else if (d === HASH) {
        if (t.charCodeAt(j - 1) === SPACE) break;
      } else if (d < SPACE || d === 0x7f) throw BAIL;
      else if (flow && isFlowIndicator(d)) break;
      else if (flow && d === 63) throw BAIL; // `?` in a flow collection: kubectl reads a key there
      end = j + 1;
    }
    this.stop = j;
    return end;
  }

  /** A single- or double-quoted scalar on one line; leaves `i` after the closing quote. */
  private quoted(m = NaN): string {
    const t = this.t;
    const s = this.i;
    const q = t.charCodeAt(s);
    let out = '';
    let j = s + 1;
    let from = j;
    for (;;) {
      if (j >= this.n) throw BAIL;
      const d = t.charCodeAt(j);
      if ((d === LF || d === CR) && !Number.isNaN(m)) {
        // A line break inside the quotes folds: trailing and leading spaces go, one break becomes a space,
        // each empty line a newline.
        let e = j;
        while (e > from && t.charCodeAt(e - 1) === SPACE) e--;
        out += t.slice(from, e);
        const [text, next] = this.fold(j, m);
        out += text;
        j = next;
        from = j;
        continue;
      }
      if (d === q) {
        if (q === SQUOTE && t.charCodeAt(j + 1) === SQUOTE) {
          out += t.slice(from, j + 1);
          j += 2;
          from = j;
          continue;
        }
        break;
      }
      if (d < SPACE || d === 0x7f) throw BAIL; // line breaks (multi-line scalars) and control characters
      if (d === BACKSLASH && q === DQUOTE) {
        out += t.slice(from, j);
        const e = t.charCodeAt(j + 1);
        if ((e === LF || e === CR) && !Number.isNaN(m)) {
          // An escaped line break: the break and the next line's indentation go, nothing is inserted.
          const [sep, next] = this.fold(j + 1, m);
          if (sep !== ' ') throw BAIL; // empty lines after it
          j = next;
          from = j;
          continue;
        }
        const [text, len] = this.escape(j + 1);
        out += text;
        j += 1 + len;
        from = j;
        continue;
      }
      j++;
    }
    out += t.slice(from, j);
    this.i = j + 1;
    if (this.withSpots) this.setSpot(s, j + 1, j + 1, 0);
    return out;
  }

  /**
   * The line break at `j` inside a quoted or plain multi-line scalar of a block at indent `m`, and the
   * empty lines and indentation after it: what they fold to, and where the next line's text starts.
   */
  private fold(j: number, m: number): [string, number] {
    const t = this.t;
    let breaks = 0;
    for (;;) {
      j = this.skipEol(j);
      const ls = j;
      while (t.charCodeAt(j) === SPACE) j++;
      const d = t.charCodeAt(j);
      if (j >= this.n) throw BAIL;
      if (d === LF || d === CR) {
        breaks++;
        continue;
      }
      // Continuation lines are indented more than the block; a document marker ends everything.
      if (j - ls <= m || (j === ls && (d === DASH || d === DOT) && this.isMarker(j))) throw BAIL;
      this.ls = ls;
      return [breaks > 0 ? '\n'.repeat(breaks) : ' ', j];
    }
  }

  /** The escape after a backslash at `at`: its text and the number of characters it takes. */
  private escape(at: number): [string, number] {
    const t = this.t;
    const e = t[at];
    switch (e) {
      case '\\':
      case '"':
        return [e, 1];
      case 'n':
        return ['\n', 1];
      case 't':
        return ['\t', 1];
      case 'r':
        return ['\r', 1];
      case '0':
        return ['\0', 1];
      case 'x':
      case 'u':
      case 'U': {
        const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const code = hexValue(t.slice(at + 1, at + 1 + len));
        if (Number.isNaN(code) || code > 0x10ffff) throw BAIL;
        return [String.fromCodePoint(code), 1 + len];
      }
      default:
        throw BAIL;
    }
  }

  /**
   * A flow sequence or mapping inside a block collection at indent `m` (-1 at the top); its lines after the
   * first must be indented more than `m`. Leaves `i` after the closing bracket.
   */
  private flow(m: number): unknown {
    this.enter();
    const t = this.t;
    const s = this.i;
    const seq = t.charCodeAt(s) === LBRACKET;
    const close = seq ? RBRACKET : RBRACE;
    const under = this.lastKey;
    let typed = false;
    const spots = this.withSpots;
    const stack = this.stack;
    const base = stack.length;
    const obj: Record<string, unknown> = {};
    const items: Spot[] = spots ? [] : NO_SPOTS;
    const keys: string[] = spots ? [] : NO_KEYS;
    const keySpots: Spot[] = spots ? [] : NO_SPOTS;
    const values: Spot[] = spots ? [] : NO_SPOTS;
    this.i++;
    this.flowSpace(m);
    // Entries separated by commas; a comma may also follow the last one.
    while (this.c() !== close) {
      if (seq) {
        if (this.matched >= 0 && this.onPath(stack.length - base))
          stack.push(this.aimed(-1, () => this.flowNode(m)));
        else stack.push(this.flowNode(m));
        if (spots) items.push(this.spot);
      } else {
        const c = this.c();
        const ks = this.i;
        const key = c === DQUOTE || c === SQUOTE ? this.quoted() : this.plain(true, true);
        this.keyEnd = this.i;
        if (typeof key === 'string') this.lastKey = key;
        if (typeof key !== 'string' || key === '<<' || key === '__proto__') throw BAIL;
        if (Object.hasOwn(obj, key)) this.duplicate(key, keys, keySpots, this.spot);
        if (spots) keySpots.push(this.spot);
        this.flowSpace(m);
        if (this.c() !== COLON) throw BAIL; // `{a}`: an entry without a value
        this.i++;
        if (!isBlank(this.c()) && c !== DQUOTE && c !== SQUOTE) throw BAIL;
        this.flowSpace(m);
        const n = this.c();
        if (n === COMMA || n === close) throw BAIL; // an empty value
        const v =
          this.matched >= 0 && this.onPath(key) ? this.aimed(ks, () => this.flowNode(m)) : this.flowNode(m);
        typed = this.note(v, under, typed);
        obj[key] = v;
        if (spots) {
          keys.push(key);
          values.push(this.spot);
        }
      }
      this.flowSpace(m);
      if (this.c() === COMMA) {
        this.i++;
        this.flowSpace(m);
      } else if (this.c() !== close) throw BAIL;
    }
    this.i++;
    this.depth--;
    if (spots) {
      const spot = new Spot(s, this.i, this.i, 3);
      if (seq) spot.items = items;
      else {
        spot.keys = keys;
        spot.keySpots = keySpots;
        spot.values = values;
      }
      this.spot = spot;
    }
    return seq ? this.take(base) : obj;
  }

  /**
   * Spaces, line breaks and comments between the tokens of a flow collection inside a block at indent `m`.
   * Leaves `i` at the next token.
   */
  private flowSpace(m: number): void {
    const t = this.t;
    for (;;) {
      while (t.charCodeAt(this.i) === SPACE) this.i++;
      const c = t.charCodeAt(this.i);
      if (this.i >= this.n) throw BAIL; // an unclosed collection
      if (c === HASH) {
        if (this.i > this.ls && t.charCodeAt(this.i - 1) !== SPACE) throw BAIL;
        while (this.i < this.n && !isEol(t.charCodeAt(this.i))) this.i++;
        continue;
      }
      if (c !== LF && c !== CR) return;
      this.i = this.skipEol(this.i);
      this.ls = this.i;
      let j = this.i;
      while (t.charCodeAt(j) === SPACE) j++;
      const d = t.charCodeAt(j);
      if (j - this.ls <= m && !isEol(d) && j < this.n) throw BAIL; // not indented enough (or a comment there)
      if (j === this.ls && (d === DASH || d === DOT) && this.isMarker(j)) throw BAIL; // a document marker
    }
  }

  private flowNode(m: number): unknown {
    const c = this.c();
    if (c === LBRACKET || c === LBRACE) return this.flow(m);
    if (c === DQUOTE || c === SQUOTE) return this.quoted();
    const v = this.plain(true);
    if (this.c() === COLON) throw BAIL; // a single-pair mapping inside a flow sequence
    return v;
  }

  /**
   * A literal (`|`) or folded (`>`) block scalar whose header is at `i`, inside a collection at indent `m`.
   * Ends with `i` at the next content line (peeked).
   */
  private blockScalar(m: number): string {
    const t = this.t;
    const s = this.i;
    const folded = t.charCodeAt(s) === GT;
    let j = s + 1;
    let chomp = 0; // -1 strip, 0 clip, +1 keep
    const h = t.charCodeAt(j);
    if (h === DASH) {
      chomp = -1;
      j++;
    } else if (h === 43) {
      chomp = 1;
      j++;
    }
    if (!isBlank(t.charCodeAt(j)) && j < this.n) throw BAIL; // an indentation indicator, or junk
    this.i = j;
    this.endLine();
    // The content's indent: that of the first non-empty line.
    let k = this.i;
    let indent = -1;
    let leading = 0;
    while (k < this.n) {
      let sp = k;
      while (t.charCodeAt(sp) === SPACE) sp++;
      if (!isEol(t.charCodeAt(sp)) && sp < this.n) {
        indent = sp - k;
        break;
      }
      leading = Math.max(leading, sp - k);
      k = this.skipEol(sp);
    }
    if (indent <= m || leading > indent) throw BAIL; // empty content, or leading spaces deeper than it
    const lines: string[] = [];
    let lastContentEnd = -1; // end of the last non-blank character
    let lastContentLine = -1; // index in `lines` of the last non-blank line
    k = this.i;
    while (k < this.n) {
      let sp = k;
      while (t.charCodeAt(sp) === SPACE && sp - k < indent) sp++;
      let eol = sp;
      while (eol < this.n && !isEol(t.charCodeAt(eol))) eol++;
      const blank = /^ *$/.test(t.slice(sp, eol));
      if (!blank && sp - k < indent) break; // a less indented line ends the scalar
      if (blank && sp - k < indent) {
        lines.push('');
      } else {
        const text = t.slice(sp, eol);
        // Lines of spaces longer than the indent, and (folded) more-indented lines: their rules are not worth it.
        if ((blank && text.length > 0) || (folded && text.charCodeAt(0) === SPACE)) throw BAIL;
        for (let x = 0; x < text.length; x++) if (text.charCodeAt(x) < SPACE) throw BAIL;
        lines.push(text);
        if (!blank) {
          let e = eol;
          while (t.charCodeAt(e - 1) === SPACE) e--;
          lastContentEnd = e;
          lastContentLine = lines.length - 1;
        }
      }
      k = this.skipEol(eol);
      if (eol >= this.n) break;
    }
    if (lastContentLine < 0) throw BAIL;
    this.i = k;
    this.ls = k;
    const body = lines.slice(0, lastContentLine + 1);
    const trailing = lines.length - 1 - lastContentLine;
    let value: string;
    if (folded) {
      value = '';
      let empties = 0;
      for (let x = 0; x < body.length; x++) {
        const line = body[x] as string;
        if (line === '') {
          empties++;
          continue;
        }
        if (x > 0) value += empties > 0 ? '\n'.repeat(empties) : ' ';
        else value += '\n'.repeat(empties);
        empties = 0;
        value += line;
      }
    } else value = body.join('\n');
    if (chomp === 0) value += '\n';
    else if (chomp === 1) value += '\n'.repeat(1 + trailing);
    if (this.withSpots) this.setSpot(s, lastContentEnd, lastContentEnd, 1);
    this.peek();
    return value;
  }
}

/**
 * The offsets [start, end) the reference locator reports for `path` (see `makeDocument` in parse.ts: the
 * same walk, the same choice of key or value), or undefined when the end is not known here.
 */
export function locateSpot(
  root: Spot | null,
  path: ReadonlyArray<string | number>,
  wantKey: boolean,
): [number, number] | undefined {
  let node = root;
  let key: Spot | null = null;
  let complete = true;
  for (const seg of path) {
    const next = node && childSpot(node, seg);
    if (!next) {
      complete = false;
      break;
    }
    [key, node] = next;
  }
  return complete ? rangeOf(key, node, wantKey) : rangeOf(null, key ?? node, false);
}

/** The range to report for a node and its key (null for none): a block collection's starts at its key. */
function rangeOf(key: Spot | null, node: Spot | null, wantKey: boolean): [number, number] | undefined {
  const target = wantKey && key ? key : node;
  const start = (key && node?.kind === 2) || (wantKey && key) ? key : target;
  if (!target || !start) return [0, 0];
  if (target.unsure) return undefined;
  return [start.s, target.e];
}

/**
 * What locateSpot would say of `path` in document `doc` of a text of `count` documents, from one scan that
 * makes spots only for the node at the path, so it costs less than a scan with all spots. Undefined when
 * it cannot say: the path is empty or leads nowhere (its closest ancestor is reported then), the scanner
 * does not read the text, or the spot is unsure. `stop`: the text is known to be read by the scanner, with
 * `count` documents and no repeated key, so the scan may end at the node.
 */
export function locateOne(
  text: string,
  count: number,
  doc: number,
  path: ReadonlyArray<string | number>,
  wantKey: boolean,
  stop = false,
): [number, number] | undefined {
  if (path.length === 0) return undefined;
  const scanner = new Scanner(text, false);
  scanner.aim(doc, path, stop);
  try {
    if (scanner.documents().length !== count || !scanner.found) return undefined;
  } catch (e) {
    if (e !== FOUND) {
      // As in scan: a scanner bug must not fail the run.
      if (e !== BAIL && process.env.K8S_SVC_LINT_SCAN_DEBUG) throw e;
      return undefined;
    }
  }
  const found = scanner.found as [Spot | null, Spot];
  return rangeOf(found[0], found[1], wantKey);
}

/** The spot of the scalar at `path`: null when there is none (not a scalar, or missing), undefined when not known here. */
export function scalarSpot(root: Spot | null, path: ReadonlyArray<string | number>): Spot | null | undefined {
  let node = root;
  for (const seg of path) {
    const next = node && childSpot(node, seg);
    if (!next) return null;
    node = next[1];
  }
  if (!node || node.kind >= 2) return null;
  return node.kind === 0 ? node : undefined;
}

function childSpot(node: Spot, seg: string | number): [Spot | null, Spot] | undefined {
  if (node.items) {
    const item = typeof seg === 'number' ? node.items[seg] : undefined;
    return item && [null, item];
  }
  if (node.keys) {
    // Of repeated keys the last one holds the value, as in the parsed value.
    const i = node.keys.lastIndexOf(String(seg));
    return i < 0 ? undefined : [node.keySpots?.[i] ?? null, node.values?.[i] as Spot];
  }
  return undefined;
}
