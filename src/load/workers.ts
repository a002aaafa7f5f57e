/**
 * Reading and parsing on every core: a pool of worker threads reads and parses batches of files; the main
 * thread rebuilds SourceFiles (values only, positions located lazily) in input order. Used only when the
 * input is large enough to pay for starting workers; small runs and stdin stay on the main thread.
 */
import { Worker } from 'node:worker_threads';
import { lazySourceFile } from '../parse/fast.js';
import type { SourceFile } from '../types.js';
import type { Entry } from './load.js';
import { BATCH } from './parallel.js';
import type { WorkRequest, WorkResult } from './worker.js';

/** Reads and parses `entries` with `count` workers; the result is in the order of `entries`. */
export async function readInWorkers(
  entries: Entry[],
  cwd: string,
  maxFileSize: number,
  count: number,
): Promise<SourceFile[]> {
  const out: SourceFile[] = new Array(entries.length);
  const batches: Array<{ start: number; entries: Entry[] }> = [];
  for (let i = 0; i < entries.length; i += BATCH)
    batches.push({ start: i, entries: entries.slice(i, i + BATCH) });
  let next = 0;
  const url = new URL('./worker.js', import.meta.url);
  const run = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      const send = () => {
        const batch = batches[next];
        if (!batch) {
          resolve();
          return;
        }
        const req: WorkRequest = { id: next++, entries: batch.entries, cwd, maxFileSize };
        worker.postMessage(req);
      };
      worker.on('message', (res: WorkResult) => {
        const start = (batches[res.id] as { start: number }).start;
        res.files.forEach((d, i) => {
          // Large run: keep only the last located file's reference parse (memory; see referenceOf).
          out[start + i] = lazySourceFile(
            d.file,
            d.file.text,
            d.values,
            d.indexes,
            { explicit: entries[start + i]?.explicit },
            false,
          );
        });
        send();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (code !== 0) reject(new Error(`parse worker stopped with exit code ${code}`));
      });
      send();
    });
  const workers = Array.from({ length: count }, () => new Worker(url));
  try {
    await Promise.all(workers.map(run));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out;
}
