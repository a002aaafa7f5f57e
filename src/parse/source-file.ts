/**
 * The one place a SourceFile is made: read from a text (the reference parse, the fast path), not read at
 * all (a finding, or a notice), or received from another thread in its transfer form. A field added to
 * SourceFile is added here, in the class and in its transfer form, and nowhere else.
 */
import type { Document, Finding, ScanFacts, SourceFile } from '../types.js';

/**
 * A file as it crosses to another thread (structured-clone data): everything but its documents, whose
 * values go beside, with their indexes in the file and what the scanner noted when it read the file.
 */
export interface SourceTransfer {
  path: string;
  text: string;
  problems: Finding[];
  skipped?: string;
  kindConfig?: boolean;
  values: unknown[];
  indexes: number[];
  scanned?: ScanFacts;
}

/** Makes a received file's documents from their values (fast.ts: located lazily, by the reader that read it). */
export type DocumentsOf = (
  file: Source,
  values: unknown[],
  indexes: number[],
  scanned: ScanFacts | undefined,
) => Document[];

export class Source implements SourceFile {
  documents: Document[] = [];
  skipped?: string;
  kindConfig?: boolean;

  constructor(
    readonly path: string,
    readonly text: string,
    readonly problems: Finding[] = [],
  ) {}

  /** A file that could not be read: no text, one error finding at its start. */
  static unread(path: string, ruleId: string, message: string): Source {
    return new Source(path, '', [fileProblem(path, ruleId, message)]);
  }

  /** A file not linted, with the reason, which is a notice (binary found in a walk, template syntax). */
  static skipped(path: string, text: string, reason: string): Source {
    const f = new Source(path, text);
    f.skipped = reason;
    return f;
  }

  /** This file in its transfer form. */
  transfer(): SourceTransfer {
    const { path, text, problems, skipped, kindConfig, documents } = this;
    const t: SourceTransfer = {
      path,
      text,
      problems,
      values: documents.map((d) => d.value),
      indexes: documents.map((d) => d.index),
    };
    if (skipped !== undefined) t.skipped = skipped;
    if (kindConfig !== undefined) t.kindConfig = kindConfig;
    const scanned = documents[0]?.scanned;
    if (scanned) t.scanned = scanned;
    return t;
  }

  /** A file received in its transfer form, its documents made by `documents`. */
  static received(t: SourceTransfer, documents: DocumentsOf): Source {
    const f = new Source(t.path, t.text, t.problems);
    if (t.skipped !== undefined) f.skipped = t.skipped;
    if (t.kindConfig !== undefined) f.kindConfig = t.kindConfig;
    f.documents = documents(f, t.values, t.indexes, t.scanned);
    return f;
  }
}

/** A finding about a whole file, at its start. */
export function fileProblem(path: string, ruleId: string, message: string): Finding {
  return {
    ruleId,
    severity: 'error',
    message,
    filePath: path,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
  };
}
