/** Maps of lists, as every index in the model and the rules builds them. */

/** Appends `v` to the list at `k`, creating the list on first use. */
export function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** The value at `k`, made and stored on first use. */
export function getOrCreate<K, V>(m: Map<K, V>, k: K, make: () => V): V {
  const existing = m.get(k);
  if (existing !== undefined) return existing;
  const created = make();
  m.set(k, created);
  return created;
}

/** The inner map at `k`, made on first use (getOrCreate without a closure, for the hottest indexes). */
export function mapAt<K, K2, V>(m: Map<K, Map<K2, V>>, k: K): Map<K2, V> {
  let inner = m.get(k);
  if (inner === undefined) {
    inner = new Map();
    m.set(k, inner);
  }
  return inner;
}

/** The set at `k`, made on first use. */
export function setAt<K, V>(m: Map<K, Set<V>>, k: K): Set<V> {
  let inner = m.get(k);
  if (inner === undefined) {
    inner = new Set();
    m.set(k, inner);
  }
  return inner;
}
