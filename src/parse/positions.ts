import type { Range } from '../types.js';

/** Maps string offsets to 1-based line/column. Columns count UTF-16 code units, as ESLint does. */
export class LineIndex {
  private starts: number[] | undefined;
  constructor(readonly text: string) {}

  private lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0];
      const t = this.text;
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13 && t.charCodeAt(i + 1) !== 10) starts.push(i + 1);
      }
      this.starts = starts;
    }
    return this.starts;
  }

  position(offset: number): { line: number; column: number } {
    const starts = this.lineStarts();
    let off = Math.max(0, Math.min(offset, this.text.length));
    // Between the CR and the LF of a CRLF is still the end of the line, not a column past it.
    if (off > 0 && this.text.charCodeAt(off) === 10 && this.text.charCodeAt(off - 1) === 13) off--;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= off) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: off - (starts[lo] ?? 0) + 1 };
  }

  range(start: number, end: number): Range {
    const a = this.position(start);
    const b = this.position(Math.max(start, end));
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  /** `end` moved back over trailing whitespace (block nodes' ranges include it), but not to `start`. */
  trimEnd(start: number, end: number): number {
    let e = end;
    while (e > start + 1 && /\s/.test(this.text[e - 1] ?? '')) e--;
    return e;
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const starts = this.lineStarts();
    const s = starts[line - 1];
    if (s === undefined) return '';
    const e = starts[line] ?? this.text.length;
    return this.text.slice(s, e).replace(/\r?\n$|\r$/, '');
  }

  get lineCount(): number {
    return this.lineStarts().length;
  }
}
