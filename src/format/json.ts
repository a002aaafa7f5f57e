/** ESLint-compatible JSON: an array of per-file results. */
import type { Finding } from '../types.js';
import { type FormatContext, toEslintResults } from './results.js';

export default function json(findings: Finding[], ctx: FormatContext): string {
  return `${JSON.stringify(toEslintResults(findings, ctx))}\n`;
}
