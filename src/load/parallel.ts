/** When a run reads and parses on worker threads (kept apart from the pool so that small runs never load it). */
import { availableParallelism } from 'node:os';

/**
 * Below this many files a run stays single-threaded (docs/performance.md, "Fifth round"). Measured on two
 * cores: V8's own background threads (the optimizing compiler, the garbage collector) already keep the
 * second core busy while the main thread reads and lints, and a worker costs CPU a single thread does not
 * spend (its start-up, compiling the scanner again, posting its values, the main thread receiving them).
 * There one thread is 4-23% faster up to 18,000 files, even at 36,000, and workers win (and hold less
 * memory) at 90,000. With more cores, free ones, workers pay sooner; 5,000 is an estimate (no such machine
 * here): where the parsing they take off the main thread (~0.07 ms a file) outweighs their start-up
 * (~0.15 s each) and the receiving.
 */
export function minFilesForWorkers(cores: number): number {
  return cores <= 2 ? 20_000 : 5_000;
}
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
  const min = minFilesForWorkers(cores);
  return (files) => (files < min ? 0 : Math.min(cores, Math.ceil(files / BATCH)));
}
