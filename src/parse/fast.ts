/**
 * The fast path of the parse stage. Values come from the scanner (`scan.ts`) for the block-style YAML
 * manifests are written in, or from js-yaml, with a schema that types plain scalars exactly as the `yaml`
 * package's YAML 1.1 schema does, for the rest. Positions are computed only when a finding asks: the
 * scanner again, with spots, and the reference parse (`parseSource`) where the scanner cannot tell.
 *
 * Anything the fast path might not read identically goes to the reference path: syntax errors, aliases,
 * merge keys, tags, directives, complex keys, tabs, template syntax (see scan.ts and NEEDS_REFERENCE).
 */
import { createRequire } from 'node:module';
import type * as JsYaml from 'js-yaml';
import type { Document, Finding, Path, Range, ScanFacts, SourceFile } from '../types.js';
import { looksLikeManifest, type ParseOptions, parseSource } from './parse.js';
import { LineIndex } from './positions.js';
import {
  locateOne,
  locateSpot,
  type ScannedDocument,
  type Spot,
  scalarSpot,
  scan,
  scanDocuments,
} from './scan.js';
import { NOT_RESOLVED, resolveBool, resolveNull, resolveNumber } from './yaml11.js';

/** Texts that must take the reference path. Matching too much costs time, never correctness. */
const NEEDS_REFERENCE =
  // templates, merge keys, tags, directives, complex keys, indented document markers, null or empty keys,
  // tabs, lone CRs, prototype keys, byte order marks inside the text and YAML 1.1's other line breaks,
  // 32-bit escapes and escaped line breaks (js-yaml reads some differently), document end markers
  /[\uFEFF\u0085\u2028\u2029]|\\U|\\\r?$|^\.\.\.|\{\{|<<|(?:^|[\s[{,])!|^%|^[ \t-]*\?(?:[ \t]|$)|^[ \t]+(?:---|\.\.\.)(?:\s|$)|(?:^|[\s[{,-])(?:~|null|Null|NULL)?[ \t]*:(?:[ \t]|$)|\t|\r(?!\n)|__proto__/m;

let jsYamlSchema: { lib: typeof JsYaml; schema: JsYaml.Schema } | undefined;

/** js-yaml with the YAML 1.1 plain scalars of `yaml11.ts`; loaded only when the scanner gives up on a file. */
function jsYaml(): { lib: typeof JsYaml; schema: JsYaml.Schema } {
  if (jsYamlSchema) return jsYamlSchema;
  const lib = createRequire(import.meta.url)('js-yaml') as typeof JsYaml;
  const never = () => false;
  const not = (v: unknown) => (v === NOT_RESOLVED ? lib.NOT_RESOLVED : v);
  const tag = (name: string, resolve: (s: string) => unknown, first?: string) =>
    lib.defineScalarTag(`tag:yaml.org,2002:${name}`, {
      implicit: true,
      ...(first ? { implicitFirstChars: [...first] } : {}),
      resolve: (s: string) => not(resolve(s)),
      identify: never,
    });
  const schema = lib.FAILSAFE_SCHEMA.withTags(
    tag('null', resolveNull),
    tag('bool', resolveBool),
    tag('int', resolveNumber, '0123456789+-.'),
  ) as JsYaml.Schema;
  jsYamlSchema = { lib, schema };
  return jsYamlSchema;
}

/**
 * What the scanner cannot see for itself: template syntax (the reference skips such files), YAML 1.1's
 * other line breaks and byte order marks inside the text, lone CRs.
 */
function scannerMustNotRead(text: string, ascii: boolean): boolean {
  return (
    text.includes('{{') ||
    (!ascii && /[\uFEFF\u0085\u2028\u2029]/.test(text)) ||
    (text.includes('\r') && /\r(?!\n)/.test(text))
  );
}

interface FastRead {
  values: unknown[];
  /** What the scanner saw; undefined when js-yaml read the text. */
  scanned?: ScanFacts;
}

function fastRead(text: string, ascii = false): FastRead | undefined {
  if (!scannerMustNotRead(text, ascii)) {
    const scanned = scan(text, false);
    if (scanned) return { values: scanned.documents.map((d) => d.value), scanned: scanned.facts };
  }
  const values = jsYamlValues(text);
  return values && { values };
}

/** The plain values of every document in `text`, or undefined when the text must take the reference path. */
export function fastValues(text: string): unknown[] | undefined {
  return fastRead(text)?.values;
}

/** A line long enough to hold an implicit key over 1024 characters, which the reference refuses. */
const LONG_LINE = /[^\n]{1025}/;

function jsYamlValues(text: string): unknown[] | undefined {
  if (NEEDS_REFERENCE.test(text) || LONG_LINE.test(text)) return undefined;
  try {
    const { lib, schema } = jsYaml();
    // Duplicate keys throw (json: false); aliases throw (maxAliases: 0).
    return lib.loadAll(text, { schema, json: false, maxAliases: 0 });
  } catch {
    return undefined;
  }
}

export type ParseFn = (path: string, input: string, opts?: ParseOptions) => SourceFile;

/** `K8S_SVC_LINT_PARSER=full` forces the reference path everywhere (to compare, or to rule the fast path out). */
export function referenceOnly(): boolean {
  return process.env.K8S_SVC_LINT_PARSER === 'full';
}

/** The parser a run uses: the fast path unless the reference path is forced. */
export function defaultParser(): ParseFn {
  return referenceOnly() ? parseSource : parseSourceFast;
}

/**
 * Parses like `parseSource`, with the same result, but computes positions only when asked. Values that
 * `fastValues` cannot produce come from `parseSource` itself.
 */
export function parseSourceFast(path: string, input: string, opts: ParseOptions = {}): SourceFile {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const read = fastRead(text, opts.ascii === true);
  if (!read) {
    const parsed = parseSource(path, input, opts);
    return opts.lean ? leanSourceFile(parsed, opts.explicit === true) : parsed;
  }
  const problems =
    read.scanned?.duplicates && (opts.explicit || looksLikeManifest(text)) ? duplicateKeys(path, text) : [];
  const data = { path, text, problems };
  // Lean: as leanSourceFile would make it from the file below, without making that file first.
  return opts.lean
    ? lazySourceFile(
        data,
        text,
        read.values,
        undefined,
        { explicit: opts.explicit === true },
        false,
        read.scanned,
      )
    : lazySourceFile(data, input, read.values, undefined, opts, true, read.scanned);
}

/**
 * A file as large runs keep it, whichever thread read it: its documents' values, located lazily, and what
 * locating computes kept only while it is the file located last (lazySourceFile). A reference parse's
 * documents are dropped (their `yaml` trees are many times the text) and made again if asked.
 */
export function leanSourceFile(f: SourceFile, explicit: boolean): SourceFile {
  const { documents, ...data } = f;
  const values = documents.map((d) => d.value);
  const indexes = documents.map((d) => d.index);
  return lazySourceFile(data, data.text, values, indexes, { explicit }, false, documents[0]?.scanned);
}

/**
 * The duplicate-key findings of a text the scanner reads, as `parseSource` reports them: from the reference
 * parse, which knows the values and the map each key is in (few files repeat a key).
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
 * outlive the young generation) made a run with many findings hold several hundred MB of trees or their
 * garbage (50k apps: peak RSS 1,227 MB, 824 MB with one). Rules locate a file's findings together; a file
 * located again later (node-port-conflict alternates between two files) is scanned again. Small runs (main
 * thread) keep every located file's: there a few files are located many times.
 */
let lastKey: LazyFile | undefined;
let lastLocated: Located | undefined;

/** A SourceFile without its documents: what a worker sends back, with the documents' values beside it. */
export type SourceData = Omit<SourceFile, 'documents'>;

/**
 * A SourceFile whose documents carry values only. The first `locate` scans the text again with spots
 * (cheap) and answers from them; where the scanner cannot tell, it re-parses `input` with the reference
 * path (which gives identical values) and asks its document. `indexes` are the documents' indexes in the
 * file when some were dropped (documents with syntax errors); by default 0, 1, 2…. Without
 * `keepLocated`, only the file located last keeps what locating it computed. `scanned`: what the scanner
 * saw of the text, when it read it.
 */
export function lazySourceFile(
  data: SourceData,
  input: string,
  values: unknown[],
  indexes: number[] | undefined,
  opts: ParseOptions = {},
  keepLocated = true,
  scanned?: ScanFacts,
): SourceFile {
  const lazy = new LazyFile(data, input, values, indexes, opts, keepLocated, scanned);
  const documents: Document[] = new Array(values.length);
  for (let i = 0; i < values.length; i++)
    documents[i] = new LazyDocument(lazy, i, indexes?.[i] ?? i, values[i]);
  // Not `{ ...data, documents }`: spreading costs more than the rest of this function (18k files: 50 ms).
  const file: SourceFile = { path: data.path, text: data.text, problems: data.problems, documents };
  if (data.skipped !== undefined) file.skipped = data.skipped;
  if (data.kindConfig !== undefined) file.kindConfig = data.kindConfig;
  return file;
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
    readonly data: SourceData,
    private readonly input: string,
    private readonly values: unknown[],
    private readonly indexes: number[] | undefined,
    private readonly opts: ParseOptions,
    private readonly keepLocated: boolean,
    readonly scanned: ScanFacts | undefined,
  ) {}

  /** No document was dropped (for syntax errors): only then may the scanner's documents stand for them. */
  private complete(): boolean {
    return !this.indexes || this.indexes.every((x, i) => x === i);
  }

  private compute(): Located {
    const { values, data } = this;
    const scanned: ScannedDocument[] | undefined = this.complete()
      ? scanDocuments(data.text, true)
      : undefined;
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
    l.reference ??= parseSource(this.data.path, this.input, this.opts);
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
