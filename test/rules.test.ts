/**
 * Fixture-driven rule tests. test/fixtures/<rule-id>/valid-* must produce no finding of that rule;
 * invalid-* must produce exactly the findings marked `# expect: <rule-id>` on their first line, and no other.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../rules/index.js';
import { expectationsOf, FIXTURES, fixtureConfig, lintWith, loadFixture } from './helpers.js';

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

for (const rule of rules) {
  const id = rule.meta.id;
  const dir = join(FIXTURES, id);
  describe(`rule ${id}`, () => {
    const entries = existsSync(dir) ? readdirSync(dir).sort() : [];
    for (const entry of entries) {
      const valid = entry.startsWith('valid');
      if (!valid && !entry.startsWith('invalid')) continue;
      it(entry, async () => {
        const sources = await loadFixture(join(dir, entry));
        const findings = lintWith(sources, [id], fixtureConfig(sources)).filter(
          // A model rule's fixture that does not parse is a broken fixture: let the yaml-syntax finding show.
          (f) => f.ruleId === id || (rule.meta.stage !== 'parse' && f.ruleId === 'yaml-syntax'),
        );
        for (const f of findings) {
          assert.ok(f.line >= 1 && f.column >= 1, `bad position: ${describeFinding(f)}`);
          assert.ok(
            f.endLine > f.line || (f.endLine === f.line && f.endColumn >= f.column),
            `end before start: ${describeFinding(f)}`,
          );
        }
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
