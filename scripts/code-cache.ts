/**
 * Build step, run by scripts/bundle.ts in a process of its own: `node dist/scripts/code-cache.js BUNDLE
 * ARGS...` runs the bundled command line once on ARGS, as the bin would but compiled from source, and at
 * exit writes the code cache of what V8 compiled meanwhile next to the bundle, and next to each validator
 * the run loaded (src/launch.ts). The exit code is the run's (1 when the warm-up corpus has findings,
 * which it should: locating is warmed up too).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compileBundle, makeCachesAtExit, runBundle } from '../src/launch.js';

const [bundle, ...args] = process.argv.slice(2);
if (!bundle) {
  process.stderr.write('usage: node dist/scripts/code-cache.js BUNDLE [ARGS...]\n');
  process.exit(2);
}
const file = resolve(bundle);
// The bundle, and every file it loads the same way (the validators), compiled from source.
makeCachesAtExit((cache, bytes) => writeFileSync(cache, bytes));
process.argv = [process.argv[0] as string, file, ...args];
runBundle(compileBundle(file));
