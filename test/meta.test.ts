/**
 * Every rule is complete: fixtures both ways, a doc page whose examples behave, messages in the house style
 * (each produced by some fixture of the rule, none longer than MESSAGE_LIMIT as a user reads it), and an
 * entry in the generated index.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { interpolate } from '../src/engine/lint.js';
import type { Rule } from '../src/engine/rule.js';
import { FIXTURES, type FixtureOutput, lintFixture, lintText, ROOT } from './helpers.js';

/**
 * The longest message a finding may have, measured as rendered on the fixtures (names and values filled
 * in). A message says what is wrong and where, and names the alternatives when they are few; how to fix it
 * goes in the finding's fix or suggestions and in the rule's remediation, why in its doc page.
 */
const MESSAGE_LIMIT = 120;

/**
 * Message ids no input can produce today, each with the reason, checked below: `schema`'s `invalid` maps
 * the JSON Schema keywords other than those the Kubernetes schema uses, for the day it uses one.
 */
const UNREACHABLE: Record<string, string> = {
  'schema.invalid':
    'schemas/k8s/k8s.schema.json constrains values only by type, enum, required and properties',
};

/** The validation keywords a JSON Schema uses (property and definition names aside). */
function schemaKeywords(schema: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const x of schema) schemaKeywords(x, out);
  else if (schema && typeof schema === 'object')
    for (const [k, v] of Object.entries(schema)) {
      out.add(k);
      if (k === 'properties' || k === 'definitions')
        for (const sub of Object.values(v as object)) schemaKeywords(sub, out);
      else if (k !== 'enum' && k !== 'required' && k !== 'x-kinds') schemaKeywords(v, out);
    }
  return out;
}

/** What one run of a rule's fixtures showed: the message ids behind its findings, and their messages. */
interface Produced {
  messageIds: Set<string>;
  messages: Array<{ fixture: string; message: string }>;
}

/**
 * Lints every fixture of a rule with the rules wrapped to watch their reports: a message id counts as
 * produced when a report of it reaches the output (a finding or an unchecked reference), not when a
 * suppression drops it. The parse-stage rules have one message id, produced by any of their findings.
 */
async function producedBy(rule: Rule): Promise<Produced> {
  const { id } = rule.meta;
  const dir = join(FIXTURES, id);
  const produced: Produced = { messageIds: new Set(), messages: [] };
  const entries = existsSync(dir) ? readdirSync(dir).filter((e) => /^(valid|invalid)/.test(e)) : [];
  for (const entry of entries) {
    const reported = new Map<string, Set<string>>();
    const watched: Rule[] = rules.map((r) =>
      r.meta.id !== id
        ? r
        : {
            meta: r.meta,
            check: (model, context) =>
              r.check(model, {
                ...context,
                report: (rep) => {
                  const message = interpolate(r.meta.messages[rep.messageId] ?? '', rep.data);
                  reported.set(message, (reported.get(message) ?? new Set()).add(rep.messageId));
                  context.report(rep);
                },
              }),
          },
    );
    const out: FixtureOutput = await lintFixture(id, join(dir, entry), watched);
    for (const f of [...out.findings, ...out.unchecked]) {
      if (f.ruleId !== id) continue;
      produced.messages.push({ fixture: `${id}/${entry}`, message: f.message });
      const ids = rule.meta.stage === 'parse' ? Object.keys(rule.meta.messages) : reported.get(f.message);
      for (const mid of ids ?? []) produced.messageIds.add(mid);
    }
  }
  return produced;
}

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

  it('lists as unreachable only message ids that are', () => {
    const all = rules.flatMap((r) => Object.keys(r.meta.messages).map((m) => `${r.meta.id}.${m}`));
    for (const key of Object.keys(UNREACHABLE))
      assert.ok(all.includes(key), `${key} is no message id of a rule`);
    // What the schema rule maps by name (src/schema/errors.ts); any other keyword ends in `invalid`.
    const mapped = ['type', 'enum', 'required', 'additionalProperties', 'anyOf', 'oneOf'];
    const annotations = [
      '$schema',
      '$id',
      '$ref',
      'title',
      'description',
      'properties',
      'definitions',
      'items',
    ];
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/k8s/k8s.schema.json'), 'utf8')) as unknown;
    const other = [...schemaKeywords(schema)].filter((k) => !mapped.includes(k) && !annotations.includes(k));
    assert.deepEqual(other, ['x-kinds'], 'the Kubernetes schema uses a keyword that schema.invalid reports');
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

      describe('messages on its fixtures', () => {
        let produced: Produced;
        before(async () => {
          produced = await producedBy(rule);
        });

        it('produces every message id on some fixture', () => {
          const ids = Object.keys(rule.meta.messages);
          const missing = ids.filter((mid) => !produced.messageIds.has(mid) && !UNREACHABLE[`${id}.${mid}`]);
          assert.deepEqual(missing, [], `no fixture of test/fixtures/${id}/ produces these message ids`);
          for (const mid of ids.filter((m) => UNREACHABLE[`${id}.${m}`]))
            assert.ok(!produced.messageIds.has(mid), `${id}.${mid} is produced: drop it from UNREACHABLE`);
        });

        it(`keeps every message within ${MESSAGE_LIMIT} characters`, () => {
          const long = produced.messages
            .filter((m) => m.message.length > MESSAGE_LIMIT)
            .map((m) => `${m.fixture} (${m.message.length}): ${m.message}`);
          assert.deepEqual(long, [], 'the fix goes in the fix, suggestions or remediation, not the message');
        });
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
