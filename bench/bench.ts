/**
 * `npm run bench [-- --sizes 1k,10k,50k --runs 11 --reference]`: times the whole CLI on a synthetic corpus
 * and, in the same run, a bare `yaml.parseAllDocuments` pass over the same files; then the cold start
 * (the CLI on examples/ against `node -e 0`). Ratios, not absolute times, are what to compare across
 * machines. With --reference it also times the CLI with the reference (full) parser and checks that both
 * reports are identical.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { generateCorpus } from './gen-corpus.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The shipped command line: package.json's bin. */
const CLI = join(
  ROOT,
  (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin[
    'k8s-svc-lint'
  ] as string,
);
const PROBE = join(ROOT, 'dist/bench/rss-probe.js');

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

function benchSize(apps: number, reference: boolean): SizeResult {
  const dir = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-bench-'));
  try {
    const c = generateCorpus(dir, apps);
    const texts = c.paths.map((p) => readFileSync(join(dir, p), 'utf8'));
    const t0 = performance.now();
    let docs = 0;
    for (const t of texts)
      docs += parseAllDocuments(t, { version: '1.1', merge: true, uniqueKeys: false }).length;
    const parseMs = performance.now() - t0;
    texts.length = 0;

    const lint = runCli(['.'], dir);
    const mb = c.bytes / 1e6;
    const s = lint.ms / 1000;
    console.log(
      `\n${fmt(apps)} apps: ${fmt(c.files)} files, ${fmt(c.documents)} documents, ${fmt(mb, 1)} MB`,
    );
    console.log(`  yaml.parseAllDocuments  ${fmt(parseMs)} ms  (${fmt(docs)} documents, in-process, no I/O)`);
    console.log(
      `  k8s-svc-lint (whole CLI) ${fmt(lint.ms)} ms  ${fmt(c.files / s)} files/s  ${fmt(mb / s, 1)} MB/s  ${fmt(c.documents / s)} docs/s  peak RSS ${fmt(lint.rssKb / 1024)} MB  ${fmt(countFindings(lint.out))} findings`,
    );
    console.log(`  ratio lint/parse        ${fmt(lint.ms / parseMs, 3)}`);
    if (reference) {
      const ref = runCli(['.'], dir, { K8S_SVC_LINT_PARSER: 'full' });
      console.log(
        `  reference (full parse)  ${fmt(ref.ms)} ms  peak RSS ${fmt(ref.rssKb / 1024)} MB  ratio ${fmt(ref.ms / parseMs, 3)}  output ${ref.out === lint.out ? 'identical' : 'DIFFERENT'}`,
      );
      if (ref.out !== lint.out) process.exitCode = 1;
    }
    return { apps, lintMs: lint.ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1k,10k' },
      runs: { type: 'string', default: '11' },
      reference: { type: 'boolean', default: false },
      'no-cold': { type: 'boolean', default: false },
    },
  });
  const sizes = (values.sizes ?? '1k,10k').split(',').map(size);
  console.log(`node ${process.version}, ${availableParallelism()} cores`);
  const results = sizes.map((n) => benchSize(n, values.reference ?? false));
  for (let i = 1; i < results.length; i++) {
    const a = results[i - 1] as SizeResult;
    const b = results[i] as SizeResult;
    console.log(
      `growth ${fmt(b.apps)}/${fmt(a.apps)} apps (×${fmt(b.apps / a.apps, 1)}): time ×${fmt(b.lintMs / a.lintMs, 2)}`,
    );
  }
  if (!values['no-cold']) {
    const runs = Number(values.runs);
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

main();
