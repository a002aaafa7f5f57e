/**
 * The linter reads each manifest of test/oracle/kubectl.json as kubectl read it: the same objects (every
 * value, every key), and a yaml-syntax error wherever kubectl refused the file. The answers were given by
 * a real kubectl (`npm run oracle`, scripts/oracle.ts, which CI runs where kubectl is installed); this test
 * needs none. Every read path is held to them: the reference parse, the fast path and the lean files of
 * large runs, which must also agree with each other on every finding.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { OracleFile } from '../scripts/oracle.js';
import { parseSourceFast } from '../src/parse/fast.js';
import { parseSource } from '../src/parse/parse.js';
import type { SourceFile } from '../src/types.js';
import { ROOT } from './helpers.js';

const oracle = JSON.parse(readFileSync(join(ROOT, 'test/oracle/kubectl.json'), 'utf8')) as OracleFile;

/**
 * Where the linter knowingly reads otherwise than kubectl (listed in the README, "Values are read as kubectl
 * reads them"), with what it does instead.
 */
const DIFFERENCES: Record<string, (f: SourceFile) => boolean> = {
  // kubectl ends the anchor at the colon and reads `:b x` as the value: reported instead of guessed at.
  'anchor name with a colon': (f) => f.problems.some((p) => /anchor `&a:b`/.test(p.message)),
  // kubectl keeps U+2028 where a multi-line plain scalar folds; the linter folds it into a space.
  'LS inside a plain scalar': (f) => (objectsOf(f)[0] as { data: { v: string } }).data.v === 'one two',
};

/** The objects of a file as kubectl prints them: documents that are objects, and the items of a List. */
function objectsOf(f: SourceFile): unknown[] {
  return f.documents.flatMap((d) => {
    const v = d.value as Record<string, unknown> | null;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return [];
    if (v.kind === 'List' && Array.isArray(v.items)) return v.items;
    return typeof v.apiVersion === 'string' && typeof v.kind === 'string' ? [v] : [];
  });
}

const PATHS: Array<[string, (text: string) => SourceFile]> = [
  ['reference', (t) => parseSource('case.yaml', t, { explicit: true })],
  ['fast', (t) => parseSourceFast('case.yaml', t, { explicit: true })],
  ['lean', (t) => parseSourceFast('case.yaml', t, { explicit: true, lean: true })],
];

describe('kubectl as the oracle', () => {
  it(`holds ${oracle.cases.length} committed answers of a real kubectl, every class of issue 18 among them`, () => {
    const groups = new Set(oracle.cases.map((c) => c.group));
    for (const g of ['scalars', 'keys', 'tags', 'escapes', 'line breaks', 'byte order marks', 'directives'])
      assert.ok(groups.has(g), g);
    for (const g of ['anchors', 'flow', 'block', 'documents', 'templates', 'json'])
      assert.ok(groups.has(g), g);
    assert.ok(oracle.cases.filter((c) => c.kubectl.error).length > 40, 'cases kubectl rejects');
    assert.ok(oracle.cases.length > 500);
  });

  for (const group of [...new Set(oracle.cases.map((c) => c.group))]) {
    it(`reads ${group} as kubectl does, on every read path`, () => {
      const wrong: string[] = [];
      for (const c of oracle.cases.filter((x) => x.group === group)) {
        const files = PATHS.map(([name, read]) => [name, read(c.input)] as const);
        const ref = files[0]?.[1] as SourceFile;
        for (const [name, f] of files.slice(1)) {
          assert.deepEqual(f.problems, ref.problems, `${c.name}: ${name} and reference findings`);
          assert.ok(
            isDeepStrictEqual(objectsOf(f), objectsOf(ref)),
            `${c.name}: ${name} and reference values`,
          );
        }
        const known = DIFFERENCES[c.name];
        if (known) {
          assert.ok(known(ref), `${c.name}: the known difference changed`);
          continue;
        }
        const errors = ref.problems.filter((p) => p.ruleId === 'yaml-syntax' && p.severity === 'error');
        if (c.kubectl.error !== undefined) {
          if (errors.length === 0) wrong.push(`${c.name}: accepted, kubectl says ${c.kubectl.error}`);
          else if (c.line !== undefined && errors[0]?.line !== c.line)
            wrong.push(`${c.name}: error at line ${errors[0]?.line}, not ${c.line}`);
        } else if (ref.skipped) wrong.push(`${c.name}: skipped (${ref.skipped})`);
        else if (errors.length) wrong.push(`${c.name}: rejected (${errors[0]?.message})`);
        else if (!isDeepStrictEqual(objectsOf(ref), c.kubectl.objects))
          wrong.push(
            `${c.name}: ${JSON.stringify(objectsOf(ref))}, kubectl ${JSON.stringify(c.kubectl.objects)}`,
          );
      }
      assert.deepEqual(wrong, []);
    });
  }
});
