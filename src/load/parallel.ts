/** When a run reads and parses on worker threads (kept apart from the pool so that small runs never load it). */
import { availableParallelism } from 'node:os';

/**
 * Below this many files a run stays single-threaded: starting a worker costs about as much as parsing 100
 * files. Workers load their modules while the main thread walks (and reads), and get files only once loaded.
 */
export const MIN_FILES_FOR_WORKERS = 400;
/** Files per message to a worker. */
export const BATCH = 48;
/** Batches a worker holds at once (sent and not answered), so that it never waits for the main thread. */
export const IN_FLIGHT = 2;

/**
 * How many workers to run once `files` files have been found: `K8S_SVC_LINT_WORKERS=N` forces N (0 =
 * none), otherwise one per core when the input is large. (The main thread walks, then takes the answers;
 * it reads files itself only until a worker has loaded, see ParsePool.finish.) The environment is read
 * once, when the counter is made: the walk asks for every file it finds.
 */
export function workerCounter(): (files: number) => number {
  const forced = process.env.K8S_SVC_LINT_WORKERS;
  if (forced !== undefined && forced !== '' && forced !== 'auto') {
    const n = Number(forced);
    return Number.isInteger(n) && n >= 0 ? (files) => Math.min(n, files) : () => 0;
  }
  const cores = availableParallelism();
  return (files) => (files < MIN_FILES_FOR_WORKERS ? 0 : Math.min(cores, Math.ceil(files / BATCH)));
}
