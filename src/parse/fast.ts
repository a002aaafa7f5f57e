/**
 * The fast path of the parse stage. The scanner (`scan.ts`) reads the block-style YAML manifests are written
 * in, several times faster than the reference parse (`parseSource`), with the same values; positions are
 * computed only when a finding asks, from the scanner's spots, and from the reference parse where the
 * scanner cannot tell where a node ends. Whatever the scanner does not read goes to the reference parse,
 * which then reads and locates it: see `scannerRead`, the one place that decides.
 */
import type { Document, Finding, Path, Range, ScanFacts, SourceFile } from '../types.js';
import { jsonValues, looksLikeManifest, type ParseOptions, parseSource } from './parse.js';
import { LineIndex } from './positions.js';
import {
  locateOne,
  locateSpot,
  type Scanned,
  type ScannedDocument,
  type Spot,
  scalarSpot,
  scan,
  scanDocuments,
} from './scan.js';
import { type DocumentsOf, Source } from './source-file.js';
import { isJsonText, scannerMayRead, templateLine, withoutBom } from './text.js';

/**
 * Which reader reads a text (without its byte order mark), and so locates its findings: the one decision
 * that every path makes, for small runs, large runs and parse workers alike. The scanner, when kubectl's
 * reading of the text is one YAML stream the scanner can follow (`scannerMayRead`: no line break but line
 * feeds, no byte order mark left, every `---` line a document marker), there is no template syntax (the
 * file is skipped), a JSON text is one JSON value that Go's decoder reads, and the scanner reads every
 * document itself. Then its result; otherwise undefined, and the reference parse reads the text and
 * locates in it (a file it read carries no ScanFacts, which is how the locator knows).
 */
export function scannerRead(text: string, ascii: boolean): Scanned | undefined {
  if (!scannerMayRead(text, ascii) || templateLine(text) !== undefined) return undefined;
  if (isJsonText(text)) {
    // The scanner reads JSON as YAML, which accepts more (comments, trailing commas): JSON decides first.
    const json = jsonValues(text);
    if (json.error || json.values.length !== 1 || json.values[0]?.bad) return undefined;
  }
  return scan(text, false);
}

/** The scanner's values of every document of `text`, or undefined when the reference parse reads the text. */
export function fastValues(text: string): unknown[] | undefined {
  return scannerRead(text, false)?.documents.map((d) => d.value);
}

export type ParseFn = (path: string, input: string, opts?: ParseOptions) => Source;

/** `K8S_SVC_LINT_PARSER=full` forces the reference path everywhere (to compare, or to rule the fast path out). */
export function referenceOnly(): boolean {
  return process.env.K8S_SVC_LINT_PARSER === 'full';
}

/** The parser a run uses: the fast path unless the reference path is forced. */
export function defaultParser(): ParseFn {
  return referenceOnly() ? parseSource : parseSourceFast;
}

/**
 * Parses like `parseSource`, with the same result, but computes positions only when asked. Texts the
 * scanner does not read (see `scannerRead`) are parsed by `parseSource` itself.
 */
export function parseSourceFast(path: string, input: string, opts: ParseOptions = {}): Source {
  const text = withoutBom(input);
  const explicit = opts.explicit === true;
  const scanned = scannerRead(text, opts.ascii === true);
  if (!scanned) {
    const parsed = parseSource(path, input, opts);
    return opts.lean ? leanSource(parsed, explicit) : parsed;
  }
  const values = scanned.documents.map((d) => d.value);
  const problems =
    scanned.facts.duplicates && (explicit || looksLikeManifest(text)) ? duplicateKeys(path, text) : [];
  const file = new Source(path, text, problems);
  file.documents = lazyDocuments(file, values, undefined, explicit, !opts.lean, scanned.facts);
  return file;
}

/**
 * A file as large runs keep it, whichever thread read it: its documents' values, located lazily, and what
 * locating computes kept only while it is the file located last (lazyDocuments). A reference parse's
 * documents are dropped (their `yaml` trees are many times the text) and made again if asked.
 */
export function leanSource(f: Source, explicit: boolean): Source {
  const { documents } = f;
  const values = documents.map((d) => d.value);
  const indexes = documents.map((d) => d.index);
  f.documents = lazyDocuments(f, values, indexes, explicit, false, documents[0]?.scanned);
  return f;
}

/** The documents of a file received from another thread (Source.received), as large runs keep them. */
export function receivedDocuments(explicit: boolean): DocumentsOf {
  return (file, values, indexes, scanned) => lazyDocuments(file, values, indexes, explicit, false, scanned);
}

/**
 * The duplicate-key findings of a text the scanner reads, as `parseSource` reports them: from the reference
 * parse, which knows the values and the mapping each key is in (few files repeat a key).
 */
function duplicateKeys(path: string, text: string): Finding[] {
  return parseSource(path, text, { explicit: true }).problems.filter((p) => p.ruleId === 'duplicate-key');
}

/** What locating a file needs, computed on its first finding. */
interface Located {
  lines: LineIndex;
  /** The scanner's spots per document, or undefined where the scanner cannot read the file. */
  spots: Array<Spot | null> | undefined;
  reference?: SourceFile;
}

/**
 * Large runs (read on workers) keep what locating one file needs for the file located last only. A file's
 * full `yaml` tree is many times its text: keeping one per located file (or a few recent ones, which then
 * outlive the young generation) makes a run with many findings hold its trees or their garbage, most of
 * its peak memory (docs/performance.md, "Memory: one located file at a time"). Rules locate a file's
 * findings together; a file located again later (node-port-conflict alternates between two files) is
 * scanned again. Small runs (main thread) keep every located file's: there a few files are located many
 * times.
 */
let lastKey: LazyFile | undefined;
let lastLocated: Located | undefined;

/**
 * Documents that carry values only. The first `locate` scans the text again with spots (cheap) and answers
 * from them; where the scanner cannot tell, it re-parses the text with the reference path (which gives
 * identical values) and asks its document. Only a text the scanner read (`scanned`: what it noted) is
 * located by the scanner. `indexes` are the documents' indexes in the file when some were dropped
 * (documents with syntax errors); by default 0, 1, 2…. Without `keepLocated`, only the file located last
 * keeps what locating it computed.
 */
function lazyDocuments(
  file: Source,
  values: unknown[],
  indexes: number[] | undefined,
  explicit: boolean,
  keepLocated: boolean,
  scanned: ScanFacts | undefined,
): Document[] {
  const lazy = new LazyFile(file, values, indexes, explicit, keepLocated, scanned);
  const documents: Document[] = new Array(values.length);
  for (let i = 0; i < values.length; i++)
    documents[i] = new LazyDocument(lazy, i, indexes?.[i] ?? i, values[i]);
  return documents;
}

/**
 * What a lazily located file shares between its documents. Classes, not closures: a large run makes one
 * per file and one per document, and their methods are then shared instead of allocated each time.
 */
class LazyFile {
  private kept: Located | undefined;
  /** The file's first place was located on its own (locateOne). */
  private aimed = false;

  constructor(
    readonly data: Source,
    private readonly values: unknown[],
    private readonly indexes: number[] | undefined,
    private readonly explicit: boolean,
    private readonly keepLocated: boolean,
    readonly scanned: ScanFacts | undefined,
  ) {}

  /** No document was dropped (for syntax errors): only then may the scanner's documents stand for them. */
  private complete(): boolean {
    return !this.indexes || this.indexes.every((x, i) => x === i);
  }

  private compute(): Located {
    const { values, data } = this;
    // Only a text the scanner read (it noted its facts) is located by the scanner: see scannerRead.
    const scanned: ScannedDocument[] | undefined =
      this.scanned && this.complete() ? scanDocuments(data.text, true) : undefined;
    const spots = scanned && scanned.length === values.length ? scanned.map((d) => d.spot) : undefined;
    return { lines: new LineIndex(data.text), spots };
  }

  /**
   * The first place asked of a file is located by a scan that makes spots for that place only (locateOne):
   * most files with a finding have one. From the second on, the file is scanned once with all spots, which
   * answer every later place. Undefined: ask located().
   */
  locateFirst(at: number, p: Path, key: boolean): Range | undefined {
    // Only texts the scanner read: it would give up on the others again.
    const { values, data, scanned } = this;
    if (this.aimed || this.kept || lastKey === this || !scanned) return undefined;
    this.aimed = true;
    if (!this.complete()) return undefined;
    // Without repeated keys, the first node met at the path is the one: the scan can stop there.
    const found = locateOne(data.text, values.length, at, p, key, !scanned.duplicates);
    if (!found) return undefined;
    const lines = new LineIndex(data.text);
    return lines.range(found[0], lines.trimEnd(found[0], found[1]));
  }

  located(): Located {
    if (this.keepLocated) {
      this.kept ??= this.compute();
      return this.kept;
    }
    if (lastKey !== this || !lastLocated) {
      lastLocated = undefined;
      lastLocated = this.compute();
      lastKey = this;
    }
    return lastLocated;
  }

  referenceDoc(index: number): Document | undefined {
    const l = this.located();
    l.reference ??= parseSource(this.data.path, this.data.text, { explicit: this.explicit });
    return l.reference.documents.find((d) => d.index === index);
  }
}

class LazyDocument implements Document {
  constructor(
    private readonly file: LazyFile,
    /** The document's place among the values the scanner read. */
    private readonly at: number,
    readonly index: number,
    readonly value: unknown,
  ) {}

  get scanned(): ScanFacts | undefined {
    return this.file.scanned;
  }

  locate(p: Path, o?: { key?: boolean }): Range {
    const first = this.file.locateFirst(this.at, p, o?.key === true);
    if (first) return first;
    const l = this.file.located();
    const spot = l.spots?.[this.at];
    const at = spot !== undefined ? locateSpot(spot, p, o?.key === true) : undefined;
    if (at) return l.lines.range(at[0], l.lines.trimEnd(at[0], at[1]));
    return (
      this.file.referenceDoc(this.index)?.locate(p, o) ?? { line: 1, column: 1, endLine: 1, endColumn: 1 }
    );
  }

  sourceText(p: Path): string | undefined {
    const l = this.file.located();
    const spot = l.spots?.[this.at];
    const scalar = spot !== undefined ? scalarSpot(spot, p) : undefined;
    if (scalar) return this.file.data.text.slice(scalar.s, scalar.e);
    if (scalar === null) return undefined;
    return this.file.referenceDoc(this.index)?.sourceText?.(p);
  }
}
