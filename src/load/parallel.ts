/** When a run reads and parses on worker threads (kept apart from the pool so that small runs never load it). */
import { availableParallelism } from 'node:os';

/** Below this many files a run stays single-threaded: starting a worker costs about as much as parsing 100 files. */
export const MIN_FILES_FOR_WORKERS = 400;
/** Files per message to a worker. */
export const BATCH = 48;

/**
 * How many workers to start for `files` files: `K8S_SVC_LINT_WORKERS=N` forces N (0 = none), otherwise
 * one per core when the input is large.
 */
export function workerCount(files: number): number {
  const forced = process.env.K8S_SVC_LINT_WORKERS;
  if (forced !== undefined && forced !== '' && forced !== 'auto') {
    const n = Number(forced);
    return Number.isInteger(n) && n >= 0 ? Math.min(n, files) : 0;
  }
  if (files < MIN_FILES_FOR_WORKERS) return 0;
  return Math.min(availableParallelism(), Math.ceil(files / BATCH));
}
