/**
 * `npm run bench [-- --sizes 1k,10k,50k --repeat 3 --runs 11 --reference]`: times the whole CLI on a
 * synthetic corpus and, in the same run, a bare `yaml.parseAllDocuments` pass over the same files (each in
 * a fresh process, one after the other, `--repeat` times: medians, and every pair's ratio to show the
 * noise); then the language server on the same corpus (bench/lsp.ts: first load against the CLI's run,
 * RSS after it, republishing after an edit); then the cold start (the CLI on examples/ against
 * `node -e 0`, `--runs` times). Ratios, not absolute times, are what to compare across machines. With
 * --reference it also times the CLI with the reference (full) parser and checks that both reports are
 * identical.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateCorpus } from './gen-corpus.js';
import { benchLanguageServer } from './lsp.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The shipped command line: package.json's bin. */
const CLI = join(
  ROOT,
  (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin[
    'k8s-svc-lint'
  ] as string,
);
const PROBE = join(ROOT, 'dist/bench/rss-probe.js');
const BARE = join(ROOT, 'dist/bench/bare-parse.js');

function size(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(k?)$/i.exec(s.trim());
  if (!m?.[1]) throw new Error(`bad size "${s}" (e.g. 1k, 10k, 50000)`);
  return Math.round(Number(m[1]) * (m[2] ? 1000 : 1));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

interface Run {
  ms: number;
  rssKb: number;
  status: number | null;
  out: string;
}

function runCli(args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const tmp = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-bench-run-'));
  const rssFile = join(tmp, 'rss');
  const outFile = join(tmp, 'out.json');
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    ['--import', PROBE, CLI, '--format', 'json', '-o', outFile, ...args],
    {
      cwd,
      env: { ...process.env, ...env, BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    },
  );
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`CLI failed (${r.status}): ${r.stderr}`);
  const run = {
    ms,
    rssKb: Number(readFileSync(rssFile, 'utf8')),
    status: r.status,
    out: readFileSync(outFile, 'utf8'),
  };
  rmSync(tmp, { recursive: true, force: true });
  return run;
}

function timeNode(args: string[], cwd: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, {
    cwd,
    stdio: 'ignore',
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} failed (${r.status})`);
  return performance.now() - t0;
}

const fmt = (n: number, d = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

function countFindings(json: string): number {
  return (JSON.parse(json) as Array<{ messages: unknown[] }>).reduce((n, r) => n + r.messages.length, 0);
}

interface SizeResult {
  apps: number;
  lintMs: number;
}

/** The bare parse of the listed files, in a fresh process: its own timing of the parse alone. */
function bareParse(list: string, cwd: string): { ms: number; documents: number } {
  const r = spawnSync(process.execPath, [BARE, list], { cwd, encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`bare parse failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as { ms: number; documents: number };
}

async function benchSize(
  apps: number,
  reference: boolean,
  repeat: number,
  lsp: boolean,
): Promise<SizeResult> {
  const dir = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-bench-'));
  const listDir = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-bench-list-'));
  try {
    const c = generateCorpus(dir, apps);
    const list = join(listDir, 'files');
    writeFileSync(list, `${c.paths.join('\n')}\n`);
    // Pairs, one after the other, so that a noisy minute weighs on both sides of a ratio.
    const pairs: Array<{ parse: { ms: number; documents: number }; lint: Run }> = [];
    for (let i = 0; i < repeat; i++) pairs.push({ parse: bareParse(list, dir), lint: runCli(['.'], dir) });
    const parseMs = median(pairs.map((p) => p.parse.ms));
    const lintMs = median(pairs.map((p) => p.lint.ms));
    const lint = pairs[0]?.lint as Run;
    const docs = pairs[0]?.parse.documents ?? 0;
    const outputs = new Set(pairs.map((p) => p.lint.out));
    const mb = c.bytes / 1e6;
    const s = lintMs / 1000;
    const of = repeat > 1 ? ` (median of ${repeat})` : '';
    console.log(
      `\n${fmt(apps)} apps: ${fmt(c.files)} files, ${fmt(c.documents)} documents, ${fmt(mb, 1)} MB`,
    );
    console.log(
      `  yaml.parseAllDocuments  ${fmt(parseMs)} ms${of}  (${fmt(docs)} documents, fresh process, no I/O)`,
    );
    console.log(
      `  k8s-svc-lint (whole CLI) ${fmt(lintMs)} ms${of}  ${fmt(c.files / s)} files/s  ${fmt(mb / s, 1)} MB/s  ${fmt(c.documents / s)} docs/s  peak RSS ${fmt(Math.max(...pairs.map((p) => p.lint.rssKb)) / 1024)} MB  ${fmt(countFindings(lint.out))} findings`,
    );
    // The ratio of each pair (measured a few seconds apart), then their median: steadier than the ratio of
    // the medians when the machine's load drifts during the run.
    const ratios = pairs.map((p) => p.lint.ms / p.parse.ms);
    console.log(
      `  ratio lint/parse        ${fmt(median(ratios), 3)}${repeat > 1 ? ` (median of ${repeat} pairs)` : ''}`,
    );
    if (repeat > 1) console.log(`  ratio of each pair      ${ratios.map((r) => fmt(r, 3)).join('  ')}`);
    if (outputs.size !== 1) {
      console.log('  the reports of the repeated runs DIFFER');
      process.exitCode = 1;
    }
    if (reference) {
      const ref = runCli(['.'], dir, { K8S_SVC_LINT_PARSER: 'full' });
      console.log(
        `  reference (full parse)  ${fmt(ref.ms)} ms  peak RSS ${fmt(ref.rssKb / 1024)} MB  ratio ${fmt(ref.ms / parseMs, 3)}  output ${ref.out === lint.out ? 'identical' : 'DIFFERENT'}`,
      );
      if (ref.out !== lint.out) process.exitCode = 1;
    }
    if (lsp) {
      // Each first load paired with a CLI run right after it, so that a noisy minute weighs on both; the
      // edits are timed in the first server only.
      const l = await benchLanguageServer(CLI, dir, apps);
      const loads = [{ lsp: l.loadMs, cli: runCli(['.'], dir).ms }];
      for (let i = 1; i < repeat; i++) {
        const again = await benchLanguageServer(CLI, dir, apps, 0);
        loads.push({ lsp: again.loadMs, cli: runCli(['.'], dir).ms });
      }
      const ratios = loads.map((x) => x.lsp / x.cli);
      console.log(
        `  language server: first load ${fmt(median(loads.map((x) => x.lsp)))} ms, CLI just after ${fmt(median(loads.map((x) => x.cli)))} ms${of}, ratio ${fmt(median(ratios), 2)} (pairs ${ratios.map((r) => fmt(r, 2)).join('  ')}); RSS after load ${fmt(l.rssMb)} MB`,
      );
      console.log(
        `  republished after an edit: median ${fmt(median(l.breakMs))} ms breaking a Service's pods in another file, ${fmt(median(l.mendMs))} ms mending them (${l.breakMs.length} edits each; max ${fmt(Math.max(...l.breakMs))} ms, ${fmt(Math.max(...l.mendMs))} ms)`,
      );
    }
    return { apps, lintMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(listDir, { recursive: true, force: true });
  }
}

const USAGE = `Usage: npm run bench -- [options]

  --sizes LIST   corpus sizes in apps, comma-separated (default: 1k,10k)
  --repeat N     bare parse and CLI pairs per size; medians are reported (default: 3)
  --runs N       cold start runs (default: 11)
  --reference    also time the reference parser and check that the reports are identical
  --no-lsp       skip the language server
  --no-cold      skip the cold start
  -h, --help     show this help`;

function positive(s: string | undefined, name: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} expects a positive integer, not "${s}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1k,10k' },
      repeat: { type: 'string', default: '3' },
      runs: { type: 'string', default: '11' },
      reference: { type: 'boolean', default: false },
      'no-cold': { type: 'boolean', default: false },
      'no-lsp': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const sizes = (values.sizes ?? '1k,10k').split(',').map(size);
  const repeat = positive(values.repeat, 'repeat');
  const runs = positive(values.runs, 'runs');
  console.log(`node ${process.version}, ${availableParallelism()} cores`);
  const results: SizeResult[] = [];
  for (const n of sizes)
    results.push(await benchSize(n, values.reference ?? false, repeat, !values['no-lsp']));
  for (let i = 1; i < results.length; i++) {
    const a = results[i - 1] as SizeResult;
    const b = results[i] as SizeResult;
    console.log(
      `growth ${fmt(b.apps)}/${fmt(a.apps)} apps (×${fmt(b.apps / a.apps, 1)}): time ×${fmt(b.lintMs / a.lintMs, 2)}`,
    );
  }
  if (!values['no-cold']) {
    const cli: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < runs; i++) {
      bare.push(timeNode(['-e', '0'], ROOT));
      cli.push(timeNode([CLI, '--format', 'json', 'examples'], ROOT));
    }
    const c = median(cli);
    const b = median(bare);
    console.log(
      `\ncold start (median of ${runs}): CLI on examples/ ${fmt(c)} ms, node -e 0 ${fmt(b)} ms, ratio ${fmt(c / b, 2)}`,
    );
  }
}

main().catch((e: unknown) => {
  // Usage mistakes and a failing child are reported in a line, not a stack trace.
  console.error(`bench: ${(e as Error).message}\n\n${USAGE}`);
  process.exitCode = 2;
});
