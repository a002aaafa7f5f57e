/**
 * The fast path of the parse stage: values with js-yaml and a schema that types plain scalars exactly as
 * the `yaml` package's YAML 1.1 schema does (the same regular expressions, in the same order), and no
 * positions. A document's `locate` re-parses its file with the reference path (`parseSource`) the first
 * time a finding needs a position, so files without findings never pay for positions.
 *
 * Anything the fast path might not read identically goes to the reference path: syntax errors, duplicate
 * keys, aliases, merge keys, tags, directives, complex keys, tabs, template syntax.
 */
import { defineScalarTag, FAILSAFE_SCHEMA, loadAll, NOT_RESOLVED, type Schema } from 'js-yaml';
import type { Document, SourceFile } from '../types.js';
import { type ParseOptions, parseSource } from './parse.js';

/** Texts that must take the reference path. Matching too much costs time, never correctness. */
const NEEDS_REFERENCE =
  // templates, merge keys, tags, directives, complex keys, indented document markers, null or empty keys,
  // tabs, lone CRs, prototype keys, byte order marks inside the text and YAML 1.1's other line breaks
  /[\uFEFF\u0085\u2028\u2029]|\{\{|<<|(?:^|[\s[{,])!|^%|^[ \t-]*\?(?:[ \t]|$)|^[ \t]+(?:---|\.\.\.)(?:\s|$)|(?:^|[\s[{,-])(?:~|null|Null|NULL)?[ \t]*:(?:[ \t]|$)|\t|\r(?!\n)|__proto__/m;

// The `yaml` package's YAML 1.1 scalar types (yaml/dist/schema/yaml-1.1), in its resolution order.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const TRUE = /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const FALSE = /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
const INT_BIN = /^[-+]?0b[0-1_]+$/;
const INT_OCT = /^[-+]?0[0-7_]+$/;
const INT = /^[-+]?[0-9][0-9_]*$/;
const INT_HEX = /^[-+]?0x[0-9a-fA-F_]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/;
const INT_TIME = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/;
const FLOAT_TIME = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/;
const TIMESTAMP =
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\.[0-9]+)?)(?:[ \t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$/;

function intOf(str: string, offset: number, radix: number): number {
  const sign = str[0];
  const skip = sign === '-' || sign === '+' ? offset + 1 : offset;
  const n = Number.parseInt(str.substring(skip).replace(/_/g, ''), radix);
  return sign === '-' ? -1 * n : n;
}

function sexagesimal(str: string): number {
  const sign = str[0];
  const parts = sign === '-' || sign === '+' ? str.substring(1) : str;
  const res = parts
    .replace(/_/g, '')
    .split(':')
    .reduce((r, p) => r * 60 + Number(p), 0);
  return sign === '-' ? -1 * res : res;
}

function timestampOf(m: RegExpMatchArray): Date {
  const [, year, month, day, hour, minute, second] = m.map(Number) as number[];
  const ms = m[7] ? Number(`${m[7]}00`.substr(1, 3)) : 0;
  let date = Date.UTC(
    year as number,
    (month as number) - 1,
    day as number,
    hour || 0,
    minute || 0,
    second || 0,
    ms,
  );
  const tz = m[8];
  if (tz && tz !== 'Z') {
    let d = sexagesimal(tz);
    if (Math.abs(d) < 30) d *= 60;
    date -= 60000 * d;
  }
  return new Date(date);
}

const never = () => false;

const nullTag = defineScalarTag('tag:yaml.org,2002:null', {
  implicit: true,
  resolve: (s) => (NULL.test(s) ? null : NOT_RESOLVED),
  identify: never,
});

const boolTag = defineScalarTag('tag:yaml.org,2002:bool', {
  implicit: true,
  resolve: (s) => (TRUE.test(s) ? true : FALSE.test(s) ? false : NOT_RESOLVED),
  identify: never,
});

const numberTag = defineScalarTag('tag:yaml.org,2002:int', {
  implicit: true,
  implicitFirstChars: [...'0123456789+-.'],
  resolve(s) {
    if (INT_BIN.test(s)) return intOf(s, 2, 2);
    if (INT_OCT.test(s)) return intOf(s, 1, 8);
    if (INT.test(s)) return intOf(s, 0, 10);
    if (INT_HEX.test(s)) return intOf(s, 2, 16);
    if (FLOAT_NAN.test(s))
      return s.slice(-3).toLowerCase() === 'nan'
        ? Number.NaN
        : s[0] === '-'
          ? Number.NEGATIVE_INFINITY
          : Number.POSITIVE_INFINITY;
    if (FLOAT_EXP.test(s) || FLOAT.test(s)) return Number.parseFloat(s.replace(/_/g, ''));
    if (INT_TIME.test(s) || FLOAT_TIME.test(s)) return sexagesimal(s);
    return NOT_RESOLVED;
  },
  identify: never,
});

const timestampTag = defineScalarTag('tag:yaml.org,2002:timestamp', {
  implicit: true,
  implicitFirstChars: [...'0123456789'],
  resolve(s) {
    const m = TIMESTAMP.exec(s);
    return m ? timestampOf(m) : NOT_RESOLVED;
  },
  identify: never,
});

/** YAML 1.1 as the `yaml` package reads it: plain strings, maps, sequences and the implicit scalars. */
export const YAML11 = FAILSAFE_SCHEMA.withTags(nullTag, boolTag, numberTag, timestampTag) as Schema;

/** The plain values of every document in `text`, or undefined when the text must take the reference path. */
export function fastValues(text: string): unknown[] | undefined {
  if (NEEDS_REFERENCE.test(text)) return undefined;
  try {
    // Duplicate keys throw (json: false); aliases throw (maxAliases: 0).
    return loadAll(text, { schema: YAML11, json: false, maxAliases: 0 });
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
  const values = fastValues(text);
  if (!values) return parseSource(path, input, opts);
  return lazySourceFile({ path, text, problems: [] }, input, values, undefined, opts);
}

/**
 * Large runs (read on workers) keep the reference parse of the file located last, and only that one. A
 * file's full `yaml` tree is many times its text: keeping one per located file (or a few recent ones, which
 * then outlive the young generation) made a run with many findings hold several hundred MB of trees or
 * their garbage (50k apps: peak RSS 1,227 MB, 824 MB with one). Rules locate a file's findings together;
 * a file located again later (node-port-conflict alternates between two files) is re-parsed. Small runs
 * (main thread) keep every located file's parse: there a few files are located many times.
 */
let lastKey: object | undefined;
let lastReference: SourceFile | undefined;

function referenceOf(key: object, parse: () => SourceFile): SourceFile {
  if (lastKey !== key || !lastReference) {
    lastReference = undefined;
    lastReference = parse();
    lastKey = key;
  }
  return lastReference;
}

/** A SourceFile without its documents: what a worker sends back, with the documents' values beside it. */
export type SourceData = Omit<SourceFile, 'documents'>;

/**
 * A SourceFile whose documents carry values only; the first `locate` re-parses `input` with the reference
 * path (which gives identical values) and asks its document. `indexes` are the documents' indexes in the
 * file when some were dropped (documents with syntax errors); by default 0, 1, 2…. Without
 * `keepReference`, only the file located last keeps its reference parse (see `referenceOf`).
 */
export function lazySourceFile(
  data: SourceData,
  input: string,
  values: unknown[],
  indexes: number[] | undefined,
  opts: ParseOptions = {},
  keepReference = true,
): SourceFile {
  const key = {};
  let kept: SourceFile | undefined;
  const reference = (): SourceFile => {
    if (!keepReference) return referenceOf(key, () => parseSource(data.path, input, opts));
    kept ??= parseSource(data.path, input, opts);
    return kept;
  };
  const referenceDoc = (index: number): Document | undefined =>
    reference().documents.find((d) => d.index === index);
  const documents = values.map<Document>((value, i) => {
    const index = indexes?.[i] ?? i;
    return {
      index,
      value,
      locate: (p, o) => referenceDoc(index)?.locate(p, o) ?? { line: 1, column: 1, endLine: 1, endColumn: 1 },
      sourceText: (p) => referenceDoc(index)?.sourceText?.(p),
    };
  });
  return { ...data, documents };
}
