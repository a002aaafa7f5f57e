/** Maps of lists, as every index in the model and the rules builds them. */

/** Appends `v` to the list at `k`, creating the list on first use. */
export function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
