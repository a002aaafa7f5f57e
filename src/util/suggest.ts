/** Edit distance and "did you mean" suggestions. */

/** Optimal-string-alignment distance: Levenshtein where swapping two neighbours ("ngnix") costs 1. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      cur[j] = d;
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length] ?? 0;
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
