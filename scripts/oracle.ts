/**
 * `npm run oracle`: asks a real kubectl how it reads each manifest of scripts/oracle-cases.ts and writes
 * the inputs with kubectl's answers to test/oracle/kubectl.json, which test/oracle.test.ts compares the
 * linter with (no kubectl needed there). kubectl reads a file offline with
 * `kubectl label --local -f FILE x=y -o json`: the objects it would send, or the error that stops it.
 *
 *   node dist/scripts/oracle.js            # regenerate the answers
 *   node dist/scripts/oracle.js --check    # fail when kubectl's answers differ from the committed ones
 *   node dist/scripts/oracle.js --if-kubectl   # the same as --check, skipped (exit 0) without kubectl
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { type OracleCase, oracleCases } from './oracle-cases.js';

export interface OracleAnswer {
  /** The objects kubectl read (the label the command adds taken out again)… */
  objects?: unknown[];
  /** …or the error that stopped it. */
  error?: string;
}

export interface OracleFile {
  kubectl: string;
  cases: Array<OracleCase & { kubectl: OracleAnswer }>;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ORACLE_FILE = join(ROOT, 'test/oracle/kubectl.json');

/** The JSON values printed one after the other (kubectl prints one object per input object). */
function jsonValues(out: string): unknown[] {
  const values: unknown[] = [];
  let depth = 0;
  let start = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < out.length; i++) {
    const c = out[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && --depth === 0) values.push(JSON.parse(out.slice(start, i + 1)));
  }
  return values;
}

/** The object without the label `x=y` the command added (and without `labels` if that was all). */
function unlabelled(o: unknown): unknown {
  const meta = (o as { metadata?: { labels?: Record<string, unknown> } }).metadata;
  if (meta?.labels) {
    delete meta.labels.x;
    if (Object.keys(meta.labels).length === 0) delete meta.labels;
  }
  return o;
}

function ask(file: string): Promise<OracleAnswer> {
  return new Promise((done) => {
    execFile(
      'kubectl',
      ['label', '--local', '-f', file, 'x=y', '-o', 'json'],
      { env: { ...process.env, KUBECONFIG: '/dev/null' }, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        if (err) done({ error: (stderr || err.message).trim().replaceAll(file, 'FILE') });
        else done({ objects: jsonValues(stdout).map(unlabelled) });
      },
    );
  });
}

function kubectlVersion(): string | undefined {
  try {
    const out = execFileSync('kubectl', ['version', '--client', '-o', 'json'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return (JSON.parse(out.toString()) as { clientVersion: { gitVersion: string } }).clientVersion.gitVersion;
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  const check = process.argv.includes('--check') || process.argv.includes('--if-kubectl');
  const version = kubectlVersion();
  if (!version) {
    if (process.argv.includes('--if-kubectl')) {
      console.log('oracle: no kubectl here; the committed answers are checked by npm test');
      return 0;
    }
    console.error('oracle: kubectl not found (apt-get install kubectl)');
    return 2;
  }
  const dir = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-oracle-'));
  const cases = oracleCases();
  const answers: OracleAnswer[] = new Array(cases.length);
  try {
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < cases.length; i = next++) {
        const file = join(dir, `case-${i}.yaml`);
        writeFileSync(file, (cases[i] as OracleCase).input);
        answers[i] = await ask(file);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const out: OracleFile = {
    kubectl: version,
    cases: cases.map((c, i) => ({ ...c, kubectl: answers[i] as OracleAnswer })),
  };
  if (check) {
    const old = JSON.parse(readFileSync(ORACLE_FILE, 'utf8')) as OracleFile;
    // Error messages change between kubectl versions; whether a file is read, and as what, may not.
    const gist = (c: OracleFile['cases'][number] | undefined) =>
      c && { ...c, kubectl: c.kubectl.error !== undefined ? 'error' : c.kubectl.objects };
    const changed = out.cases.filter((c, i) => !isDeepStrictEqual(gist(c), gist(old.cases[i])));
    if (changed.length || old.cases.length !== out.cases.length) {
      for (const c of changed.slice(0, 20))
        console.error(`oracle: ${c.name}: kubectl now says ${JSON.stringify(c.kubectl)}`);
      console.error(
        `oracle: ${changed.length} answers differ from ${ORACLE_FILE} (kubectl ${version}); run npm run oracle`,
      );
      return 1;
    }
    console.log(`oracle: kubectl ${version} gives the committed answers for ${out.cases.length} cases`);
    return 0;
  }
  // One case a line, so that a change of kubectl's answers reads case by case in a diff.
  const lines = out.cases.map((c) => `    ${JSON.stringify(c)}`).join(',\n');
  writeFileSync(ORACLE_FILE, `{\n  "kubectl": ${JSON.stringify(version)},\n  "cases": [\n${lines}\n  ]\n}\n`);
  const rejected = out.cases.filter((c) => c.kubectl.error).length;
  console.log(
    `oracle: kubectl ${version}: ${out.cases.length} cases (${rejected} rejected) → ${ORACLE_FILE}`,
  );
  return 0;
}

process.exitCode = await main();
