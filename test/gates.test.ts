/**
 * Every pass the read paths make over a whole text, before or beside the parse (src/parse/text.ts, the
 * scanner, the JSON reader), does linear work, so that no input can stall a run. Work is counted, not
 * timed: the string operations the passes perform (each character read, each character an `indexOf`
 * moves over, each character copied), on long runs of every kind of character, at two sizes. The regular
 * expressions they run are watched by V8 itself, which counts their backtracking (see BACKTRACKS).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './helpers.js';
import { gates, texts, UNITS } from './support/gates.js';

const S = String.prototype;
const R = RegExp.prototype;

/** Runs `f`, counting the work of its string operations (a regular expression: the text it reads). */
function counted(f: () => void): number {
  let work = 0;
  const orig = {
    charCodeAt: S.charCodeAt,
    indexOf: S.indexOf,
    includes: S.includes,
    startsWith: S.startsWith,
    slice: S.slice,
    substring: S.substring,
    exec: R.exec,
  };
  const scanned = (s: string, found: number, from: number, len: number) =>
    Math.max(1, (found >= 0 ? found + len : s.length) - Math.max(0, from));
  S.charCodeAt = function (this: string, i: number) {
    work++;
    return orig.charCodeAt.call(this, i);
  };
  S.indexOf = function (this: string, needle: string, from = 0) {
    const at = orig.indexOf.call(this, needle, from);
    work += scanned(this, at, from, needle.length);
    return at;
  };
  S.includes = function (this: string, needle: string, from = 0) {
    const at = orig.indexOf.call(this, needle, from);
    work += scanned(this, at, from, needle.length);
    return at >= 0;
  };
  S.startsWith = function (this: string, s: string, at?: number) {
    work += s.length;
    return orig.startsWith.call(this, s, at);
  };
  S.slice = function (this: string, a?: number, b?: number) {
    const r = orig.slice.call(this, a, b);
    work += r.length + 1;
    return r;
  };
  S.substring = function (this: string, a: number, b?: number) {
    const r = orig.substring.call(this, a, b);
    work += r.length + 1;
    return r;
  };
  R.exec = function (this: RegExp, s: string) {
    // A regular expression V8 runs in linear time reads the text from where it starts once.
    const from = this.global || this.sticky ? this.lastIndex : 0;
    const m = orig.exec.call(this, s);
    work += Math.max(1, (m ? m.index + m[0].length : s.length) - from);
    return m;
  };
  try {
    f();
  } finally {
    const { exec, ...strings } = orig;
    Object.assign(S, strings);
    R.exec = exec;
  }
  return work;
}

const N = 20_000;

/**
 * V8 counts the backtracking of each attempt to match a regular expression. An expression that is
 * quadratic on a run of characters backtracks over the rest of the run at every position it tries
 * (40,000 times at the start of a run of 40,000 spaces); a linear one backtracks a bounded number of
 * times. Past this many, a process started with the flags below runs the expression on V8's
 * breadth-first engine instead, and says so.
 */
const BACKTRACKS = 1000;

/** What a process that watches its regular expressions (see BACKTRACKS) prints, running `args`. */
function watched(args: string[]): string {
  const r = spawnSync(
    process.execPath,
    [
      '--enable-experimental-regexp-engine-on-excessive-backtracks',
      `--regexp-backtracks-before-fallback=${BACKTRACKS}`,
      '--trace-experimental-regexp-engine',
      ...args,
    ],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** The passes over every text, watched. */
function backtrackingReport(): string {
  const support = pathToFileURL(join(ROOT, 'dist/test/support/gates.js')).href;
  const script = `import { gates, texts, UNITS } from ${JSON.stringify(support)};
for (const unit of UNITS) for (const t of texts(unit, ${2 * N})) gates(t);`;
  return watched(['--input-type=module', '-e', script]);
}

describe('passes over a whole text', () => {
  it('do linear work on long runs of every kind of character', function () {
    this.timeout(120_000);
    for (const unit of UNITS) {
      for (const [i, small] of texts(unit, N).entries()) {
        const large = texts(unit, 2 * N)[i] as string;
        const a = counted(() => gates(small));
        const b = counted(() => gates(large));
        const what = `${JSON.stringify(unit)} (text ${i})`;
        // Linear: twice the text, about twice the work; and a few operations a character at most.
        assert.ok(
          b <= 2.2 * a + 1000,
          `${what}: ${a} for ${small.length} characters, ${b} for ${large.length}`,
        );
        assert.ok(a <= 40 * small.length, `${what}: ${a} operations for ${small.length} characters`);
      }
    }
  });

  it('run no regular expression that backtracks more than a linear pass would', function () {
    this.timeout(120_000);
    const report = backtrackingReport();
    assert.equal(report.match(/^Experimental execution.*$/gm)?.join('\n') ?? '', '');
  });

  it('are watched closely enough to see quadratic work', () => {
    // A pass that looks at every later character from each character does n²/2 work.
    const quadratic = (t: string) => {
      for (let i = 0; i < t.length; i++) t.indexOf('x', i);
    };
    const a = counted(() => quadratic(' '.repeat(2000)));
    const b = counted(() => quadratic(' '.repeat(4000)));
    assert.ok(b > 3.5 * a, `${a}, ${b}`);
    // The regular expression the scanner's gate once ran (quadratic on runs of spaces) is caught.
    const old = String.raw`/(?:^|[\s[{,-])(?:~|null|Null|NULL)?[ \t]*:(?:[ \t]|$)/m`;
    const out = watched(['-e', `${old}.test(' '.repeat(${2 * N}))`]);
    assert.match(out, /^Experimental execution/m);
  });
});
