/**
 * Property tests over the whole pipeline: whatever the input, lint finishes, every finding points inside
 * its file, values are plain data, nothing is polluted, and the same input gives the same output.
 * FUZZ_RUNS=N raises the number of runs per property (default 40, a few seconds in all).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { rules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { lint } from '../src/engine/lint.js';
import { sourceFromBytes } from '../src/load/load.js';
import { parseSource } from '../src/parse/parse.js';
import type { SourceFile } from '../src/types.js';
import { ROOT, runCli } from './helpers.js';
import { fixtureTexts, manifestArb, mutatedArb, notPlainData, positionProblems } from './support/hostile.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const CLI_RUNS = Math.max(4, Math.round(RUNS / 8));
const FIXTURES = fixtureTexts(ROOT);

/** Every rule on: rules that are off by default are turned on as errors. */
const allOn = resolveConfig(
  {
    rules: Object.fromEntries(
      rules.map((r) => [r.meta.id, r.meta.severity === 'warning' ? 'warn' : 'error']),
    ),
  },
  rules,
);

function lintAll(texts: string[]): { findings: ReturnType<typeof lint>['findings']; sources: SourceFile[] } {
  const sources = texts.map((t, i) => parseSource(`f${i}.yaml`, t, { explicit: true }));
  return { findings: lint(sources, allOn, rules).findings, sources };
}

/** The properties every input must satisfy. */
function checkTexts(texts: string[]): void {
  const a = lintAll(texts);
  assert.deepEqual(positionProblems(a.findings, a.sources), []);
  for (const s of a.sources)
    for (const d of s.documents)
      assert.equal(notPlainData(d.value), undefined, `document ${d.index} of ${s.path}`);
  assert.deepEqual(lintAll(texts).findings, a.findings, 'same input, same findings');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.deepEqual(Object.keys(Object.prototype), []);
}

/**
 * Where to cut: around every line break (where the parser closes collections), just after every YAML
 * indicator (an unfinished key, quote, flow collection, anchor or tag), and every 7th offset between;
 * FUZZ_RUNS of 200 or more cuts at every offset.
 */
function truncationPoints(text: string): number[] {
  const stride = RUNS >= 200 ? 1 : 11;
  const at = new Set<number>([0, text.length]);
  for (let i = 0; i <= text.length; i++) {
    if (i % stride === 0 || /[\r\n:\-"'[\]{}#&*!|>]/.test(text[i] ?? ''))
      for (const d of [-1, 0, 1]) at.add(i + d);
  }
  return [...at].filter((i) => i >= 0 && i <= text.length).sort((a, b) => a - b);
}

describe('properties of the pipeline on hostile input', function () {
  this.timeout(300_000);

  it('random bytes: read, decoded and linted without a throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.boolean(), (bytes, explicit) => {
        const s = sourceFromBytes({ path: 'bytes.yaml', explicit }, Buffer.from(bytes));
        const findings = lint([s], allOn, rules).findings;
        assert.deepEqual(positionProblems(findings, [s]), []);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('random strings (any code points)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (t) => checkTexts([t])),
      { numRuns: RUNS },
    );
  });

  it('random JSON values serialized as YAML', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => checkTexts([stringify(v), JSON.stringify(v)])),
      { numRuns: RUNS },
    );
  });

  it('random Kubernetes-shaped manifests across files (Services, workloads, odd labels and ports)', () => {
    fc.assert(
      fc.property(fc.array(manifestArb, { minLength: 1, maxLength: 3 }), (texts) => checkTexts(texts)),
      { numRuns: RUNS },
    );
  });

  it('mutated fixtures: truncation, deleted or duplicated lines, indentation, quotes, unicode', () => {
    fc.assert(
      fc.property(mutatedArb(FIXTURES), (t) => checkTexts([t])),
      { numRuns: RUNS * 3 },
    );
  });

  it('every fixture truncated at every offset class, with LF and with CRLF line ends', () => {
    for (const [path, text] of FIXTURES) {
      const crlf = text.replace(/\r?\n/g, '\r\n');
      const cuts: Array<[string, number[]]> = [
        [text, truncationPoints(text)],
        // CRLF: the cuts that split or follow a line break, where positions could drift.
        [crlf, truncationPoints(crlf).filter((i) => /[\r\n]/.test(crlf.slice(i - 1, i + 1)))],
      ];
      for (const [variant, points] of cuts) {
        for (const i of points) {
          const s = parseSource(path, variant.slice(0, i), { explicit: true });
          const findings = lint([s], allOn, rules).findings;
          const bad = positionProblems(findings, [s]);
          assert.deepEqual(bad, [], `${path} cut at ${i}`);
        }
      }
    }
  });

  it('the CLI: no stack trace, exit 0 or 1, the same report twice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-fuzz-'));
    try {
      const samples = fc.sample(mutatedArb(FIXTURES), { numRuns: CLI_RUNS });
      const bytes = fc.sample(fc.uint8Array({ maxLength: 200 }), { numRuns: 4 });
      mkdirSync(join(dir, 'in'));
      samples.forEach((t, i) => {
        writeFileSync(join(dir, 'in', `m${i}.yaml`), t);
      });
      bytes.forEach((b, i) => {
        writeFileSync(join(dir, 'in', `b${i}.yaml`), b);
      });
      const args = ['-f', 'json', '--no-gitignore', 'in'];
      const one = runCli(args, { cwd: dir });
      const two = runCli(args, { cwd: dir });
      assert.ok(one.status === 0 || one.status === 1, `exit ${one.status}: ${one.stderr}`);
      assert.doesNotMatch(one.stderr, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace');
      assert.doesNotMatch(one.stderr, /internal error/);
      assert.equal(two.stdout, one.stdout, 'same report twice');
      assert.equal(two.status, one.status);
      const results = JSON.parse(one.stdout) as Array<{ messages: unknown[] }>;
      assert.ok(results.length >= samples.length, 'every mutated file is in the report');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
