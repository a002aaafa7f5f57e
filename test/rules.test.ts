/**
 * Fixture-driven rule tests. Each file or folder test/fixtures/<rule-id>/valid-* or invalid-* is a fixture,
 * linted with only its rule on (plus the parse stage) under its optional `# lintrc:` first line.
 *
 * - valid-* must produce no finding of the rule; invalid-* must produce exactly the findings marked
 *   `# expect: <rule-id> [severity]` on their first line, and no other. The markers state the author's
 *   intent inside the fixture, independently of the expected output below, which can be regenerated.
 * - Every fixture's output is what a user reads, compared both ways with
 *   test/golden/rules/<rule-id>/<fixture>.txt (`<fixture>` without .yaml/.yml): one line a finding,
 *   `path:line:col: severity message [rule]` as the compact format prints it, sorted as the CLI sorts
 *   findings. An unchecked reference (a finding that holds only if the input were complete, which JSON
 *   and SARIF show apart) reads `unchecked` in place of the severity. A fixture that produces nothing has
 *   no file.
 *
 * After an intended change, `UPDATE_GOLDEN=1 npm run mocha` rewrites the expected outputs (and deletes
 * those of fixtures that produce nothing); review the diff of test/golden/rules/ before committing it.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { rules } from '../rules/index.js';
import { expectationsOf, FIXTURES, lintFixture, ROOT, renderOutput } from './helpers.js';

const GOLDEN = join(ROOT, 'test/golden/rules');
const UPDATE = !!process.env.UPDATE_GOLDEN;

function describeFinding(f: {
  filePath: string;
  line: number;
  column: number;
  ruleId: string;
  severity: string;
  message: string;
}) {
  return `${f.filePath}:${f.line}:${f.column} ${f.severity} [${f.ruleId}] ${f.message}`;
}

/** The fixtures of a rule: the entries of its folder named valid-* or invalid-*. */
function fixturesOf(id: string): string[] {
  const dir = join(FIXTURES, id);
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((e) => e.startsWith('valid') || e.startsWith('invalid'))
        .sort()
    : [];
}

/** test/golden/rules/<rule-id>/<fixture>.txt */
function expectedPath(id: string, entry: string): string {
  return join(GOLDEN, id, `${entry.replace(/\.ya?ml$/, '')}.txt`);
}

/** Compares both ways: a line missing from the output and a line the output adds are both failures. */
function compareOutput(id: string, entry: string, actual: string): void {
  const path = expectedPath(id, entry);
  const name = path.slice(ROOT.length + 1);
  if (UPDATE) {
    if (actual) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, actual);
    } else rmSync(path, { force: true });
    return;
  }
  const expected = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (actual === expected) return;
  const lines = (t: string) => t.split('\n').filter(Boolean);
  const missing = lines(expected).filter((l) => !lines(actual).includes(l));
  const extra = lines(actual).filter((l) => !lines(expected).includes(l));
  assert.fail(
    [
      `the output differs from ${existsSync(path) ? name : `${name} (absent: no output expected)`}`,
      ...(missing.length ? ['expected, not produced:', ...missing.map((l) => `  - ${l}`)] : []),
      ...(extra.length ? ['produced, not expected:', ...extra.map((l) => `  + ${l}`)] : []),
      ...(!missing.length && !extra.length ? ['the same lines in another order'] : []),
      'after an intended change: UPDATE_GOLDEN=1 npm run mocha, then review the diff of test/golden/rules/',
    ].join('\n'),
  );
}

for (const rule of rules) {
  const id = rule.meta.id;
  const dir = join(FIXTURES, id);
  describe(`rule ${id}`, () => {
    for (const entry of fixturesOf(id)) {
      const valid = entry.startsWith('valid');
      it(entry, async () => {
        const { sources, findings, unchecked } = await lintFixture(id, join(dir, entry));
        for (const f of [...findings, ...unchecked]) {
          assert.ok(f.line >= 1 && f.column >= 1, `bad position: ${describeFinding(f)}`);
          assert.ok(
            f.endLine > f.line || (f.endLine === f.line && f.endColumn >= f.column),
            `end before start: ${describeFinding(f)}`,
          );
        }
        compareOutput(id, entry, renderOutput({ findings, unchecked }));
        if (valid) {
          assert.deepEqual(findings.map(describeFinding), [], 'a valid fixture must produce no finding');
          return;
        }
        const expected = expectationsOf(sources);
        assert.ok(expected.length > 0, 'an invalid fixture needs at least one "# expect:" marker');
        const key = (x: { filePath: string; line: number; ruleId: string }) =>
          `${x.filePath}:${x.line} ${x.ruleId}`;
        const actual = findings.map(key).sort();
        assert.deepEqual(
          actual,
          expected.map(key).sort(),
          `findings:\n${findings.map(describeFinding).join('\n')}`,
        );
        for (const e of expected) {
          if (!e.severity) continue;
          const f = findings.find((x) => key(x) === key(e) && x.severity === e.severity);
          assert.ok(
            f,
            `expected a ${e.severity} at ${key(e)}; got:\n${findings.map(describeFinding).join('\n')}`,
          );
        }
      });
    }
  });
}

describe('expected outputs of the rule fixtures', () => {
  it('belong each to a fixture, and none is empty', () => {
    if (UPDATE && existsSync(GOLDEN)) {
      // Outputs of fixtures that no longer exist go with the refresh.
      for (const id of readdirSync(GOLDEN))
        for (const file of readdirSync(join(GOLDEN, id)))
          if (!fixturesOf(id).some((e) => expectedPath(id, e) === join(GOLDEN, id, file)))
            rmSync(join(GOLDEN, id, file));
    }
    const known = new Set(rules.flatMap((r) => fixturesOf(r.meta.id).map((e) => expectedPath(r.meta.id, e))));
    const names = new Map<string, string[]>();
    for (const r of rules)
      for (const e of fixturesOf(r.meta.id)) {
        const p = expectedPath(r.meta.id, e);
        names.set(p, [...(names.get(p) ?? []), e]);
      }
    for (const [p, entries] of names)
      assert.equal(entries.length, 1, `${p} would be the expected output of ${entries.join(' and ')}`);
    const files = existsSync(GOLDEN)
      ? readdirSync(GOLDEN).flatMap((id) => readdirSync(join(GOLDEN, id)).map((f) => join(GOLDEN, id, f)))
      : [];
    for (const f of files) {
      const name = f.slice(ROOT.length + 1);
      assert.ok(known.has(f), `${name} belongs to no fixture of test/fixtures/`);
      assert.notEqual(readFileSync(f, 'utf8'), '', `${name} is empty: a fixture without output has no file`);
    }
  });
});
