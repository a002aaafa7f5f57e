/** Test helpers: lint text or files in-process with chosen rules, and run the built CLI. */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rules } from '../rules/index.js';
import { type ConfigFile, resolveConfig } from '../src/config/config.js';
import { lint } from '../src/engine/lint.js';
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
  const enabled: Record<string, unknown> = {};
  for (const r of rules) {
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
  const config = resolveConfig({ ...cfg, rules: { ...enabled, ...(cfg.rules ?? {}) } }, rules);
  return lint(sources, config, rules).findings;
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
