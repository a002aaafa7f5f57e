/** When a run reads and parses on worker threads (kept apart from the pool so that small runs never load it). */
import { availableParallelism } from 'node:os';

/**
 * Below this many files a run stays single-threaded. On two cores V8's own background threads (the
 * optimizing compiler, the garbage collector) already keep the second core busy while the main thread
 * reads and lints, and a worker costs CPU a single thread does not spend (its start-up, compiling the
 * scanner again, posting its values, the main thread receiving them): workers pay only on the largest
 * inputs. With more cores, free ones, they pay sooner: the threshold there is an estimate of where the
 * parsing they take off the main thread outweighs their start-up and the receiving. The measurements
 * behind both numbers are in docs/performance.md ("Fifth round").
 */
export function minFilesForWorkers(cores: number): number {
  return cores <= 2 ? 20_000 : 5_000;
}
/** Files per message to a worker. */
export const BATCH = 48;
/** Batches a worker holds at once (sent and not answered), so that it never waits for the main thread. */
export const IN_FLIGHT = 2;

/**
 * The threads a run is asked for, as K8S_SVC_LINT_WORKERS spells them (`0` none, `read` the reading
 * thread, a number of parse workers): `LoadOptions.threads` when given, else the environment variable;
 * undefined (or `auto`): by the input's size. Read once per run.
 */
export type ThreadSetting = string | undefined;

export function threadSetting(option?: number | 'read'): ThreadSetting {
  return option !== undefined ? String(option) : process.env.K8S_SVC_LINT_WORKERS;
}

/**
 * How many workers to run once `files` files have been found: a setting of N forces N (0 = none),
 * otherwise one per core when the input is large. (The main thread walks, then takes the answers; it reads
 * files itself only until a worker has loaded, see ParsePool.finish.)
 */
export function workerCounter(setting: ThreadSetting): (files: number) => number {
  const from = poolThreshold(setting);
  if (from === Number.POSITIVE_INFINITY) return () => 0;
  const forced = forcedWorkers(setting);
  if (forced !== undefined) return (files) => Math.min(forced, files);
  const cores = availableParallelism();
  return (files) => (files < from ? 0 : Math.min(cores, Math.ceil(files / BATCH)));
}

/** The setting as a number of workers (0 included), or undefined (unset, `auto`, `read`). */
function forcedWorkers(forced: ThreadSetting): number | undefined {
  if (forced === undefined || forced === '' || forced === 'auto' || forced === 'read') return undefined;
  const n = Number(forced);
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

/** How many files a run finds before it starts the pool of parse workers (infinity: never). */
export function poolThreshold(setting: ThreadSetting): number {
  const forced = forcedWorkers(setting);
  if (forced !== undefined) return forced > 0 ? 0 : Number.POSITIVE_INFINITY;
  if (readingThreadForced(setting)) return Number.POSITIVE_INFINITY;
  return minFilesForWorkers(availableParallelism());
}

/**
 * From this many files a run that starts no parse workers reads them on a thread of its own (readahead.ts),
 * which walks and reads while this one parses. Below it, the thread's start-up outweighs the system calls
 * it takes over (docs/performance.md, "Seventh round").
 */
export const MIN_FILES_FOR_READING_THREAD = 3_000;

/** `read`: the reading thread from the first file, and the walk there after the first folder. */
export function readingThreadForced(setting: ThreadSetting): boolean {
  return setting === 'read';
}

/**
 * Whether a run that has found `files` files reads them on the reading thread: `read` forces it from the
 * first file; `0` (no threads at all), a number of parse workers, and a single core rule it out.
 */
export function readingThreadFrom(setting: ThreadSetting): (files: number) => boolean {
  if (readingThreadForced(setting)) return () => true;
  if (forcedWorkers(setting) !== undefined || availableParallelism() < 2) return () => false;
  return (files) => files >= MIN_FILES_FOR_READING_THREAD;
}
