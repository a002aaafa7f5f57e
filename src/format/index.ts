/** Output formats, loaded on demand so that a run pays only for the one it uses. */
import type { Finding } from '../types.js';
import type { FormatContext } from './results.js';

export type Formatter = (findings: Finding[], ctx: FormatContext) => string;

const FORMATS: Record<string, () => Promise<Formatter>> = {
  pretty: async () => (await import('./pretty.js')).default,
  compact: async () => (await import('./compact.js')).default,
  json: async () => (await import('./json.js')).default,
  sarif: async () => (await import('./sarif.js')).default,
  github: async () => (await import('./github.js')).default,
  junit: async () => (await import('./junit.js')).default,
};

export const FORMAT_NAMES = Object.keys(FORMATS);

export async function loadFormatter(name: string): Promise<Formatter | undefined> {
  const load = Object.hasOwn(FORMATS, name) ? FORMATS[name] : undefined;
  return load ? load() : undefined;
}
