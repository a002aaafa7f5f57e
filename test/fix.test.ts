/**
 * Fixes as data: each fix fixture's files after `--fix` (or after applying every finding's first
 * suggestion) equal the expected files byte for byte; a second `--fix` changes nothing; every fix and
 * suggestion of the rule fixtures and examples resolves its finding and leaves the text outside its edits
 * as it was; the CLI's --fix writes, --fix-dry-run does not.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { rules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { lint } from '../src/engine/lint.js';
import { unifiedDiff } from '../src/fix/diff.js';
import { disableForFile, disableForLine } from '../src/fix/disable.js';
import { compatibleFixes, lintAndFix } from '../src/fix/run.js';
import { applyEdits } from '../src/fix/tree.js';
import { parseSource } from '../src/parse/parse.js';
import type { Finding, Fix, SourceFile } from '../src/types.js';
import { FIXTURES, fixtureFiles, ROOT, runCli } from './helpers.js';

const CASES = join(ROOT, 'test/fixtures-fix');
const config = resolveConfig(undefined, rules);

/** The files of a case folder (not its expected/ folder), parsed as the CLI parses a named file. */
function caseFiles(dir: string): SourceFile[] {
  return readdirSync(dir)
    .filter((f) => f !== 'expected')
    .sort()
    .map((f) =>
      parseSource(relative(ROOT, join(dir, f)), readFileSync(join(dir, f), 'utf8'), { explicit: true }),
    );
}

function expectedOf(dir: string, file: SourceFile): string {
  const name = file.path.slice(file.path.lastIndexOf('/') + 1);
  const p = join(dir, 'expected', name);
  return existsSync(p) ? readFileSync(p, 'utf8') : file.text;
}

/** Applies fixes (each finding's edits, in any file) to the sources' texts. */
function applyAll(files: SourceFile[], fixes: Array<{ finding: Finding; fix: Fix }>): Map<string, string> {
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const byFile = new Map<string, Fix['edits']>();
  for (const { finding, fix } of fixes)
    for (const e of fix.edits) {
      const p = e.filePath ?? finding.filePath;
      byFile.set(p, [...(byFile.get(p) ?? []), e]);
    }
  for (const [p, edits] of byFile) texts.set(p, applyEdits(texts.get(p) ?? '', edits));
  return texts;
}

describe('fixes', () => {
  for (const name of readdirSync(join(CASES, 'fix')).sort()) {
    const dir = join(CASES, 'fix', name);
    it(`--fix: ${name}`, () => {
      const files = caseFiles(dir);
      const out = lintAndFix(files, config, rules);
      assert.ok(out.applied > 0, 'some fix applied');
      for (const f of files) assert.equal(out.outputs.get(f.path) ?? f.text, expectedOf(dir, f), f.path);
      // No fix is left: a second run changes nothing.
      assert.equal(
        out.findings.filter((x) => x.fix).length,
        0,
        JSON.stringify(out.findings.filter((x) => x.fix)),
      );
      const again = lintAndFix(out.files, config, rules);
      assert.equal(again.applied, 0);
      assert.equal(again.outputs.size, 0);
    });
  }

  for (const name of readdirSync(join(CASES, 'suggest')).sort()) {
    const dir = join(CASES, 'suggest', name);
    it(`suggestions: ${name}`, () => {
      const files = caseFiles(dir);
      const { findings } = lint(files, config, rules);
      const chosen = findings.flatMap((f) =>
        f.suggestions?.[0] ? [{ finding: f, fix: f.suggestions[0] }] : [],
      );
      assert.ok(chosen.length > 0, 'some suggestion');
      const texts = applyAll(files, chosen);
      for (const f of files) assert.equal(texts.get(f.path), expectedOf(dir, f), f.path);
    });
  }

  it('every fix and suggestion of the fixtures and examples resolves its finding and edits nothing else', () => {
    const dirs = [
      ...readdirSync(FIXTURES).map((d) => join(FIXTURES, d)),
      ...readdirSync(join(ROOT, 'examples')).map((d) => join(ROOT, 'examples', d)),
      ...['fix', 'suggest'].flatMap((k) => readdirSync(join(CASES, k)).map((d) => join(CASES, k, d))),
    ];
    let checked = 0;
    for (const dir of dirs) {
      const sources = fixtureFiles(dir)
        .filter((f) => /\.(ya?ml|json)$/.test(f) && !f.includes('/expected/'))
        .map((f) => parseSource(relative(ROOT, f), readFileSync(f, 'utf8'), { explicit: true }));
      const { findings } = lint(sources, config, rules);
      for (const finding of findings) {
        for (const fix of [...(finding.fix ? [finding.fix] : []), ...(finding.suggestions ?? [])]) {
          checked++;
          const texts = applyAll(sources, [{ finding, fix }]);
          for (const f of sources) {
            const after = texts.get(f.path) ?? f.text;
            const edits = fix.edits.filter((e) => (e.filePath ?? finding.filePath) === f.path);
            if (!edits.length) {
              assert.equal(after, f.text);
              continue;
            }
            // Outside the edits, the text is the same, byte for byte.
            const first = Math.min(...edits.map((e) => e.range[0]));
            const last = Math.max(...edits.map((e) => e.range[1]));
            assert.equal(after.slice(0, first), f.text.slice(0, first));
            assert.equal(after.slice(after.length - (f.text.length - last)), f.text.slice(last));
          }
          const fixed = sources.map((f) =>
            texts.get(f.path) === f.text
              ? f
              : parseSource(f.path, texts.get(f.path) ?? '', { explicit: true }),
          );
          const after = lint(fixed, config, rules).findings;
          // Objects of one name may repeat in a fixture: one finding fewer of this kind, for this object.
          const same = (x: Finding) =>
            x.ruleId === finding.ruleId &&
            x.filePath === finding.filePath &&
            JSON.stringify(x.target) === JSON.stringify(finding.target) &&
            x.message === finding.message;
          assert.equal(
            after.filter(same).length,
            findings.filter(same).length - 1,
            `${fix.desc} resolves ${finding.filePath}:${finding.line} ${finding.message}`,
          );
          const broken = (list: Finding[]) =>
            list.filter((x) => x.ruleId === 'yaml-syntax' || x.ruleId === 'duplicate-key').length;
          assert.equal(broken(after), broken(findings), fix.desc);
        }
      }
    }
    assert.ok(checked >= 15, `checked ${checked} fixes`);
  });

  it('takes fixes that do not overlap, one per insertion point', () => {
    const f = (s: number, e: number, filePath = 'a.yaml'): Finding => ({
      ruleId: 'x',
      severity: 'error',
      message: `${s}`,
      filePath,
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      fix: { desc: '', edits: [{ range: [s, e], text: 'x' }] },
    });
    const taken = compatibleFixes([f(0, 4), f(2, 6), f(4, 4), f(4, 4), f(4, 8), f(0, 4, 'b.yaml')]);
    assert.deepEqual(
      taken.map((t) => `${t.finding.filePath}:${t.finding.message}`),
      ['a.yaml:0', 'a.yaml:4', 'b.yaml:0'],
    );
  });

  it('writes a unified diff', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n';
    const after = 'a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk';
    assert.equal(
      unifiedDiff('x.yaml', before, after),
      '--- a/x.yaml\n+++ b/x.yaml\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n@@ -8,3 +8,4 @@\n h\n i\n j\n+k\n\\ No newline at end of file\n',
    );
    assert.equal(unifiedDiff('x.yaml', before, before), '');
  });
});

const BOM_FILE = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  labels: {enabled: yes}\n';

describe('disable comments', () => {
  const finding = (text: string, path = 'a.yaml') => {
    const file = parseSource(path, text, { explicit: true });
    const f = lint([file], config, rules).findings.find((x) => x.ruleId === 'label-values');
    assert.ok(f, 'a label-values finding');
    return { file, f };
  };
  const apply = (text: string, fix: Fix | undefined) => {
    assert.ok(fix);
    return applyEdits(text, fix.edits);
  };
  const LABEL = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n    v: 1.10\n';

  it('adds a comment above the line, indented as it, or the rule to the directive there', () => {
    const { file, f } = finding(LABEL);
    assert.equal(
      apply(LABEL, disableForLine(file, f)),
      LABEL.replace('    v: 1.10', '    # k8s-svc-lint-disable-next-line label-values\n    v: 1.10'),
    );
    const crlf = LABEL.replace(/\n/g, '\r\n');
    const c = finding(crlf);
    assert.equal(
      apply(crlf, disableForLine(c.file, c.f)),
      crlf.replace('    v: 1.10', '    # k8s-svc-lint-disable-next-line label-values\r\n    v: 1.10'),
    );
    const withOther = LABEL.replace(
      '    v:',
      '    # k8s-svc-lint-disable-next-line schema -- a reason\n    v:',
    );
    const o = finding(withOther);
    assert.equal(
      apply(withOther, disableForLine(o.file, o.f)),
      withOther.replace('line schema --', 'line schema, label-values --'),
    );
  });

  it('adds a file directive at the top, or the rule to the one there', () => {
    const { file, f } = finding(LABEL);
    assert.equal(apply(LABEL, disableForFile(file, f)), `# k8s-svc-lint-disable label-values\n${LABEL}`);
    const top = `# a note\n# k8s-svc-lint-disable schema\n${LABEL}`;
    const t = finding(top);
    assert.equal(
      apply(top, disableForFile(t.file, t.f)),
      top.replace('disable schema', 'disable schema, label-values'),
    );
  });

  it('offers none in JSON, which has no comments', () => {
    const json =
      '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x", "labels": {"v": 1.10}}}';
    const { file, f } = finding(json, 'a.json');
    assert.equal(disableForLine(file, f), undefined);
    assert.equal(disableForFile(file, f), undefined);
  });
});

describe('cli: --fix and --fix-dry-run', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-fix-'));
    cpSync(join(CASES, 'fix', 'label-values', 'app.yaml'), join(dir, 'app.yaml'));
    writeFileSync(join(dir, 'bom.yaml'), `\ufeff${BOM_FILE}`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('--fix writes the fixed files (keeping a byte order mark) and reports what remains', () => {
    const r = runCli(['--fix', '-f', 'json', '.'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    const expected = readFileSync(join(CASES, 'fix', 'label-values', 'expected', 'app.yaml'), 'utf8');
    assert.equal(readFileSync(join(dir, 'app.yaml'), 'utf8'), expected);
    assert.equal(readFileSync(join(dir, 'bom.yaml'), 'utf8'), `\ufeff${BOM_FILE.replace('yes', '"yes"')}`);
    const results = JSON.parse(r.stdout) as Array<{ messages: unknown[]; output?: string }>;
    assert.deepEqual(
      results.map((x) => x.messages.length),
      [0, 0],
    );
    assert.equal(results[0]?.output, expected);
    const again = runCli(['--fix', '.'], { cwd: dir });
    assert.equal(again.status, 0);
    assert.equal(readFileSync(join(dir, 'app.yaml'), 'utf8'), expected);
  });

  it('--fix-dry-run writes nothing and prints a diff before the report', () => {
    const before = readFileSync(join(dir, 'app.yaml'), 'utf8');
    const r = runCli(['--fix-dry-run', '-f', 'compact', 'app.yaml'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(join(dir, 'app.yaml'), 'utf8'), before);
    assert.match(r.stdout, /^--- a\/app\.yaml\n\+\+\+ b\/app\.yaml\n@@ /);
    assert.match(r.stdout, /\n- {4}version: 1\.10 {3}# kubectl reads 1\.1\n/);
    assert.match(r.stdout, /\n\+ {4}version: "1\.10" {3}# kubectl reads 1\.1\n/);
    // The report follows the diff.
    assert.ok(!r.stdout.includes('[label-values]'), 'every finding was fixed');
  });

  it('--fix-dry-run reads stdin; --fix refuses it', () => {
    const input = readFileSync(join(dir, 'app.yaml'), 'utf8');
    const dry = runCli(['--fix-dry-run', '-f', 'json', '--stdin-filename', 'in.yaml', '-'], {
      cwd: dir,
      input,
    });
    assert.equal(dry.status, 0, dry.stderr);
    const [result] = JSON.parse(dry.stdout) as Array<{ output?: string }>;
    assert.match(result?.output ?? '', /version: "1\.10"/);
    const r = runCli(['--fix', '-'], { cwd: dir, input });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--fix cannot write to stdin; use --fix-dry-run/);
    const both = runCli(['--fix', '--fix-dry-run', '.'], { cwd: dir });
    assert.equal(both.status, 2);
  });

  it('json carries fix and suggestions as ESLint does, sarif as fixes', () => {
    const r = runCli(['-f', 'json', 'app.yaml'], { cwd: dir });
    const [result] = JSON.parse(r.stdout) as Array<{
      fixableErrorCount: number;
      messages: Array<{ fix?: { range: [number, number]; text: string } }>;
    }>;
    assert.equal(result?.fixableErrorCount, 4);
    const text = readFileSync(join(dir, 'app.yaml'), 'utf8');
    const index = result?.messages.findIndex((m) => m.fix?.text === '"yes"') ?? -1;
    const fix = result?.messages[index]?.fix;
    assert.ok(fix);
    assert.equal(text.slice(fix.range[0], fix.range[1]), 'yes');
    assert.equal(fix.text, '"yes"');
    const sarif = JSON.parse(runCli(['-f', 'sarif', 'app.yaml'], { cwd: dir }).stdout);
    const first = sarif.runs[0].results[index].fixes[0];
    assert.equal(first.description.text, 'Quote the value: "yes"');
    assert.deepEqual(first.artifactChanges[0].replacements[0], {
      deletedRegion: { charOffset: fix.range[0], charLength: 3 },
      insertedContent: { text: '"yes"' },
    });
  });
});
