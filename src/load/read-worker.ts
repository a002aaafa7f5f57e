/**
 * The reading thread: lists folders and opens, reads and closes files, and posts their bytes back in one
 * transferred buffer per batch (no copy). It parses nothing: see readahead.ts for why and when.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { BATCH } from './parallel.js';
import { type ReadResult, readRegularFile } from './read.js';
import { absoluteIn, Walk, type WalkOptions, type WalkRest } from './walk.js';

/** Sent once, as the worker's `workerData`. */
export interface ReadSetup {
  maxFileSize: number;
  /**
   * Run at the lowest priority. On two cores, V8's own threads (the optimizing compiler, the garbage
   * collector) need the second core too, and while they wait the main thread runs slower code: this thread
   * then works in what they leave. Not on a machine loaded already (a load average over one per core plus
   * one), where other processes would starve it and the main thread would wait for it. The runs that
   * decided both are in docs/performance.md ("Seventh round").
   */
  lowPriority: boolean;
  /**
   * For tests only: after each batch it walks, the thread sleeps this long (ms), as a thread starved by a
   * busy machine would (the main thread then takes over: readahead.ts). 0 in a run.
   */
  stallMs: number;
}

/** Read these files (absolute paths); the answer's `id` is the request's. */
export interface ReadRequest {
  type: 'read';
  id: number;
  paths: string[];
}

/**
 * Go on with a walk the main thread began (the folders it has not listed: see walk.ts) and read what it
 * finds, up to `readUntil` files: the rest go back as paths only, for the parse workers to read.
 */
export interface WalkRequest {
  type: 'walk';
  walk: WalkOptions;
  rest: WalkRest;
  readUntil: number;
}

/** What reading a file gave instead of bytes; `unread` when the walk did not read it (see readUntil). */
export type ReadNote = Exclude<ReadResult, { bytes: Buffer }> | { unread: true };

export interface ReadAnswer {
  type: 'read' | 'walked';
  /** The request's id (read), or 0 (walked). */
  id: number;
  /** The files walked (relative to the walk's root, as walkFiles gives them). */
  paths?: string[];
  /** Per file: its length in `bytes` (files follow each other), or -1 when `notes` says why there are none. */
  lengths: Int32Array;
  bytes: Uint8Array;
  /** File (index in the batch) and what reading it gave instead of bytes. */
  notes: Array<[number, ReadNote]>;
}

/** The end of a walk: the folders it could not list. */
export interface WalkDone {
  type: 'walk-done';
  failed: Array<{ dir: string; code?: string; message: string }>;
}

const { maxFileSize, lowPriority, stallMs: STALL_MS } = workerData as ReadSetup;
/** The longest this thread goes without a message while it walks (see STALL_MS in readahead.ts). */
const HEARTBEAT_MS = 20;
const stall = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, STALL_MS);
if (lowPriority) yieldToOthers();

/**
 * The lowest priority for this thread (see ReadSetup). Linux only, where a thread has a nice value of its
 * own; elsewhere setpriority would reach the whole process.
 */
function yieldToOthers(): void {
  if (process.platform !== 'linux') return;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 19);
  } catch {
    // No /proc: the default priority.
  }
}

/** Files read into one answer. */
class Batch {
  readonly paths: string[] = [];
  private readonly lengths: number[] = [];
  private readonly notes: ReadAnswer['notes'] = [];
  private readonly parts: Buffer[] = [];
  private total = 0;

  add(read: ReadResult | { unread: true }): void {
    const i = this.lengths.length;
    if ('bytes' in read) {
      this.parts.push(read.bytes);
      this.lengths.push(read.bytes.length);
      this.total += read.bytes.length;
    } else {
      this.lengths.push(-1);
      this.notes.push([i, read]);
    }
  }

  get size(): number {
    return this.lengths.length;
  }

  post(type: ReadAnswer['type'], id: number): void {
    const bytes = new Uint8Array(this.total);
    let at = 0;
    for (const p of this.parts) {
      bytes.set(p, at);
      at += p.length;
    }
    const lengths = Int32Array.from(this.lengths);
    const answer: ReadAnswer = { type, id, lengths, bytes, notes: this.notes };
    if (type === 'walked') answer.paths = this.paths;
    parentPort?.postMessage(answer, [lengths.buffer, bytes.buffer]);
  }
}

function read(req: ReadRequest): void {
  const batch = new Batch();
  for (const p of req.paths) batch.add(readRegularFile(p, maxFileSize));
  batch.post('read', req.id);
}

function walk(req: WalkRequest): void {
  const failed = new Map<string, NodeJS.ErrnoException>();
  const root = req.walk.root;
  const absOf = absoluteIn(root);
  const w = Walk.from(req.walk, failed, req.rest);
  let left = req.readUntil;
  let batch = new Batch();
  let posted = performance.now();
  const post = () => {
    batch.post('walked', 0);
    batch = new Batch();
    posted = performance.now();
    if (STALL_MS) stall();
  };
  for (let files = w.next(); files; files = w.next()) {
    for (const p of files) {
      batch.paths.push(p);
      batch.add(left-- > 0 ? readRegularFile(absOf(p), maxFileSize) : { unread: true });
      if (batch.size >= BATCH) post();
    }
    // Folders without manifests (a large source tree) still show the main thread that this one works.
    if (performance.now() - posted >= HEARTBEAT_MS) post();
  }
  if (batch.size) batch.post('walked', 0);
  const done: WalkDone = {
    type: 'walk-done',
    failed: [...failed].map(([dir, e]) => ({ dir, code: e.code, message: e.message })),
  };
  parentPort?.postMessage(done);
}

parentPort?.on('message', (req: ReadRequest | WalkRequest) => {
  if (req.type === 'read') read(req);
  else walk(req);
});
// Loaded: batches may come.
parentPort?.postMessage('ready');
