/** When a run reads and parses on worker threads (kept apart from the pool so that small runs never load it). */
import { availableParallelism } from 'node:os';

/**
 * Below this many files a run stays single-threaded. A worker loads its modules while the main thread walks
 * and reads, and is given files only once loaded, so a pool that starts too early costs CPU, not time.
 */
export const MIN_FILES_FOR_WORKERS = 400;
/** Files per message to a worker. */
export const BATCH = 48;
/** Batches a worker holds at once (sent and not answered), so that it never waits for the main thread. */
export const IN_FLIGHT = 2;

/**
 * How many workers to run once `files` files have been found: `K8S_SVC_LINT_WORKERS=N` forces N (0 =
 * none), otherwise one per core but one when the input is large: the main thread reads and parses too
 * (it has nothing else to do, and what it reads needs no copy between threads).
 */
export function workerCount(files: number): number {
  const forced = process.env.K8S_SVC_LINT_WORKERS;
  if (forced !== undefined && forced !== '' && forced !== 'auto') {
    const n = Number(forced);
    return Number.isInteger(n) && n >= 0 ? Math.min(n, files) : 0;
  }
  if (files < MIN_FILES_FOR_WORKERS) return 0;
  return Math.min(availableParallelism() - 1, Math.ceil(files / BATCH));
}
