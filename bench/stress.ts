/**
 * Stress: lint 2,000 mutated files (fixtures and generated manifests, then truncated, shuffled, re-indented,
 * sprinkled with unicode) one at a time in one process, and compare the heap after a full GC before and
 * after. Run with `npm run bench:stress` (node --expose-gc). STRESS_FILES=N changes the count.
 */
import fc from 'fast-check';
import { rules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { lint } from '../src/engine/lint.js';
import { sourceFromBytes } from '../src/load/load.js';
import { ROOT } from '../test/helpers.js';
import { fixtureTexts, mutatedArb, positionProblems } from '../test/support/hostile.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  process.stderr.write('stress: run with node --expose-gc (npm run bench:stress)\n');
  process.exit(2);
}
const N = Number(process.env.STRESS_FILES ?? 2000);
const config = resolveConfig({}, rules);
const inputs = fc.sample(mutatedArb(fixtureTexts(ROOT)), { numRuns: N, seed: 42 }).map((t) => Buffer.from(t));

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc?.();
  return process.memoryUsage().heapUsed;
}

let findings = 0;
let bad = 0;
function run(from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const s = sourceFromBytes({ path: `m${i}.yaml`, explicit: true }, inputs[i] as Buffer);
    const r = lint([s], config, rules).findings;
    findings += r.length;
    bad += positionProblems(r, [s]).length;
  }
}

// Warm up (JIT, lazily built tables), then measure the rest.
const warm = Math.min(200, Math.floor(N / 10));
run(0, warm);
const before = heapAfterGc();
const t0 = performance.now();
run(warm, N);
const ms = performance.now() - t0;
const after = heapAfterGc();
const mb = (b: number) => (b / 1024 / 1024).toFixed(2);
const total = inputs.reduce((n, b) => n + b.length, 0);
console.log(
  `stress: ${N} mutated files (${mb(total)} MB), ${N - warm} measured in ${ms.toFixed(0)} ms ` +
    `(${((N - warm) / (ms / 1000)).toFixed(0)} files/s); ${findings} findings, ${bad} bad positions`,
);
console.log(
  `heap after GC: before ${mb(before)} MB, after ${mb(after)} MB, growth ${mb(after - before)} MB ` +
    `(${(((after - before) / before) * 100).toFixed(1)}%)`,
);
// A leak keeps something per file: 1,800 files of ~500 bytes each would add megabytes. Allow 1 MB of noise.
if (bad > 0 || after - before > 1024 * 1024) {
  console.log('stress: FAILED');
  process.exitCode = 1;
}
