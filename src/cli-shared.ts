/** What the lint command (src/cli.ts) and `explain` do alike with their arguments: colour, input, notices. */

import { uncheckedSummary } from './format/results.js';
import { requireCompiled } from './launch.js';
import { readStdin, stdinIsPiped } from './load/stdin.js';
import { compiledValidators, type SchemaValidators } from './schema/validators.js';
import type { Finding, SourceFile } from './types.js';
import type { UnmatchedContext } from './unmatched.js';
import { closest } from './util/suggest.js';

let validators: SchemaValidators | undefined;

/**
 * The schemas' validators as the command line loads them: each with the code cache the build made
 * (src/launch.ts). Handed to every `lint` the command line, `explain` and the language server run.
 */
export function cliValidators(): SchemaValidators {
  validators ??= compiledValidators(requireCompiled);
  return validators;
}

/** The options the lint command parses (node:util parseArgs); --help and the README table list each. */
export const LINT_OPTIONS = {
  format: { type: 'string', short: 'f' },
  config: { type: 'string', short: 'c' },
  namespace: { type: 'string', short: 'n' },
  rule: { type: 'string', multiple: true },
  'ignore-pattern': { type: 'string', multiple: true },
  'kind-config': { type: 'string', multiple: true },
  'no-gitignore': { type: 'boolean' },
  'no-error-on-unmatched-pattern': { type: 'boolean' },
  'stdin-filename': { type: 'string' },
  'max-file-size': { type: 'string' },
  'max-warnings': { type: 'string' },
  'strict-kinds': { type: 'boolean' },
  'closed-world': { type: 'boolean' },
  'report-unused-disable-directives': { type: 'boolean' },
  fix: { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  'output-file': { type: 'string', short: 'o' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  'list-rules': { type: 'boolean' },
  explain: { type: 'string' },
  'print-config': { type: 'boolean' },
  init: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** The options `explain` parses; `explain --help` and docs/explain.md list each. */
export const EXPLAIN_OPTIONS = {
  service: { type: 'string', short: 's' },
  format: { type: 'string', short: 'f' },
  config: { type: 'string', short: 'c' },
  namespace: { type: 'string', short: 'n' },
  'ignore-pattern': { type: 'string', multiple: true },
  'no-gitignore': { type: 'boolean' },
  'stdin-filename': { type: 'string' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * The usage error for arguments node:util's parseArgs refuses: an unknown option gets a did-you-mean from
 * the command's options, in the linter's own words.
 */
export function argumentError(e: unknown, options: Record<string, unknown>): string {
  const err = e as NodeJS.ErrnoException;
  const unknown = /^Unknown option '([^']+)'/.exec(err.message)?.[1];
  if (err.code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || unknown === undefined) return err.message;
  const names = Object.keys(options).map((n) => `--${n}`);
  const dym = unknown.startsWith('--') ? closest(unknown, names) : undefined;
  const hint = dym ? `; did you mean "${dym}"?` : '';
  return `unknown option "${unknown}"${hint} (a path that starts with "-" goes after "--")`;
}

/**
 * Colour, in this order: --color / --no-color; FORCE_COLOR (`0` or `false` off, anything else on, even when
 * piped); NO_COLOR when set and not empty (no-color.org) off; else on for a terminal that is not "dumb".
 * Read only: nothing here (or anywhere) writes to process.env.
 */
export function useColor(
  o: { color?: boolean; 'no-color'?: boolean },
  env: NodeJS.ProcessEnv = process.env,
  isTTY = !!process.stdout.isTTY,
): boolean {
  if (o['no-color']) return false;
  if (o.color) return true;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR) return false;
  return isTTY && env.TERM !== 'dumb';
}

/**
 * The paths to lint: those given, else "."; with stdin's text when "-" is one of them. Stdin is read only
 * when asked for: a CI step's stdin is often an empty or never-closed pipe, and linting it would pass on
 * nothing or wait for ever.
 */
export function inputOf(positionals: string[]): { patterns: string[]; stdinText?: string } {
  const patterns = positionals.length ? positionals : ['.'];
  return { patterns, stdinText: patterns.includes('-') ? readStdin() : undefined };
}

/** The usage error for "-" with nothing on stdin: an empty input never passes. */
export function emptyStdinMessage(stdinText: string | undefined): string | undefined {
  if (stdinText === undefined || stdinText.trim() !== '') return undefined;
  return stdinIsPiped()
    ? 'standard input ("-") is empty: nothing to lint'
    : 'standard input ("-") is not a pipe or a file: pipe the manifests in, e.g. helm template . | k8s-svc-lint -';
}

/** The usage error for patterns that matched no file, each with the reason (src/unmatched.ts). */
export async function unmatchedMessage(unmatched: string[], ctx: UnmatchedContext): Promise<string> {
  const { whyUnmatched } = await import('./unmatched.js');
  return unmatched
    .map((p) => `no files matching the pattern "${p}" were found: ${whyUnmatched(p, ctx)}`)
    .join('\n');
}

/** One note on stderr saying how many references could not be checked, and why (none: nothing). */
export function reportUnchecked(unchecked: readonly Finding[]): void {
  const text = uncheckedSummary(unchecked);
  if (text) process.stderr.write(`k8s-svc-lint: note: ${text}\n`);
}

/** One notice on stderr per file that was not linted (template syntax, too large…). */
export function reportSkipped(files: SourceFile[]): void {
  for (const f of files)
    if (f.skipped) process.stderr.write(`k8s-svc-lint: notice: ${f.path}: ${f.skipped}\n`);
}
