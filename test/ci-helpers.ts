/** Helpers of the CI-integration tests: run the CLI over every fixture and read its json output. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { rules } from '../rules/index.js';
import { FIXTURES, fixtureFiles, ROOT, runCli } from './helpers.js';

/**
 * Every rule fixture file plus the formats' own fixture (an odd file name), named one by one as a user
 * names files, so that the loader reports what it reports only for explicit files (binary, unreadable).
 */
export const ALL_FIXTURES = [
  ...fixtureFiles(FIXTURES).map((f) => relative(ROOT, f)),
  ...fixtureFiles(join(ROOT, 'test/fixtures-formats')).map((f) => relative(ROOT, f)),
];

let allRulesConfig = '';
/**
 * Runs the CLI from the repository root with a config of its own (the project's ignores the fixtures)
 * that turns on the rules that are off by default, so every rule's messages go through the formats.
 */
export function lintCli(args: string[]) {
  if (!allRulesConfig) {
    allRulesConfig = join(mkdtempSync(join(tmpdir(), 'k8s-svc-lint-')), 'empty.lintrc.json');
    const on = Object.fromEntries(
      rules.filter((r) => r.meta.severity === 'off').map((r) => [r.meta.id, 'warn']),
    );
    writeFileSync(allRulesConfig, `${JSON.stringify({ rules: on })}\n`);
  }
  return runCli(['-c', allRulesConfig, ...args]);
}

export interface JsonResult {
  filePath: string;
  messages: Array<{
    ruleId: string;
    severity: 1 | 2;
    message: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
  }>;
}

/** A finding as a sortable tuple: formats may order files differently (json keeps the load order). */
export function tuple(f: {
  filePath: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  ruleId: string;
  message: string;
}): string {
  return JSON.stringify([
    f.filePath,
    f.line,
    f.column,
    f.endLine,
    f.endColumn,
    f.severity,
    f.ruleId,
    f.message,
  ]);
}

const jsonCache = new Map<string, ReturnType<typeof jsonFindingsUncached>>();
export function jsonFindings(paths: string[]) {
  const key = paths.join('\0');
  const hit = jsonCache.get(key) ?? jsonFindingsUncached(paths);
  jsonCache.set(key, hit);
  return hit;
}

function jsonFindingsUncached(paths: string[]) {
  const r = lintCli(['-f', 'json', ...paths]);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const results = JSON.parse(r.stdout) as JsonResult[];
  return {
    results,
    findings: results.flatMap((res) =>
      res.messages.map((m) => ({
        ...m,
        filePath: res.filePath,
        severity: m.severity === 2 ? 'error' : 'warning',
      })),
    ),
  };
}
