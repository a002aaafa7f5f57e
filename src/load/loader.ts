/**
 * Where the files a run finds are read and parsed. One interface, three places: here at the end of the
 * walk (InlineLoader), on the reading thread while the walk goes on (readahead.ts), on parse workers
 * (workers.ts). A loader is given files by their number in the run (load.ts numbers them as they are
 * found) and puts each, read, at its number; the run keeps no record of which loader holds which file.
 */
import type { SourceFile } from '../types.js';
import type { Entry } from './source.js';

export interface Loader {
  /** File number `n` of the run is to be read (numbers grow, with gaps where other loaders took files). */
  add(n: number, entry: Entry): void;
  /** A turn of the event loop, for the loader's threads to be answered while the walk goes on. */
  breathe(): Promise<void>;
  /** Reads what is left and puts every file it was given at its number in `into`. */
  finish(into: SourceFile[]): Promise<void>;
  /** What its threads did, in words (K8S_SVC_LINT_TIMING); undefined for none. */
  summary(): string | undefined;
}

/**
 * Files read on the main thread at the end (small runs), and files already read (a folder that could not
 * be listed, a file the reading thread read on its walk). Until a thread starts, it holds the files found;
 * `handOver` gives those not read yet to the thread.
 */
export class InlineLoader implements Loader {
  private readonly waiting: Array<[number, Entry]> = [];
  private readonly read = new Map<number, SourceFile>();

  constructor(
    /** Reads a file here (at the end, so the run's size is known). */
    private readonly readHere: (entry: Entry) => SourceFile,
  ) {}

  add(n: number, entry: Entry): void {
    this.waiting.push([n, entry]);
  }

  /** A file read already, at its number. */
  put(n: number, file: SourceFile): void {
    this.read.set(n, file);
  }

  /** Gives the files not read yet to `to`, in order. */
  handOver(to: Loader): void {
    for (const [n, e] of this.waiting) to.add(n, e);
    this.waiting.length = 0;
  }

  breathe(): Promise<void> {
    return Promise.resolve();
  }

  async finish(into: SourceFile[]): Promise<void> {
    for (const [n, f] of this.read) into[n] = f;
    for (const [n, e] of this.waiting) into[n] = this.readHere(e);
  }

  summary(): undefined {
    return undefined;
  }
}

/**
 * A loader whose module is still loading (threads are imported on demand): files wait here, in order,
 * and go to it once it is there.
 */
export class Starting<L extends Loader> implements Loader {
  private loader: L | undefined;
  private readonly waiting: Array<[number, Entry]> = [];
  readonly ready: Promise<L>;

  constructor(start: Promise<L>) {
    this.ready = start.then((l) => {
      this.loader = l;
      for (const [n, e] of this.waiting) l.add(n, e);
      this.waiting.length = 0;
      return l;
    });
  }

  /** The loader, once it is there. */
  get started(): L | undefined {
    return this.loader;
  }

  add(n: number, entry: Entry): void {
    if (this.loader) this.loader.add(n, entry);
    else this.waiting.push([n, entry]);
  }

  async breathe(): Promise<void> {
    const l = this.loader ?? (await this.ready);
    await l.breathe();
  }

  async finish(into: SourceFile[]): Promise<void> {
    await (await this.ready).finish(into);
  }

  summary(): string | undefined {
    return this.loader?.summary();
  }
}
