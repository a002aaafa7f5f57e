/**
 * Reading one input file defensively: never block on a FIFO or device, never read past the size limit,
 * decode text the way kubectl accepts it (UTF-8, or UTF-16 with a byte order mark).
 */
import { Buffer, isAscii } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync } from 'node:fs';

const ERRNO: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file (removed during the run?)',
  ENOTDIR: 'a part of the path is not a folder',
  ELOOP: 'too many symbolic links (a symlink loop?)',
  EISDIR: 'is a folder',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

/** "permission denied (EACCES)": words first, the code for searching. */
export function describeErrno(err: NodeJS.ErrnoException): string {
  const words = err.code ? ERRNO[err.code] : undefined;
  if (words) return `${words} (${err.code})`;
  return err.code ?? err.message;
}

function kindOf(st: import('node:fs').Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

export type ReadResult = { bytes: Buffer } | { tooLarge: number } | { error: string };

/**
 * Opens without blocking (a FIFO named as a manifest must not hang the run), checks on the open descriptor
 * that it is a regular file within the limit (no race between check and read), then reads it.
 * Synchronous on purpose: for many small files it is several times faster than fs/promises (no thread-pool
 * round trip per call), and a run has nothing else to do meanwhile.
 */
export function readRegularFile(path: string, maxFileSize: number): ReadResult {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (!st.isFile()) return { error: `cannot read file: it is ${kindOf(st)}; skipped` };
    if (st.size > maxFileSize) return { tooLarge: st.size };
    const bytes = readAll(fd, st.size);
    // A file without a size (size 0 at stat) read beyond the limit.
    if (bytes.length > maxFileSize) return { tooLarge: bytes.length };
    return { bytes };
  } catch (e) {
    return { error: `cannot read file: ${describeErrno(e as NodeJS.ErrnoException)}` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The bytes of an open regular file of `size` bytes by its stat, as of that stat: one read, where
 * readFileSync(fd) would stat it again and read until an empty read. A size of 0 may be a lie (files under
 * /proc): then it reads until the end.
 */
function readAll(fd: number, size: number): Buffer {
  if (size === 0) return readFileSync(fd);
  const buf = Buffer.allocUnsafe(size);
  let n = 0;
  while (n < size) {
    const r = readSync(fd, buf, n, size - n, null);
    if (r === 0) break;
    n += r;
  }
  return n === size ? buf : buf.subarray(0, n);
}

export interface Decoded {
  text: string;
  /** Decoded from UTF-16 (announced by its byte order mark). */
  utf16?: boolean;
  /** Every byte was ASCII, so every character is (ParseOptions.ascii). */
  ascii?: boolean;
  /** Byte offset and hex value of the first byte that is not valid UTF-8. */
  invalidAt?: number;
  invalidByte?: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Lenient = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * UTF-8 (a BOM is kept for the parser to strip), or UTF-16 LE/BE with a BOM, which YAML allows. Invalid
 * UTF-8 is decoded with U+FFFD replacement characters, and the first bad byte is reported.
 */
export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes), utf16: true };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes), utf16: true };
  }
  // Most manifests are ASCII: checked at memory speed, and copied as they are.
  if (isAscii(bytes)) {
    return {
      text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'),
      ascii: true,
    };
  }
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    const at = firstInvalidUtf8(bytes);
    return {
      text: utf8Lenient.decode(bytes),
      invalidAt: at,
      invalidByte: (bytes[at] ?? 0).toString(16).padStart(2, '0'),
    };
  }
}

/** Offset of the first byte that starts an invalid UTF-8 sequence. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    const n =
      c < 0x80
        ? 0
        : c >= 0xc2 && c <= 0xdf
          ? 1
          : c >= 0xe0 && c <= 0xef
            ? 2
            : c >= 0xf0 && c <= 0xf4
              ? 3
              : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) {
      const cc = b[i + k];
      if (cc === undefined || cc < 0x80 || cc > 0xbf) return i;
    }
    // Overlong three- and four-byte forms, surrogates and code points past U+10FFFF.
    const c1 = b[i + 1] as number;
    if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f)) return i;
    if ((c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return i;
    i += n + 1;
  }
  return b.length;
}
