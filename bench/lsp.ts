/**
 * The language server on the bench corpus, driven over stdio as an editor drives it: the first full load
 * (initialize until every file is linted), the server's RSS after it, and how long diagnostics take to be
 * republished after an edit in one file breaks the Service of another (and after the edit that mends it):
 * medians of `edits` edits, each made when the server is idle.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';

export interface LspBench {
  loadMs: number;
  rssMb: number;
  breakMs: number[];
  mendMs: number[];
}

/** The server's resident memory in MB (Linux's /proc, else ps). */
function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (m?.[1]) return Number(m[1]) / 1024;
  } catch {
    // Not Linux.
  }
  const r = spawnSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' });
  return Number(r.stdout.trim()) / 1024;
}

/** Apps whose Deployment and Service are in files of their own (gen-corpus: i % 3 === 1), spread out. */
function editedApps(apps: number, count: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < count; k++) {
    let i = Math.floor((k * apps) / count) + 1;
    while (i % 3 !== 1 || i % 50 === 17) i++;
    if (i < apps) out.push(i);
  }
  return out;
}

function appDir(i: number): string {
  return join(`team-${Math.floor(i / 200)}`, `ns-${Math.floor(i / 20)}`, `app-${i}`);
}

export async function benchLanguageServer(
  cli: string,
  dir: string,
  apps: number,
  edits = 20,
): Promise<LspBench> {
  const child = spawn(process.execPath, [cli, 'lsp', '--stdio'], {
    cwd: dir,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const conn: MessageConnection = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const waiters = new Map<string, (count: number) => void>();
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: unknown[] }) => {
    waiters.get(p.uri)?.(p.diagnostics.length);
  });
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.listen();
  const uri = (p: string) => pathToFileURL(join(dir, p)).href;
  try {
    const t0 = performance.now();
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'bench' }],
      capabilities: { window: { workDoneProgress: true } },
    });
    await conn.sendNotification('initialized', {});
    await conn.sendRequest('k8s-svc-lint/settled');
    const loadMs = performance.now() - t0;
    const rss = rssMb(child.pid as number);
    const breakMs: number[] = [];
    const mendMs: number[] = [];
    for (const i of editedApps(apps, edits)) {
      const workload = join(appDir(i), 'workload.yaml');
      const service = uri(join(appDir(i), 'service.yaml'));
      const text = readFileSync(join(dir, workload), 'utf8');
      const broken = text.replaceAll(
        `app.kubernetes.io/name: app-${i}\n`,
        `app.kubernetes.io/name: app-${i}x\n`,
      );
      await conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri: uri(workload), languageId: 'yaml', version: 1, text },
      });
      await conn.sendRequest('k8s-svc-lint/settled');
      const timed = async (version: number, newText: string, wanted: (n: number) => boolean) => {
        const done = new Promise<void>((resolve) =>
          waiters.set(service, (n) => {
            if (wanted(n)) resolve();
          }),
        );
        const start = performance.now();
        await conn.sendNotification('textDocument/didChange', {
          textDocument: { uri: uri(workload), version },
          contentChanges: [{ text: newText }],
        });
        await done;
        const ms = performance.now() - start;
        waiters.delete(service);
        await conn.sendRequest('k8s-svc-lint/settled');
        return ms;
      };
      breakMs.push(await timed(2, broken, (n) => n > 0));
      mendMs.push(await timed(3, text, (n) => n === 0));
      await conn.sendNotification('textDocument/didClose', { textDocument: { uri: uri(workload) } });
    }
    return { loadMs, rssMb: rss, breakMs, mendMs };
  } finally {
    await conn.sendRequest('shutdown').catch(() => undefined);
    await conn.sendNotification('exit').catch(() => undefined);
    conn.dispose();
    child.kill();
  }
}
