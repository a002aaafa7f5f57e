/**
 * A parse worker: reads and parses the files it is sent and posts back plain data (structured-clone
 * friendly): each file without its documents, plus the documents' values and indexes. Positions are not
 * computed here; the main thread locates lazily.
 */
import { parentPort } from 'node:worker_threads';
import { defaultParser } from '../parse/fast.js';
import type { SourceFile } from '../types.js';
import { type Entry, readSource } from './load.js';

export interface WorkRequest {
  id: number;
  entries: Entry[];
  cwd: string;
  maxFileSize: number;
}

export interface ParsedData {
  file: Omit<SourceFile, 'documents'>;
  values: unknown[];
  indexes: number[];
}

export interface WorkResult {
  id: number;
  files: ParsedData[];
}

const parse = defaultParser();

function toData(f: SourceFile): ParsedData {
  const { documents, ...file } = f;
  return { file, values: documents.map((d) => d.value), indexes: documents.map((d) => d.index) };
}

parentPort?.on('message', async (req: WorkRequest) => {
  const files = await Promise.all(req.entries.map((e) => readSource(e, req.cwd, req.maxFileSize, parse)));
  const result: WorkResult = { id: req.id, files: files.map(toData) };
  parentPort?.postMessage(result);
});
