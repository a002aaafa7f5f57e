/**
 * What kubectl does with a file's text before any YAML is read, and the other checks every read path makes
 * over the whole text. Each is one linear pass (test/gates.test.ts counts the work on long runs of every
 * kind of character): a pull request must not be able to stall the linter.
 *
 * kubectl (k8s.io/apimachinery's YAML reader) reads a file whose first character that is not white space
 * is `{` as a stream of JSON values. Anything else it cuts into sections at the lines that begin with `---`
 * (lines end at a line feed, and nothing but a comment may follow the dashes), and reads each section with
 * go-yaml v2, which takes the first document of its section only: a document after `...` in the same
 * section, or after a `---` that a lone carriage return ends, is never read.
 */

const BOM = 0xfeff;

/** The text without the byte order mark it may start with (kubectl drops it too). */
export function withoutBom(input: string): string {
  return input.charCodeAt(0) === BOM ? input.slice(1) : input;
}

/** Go's `unicode.IsSpace`, which kubectl's readers use to trim. */
function isGoSpace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Whether kubectl reads the text as JSON: its first character that is not white space is `{`. */
export function isJsonText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isGoSpace(c)) return c === 123;
  }
  return false;
}

/** One section of a YAML text, as kubectl cuts it: from its `---` line (or the start) to the next. */
export interface Section {
  /** Offset of the section: its `---` line, or 0 for the part before the first one. */
  start: number;
  /** Offset after its last line. */
  end: number;
  /** Offset after the `---` line's line break (the section's first document starts there), or -1. */
  body: number;
  /** A `---` line followed by more than a comment: kubectl refuses the file; this is what follows. */
  invalid?: { at: number; text: string };
}

/**
 * The sections of a YAML text. A line that begins with `---` separates them (kubectl drops a section of
 * blank lines between two such lines; here it is an empty document, as YAML has it, which is not an
 * object either).
 */
export function sections(text: string): Section[] {
  const out: Section[] = [];
  const n = text.length;
  let current: Section = { start: 0, end: n, body: -1 };
  for (let s = 0; s < n; ) {
    const lf = text.indexOf('\n', s);
    const next = lf < 0 ? n : lf + 1;
    if (text.charCodeAt(s) === 45 && text.startsWith('---', s)) {
      current.end = s;
      out.push(current);
      current = { start: s, end: n, body: next };
      // What follows the dashes, without the white space around it: nothing or a comment.
      let a = s + 3;
      let b = lf < 0 ? n : lf;
      while (a < b && isGoSpace(text.charCodeAt(a))) a++;
      while (b > a && isGoSpace(text.charCodeAt(b - 1))) b--;
      if (a < b && text.charCodeAt(a) !== 35)
        current.invalid = { at: a, text: text.slice(a, Math.min(b, a + 40)) };
    }
    s = next;
  }
  out.push(current);
  // The part before the first `---` line is a section only when it holds something.
  return out[0] && out[0].end === 0 ? out.slice(1) : out;
}

/**
 * What the `yaml` package must read for a section so that it reads as go-yaml v2 does, at the same offsets:
 * the lone carriage returns and YAML 1.1's other line breaks (U+0085, U+2028, U+2029) become line feeds;
 * a `---` line glued to what follows (`---#x` is a separator for kubectl, not a YAML marker) loses it; and a
 * byte order mark at the start of the section's first line (files concatenated together) is moved into the
 * `---` line as a space, which keeps every later offset.
 */
export function yamlView(text: string, section: Section): string {
  let view = text.slice(section.start, section.end);
  if (/[\r\u0085\u2028\u2029]/.test(view)) view = view.replace(/\r\n|[\r\u0085\u2028\u2029]/g, lineFeed);
  if (section.body < 0) return view;
  const lineEnd = section.body - section.start;
  const breakAt =
    view.charCodeAt(lineEnd - 2) === 13
      ? lineEnd - 2
      : view.charCodeAt(lineEnd - 1) === 10
        ? lineEnd - 1
        : lineEnd;
  const c = view.charCodeAt(3);
  if (!(c === 32 || c === 9 || c === 10 || c === 13 || Number.isNaN(c)))
    view = `---${' '.repeat(Math.max(0, breakAt - 3))}${view.slice(breakAt)}`;
  if (view.charCodeAt(lineEnd) !== BOM) return view;
  return `${view.slice(0, breakAt)} ${view.slice(breakAt, lineEnd)}${view.slice(lineEnd + 1)}`;
}

/** A line break as the `yaml` package reads it: CRLF as it is, any other as a line feed. */
const lineFeed = (m: string) => (m.length === 2 ? m : '\n');

/**
 * Whether the scanner may read the text as it is: it reads YAML as one stream of documents, which is
 * kubectl's reading only when every line break is a line feed (a lone CR, or YAML 1.1's U+0085, U+2028 and
 * U+2029, would join sections kubectl cuts), no byte order mark is left inside the text, and every line
 * that begins with `---` is a YAML document marker too. `ascii`: every character is ASCII.
 */
export function scannerMayRead(text: string, ascii: boolean): boolean {
  if (!ascii && /[\uFEFF\u0085\u2028\u2029]/.test(text)) return false;
  for (let cr = text.indexOf('\r'); cr >= 0; cr = text.indexOf('\r', cr + 1))
    if (text.charCodeAt(cr + 1) !== 10) return false;
  for (
    let at = text.startsWith('---') ? 0 : text.indexOf('\n---');
    at >= 0;
    at = text.indexOf('\n---', at + 1)
  ) {
    const c = text.charCodeAt(at === 0 && text.startsWith('---') ? 3 : at + 4);
    if (!(Number.isNaN(c) || c === 32 || c === 10 || c === 13)) return false;
  }
  return true;
}

/**
 * The 1-based line of the first template syntax (`{{`) that is YAML structure: where a flow mapping would
 * start, outside comments, quoted strings and block scalars, and not inside a plain scalar's text. Such a
 * file is a template, not a manifest. Undefined when there is none.
 */
export function templateLine(text: string): number | undefined {
  if (!text.includes('{{')) return undefined;
  return new TemplateScan(text).run();
}

/** No block or plain scalar continues below. */
const NONE = -2;
const SP = 32;
const TAB = 9;
const LF = 10;
const CR = 13;

function isFlowChar(c: number): boolean {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
}

function blankAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return Number.isNaN(c) || c === SP || c === TAB || c === LF || c === CR;
}

/**
 * A pass over the characters that follows YAML's contexts as far as template syntax needs: comments,
 * quoted scalars (over several lines too), block scalars (by indentation), plain scalars (and the more
 * indented lines that continue them), flow collections, document markers.
 */
class TemplateScan {
  private i = 0;
  private line = 1;
  private lineStart = 0;
  private flow = 0;
  /** Inside a quoted scalar: its quote. */
  private quote = 0;
  /** Inside a plain scalar. */
  private plain = false;
  /** On this line (block context): a `: ` was seen; the column of its key and of its last `- ` (-1: none). */
  private sawColon = false;
  private keyCol = -1;
  private dashCol = -1;
  /** Lines indented more than this belong to the block scalar above, or continue the plain scalar above. */
  private block = NONE;
  private continuation = NONE;

  constructor(private readonly t: string) {}

  run(): number | undefined {
    const t = this.t;
    const n = t.length;
    while (this.i < n) {
      this.lineStart = this.i;
      let indent = 0;
      while (t.charCodeAt(this.i + indent) === SP) indent++;
      const c0 = t.charCodeAt(this.i + indent);
      const empty = c0 === LF || c0 === CR || this.i + indent >= n;
      if (indent === 0 && this.quote === 0 && this.isMarker()) {
        this.flow = 0;
        this.plain = false;
        this.block = NONE;
        this.continuation = NONE;
        this.skipLine();
        continue;
      }
      if (this.block !== NONE) {
        if (empty || indent > this.block) {
          this.skipLine();
          continue;
        }
        this.block = NONE;
      }
      this.sawColon = false;
      this.keyCol = -1;
      this.dashCol = -1;
      if (this.quote === 0 && this.flow === 0 && !empty) {
        this.plain = this.continuation !== NONE && indent > this.continuation && c0 !== 35;
        this.continuation = NONE;
      }
      this.i += indent;
      if (this.lineRest()) return this.line;
    }
    return undefined;
  }

  private isMarker(): boolean {
    const t = this.t;
    return (t.startsWith('---', this.i) || t.startsWith('...', this.i)) && blankAt(t, this.i + 3);
  }

  private toLineEnd(): void {
    const t = this.t;
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i);
      if (c === LF || c === CR) return;
      this.i++;
    }
  }

  private skipLine(): void {
    this.toLineEnd();
    this.endLine();
  }

  private endLine(): void {
    const t = this.t;
    if (t.charCodeAt(this.i) === CR) this.i++;
    if (t.charCodeAt(this.i) === LF) this.i++;
    this.line++;
  }

  /** The rest of a line from `i`; true when template syntax is found. */
  private lineRest(): boolean {
    const t = this.t;
    const n = t.length;
    let block = NONE;
    for (; this.i < n; this.i++) {
      const c = t.charCodeAt(this.i);
      if (c === LF || c === CR) break;
      if (this.quote) {
        if (c === this.quote) {
          if (c === 39 && t.charCodeAt(this.i + 1) === 39) this.i++;
          else this.quote = 0;
        } else if (c === 92 && this.quote === 34) {
          const d = t.charCodeAt(this.i + 1);
          if (d !== LF && d !== CR) this.i++;
        }
        continue;
      }
      if (c === 35 && (this.i === this.lineStart || blankAt(t, this.i - 1))) {
        this.toLineEnd();
        break;
      }
      const next = t.charCodeAt(this.i + 1);
      if (this.plain) {
        // A plain scalar ends at `: `, and in a flow collection at its indicators.
        if (c === 58 && (blankAt(t, this.i + 1) || (this.flow > 0 && isFlowChar(next)))) {
          this.plain = false;
          if (this.flow === 0) this.sawColon = true;
          continue;
        }
        if (!(this.flow > 0 && isFlowChar(c))) continue;
        this.plain = false;
      }
      if (c === SP || c === TAB) continue;
      if (c === 123 || c === 91) {
        if (c === 123 && next === 123) return true;
        this.flow++;
      } else if (c === 125 || c === 93) {
        if (this.flow > 0) this.flow--;
      } else if (c === 44 && this.flow > 0) {
        // the next entry
      } else if (
        (c === 45 || c === 63 || c === 58) &&
        (blankAt(t, this.i + 1) || (this.flow > 0 && c !== 45 && isFlowChar(next)))
      ) {
        if (this.flow === 0) {
          if (c === 45) {
            this.dashCol = this.i - this.lineStart;
            this.keyCol = -1;
            this.sawColon = false;
          } else if (c === 58) this.sawColon = true;
        }
      } else if ((c === 124 || c === 62) && this.flow === 0) {
        // A block scalar: its lines are those indented more than its key (or its dash).
        block = this.sawColon ? this.keyCol : this.dashCol >= 0 ? this.dashCol : -1;
        this.toLineEnd();
        break;
      } else if (c === 38 || c === 33) {
        // An anchor or a tag; a node may follow it.
        while (
          this.i + 1 < n &&
          !blankAt(t, this.i + 1) &&
          !(this.flow > 0 && isFlowChar(t.charCodeAt(this.i + 1)))
        )
          this.i++;
      } else {
        // A quoted or a plain scalar, or an alias; in block context before a `: `, the line's key.
        if (this.flow === 0 && !this.sawColon && this.keyCol < 0) this.keyCol = this.i - this.lineStart;
        if (c === 34 || c === 39) this.quote = c;
        else this.plain = true;
      }
    }
    if (this.plain && this.flow === 0) {
      this.continuation = this.sawColon ? this.keyCol : this.dashCol >= 0 ? this.dashCol : NONE;
      this.plain = false;
    }
    this.block = block;
    this.endLine();
    return false;
  }
}
