/**
 * Reading beside the main thread: one worker thread (read-worker.ts) lists folders and opens, reads and
 * closes files while this thread parses. A file costs four system calls (open, fstat, read, close) and a
 * folder five: about as long as its parse, and much longer on a busy machine. Parsing stays here: values
 * built on another thread have to be copied back, which costs about what scanning them does
 * (docs/performance.md, "The reading thread").
 *
 * The thread runs at the lowest priority, so that it takes the second core only when V8's own threads
 * leave it. So that a starved thread (on a machine busy with other work) costs little time and never the
 * run: it holds only a few batches of files to read at a time, this thread reads the batches not yet sent
 * itself whenever it has nothing else to do, and when the thread has not answered for STALL_MS while this
 * one waits, this one stops it and does the rest of the work itself: reading what the thread still held,
 * and walking the folder it was walking again, skipping what it had sent. A thread that fails to start or
 * dies is handled the same way.
 *
 * Loaded only when a run is large enough to pay for starting the thread (parallel.ts).
 */
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SourceFile } from '../types.js';
import type { Loader } from './loader.js';
import { BATCH } from './parallel.js';
import type { ReadAnswer, ReadNote, ReadRequest, ReadSetup, WalkDone, WalkRequest } from './read-worker.js';
import type { Entry } from './source.js';
import type { WalkOptions, WalkRest } from './walk.js';

export type { ReadNote };
export type Read = { bytes: Buffer } | ReadNote;

/** What the owner makes of a file's bytes (or of the reason there are none), and of a file read here. */
export interface ReadAheadHooks {
  fromRead(entry: Entry, read: Exclude<Read, { unread: true }>): SourceFile;
  readHere(entry: Entry): SourceFile;
}

export interface ReadAheadOptions {
  maxFileSize: number;
  /** The walk is to go over to the thread as soon as it can (K8S_SVC_LINT_WORKERS=read): breathing waits for it. */
  eager: boolean;
  /** For tests: the thread sleeps this long after each batch it walks, as a starved thread would. */
  stallMs?: number;
}

/**
 * Batches of files to read that the thread holds at once: enough for the files the walk finds between two
 * turns of this thread's event loop (see BREATH in load.ts), few enough to take over.
 */
const IN_FLIGHT = 8;

/** How long this thread waits, with nothing else to do, for a thread that sends nothing. */
export const STALL_MS = 100;

interface Walking {
  onFile: (path: string, read: Read) => void;
  done?: WalkDone;
}

export class ReadAhead implements Loader {
  private readonly worker: Worker;
  /** The run's number of each file given, by its number here (files here are numbered from 0, in order). */
  private readonly numbers: number[] = [];
  private readonly eager: boolean;
  private ready = false;
  /** The thread failed, or was stopped: everything left is done here and its messages are ignored. */
  private dead = false;
  /** Files by number: entries given, sources made. */
  private readonly entries: Entry[] = [];
  private readonly results: SourceFile[] = [];
  /** Batches to read not sent yet (first file, end). */
  private readonly queue: Array<[number, number]> = [];
  /** Batches sent and not answered: first file → end. */
  private readonly out = new Map<number, number>();
  /** Messages received and not handled yet, in order. */
  private readonly inbox: Array<ReadAnswer | WalkDone> = [];
  private walking: Walking | undefined;
  private unbatched = 0;
  private done = 0;
  private wake: (() => void) | undefined;
  /** Settles when the thread has started, or failed to. */
  readonly started: Promise<void>;
  private onStart: () => void = () => {};
  /**
   * For K8S_SVC_LINT_TIMING: files walked and read there, read here, how long this thread waited for that
   * one (ms), and why it stopped early.
   */
  private readonly counts = { walked: 0, readThere: 0, readHere: 0, waited: 0 };
  private stopped: string | undefined;

  constructor(
    private readonly cwd: string,
    options: ReadAheadOptions,
    private readonly hooks: ReadAheadHooks,
  ) {
    // Below the other threads, unless the machine is loaded already (see ReadSetup).
    const lowPriority = (loadavg()[0] ?? 0) < availableParallelism() + 1;
    const setup: ReadSetup = { maxFileSize: options.maxFileSize, lowPriority, stallMs: options.stallMs ?? 0 };
    this.eager = options.eager;
    this.started = new Promise((resolve) => {
      this.onStart = resolve;
    });
    this.worker = new Worker(new URL('./read-worker.js', import.meta.url), { workerData: setup });
    this.worker.on('message', (m: ReadAnswer | WalkDone | 'ready') => {
      if (this.dead) return;
      if (m === 'ready') {
        this.ready = true;
        this.onStart();
      } else this.inbox.push(m);
      if (m !== 'ready' && m.type === 'read') this.out.delete(m.id);
      this.refill();
      this.signal();
    });
    const fail = () => {
      this.stop('it failed');
      this.onStart();
      this.signal();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', fail);
  }

  /**
   * Whether the thread may be given a walk: it has started (until then the walk goes on where it is, and
   * the thread takes the batches to read queued meanwhile).
   */
  get canWalk(): boolean {
    return this.ready && !this.dead;
  }

  add(number: number, entry: Entry): void {
    const n = this.numbers.length;
    this.numbers.push(number);
    this.entries[n] = entry;
    if (n + 1 - this.unbatched >= BATCH) this.cut(n + 1);
  }

  async breathe(): Promise<void> {
    // Forced: the walk goes over to the thread after the first folder.
    if (this.eager) await this.started;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.takeAnswers();
  }

  private cut(end: number): void {
    if (end <= this.unbatched) return;
    this.queue.push([this.unbatched, end]);
    this.unbatched = end;
    this.refill();
  }

  /** Sends batches to read, oldest first, while the thread has room (or all of them: see walk). */
  private refill(all = false): void {
    if (!this.ready || this.dead || this.walking) return;
    while ((all || this.out.size < IN_FLIGHT) && this.queue.length) {
      const [start, end] = this.queue.shift() as [number, number];
      const paths: string[] = new Array(end - start);
      for (let n = start; n < end; n++) {
        const e = this.entries[n] as Entry;
        paths[n - start] = e.abs ?? resolve(this.cwd, e.path);
      }
      const req: ReadRequest = { type: 'read', id: start, paths };
      this.out.set(start, end);
      this.worker.postMessage(req);
    }
  }

  /** Handles the messages received so far (between turns of the walk, so that their bytes do not pile up). */
  takeAnswers(): void {
    for (let m = this.inbox.shift(); m; m = this.inbox.shift()) this.handle(m);
  }

  private handle(m: ReadAnswer | WalkDone): void {
    if (m.type === 'walk-done') {
      if (this.walking) this.walking.done = m;
      return;
    }
    const { id, lengths, bytes, notes, paths } = m;
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let note = 0;
    let at = 0;
    for (let i = 0; i < lengths.length; i++) {
      const length = lengths[i] as number;
      let read: Read;
      if (length >= 0) {
        read = { bytes: buffer.subarray(at, at + length) };
        at += length;
      } else read = (notes[note++] as [number, ReadNote])[1];
      if (!('unread' in read)) this.counts.readThere++;
      if (m.type === 'walked') {
        this.counts.walked++;
        this.walking?.onFile((paths as string[])[i] as string, read);
      } else {
        const n = id + i;
        if (!('unread' in read)) this.results[n] = this.hooks.fromRead(this.entries[n] as Entry, read);
      }
    }
    if (m.type === 'read') this.done += lengths.length;
  }

  private readRange(start: number, end: number): void {
    for (let n = start; n < end; n++) this.results[n] = this.hooks.readHere(this.entries[n] as Entry);
    this.done += end - start;
    this.counts.readHere += end - start;
  }

  /** What the thread did, for K8S_SVC_LINT_TIMING. */
  summary(): string {
    const { walked, readThere, readHere, waited } = this.counts;
    const stopped = this.stopped ? `; stopped early: ${this.stopped}` : '';
    return `reading thread: walked ${walked} files, read ${readThere} (${readHere} read here), waited for ${Math.round(waited)} ms${stopped}`;
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /**
   * Stops the thread: from now on everything is done here, and what it still sends is ignored (what it
   * sent before is handled).
   */
  private stop(why?: string): void {
    if (this.dead) return;
    this.dead = true;
    this.stopped = why;
    this.worker.removeAllListeners('exit');
    void this.worker.terminate();
  }

  /**
   * Handles messages until `until()`. With nothing to handle it reads the newest batch not sent yet here;
   * with nothing to read either it waits, and stops a thread that sends nothing for STALL_MS.
   */
  private async drive(until: () => boolean): Promise<void> {
    while (!until()) {
      const m = this.inbox.shift();
      if (m) {
        this.handle(m);
        continue;
      }
      if (this.dead) {
        // Batches the thread held: read here.
        for (const [start, end] of this.out) this.readRange(start, end);
        this.out.clear();
      }
      const batch = this.queue.pop();
      if (batch) {
        this.readRange(batch[0], batch[1]);
        // Let answers in.
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      if (this.dead || until()) return;
      const since = performance.now();
      const heard = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), STALL_MS);
        this.wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      this.counts.waited += performance.now() - since;
      if (!heard) this.stop(`no answer for ${STALL_MS} ms`);
    }
  }

  /**
   * Goes on with a walk on the thread, which reads what it finds: `onFile` gets each file (the walk's path,
   * relative to its root) with its bytes or what reading it gave instead (`unread` from `readUntil` files
   * on). Resolves to the folders that could not be listed, or to undefined when the thread was stopped
   * before the end: then the caller walks `rest` again, skipping what `onFile` got.
   */
  async walk(
    walk: WalkOptions,
    rest: WalkRest,
    readUntil: number,
    onFile: (path: string, read: Read) => void,
  ): Promise<WalkDone['failed'] | undefined> {
    // Batches to read that are queued go first (the thread does one thing at a time).
    this.refill(true);
    const walking: Walking = { onFile };
    this.walking = walking;
    try {
      if (this.dead) return undefined;
      const req: WalkRequest = { type: 'walk', walk, rest, readUntil };
      this.worker.postMessage(req);
      await this.drive(() => walking.done !== undefined || this.dead);
      // Stopped: what it sent before counts.
      this.takeAnswers();
      return walking.done?.failed;
    } finally {
      this.walking = undefined;
      this.refill();
    }
  }

  /**
   * Every file given to read, as a source: the last partial batch is cut and answers are parsed as they
   * come, batches not sent are read here whenever none has come.
   */
  async finish(into: SourceFile[]): Promise<void> {
    const total = this.numbers.length;
    this.cut(total);
    try {
      await this.drive(() => this.done >= total);
    } finally {
      this.stop();
    }
    for (let n = 0; n < total; n++) into[this.numbers[n] as number] = this.results[n] as SourceFile;
  }
}
