/**
 * Shared types of the pipeline: sources → documents → objects → model → findings.
 * Every stage imports from here and from the stage before it only.
 */

export type Severity = 'error' | 'warning';

/** A JSON path into a document's value: map keys and sequence indexes. */
export type Path = ReadonlyArray<string | number>;

/** 1-based line and column; end is exclusive, as in ESLint. */
export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Finding extends Range {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Path of the file as given by the user (or the stdin name). */
  filePath: string;
  /** How to fix it, from the rule's metadata. */
  remediation?: string;
  /** The object and the path inside it that the finding is about (absent for file-level problems). */
  target?: { apiVersion: string; kind: string; namespace: string; name: string; path: Path };
  /** Other places the finding refers to ("previously defined at …"). */
  related?: Array<{ filePath: string; line: number; column: number; message: string }>;
  /** A safe change that resolves the finding: `--fix` applies it, editors offer it first. */
  fix?: Fix;
  /** Changes a person may choose (a did-you-mean, a mapping to add); never applied on their own. */
  suggestions?: Fix[];
}

/**
 * A replacement of the source text between two offsets, as ESLint's fixes give them: UTF-16 code units
 * from the start of the text (after any byte order mark), the end exclusive. An insertion has
 * `range[0] === range[1]`.
 */
export interface TextEdit {
  range: [number, number];
  text: string;
  /** The file to change when it is not the finding's own (a kind config, for a Service's node port). */
  filePath?: string;
}

/** A change that resolves a finding: one or more text edits, applied together or not at all. */
export interface Fix {
  /** What it does, for a person choosing it: `Quote the value: "1.10"`. */
  desc: string;
  edits: TextEdit[];
}

/** A parsed document: plain data as kubectl reads it plus a way to locate a path in the source. */
export interface Document {
  /** 0-based index among the documents of its file. */
  index: number;
  value: unknown;
  /** Source range of the node at `path`, or of the closest existing ancestor. */
  locate(path: Path, opts?: { key?: boolean }): Range;
  /**
   * The source text of the scalar at `path` as written (`1.10`, `yes`, `"80"`), or undefined when the path
   * does not exist or is not a scalar. Values lose this: `version: 1.10` parses to the number 1.1.
   */
  sourceText?(path: Path): string | undefined;
  /** What the scanner saw of the document's file, when it read it: lets rules skip a look of their own. */
  readonly scanned?: Readonly<ScanFacts>;
}

/**
 * Facts the scanner gathers as it reads a file, for all its documents. It never makes a Date or a
 * `__proto__` key, so without a null field a value is as the API server decodes it.
 */
export interface ScanFacts {
  /** Some mapping holds a null (`key:`, `key: null`, `key: ~`). */
  nullField: boolean;
  /** Some mapping repeats a key. */
  duplicates: boolean;
  /**
   * The keys whose mapping value holds a number or a boolean (`replicas: 2` under `spec:` names `spec`). A
   * YAML fact: which keys matter is the reader's business (label-values asks for LABEL_MAP_KEYS). For a
   * mapping that is not the value of a key (a list item, a document) it names the key read last before
   * it, or "": a key too many, never one too few.
   */
  nonStringMaps: ReadonlySet<string>;
}

export interface SourceFile {
  /** Path as the user gave it (relative paths stay relative), or the stdin name. */
  path: string;
  text: string;
  documents: Document[];
  /** Problems found while reading or parsing, already located (yaml-syntax, notices). */
  problems: Finding[];
  /** The file was not linted (template syntax, too large…); the reason is a notice. */
  skipped?: string;
  /** Named with --kind-config: its kind Cluster applies to every Service of the run. */
  kindConfig?: boolean;
}

/** A Kubernetes object found in the input. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  /** API group ("" for core), derived from apiVersion. */
  group: string;
  name: string;
  /** Effective namespace: metadata.namespace or the run's default. */
  namespace: string;
  /**
   * The namespace was written (metadata.namespace, or set by a kustomization), not the run's default: an
   * object without one lands in whatever namespace it is applied to (`kubectl apply -n`).
   */
  explicitNamespace: boolean;
  /** A kustomize patch: part of another object, not an object to lint on its own. */
  partial?: boolean;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: the object is validated by rules, not by the type
  raw: any;
  file: SourceFile;
  doc: Document;
  /** Path of the object inside its document ([] or ['items', i] for a List). */
  path: Path;
}

/** "Kind ns/name" as used in messages. */
export function describe(obj: K8sObject): string {
  return `${obj.kind} "${obj.namespace}/${obj.name}"`;
}
