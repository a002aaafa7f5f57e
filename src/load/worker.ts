/**
 * A parse worker: reads and parses the files it is sent and posts back plain data (structured-clone
 * friendly): each file without its documents, plus the documents' values and indexes. Positions are not
 * computed here; the main thread locates lazily.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { defaultParser } from '../parse/fast.js';
import type { SourceTransfer } from '../parse/source-file.js';
import { type Entry, readSourceSync } from './source.js';

/** Sent once, as the worker's `workerData`. */
export interface WorkerSetup {
  cwd: string;
  maxFileSize: number;
}

export interface WorkRequest {
  /** The number of the first file; the others follow. */
  id: number;
  entries: Entry[];
}

export interface WorkResult {
  id: number;
  files: SourceTransfer[];
}

const parse = defaultParser();
const { cwd, maxFileSize } = workerData as WorkerSetup;

parentPort?.on('message', (req: WorkRequest) => {
  const files = req.entries.map((e) => readSourceSync(e, cwd, maxFileSize, parse).transfer());
  const result: WorkResult = { id: req.id, files };
  parentPort?.postMessage(result);
});
// Loaded: batches may come (they are not queued here before, so that a slow start never holds files back).
parentPort?.postMessage('ready');
