/**
 * The CLI's informational commands (--list-rules, --explain, --print-config, --init). Each returns text;
 * src/cli.ts prints it. Loaded only by runs that use one of them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedConfig } from './config/config.js';
import { docsUrl, type Rule } from './engine/rule.js';
import { closest } from './util/suggest.js';

/** Config-file spelling of a severity. */
function severityWord(s: string): 'off' | 'warn' | 'error' {
  return s === 'warning' ? 'warn' : s === 'off' ? 'off' : 'error';
}

export function listRules(rules: readonly Rule[], json: boolean): string {
  if (json) {
    const out = rules.map(({ meta }) => ({
      id: meta.id,
      severity: meta.severity,
      description: meta.description,
      remediation: meta.remediation,
      docsUrl: docsUrl(meta.id),
      options: meta.options?.defaults ?? null,
      stage: meta.stage ?? 'model',
    }));
    return `${JSON.stringify(out, null, 2)}\n`;
  }
  return rules
    .map((r) => `${r.meta.id.padEnd(32)} ${r.meta.severity.padEnd(8)} ${r.meta.description}\n`)
    .join('');
}

export type Outcome = { ok: true; text: string } | { ok: false; message: string };

/** Light terminal rendering of a Markdown page: bold headings, the rest as written. */
function renderMarkdown(md: string, color: boolean): string {
  if (!color) return md;
  let inCode = false;
  return md
    .split('\n')
    .map((line) => {
      if (line.startsWith('```')) {
        inCode = !inCode;
        return `\x1b[2m${line}\x1b[22m`;
      }
      if (!inCode && /^#{1,6} /.test(line)) return `\x1b[1m${line}\x1b[22m`;
      return line;
    })
    .join('\n');
}

/** The rule's doc page (docs/rules/<id>.md under the package root), or a summary of its metadata. */
export function explain(id: string, rules: readonly Rule[], packageRoot: string, color: boolean): Outcome {
  const rule = rules.find((r) => r.meta.id === id);
  if (!rule) {
    const dym = closest(
      id,
      rules.map((r) => r.meta.id),
      4,
    );
    return {
      ok: false,
      message: `unknown rule "${id}"${dym ? `; did you mean "${dym}"?` : ''} (see --list-rules)`,
    };
  }
  const page = join(packageRoot, 'docs', 'rules', `${id}.md`);
  if (existsSync(page)) {
    const md = readFileSync(page, 'utf8');
    return { ok: true, text: `${renderMarkdown(md, color).trimEnd()}\n\n${docsUrl(id)}\n` };
  }
  const { meta } = rule;
  return {
    ok: true,
    text: `# ${id}\n\n${meta.description}.\n\n- Default severity: ${meta.severity}\n\n## How to fix\n\n${meta.remediation}\n\n${docsUrl(id)}\n`,
  };
}

/**
 * The resolved config as a .lintrc.json: what a lint run from the same place would use, in a form that
 * `--config` accepts (every rule spelled out, with its options where it has any).
 */
export function printConfig(config: ResolvedConfig, rules: readonly Rule[]): string {
  const withOptions = new Set(rules.filter((r) => r.meta.options).map((r) => r.meta.id));
  const entries: Record<string, unknown> = {};
  for (const [id, s] of config.rules) {
    const sev = severityWord(s.severity);
    entries[id] = withOptions.has(id) ? [sev, s.options] : sev;
  }
  const out = { namespace: config.namespace, ignorePatterns: config.ignorePatterns, rules: entries };
  return `${JSON.stringify(out, null, 2)}\n`;
}

export const SCHEMA_URL =
  'https://raw.githubusercontent.com/k8s-svc-lint/k8s-svc-lint/main/schemas/lintrc.schema.json';
const LOCAL_SCHEMA = './node_modules/k8s-svc-lint/schemas/lintrc.schema.json';

/**
 * A starter `.lintrc.json`: every rule spelled out at its default (with its default options), and a
 * `$schema` that gives editors completion: the installed package's schema when there is one, else the URL.
 */
export function starterConfig(rules: readonly Rule[], cwd: string): string {
  const entries: Record<string, unknown> = {};
  for (const { meta } of rules) {
    const sev = severityWord(meta.severity);
    entries[meta.id] = meta.options ? [sev, meta.options.defaults] : sev;
  }
  const cfg = {
    $schema: existsSync(join(cwd, LOCAL_SCHEMA)) ? LOCAL_SCHEMA : SCHEMA_URL,
    namespace: 'default',
    ignorePatterns: [],
    rules: entries,
  };
  return `${JSON.stringify(cfg, null, 2)}\n`;
}

export function initExplanation(file: string, rules: readonly Rule[]): string {
  return `Wrote ${file} with every rule (${rules.length}) at its default severity and options.
- Set a rule to "off", "warn" or "error", or to ["warn", { options }] for rules with options.
- "namespace" is the namespace of objects that set none; "ignorePatterns" are globs of files to skip.
- "$schema" gives editors completion and validation. \`k8s-svc-lint --explain RULE\` shows a rule's page;
  \`k8s-svc-lint --print-config\` shows the configuration a run will use.
`;
}
