/**
 * One input file into a SourceFile: read defensively, binary refused, text decoded, then parsed. Kept apart
 * from the walk so that a parse worker loads only this and the parser.
 */
import { resolve } from 'node:path';
import { defaultParser, type ParseFn } from '../parse/fast.js';
import { fileProblem, Source } from '../parse/source-file.js';
import { decodeText, describeErrno, type ReadResult, readRegularFile } from './read.js';

export interface Entry {
  path: string;
  /** The absolute path, when the walk knows it (saves resolving every file's path, twice). */
  abs?: string;
  explicit: boolean;
  /** A folder the walk could not list: reported as a file-read finding on the folder. */
  unreadable?: NodeJS.ErrnoException;
}

export async function readSource(
  entry: Entry,
  cwd: string,
  maxFileSize: number,
  parse: ParseFn = defaultParser(),
): Promise<Source> {
  return readSourceSync(entry, cwd, maxFileSize, parse);
}

/** `readSource` without the promise (reading is synchronous anyway; see readRegularFile). */
export function readSourceSync(
  entry: Entry,
  cwd: string,
  maxFileSize: number,
  parse: ParseFn = defaultParser(),
): Source {
  if (entry.unreadable) return unread(entry, `cannot read folder: ${describeErrno(entry.unreadable)}`);
  return sourceFromRead(
    entry,
    readRegularFile(entry.abs ?? resolve(cwd, entry.path), maxFileSize),
    maxFileSize,
    parse,
  );
}

/** A source from what reading its file gave (here, or on the reading thread: see readahead.ts). */
export function sourceFromRead(
  entry: Pick<Entry, 'path' | 'explicit'>,
  read: ReadResult,
  maxFileSize: number,
  parse: ParseFn = defaultParser(),
): Source {
  if ('error' in read) return unread(entry, read.error);
  if ('tooLarge' in read) {
    return unread(
      entry,
      `file is ${read.tooLarge} bytes, over the limit of ${maxFileSize} (--max-file-size); skipped`,
    );
  }
  return sourceFromBytes(entry, read.bytes, parse);
}

/** A file that could not be read: empty, with one file-read finding. */
function unread(entry: Pick<Entry, 'path'>, message: string): Source {
  return Source.unread(entry.path, 'file-read', message);
}

/** A source from the bytes of a file: binary refused, text decoded, then parsed. */
export function sourceFromBytes(
  entry: Pick<Entry, 'path' | 'explicit'>,
  bytes: Buffer,
  parse: ParseFn = defaultParser(),
): Source {
  const nul = bytes.indexOf(0);
  const decoded = decodeText(bytes);
  if (nul >= 0 && !decoded.utf16) {
    const message = `file is binary (a NUL byte at offset ${nul}); skipped`;
    // Found by walking a folder (an encrypted secret, a stray archive): not an error, but not silent either.
    return entry.explicit ? unread(entry, message) : Source.skipped(entry.path, '', message);
  }
  return withDecodeProblem(
    parse(entry.path, decoded.text, { explicit: entry.explicit, ascii: decoded.ascii }),
    decoded,
  );
}

/** Invalid UTF-8 was read with replacement characters: kubectl rejects such a file, so say where. */
function withDecodeProblem(file: Source, decoded: ReturnType<typeof decodeText>): Source {
  if (decoded.invalidAt === undefined) return file;
  const at = file.text.indexOf('\uFFFD');
  const lines = file.text.slice(0, Math.max(0, at)).split(/\r\n|\r|\n/);
  const line = lines.length;
  const column = (lines[line - 1] ?? '').length + 1;
  file.problems.push({
    ...fileProblem(
      file.path,
      'file-read',
      `invalid UTF-8 (byte 0x${decoded.invalidByte} at offset ${decoded.invalidAt}); read with replacement characters`,
    ),
    line,
    column,
    endLine: line,
    endColumn: column + 1,
  });
  return file;
}
