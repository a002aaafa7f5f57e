/** Label sets and equality selectors in messages. */

/**
 * `app="web", tier="db"`: an equality selector or a label set for messages, values quoted, in the order
 * written. An empty map gives `empty` ("" unless told).
 */
export function formatLabels(labels: Record<string, string>, empty = ''): string {
  const entries = Object.entries(labels);
  if (!entries.length) return empty;
  return entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
}
