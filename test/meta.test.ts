/**
 * Every rule is complete: fixtures both ways, a doc page whose examples behave, messages in the house style,
 * and an entry in the generated index.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { FIXTURES, lintText, ROOT } from './helpers.js';

/** The first fenced yaml block after a heading. */
function exampleAfter(doc: string, heading: string): string | undefined {
  const i = doc.indexOf(heading);
  if (i < 0) return undefined;
  const m = /```ya?ml\n([\s\S]*?)```/.exec(doc.slice(i));
  return m?.[1];
}

describe('rule modules', () => {
  it('rules/ files and the index agree', () => {
    const files = readdirSync(join(ROOT, 'rules'))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.slice(0, -3))
      .sort();
    assert.deepEqual(
      rules.map((r) => r.meta.id),
      files,
    );
  });

  for (const rule of rules) {
    const { id } = rule.meta;
    describe(id, () => {
      it('has fixtures that must fire and must not fire', () => {
        const dir = join(FIXTURES, id);
        const entries = existsSync(dir) ? readdirSync(dir) : [];
        assert.ok(
          entries.some((e) => e.startsWith('valid')),
          `test/fixtures/${id}/valid-* missing`,
        );
        assert.ok(
          entries.some((e) => e.startsWith('invalid')),
          `test/fixtures/${id}/invalid-* missing`,
        );
      });

      it('has metadata in the house style', () => {
        assert.match(rule.meta.id, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
        assert.match(
          rule.meta.description,
          /^(Require|Disallow) /,
          'description starts with Require or Disallow',
        );
        assert.doesNotMatch(rule.meta.description, /\.$/, 'description has no final period');
        assert.ok(rule.meta.remediation.length > 10, 'remediation is written');
        assert.ok(Object.keys(rule.meta.messages).length > 0);
        for (const [mid, msg] of Object.entries(rule.meta.messages)) {
          assert.doesNotMatch(msg, /^[A-Z]/, `message ${mid} starts lower-case`);
          assert.doesNotMatch(msg, /\.$/, `message ${mid} has no final period`);
        }
        if (rule.meta.options) {
          assert.equal(rule.meta.options.schema.type, 'object');
          assert.equal(rule.meta.options.schema.additionalProperties, false, 'options schema is closed');
        }
      });

      it('documents its default severity and options as its metadata has them', () => {
        const doc = readFileSync(join(ROOT, 'docs/rules', `${id}.md`), 'utf8');
        const head = doc.split('## What it finds')[0] ?? '';
        const strict = rule.meta.strict?.severity;
        assert.match(
          head,
          new RegExp(
            `- Default severity: \\*\\*${rule.meta.severity}\\*\\*${strict ? ` \\(\`strict\` preset: \\*\\*${strict}\\*\\*\\)` : ' ?(?!\\(`strict)'}`,
          ),
        );
        const optionsLine = /^- Options: (.*)$/m.exec(head)?.[1] ?? '';
        const defaults = rule.meta.options?.defaults ?? {};
        if (!Object.keys(defaults).length) assert.match(optionsLine, /^none\b/, 'says "Options: none"');
        const squash = (x: string) => x.replace(/\s+/g, '');
        for (const [key, value] of Object.entries(defaults)) {
          assert.ok(optionsLine.includes(`\`${key}\``), `option ${key} in the "- Options:" line`);
          assert.ok(
            squash(doc).includes(squash(`default \`${JSON.stringify(value)}\``)),
            `option ${key}: default ${JSON.stringify(value)} documented`,
          );
        }
        // Every config example on the page is one the linter accepts.
        for (const m of doc.matchAll(/```json\n([\s\S]*?)```/g)) resolveConfig(JSON.parse(m[1] ?? ''), rules);
      });

      it('has a doc page whose incorrect example fires and correct example does not', () => {
        const p = join(ROOT, 'docs/rules', `${id}.md`);
        assert.ok(existsSync(p), `docs/rules/${id}.md missing`);
        const doc = readFileSync(p, 'utf8');
        assert.match(doc, new RegExp(`^# ${id}\\n`), 'starts with "# <rule-id>"');
        for (const section of ['## Why', '## Options', '## Suppress'])
          assert.ok(doc.includes(section), `section ${section}`);
        // file-read is about the file system, not text: its examples are shell sessions, tested in cli.test.
        if (id === 'file-read') return;
        const bad = exampleAfter(doc, '### Incorrect');
        const good = exampleAfter(doc, '### Correct');
        assert.ok(bad && good, 'doc has "### Incorrect" and "### Correct" yaml examples');
        assert.ok(
          lintText(bad, [id]).some((f) => f.ruleId === id),
          'incorrect example fires',
        );
        assert.deepEqual(
          lintText(good, [id])
            .filter((f) => f.ruleId === id)
            .map((f) => f.message),
          [],
          'correct example is clean',
        );
      });
    });
  }
});
