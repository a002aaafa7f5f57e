/** What the lint command (src/cli.ts) and `explain` do alike with their arguments: colour, input, notices. */
import { readStdin, stdinIsPiped } from './load/stdin.js';
import type { SourceFile } from './types.js';

/** The options the lint command parses (node:util parseArgs); --help and the README table list each. */
export const LINT_OPTIONS = {
  format: { type: 'string', short: 'f' },
  config: { type: 'string', short: 'c' },
  namespace: { type: 'string', short: 'n' },
  rule: { type: 'string', multiple: true },
  'ignore-pattern': { type: 'string', multiple: true },
  'kind-config': { type: 'string', multiple: true },
  'no-gitignore': { type: 'boolean' },
  'stdin-filename': { type: 'string' },
  'max-file-size': { type: 'string' },
  'max-warnings': { type: 'string' },
  'strict-kinds': { type: 'boolean' },
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

/** --color / --no-color, else colour when NO_COLOR is unset and stdout is a terminal. */
export function useColor(o: { color?: boolean; 'no-color'?: boolean }): boolean {
  return o['no-color'] ? false : o.color ? true : !process.env.NO_COLOR && !!process.stdout.isTTY;
}

/**
 * The paths to lint: those given, else stdin when it is piped (helm template . | k8s-svc-lint), else ".";
 * with stdin's text when "-" is one of them.
 */
export function inputOf(positionals: string[]): { patterns: string[]; stdinText?: string } {
  const patterns = positionals.length ? positionals : stdinIsPiped() ? ['-'] : ['.'];
  return { patterns, stdinText: patterns.includes('-') ? readStdin() : undefined };
}

/** The usage error for patterns that matched no file. */
export function unmatchedMessage(unmatched: string[]): string {
  return unmatched.map((p) => `no files matching the pattern "${p}" were found`).join('\n');
}

/** One notice on stderr per file that was not linted (template syntax, too large…). */
export function reportSkipped(files: SourceFile[]): void {
  for (const f of files)
    if (f.skipped) process.stderr.write(`k8s-svc-lint: notice: ${f.path}: ${f.skipped}\n`);
}
