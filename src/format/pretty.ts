/** The terminal format: eslint-formatter-pretty, with links to our rule docs. */
import pretty from 'eslint-formatter-pretty';
import { docsUrl } from '../engine/rule.js';
import type { Finding } from '../types.js';
import { type FormatContext, toEslintResults } from './results.js';

export default function format(findings: Finding[], ctx: FormatContext): string {
  const results = toEslintResults(findings, ctx).filter((r) => r.messages.length);
  const rulesMeta = Object.fromEntries(
    ctx.rules.map((r) => [r.meta.id, { docs: { url: docsUrl(r.meta.id) } }]),
  );
  // biome-ignore lint/suspicious/noExplicitAny: the formatter's types come from eslint, which we do not install
  const out = pretty(results as any, { rulesMeta } as any);
  return out ? `${out}\n` : '';
}
