/**
 * Reading and parsing on every core: a pool of worker threads reads and parses batches of files while the
 * walk is still finding more; the main thread rebuilds SourceFiles (values only, positions located lazily)
 * by the number each file was given when found. Loaded only when the input is large enough to pay for
 * starting workers; small runs and stdin stay on the main thread.
 */
import { Worker } from 'node:worker_threads';
import { receivedDocuments } from '../parse/fast.js';
import { Source } from '../parse/source-file.js';
import type { SourceFile } from '../types.js';
import type { Loader } from './loader.js';
import { BATCH, IN_FLIGHT } from './parallel.js';
import type { Entry } from './source.js';
import type { WorkerSetup, WorkRequest, WorkResult } from './worker.js';

interface WorkerThread {
  worker: Worker;
  /** Loaded: batches are sent only then, so that the main thread reads them itself meanwhile. */
  ready: boolean;
  /** Batches sent and not answered yet. */
  busy: number;
}

export class ParsePool implements Loader {
  private readonly threads: WorkerThread[] = [];
  /** The run's number of each file given, by its number here (files here are numbered from 0, in order). */
  private readonly numbers: number[] = [];
  /** Files by number: entries given, results received. */
  private readonly entries: Entry[] = [];
  private readonly results: SourceFile[] = [];
  /** Batches not sent yet (first file, end), and the first file not yet in a batch. */
  private readonly queue: Array<[number, number]> = [];
  private unbatched = 0;
  private answered = 0;
  private failure: Error | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;
  private readonly setup: WorkerSetup;

  constructor(
    cwd: string,
    maxFileSize: number,
    /** How many workers a run of this many files found wants. */
    private readonly workersFor: (files: number) => number,
    /** Reads a file on this thread, as workers' files are kept (until a worker has loaded; see finish). */
    private readonly readHere: (entry: Entry) => SourceFile,
  ) {
    this.setup = { cwd, maxFileSize };
  }

  get workers(): number {
    return this.threads.length;
  }

  /** Starts one more worker (it loads its modules while the walk goes on). */
  grow(): void {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: this.setup });
    const thread: WorkerThread = { worker, ready: false, busy: 0 };
    worker.on('message', (res: WorkResult | 'ready') => {
      if (res === 'ready') {
        thread.ready = true;
        this.dispatch();
        return;
      }
      thread.busy--;
      res.files.forEach((d, i) => {
        const n = res.id + i;
        this.results[n] = Source.received(d, receivedDocuments((this.entries[n] as Entry).explicit));
      });
      this.answered += res.files.length;
      this.dispatch();
      this.signal();
    });
    const fail = (err: Error) => {
      this.failure ??= err;
      this.signal();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      // Even a clean exit is a failure while batches are out: their answers would never come.
      if (!this.stopping) fail(new Error(`parse worker stopped with exit code ${code}`));
    });
    this.threads.push(thread);
    this.dispatch();
  }

  add(number: number, entry: Entry): void {
    while (this.workers < this.workersFor(number + 1)) this.grow();
    const n = this.numbers.length;
    this.numbers.push(number);
    this.entries[n] = entry;
    if (n + 1 - this.unbatched >= BATCH) this.cut(n + 1);
  }

  breathe(): Promise<void> {
    return this.pause();
  }

  summary(): string {
    return `parse workers: ${this.workers}`;
  }

  private cut(end: number): void {
    if (end > this.unbatched) {
      this.queue.push([this.unbatched, end]);
      this.unbatched = end;
      this.dispatch();
    }
  }

  /** Sends queued batches to workers that have room. */
  private dispatch(): void {
    for (const thread of this.threads) {
      while (thread.ready && thread.busy < IN_FLIGHT && this.queue.length) {
        const [start, end] = this.queue.shift() as [number, number];
        const req: WorkRequest = { id: start, entries: this.entries.slice(start, end) };
        thread.worker.postMessage(req);
        thread.busy++;
      }
    }
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /**
   * Every file given, read: the last partial batch is sent. Until a worker has loaded, this thread reads
   * queued batches itself; after that it only takes the answers, since the garbage of parsing here grows
   * the main heap, and with it the peak memory of the rest of the run. Workers are stopped.
   */
  async finish(into: SourceFile[]): Promise<void> {
    const total = this.numbers.length;
    this.cut(total);
    try {
      while (this.answered < total && !this.failure) {
        const batch = this.threads.some((s) => s.ready) ? undefined : this.queue.shift();
        if (batch) {
          for (let n = batch[0]; n < batch[1]; n++) this.results[n] = this.readHere(this.entries[n] as Entry);
          this.answered += batch[1] - batch[0];
          // Let messages in: a worker may be ready.
          await this.pause();
        } else {
          await new Promise<void>((resolve) => {
            this.wake = resolve;
          });
        }
      }
    } finally {
      this.stopping = true;
      await Promise.all(this.threads.map((s) => s.worker.terminate()));
    }
    if (this.failure) throw this.failure;
    for (let n = 0; n < total; n++) into[this.numbers[n] as number] = this.results[n] as SourceFile;
  }

  /** A turn of the event loop, for answers to come in while the walk goes on. */
  pause(): Promise<void> {
    return new Promise<void>((resolve) => setImmediate(resolve));
  }
}
