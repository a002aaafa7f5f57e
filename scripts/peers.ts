/**
 * `npm run peers`: compares the rules on the objects around a Service with the expectations of peer linters
 * (kube-linter, kube-score) for the same checks, on the peers' own fixtures in `../shared/corpus/peers`
 * (beside the repository; or `--dir DIR`). Each expectation says whether the peer's check fires on an
 * object of a fixture; the script lints the fixture with the matching rules of ours and says whether they
 * fire on the same object — by default, and with `--closed-world` (a peer reads every fixture as a complete
 * input, and a lone reference our default counts as "not checked" is a finding there).
 *
 * The fixtures are not part of the repository and are never copied into it. Without them the script says so
 * and succeeds. `--verbose` prints every comparison; `--json FILE` writes them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { lint } from '../src/engine/lint.js';
import { DEFAULT_MAX_FILE_SIZE, readSource } from '../src/load/load.js';
import type { Finding } from '../src/types.js';
import { scriptOptions } from './args.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const values = scriptOptions<{ dir?: string; verbose?: boolean; json?: string }>(
  'peers',
  'Usage: npm run peers -- [--dir DIR] [--verbose] [--json FILE]',
  {
    dir: { type: 'string' },
    verbose: { type: 'boolean' },
    json: { type: 'string' },
  },
);
const dir = resolve(values.dir ?? join(root, '../shared/corpus/peers'));
if (!existsSync(dir)) {
  console.log(`peers: no peer fixtures at ${dir}; nothing to compare (they are not part of the repository)`);
  process.exit(0);
}

interface Expectation {
  file: string;
  object: string;
  check: string;
  expected: 'fires' | 'passes';
  note?: string;
}

/** Which of our findings answer a peer check: the rules, and optionally the part of them that is the same check. */
interface Mapping {
  rules: string[];
  /** Keep a finding of those rules as the same check (the path it reports at, its message). */
  same?: (f: Finding) => boolean;
  /** The peer reports on this object; ours on another kind in the same file (a budget, not the workload). */
  reportedOn?: string;
}

const path = (f: Finding) => f.target?.path.join('.') ?? '';
const MAPPINGS: Record<string, Mapping> = {
  // A missing scaleTargetRef is the schema rule's (a required field); utilization targets are another check.
  'kube-linter dangling-horizontalpodautoscaler': {
    rules: ['hpa-target', 'schema'],
    same: (f) =>
      f.ruleId === 'schema' ? /scaleTargetRef/.test(f.message) : !/is a percentage of/.test(f.message),
  },
  'kube-score HorizontalPodAutoscaler has target': {
    rules: ['hpa-target'],
    same: (f) => !/is a percentage of/.test(f.message),
  },
  'kube-linter dangling-servicemonitor': { rules: ['service-monitor-target'] },
  'kube-linter pdb-max-unavailable': {
    rules: ['pdb-budget'],
    same: (f) => path(f).startsWith('spec.maxUnavailable'),
  },
  'kube-linter pdb-min-available': {
    rules: ['pdb-budget', 'pdb-selector'],
    same: (f) =>
      f.ruleId === 'pdb-budget' ? path(f).startsWith('spec.minAvailable') : /has no selector/.test(f.message),
  },
  'kube-score PodDisruptionBudget has policy': {
    rules: ['pdb-budget'],
    same: (f) => /sets neither/.test(f.message),
  },
  'kube-score Deployment targeted by HPA does not have replicas configured': { rules: ['hpa-replicas'] },
  // "has a PodDisruptionBudget" fires on a workload no budget selects; every such fixture holds one workload
  // and budgets that miss it, which our pdb-selector reports on the budgets.
  'kube-score Deployment has PodDisruptionBudget': {
    rules: ['pdb-selector'],
    same: (f) => /selects no pod/.test(f.message),
    reportedOn: 'PodDisruptionBudget',
  },
  'kube-score StatefulSet has PodDisruptionBudget': {
    rules: ['pdb-selector'],
    same: (f) => /selects no pod/.test(f.message),
    reportedOn: 'PodDisruptionBudget',
  },
};

/** Peer checks on the same objects that we leave out on purpose, with the reason. */
const NOT_OURS: Record<string, string> = {
  'kube-linter pdb-unhealthy-pod-eviction-policy':
    'a policy (state unhealthyPodEvictionPolicy explicitly), not a relation between objects',
};

const ourRules = [...new Set(Object.values(MAPPINGS).flatMap((m) => m.rules))];

async function findingsOf(
  file: string,
  closedWorld: boolean,
): Promise<{ findings: Finding[]; unchecked: Finding[] }> {
  const source = await readSource({ path: file, explicit: true }, dir, DEFAULT_MAX_FILE_SIZE);
  const config = resolveConfig(
    {
      rules: Object.fromEntries(
        rules.map((r) => [r.meta.id, ourRules.includes(r.meta.id) ? 'error' : 'off']),
      ),
    },
    rules,
    undefined,
    { closedWorld },
  );
  const { findings, unchecked } = lint([source], config, rules);
  return { findings, unchecked };
}

type Verdict = 'agree' | 'disagree' | 'unchecked';
interface Row extends Expectation {
  tool: string;
  ours: 'fires' | 'passes' | 'not checked';
  closedWorld: 'fires' | 'passes';
  verdict: Verdict;
  messages: string[];
}

const rows: Row[] = [];
const skipped = new Map<string, number>();
for (const tool of ['kube-linter', 'kube-score']) {
  const expectations = JSON.parse(readFileSync(join(dir, tool, 'EXPECTED.json'), 'utf8')) as Expectation[];
  for (const e of expectations) {
    const key = `${tool} ${e.check}`;
    const mapping = MAPPINGS[key];
    if (!mapping) {
      if (NOT_OURS[key] || /hpa|pdb|servicemonitor|disruption|horizontal/i.test(e.check))
        skipped.set(key, (skipped.get(key) ?? 0) + 1);
      continue;
    }
    const [kind, namespace, name] = e.object.split('/') as [string, string, string];
    const on = (f: Finding) => {
      if (!mapping.rules.includes(f.ruleId) || (mapping.same && !mapping.same(f))) return false;
      const t = f.target;
      if (!t) return false;
      if (mapping.reportedOn) return t.kind === mapping.reportedOn;
      return t.kind === kind && t.name === name && (namespace === '' || t.namespace === namespace);
    };
    const file = join(tool, e.file);
    const open = await findingsOf(file, false);
    const closed = await findingsOf(file, true);
    const fired = open.findings.filter(on);
    const ours = fired.length ? 'fires' : open.unchecked.some(on) ? 'not checked' : 'passes';
    const closedWorld = closed.findings.some(on) ? 'fires' : 'passes';
    const verdict: Verdict =
      ours === e.expected ? 'agree' : ours === 'not checked' ? 'unchecked' : 'disagree';
    rows.push({
      ...e,
      tool,
      ours,
      closedWorld,
      verdict,
      messages: [...fired, ...closed.findings.filter(on)].map((f) => `${f.ruleId}: ${f.message}`),
    });
  }
}

const byCheck = new Map<string, Row[]>();
for (const r of rows) {
  const k = `${r.tool} ${r.check}`;
  byCheck.set(k, [...(byCheck.get(k) ?? []), r]);
}
const count = (list: Row[], v: Verdict) => list.filter((r) => r.verdict === v).length;
const cwAgree = (list: Row[]) => list.filter((r) => r.closedWorld === r.expected).length;
console.log(
  'check                                                                  entries  agree  not checked  disagree  agree --closed-world',
);
for (const [k, list] of byCheck)
  console.log(
    `${k.padEnd(70)} ${String(list.length).padStart(7)} ${String(count(list, 'agree')).padStart(6)} ${String(count(list, 'unchecked')).padStart(12)} ${String(count(list, 'disagree')).padStart(9)} ${String(cwAgree(list)).padStart(21)}`,
  );
console.log(
  `${'total'.padEnd(70)} ${String(rows.length).padStart(7)} ${String(count(rows, 'agree')).padStart(6)} ${String(count(rows, 'unchecked')).padStart(12)} ${String(count(rows, 'disagree')).padStart(9)} ${String(cwAgree(rows)).padStart(21)}`,
);
for (const [k, n] of skipped)
  console.log(`not compared: ${k} (${n} entries): ${NOT_OURS[k] ?? 'no rule of ours has this check'}`);
const shown = values.verbose
  ? rows
  : rows.filter((r) => r.verdict !== 'agree' || r.closedWorld !== r.expected);
if (shown.length) console.log('');
for (const r of shown)
  console.log(
    `${r.verdict.toUpperCase()} ${r.tool} ${r.check} ${r.file} ${r.object}: peer ${r.expected}, ours ${r.ours} (closed world: ${r.closedWorld})${r.messages.length ? `\n    ${[...new Set(r.messages)].join('\n    ')}` : ''}`,
  );
if (values.json) writeFileSync(values.json, `${JSON.stringify(rows, null, 1)}\n`);
