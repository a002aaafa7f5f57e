#!/usr/bin/env node
/**
 * The package's bin, bundled to dist/bundle/cli/k8s-svc-lint.js: starts the bundled command line next to it
 * (cli.cjs, from src/cli.ts) from the code cache the build made (src/launch.ts).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CompiledBundle, compileBundle, runBundle } from './launch.js';

let cli: CompiledBundle;
try {
  cli = compileBundle(join(dirname(fileURLToPath(import.meta.url)), 'cli.cjs'));
} catch (e) {
  // A broken install (cli.cjs missing or unreadable): say so in one line, as every failed run does.
  process.stderr.write(`k8s-svc-lint: cannot start: ${(e as Error).message}\n`);
  process.exit(2);
}
runBundle(cli);
