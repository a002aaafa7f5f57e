/**
 * `npm run corpus`: lints each repository of the real-world corpus (`../shared/corpus/real`, beside the
 * repository; or `--dir DIR`) as one input, with the built CLI, as a user would (`k8s-svc-lint .` from the
 * repository's folder), and prints errors, warnings and references not checked per repository and per
 * rule, against the triage in test/corpus/triage.json.
 *
 * The triage classifies findings: `defect` (the repository's author would agree it is a mistake; the
 * reason says what is wrong) or `noise` (it is not; the reason says why the linter was wrong). With
 * `--check` the script fails when an error is not triaged as a defect, or when a triaged defect is no longer
 * reported — so that no change (a new rule, a refactor) brings noise back, or loses a real finding, unseen.
 * Without the corpus it says so and succeeds: the corpus is not part of the repository.
 *
 * Options: --check, --dir DIR, --json FILE (every finding, for triage work), --repo NAME (one repository).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scriptOptions } from './args.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const values = scriptOptions<{ check?: boolean; dir?: string; json?: string; repo?: string }>(
  'corpus',
  'Usage: npm run corpus -- [--check] [--dir DIR] [--json FILE] [--repo NAME]',
  {
    check: { type: 'boolean' },
    dir: { type: 'string' },
    json: { type: 'string' },
    repo: { type: 'string' },
  },
);
const dir = resolve(values.dir ?? join(root, '../shared/corpus/real'));
if (!existsSync(dir)) {
  console.log(`corpus: no corpus at ${dir}; nothing to lint (it is not part of the repository)`);
  process.exit(0);
}

interface Message {
  ruleId: string;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
}
interface Result {
  filePath: string;
  messages: Message[];
  uncheckedMessages?: Message[];
}
export interface TriageEntry {
  repo: string;
  file: string;
  line: number;
  rule: string;
  severity?: 'error' | 'warning';
  verdict: 'defect' | 'noise';
  reason: string;
}
interface Finding {
  repo: string;
  file: string;
  line: number;
  column: number;
  rule: string;
  severity: 'error' | 'warning';
  message: string;
}

const triagePath = join(root, 'test/corpus/triage.json');
const triage: TriageEntry[] = existsSync(triagePath)
  ? (JSON.parse(readFileSync(triagePath, 'utf8')) as { entries: TriageEntry[] }).entries
  : [];
const key = (x: { repo: string; file: string; line: number; rule: string }) =>
  `${x.repo}\u0000${x.file}\u0000${x.line}\u0000${x.rule}`;
const verdicts = new Map(triage.map((t) => [key(t), t]));

const cli = join(root, 'dist/bundle/cli/k8s-svc-lint.js');
const repos = readdirSync(dir)
  .filter((d) => statSync(join(dir, d)).isDirectory())
  .filter((d) => !values.repo || d === values.repo)
  .sort();

const all: Finding[] = [];
const rows: string[][] = [];
const byRule = new Map<string, { errors: number; warnings: number; unchecked: number }>();
let failures = 0;
const problems: string[] = [];
const totals = { errors: 0, defects: 0, warnings: 0, unchecked: 0 };

for (const repo of repos) {
  const cwd = join(dir, repo);
  const run = spawnSync(process.execPath, [cli, '--format', 'json', '.'], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (run.status !== 0 && run.status !== 1) {
    problems.push(`${repo}: the run failed (exit ${run.status}): ${run.stderr.trim().split('\n')[0]}`);
    failures++;
    continue;
  }
  const results = JSON.parse(run.stdout) as Result[];
  let errors = 0;
  let defects = 0;
  let warnings = 0;
  let unchecked = 0;
  for (const r of results) {
    const file = relative(cwd, r.filePath).split('\\').join('/');
    for (const m of r.uncheckedMessages ?? []) {
      unchecked++;
      counts(m.ruleId).unchecked++;
    }
    for (const m of r.messages) {
      const f: Finding = {
        repo,
        file,
        line: m.line,
        column: m.column,
        rule: m.ruleId,
        severity: m.severity === 2 ? 'error' : 'warning',
        message: m.message,
      };
      all.push(f);
      const t = verdicts.get(key(f));
      if (f.severity === 'warning') {
        warnings++;
        counts(f.rule).warnings++;
        continue;
      }
      errors++;
      counts(f.rule).errors++;
      if (t?.verdict === 'defect') defects++;
      else {
        failures++;
        problems.push(
          `${repo}/${file}:${f.line}:${f.column}: error ${f.message} [${f.rule}] — ${t ? `triaged as noise: ${t.reason}` : 'not triaged'}`,
        );
      }
    }
  }
  totals.errors += errors;
  totals.defects += defects;
  totals.warnings += warnings;
  totals.unchecked += unchecked;
  rows.push([repo, String(errors), String(defects), String(warnings), String(unchecked)]);
}

function counts(rule: string) {
  let c = byRule.get(rule);
  if (!c) {
    c = { errors: 0, warnings: 0, unchecked: 0 };
    byRule.set(rule, c);
  }
  return c;
}

// Defects the triage names that are no longer reported (at any severity): lost recall.
const reported = new Set(all.map(key));
for (const t of triage) {
  if (t.verdict !== 'defect' || !repos.includes(t.repo) || reported.has(key(t))) continue;
  failures++;
  problems.push(
    `${t.repo}/${t.file}:${t.line}: the triaged defect [${t.rule}] is no longer reported: ${t.reason}`,
  );
}

function table(head: string[], body: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(head), ...body.map(line)].join('\n');
}

rows.push([
  'total',
  String(totals.errors),
  String(totals.defects),
  String(totals.warnings),
  String(totals.unchecked),
]);
console.log(table(['repository', 'errors', 'defects', 'warnings', 'unchecked'], rows));
console.log('');
console.log(
  table(
    ['rule', 'errors', 'warnings', 'unchecked'],
    [...byRule]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([r, c]) => [r, String(c.errors), String(c.warnings), String(c.unchecked)]),
  ),
);
if (values.json) writeFileSync(values.json, `${JSON.stringify(all, null, 1)}\n`);
if (problems.length) {
  console.log('');
  for (const p of problems) console.log(p);
}
if (values.check && failures) {
  console.log(
    `\ncorpus: ${failures} problem(s): every error must be a triaged defect (test/corpus/triage.json)`,
  );
  process.exit(1);
}
