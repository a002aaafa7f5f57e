#!/usr/bin/env node
/**
 * The package's bin, bundled to dist/bundle/cli/k8s-svc-lint.js: starts the bundled command line next to it
 * (cli.cjs, from src/cli.ts): on Node 22+ with `require` under Node's own compile cache, on Node 20 from the
 * code cache the build made (src/launch.ts).
 */
import { accessSync, constants } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CompiledBundle,
  compileBundle,
  requireCompiled,
  runBundle,
  useNodeCompileCache,
} from './launch.js';

/** A broken install (cli.cjs missing or unreadable): say so in one line, as every failed run does. */
function cannotStart(e: unknown): never {
  process.stderr.write(`k8s-svc-lint: cannot start: ${(e as Error).message}\n`);
  process.exit(2);
}

const file = join(dirname(fileURLToPath(import.meta.url)), 'cli.cjs');
if (useNodeCompileCache()) {
  // Node 22+: `require` under Node's compile cache. Only loading is guarded: the run reports its own errors.
  try {
    accessSync(file, constants.R_OK);
  } catch (e) {
    cannotStart(e);
  }
  requireCompiled(file);
} else {
  let cli: CompiledBundle;
  try {
    cli = compileBundle(file);
  } catch (e) {
    cannotStart(e);
  }
  runBundle(cli);
}
