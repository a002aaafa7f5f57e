/** Edit distance and "did you mean" suggestions. */

/** Rows of the distance table, reused from call to call (hints compare one word with many candidates). */
let rows = [new Int32Array(32), new Int32Array(32), new Int32Array(32)];

/** Optimal-string-alignment distance: Levenshtein where swapping two neighbours ("ngnix") costs 1. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  if ((rows[0] as Int32Array).length <= b.length) rows = rows.map(() => new Int32Array(2 * (b.length + 1)));
  // Row i - 2, row i - 1 and row i of the table, rotated as i grows.
  let [prev2, prev, cur] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb)
        d = Math.min(d, (prev2[j - 2] as number) + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[b.length] as number;
}

/** The closest candidate within a distance that grows with the word's length, or undefined. */
export function closest(
  word: string,
  candidates: Iterable<string>,
  maxDistance?: number,
): string | undefined {
  const limit = maxDistance ?? Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  const lw = word.toLowerCase();
  for (const c of candidates) {
    if (c === word) continue;
    const d = c.toLowerCase() === lw ? 0.5 : levenshtein(lw, c.toLowerCase());
    if (d < bestD || (d === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = d;
    }
  }
  return bestD <= limit ? best : undefined;
}

/** `"a", "b", "c"` — sorted, quoted, at most `max` shown. */
export function quoteList(items: Iterable<string>, max = 6): string {
  const sorted = [...new Set(items)].sort();
  const shown = sorted.slice(0, max).map((s) => JSON.stringify(s));
  if (sorted.length > max) shown.push(`… ${sorted.length - max} more`);
  return shown.join(', ');
}

/** Two strings of one length that differ only by two neighbours swapped ("wbe", "web"). */
function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  return (
    diff.length === 2 && diff[1] === (diff[0] as number) + 1 && a[diff[0] as number] === b[diff[1] as number]
  );
}

/**
 * Is `word` most likely a mistyped `candidate`? Stricter than `closest`, which only ranks hints: this is
 * evidence that a reference is wrong. Case differences and one edit count (two in long words, only a swap
 * in short ones); names that differ only in numbers (`v1`, `v2`) or by a suffix (`tls-backend`,
 * `tls-backend-2`) are different things that exist side by side, not typos.
 */
export function isLikelyTypo(word: string, candidate: string): boolean {
  if (word === candidate) return false;
  const a = word.toLowerCase();
  const b = candidate.toLowerCase();
  if (a === b) return true;
  if (a.replace(/\d+/g, '#') === b.replace(/\d+/g, '#')) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.startsWith(short) && /^[-_.]/.test(long.slice(short.length))) return false;
  if (long.endsWith(short) && /[-_.]$/.test(long.slice(0, long.length - short.length))) return false;
  if (short.length <= 4) return isTransposition(a, b);
  return levenshtein(a, b) <= (short.length >= 10 ? 2 : 1);
}
