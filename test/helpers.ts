/** Test helpers: lint text or files in-process with chosen rules, and run the built CLI. */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rules } from '../rules/index.js';
import { type ConfigFile, resolveConfig } from '../src/config/config.js';
import { compareFindings, type LintResult, lint } from '../src/engine/lint.js';
import type { Rule } from '../src/engine/rule.js';
import compact from '../src/format/compact.js';
import { DEFAULT_MAX_FILE_SIZE, readSource } from '../src/load/load.js';
import { parseSource } from '../src/parse/parse.js';
import type { Finding, SourceFile } from '../src/types.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The shipped command line: package.json's bin (the bundle that scripts/bundle.ts builds). */
export const CLI = join(
  ROOT,
  (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin[
    'k8s-svc-lint'
  ] as string,
);
export const FIXTURES = join(ROOT, 'test/fixtures');

/** Parse stage rules always run: a fixture with broken YAML must say so. */
const STAGE = new Set(rules.filter((r) => r.meta.stage === 'parse').map((r) => r.meta.id));

/**
 * Lints sources with only the named rules on (at their default severity unless the config says
 * otherwise), plus the parse-stage rules.
 */
export function lintWith(sources: SourceFile[], only?: string[], cfg: ConfigFile = {}): Finding[] {
  return lintResultWith(sources, only, cfg).findings;
}

/** `lintWith`'s whole result: the findings and what could not be checked. `ruleList` replaces the rules. */
export function lintResultWith(
  sources: SourceFile[],
  only?: string[],
  cfg: ConfigFile = {},
  ruleList: readonly Rule[] = rules,
): LintResult {
  const enabled: Record<string, unknown> = {};
  for (const r of ruleList) {
    const on = !only || only.includes(r.meta.id) || STAGE.has(r.meta.id);
    // A rule off in the recommended preset runs at its strict severity (or as an error).
    const severity = r.meta.severity === 'off' ? (r.meta.strict?.severity ?? 'error') : r.meta.severity;
    enabled[r.meta.id] = on
      ? severity === 'warning'
        ? 'warn'
        : severity === 'off'
          ? 'error'
          : severity
      : 'off';
  }
  const config = resolveConfig({ ...cfg, rules: { ...enabled, ...(cfg.rules ?? {}) } }, ruleList);
  return lint(sources, config, ruleList);
}

export function lintText(text: string, only?: string[], cfg: ConfigFile = {}, path = 'test.yaml'): Finding[] {
  return lintWith([parseSource(path, text, { explicit: true })], only, cfg);
}

/** Files of a fixture: the file itself, or every file of a fixture directory. */
export function fixtureFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((f) => fixtureFiles(join(path, f)));
}

/** Loads a fixture through the real loader, as the CLI would read a file named on the command line. */
export async function loadFixture(path: string): Promise<SourceFile[]> {
  return Promise.all(
    fixtureFiles(path).map((f) =>
      readSource({ path: relative(ROOT, f), explicit: true }, ROOT, DEFAULT_MAX_FILE_SIZE),
    ),
  );
}

/** `# lintrc: {…}` on the first line of a fixture's first file sets config for it. */
export function fixtureConfig(sources: SourceFile[]): ConfigFile {
  const m = /^#\s*lintrc:\s*(\{.*\})\s*$/m.exec(sources[0]?.text.split(/\r?\n/, 1)[0] ?? '');
  return m?.[1] ? (JSON.parse(m[1]) as ConfigFile) : {};
}

export interface Expectation {
  filePath: string;
  line: number;
  ruleId: string;
  severity?: string;
}

/** `# expect: rule-id [error|warning], other-rule` — findings that must start on this line. */
export function expectationsOf(sources: SourceFile[]): Expectation[] {
  const out: Expectation[] = [];
  for (const s of sources) {
    // Read from disk: a binary fixture has no parsed text, but may still carry a marker.
    readFileSync(join(ROOT, s.path), 'latin1')
      .split(/\r\n|\r|\n/)
      .forEach((line, i) => {
        const m = /#\s*expect:\s*(.+)$/.exec(line);
        if (!m?.[1]) return;
        for (const item of m[1].split(',')) {
          const [ruleId, severity] = item.trim().split(/\s+/);
          if (ruleId) out.push({ filePath: s.path, line: i + 1, ruleId, severity });
        }
      });
  }
  return out;
}

export function runCli(
  args: string[],
  opts: { cwd?: string; input?: string; env?: Record<string, string> } = {},
) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** What a rule fixture produces: the rule's findings and its unchecked references, as the rule tests see them. */
export interface FixtureOutput {
  sources: SourceFile[];
  findings: Finding[];
  unchecked: Finding[];
}

/**
 * Lints a fixture of test/fixtures/<rule-id>/ with only that rule on (plus the parse stage), under the
 * fixture's `# lintrc:`. Kept: the rule's findings, and for a model rule the yaml-syntax findings (a
 * fixture that does not parse is a broken fixture and must show it). `ruleList` replaces the rules (a
 * test that watches what rules report).
 */
export async function lintFixture(
  id: string,
  path: string,
  ruleList: readonly Rule[] = rules,
): Promise<FixtureOutput> {
  const rule = ruleList.find((r) => r.meta.id === id);
  const sources = await loadFixture(path);
  const result = lintResultWith(sources, [id], fixtureConfig(sources), ruleList);
  const kept = (f: Finding) =>
    f.ruleId === id || (rule?.meta.stage !== 'parse' && f.ruleId === 'yaml-syntax');
  return { sources, findings: result.findings.filter(kept), unchecked: result.unchecked.filter(kept) };
}

/**
 * The output a user reads, one finding a line as the compact format prints it
 * (`path:line:col: severity message [rule]`), sorted as the CLI sorts findings; an unchecked reference
 * (JSON's `uncheckedMessages`, SARIF's notification) reads `unchecked` where a finding has its severity.
 */
export function renderOutput(out: Pick<FixtureOutput, 'findings' | 'unchecked'>): string {
  const all = [
    ...out.findings.map((f) => ({ f, text: compact([f]) })),
    ...out.unchecked.map((f) => ({
      f,
      text: compact([f]).replace(`:${f.column}: ${f.severity} `, `:${f.column}: unchecked `),
    })),
  ];
  return all
    .sort((a, b) => compareFindings(a.f, b.f))
    .map((x) => x.text)
    .join('');
}
