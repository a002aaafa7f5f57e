/** Reading piped input, shared by the lint command and `explain`. */
import { fstatSync, readFileSync } from 'node:fs';

/** Is stdin a pipe or a redirected file (not a terminal, not closed)? */
export function stdinIsPiped(): boolean {
  try {
    const st = fstatSync(0);
    return st.isFIFO() || st.isFile() || st.isSocket();
  } catch {
    return false;
  }
}

export function readStdin(): string {
  try {
    return readFileSync(0, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EAGAIN' || err.code === 'EOF') return '';
    throw e;
  }
}
