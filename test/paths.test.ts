/**
 * "The findings and their positions are identical on every path": the fast parse (the scanner's values,
 * positions from its spots or the reference on demand; the reference parse for what the scanner does not
 * read), the worker pool and the reference parse (`yaml` with positions, K8S_SVC_LINT_PARSER=full) must
 * produce the same documents, the same problems, the same positions and source texts, and byte-identical
 * reports. The edge files hold every class of kubectl's reading that issue 18 found read otherwise.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { generateCorpus } from '../bench/gen-corpus.js';
import { rules } from '../rules/index.js';
import { loadConfig } from '../src/config/config.js';
import { lint } from '../src/engine/lint.js';
import json from '../src/format/json.js';
import { type LoadOptions, loadSources } from '../src/load/load.js';
import { fastValues, parseSourceFast, scannerRead } from '../src/parse/fast.js';
import { parseSource } from '../src/parse/parse.js';
import { locateOne, locateSpot, scan, scanDocuments } from '../src/parse/scan.js';
import { hasLabelMapKey, LABEL_MAP_KEYS } from '../src/schema/label-paths.js';
import type { Document, Path, SourceFile } from '../src/types.js';
import { FIXTURES, fixtureFiles, lintWith, runCli } from './helpers.js';

/** Files the fast path must either read identically or hand to the reference path. */
const EDGE_CASES: Record<string, string> = {
  'dup-key.yaml':
    'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  selector: {app: x}\n  selector: {app: y}\n',
  'anchors.yaml':
    'apiVersion: v1\nkind: Service\nmetadata: {name: b}\nspec:\n  selector: &sel {app: nope}\n  ports: [{port: 80}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: *sel}\n',
  'merge.yaml':
    'base: &b {app: web}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: c}\nspec:\n  selector:\n    <<: {app: gone}\n    tier: x\n',
  'tags.yaml':
    'apiVersion: v1\nkind: Service\nmetadata: {name: !!str d}\nspec:\n  selector: {app: !custom e}\n',
  'broken-second.yaml':
    'apiVersion: v1\nkind: Service\nmetadata: {name: e}\nspec:\n  selector: {app: zz}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: [}\n',
  'yaml11.yaml':
    'apiVersion: v1\nkind: Service\nmetadata: {name: f}\nspec:\n  selector: {enabled: yes, version: 1.10, mode: 0644, on: off}\n',
  'crlf.yaml':
    'apiVersion: v1\r\nkind: Service\r\nmetadata:\r\n  name: g\r\nspec:\r\n  selector:\r\n    app: crlf\r\n',
  'bom.yaml': '\ufeffapiVersion: v1\nkind: Service\nmetadata:\n  name: h\nspec:\n  selector:\n    app: bom\n',
  'empty-docs.yaml':
    '---\n---\napiVersion: v1\nkind: Service\nmetadata: {name: i}\nspec: {selector: {app: q}}\n...\n',
  'null-key.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: j}\nspec:\n  selector:\n    ~: x\n',
  'exponent.yaml':
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: ex\n  labels:\n    family: e2\n    other: E5x\n    e3: key\n',
  'timestamps.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ts}\ndata:\n  day: 2001-12-14\n  at: 2001-12-14t21:59:43.10-05:00\n  sexagesimal: 1:20\n',
  'dup-shadow.yaml':
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: ds\nspec:\n  selector:\n    app: x\n  ports: [{port: 80, name: a}]\nspec:\n  ports: [{port: 81}]\n',
  'dup-nested.yaml':
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: dn\n  labels: {a: 1, a: 2}\nspec:\n  ports:\n  - port: 80\n    port: 81\n  selector:\n    app: x\n  selector: {app: y}\n',
  'comments.yaml':
    '# head\napiVersion: v1 # trailing\nkind: Service\nmetadata:\n  name: cm\n  labels:\n    a: b\n    # at the map\n  # at the parent\n# at the top\nspec:\n  ports:\n  - port: 80\n      # deeper than the item\n  selector:\n    app: x\n    # last, deep\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: i\n  # between levels\n# end\n',
  'block-scalars.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bs}\ndata:\n  lit: |\n    one\n\n    two\n\n  strip: |-\n    x\n  keep: |+\n    y\n\n  folded: >\n    a\n    b\n\n    c\n  foldstrip: >-\n    d\n    e\n  header: | # comment\n    h\nlast: |\n  z\n',
  'empty-values.yaml':
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: ev\n  labels:\n  annotations: # none\nspec:\n  containers:\n  -\n  - # c\n  - name: x\n    args:\n---\n--- # c\n---\n',
  'quoted.yaml':
    'apiVersion: v1\nkind: Service\nmetadata: {name: "q\\u00e9\\x41\\"\\\\", "k y": \'it\'\'s\'}\nspec:\n  "selector": {"app": \'a\', b: "c"}\n  ports: [{port: 80, "name": http}, ]\n',
  'merge-quoted.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: mq\n  "<<": {a: b}\n',
  'multiline.yaml':
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: ml\n  annotations:\n    plain: first line\n      second line\n\n      after a blank  # c\n    dq: \"one\n      two  \n\n      three \\\n      four\"\n    sq: 'a\n      ''b'''\nspec:\n  containers:\n  - name: c\n    args:\n    - run this\n      and that\n    - {a: 1,\n       b: [x,\n         y], }\n",
  // What kubectl reads otherwise than YAML 1.1 or 1.2 (issue 18), each with a finding to locate.
  'kubectl-scalars.yaml':
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: ks\n  annotations: {window: 22:00, mode: 0o10000, dot: ., neg: -., y: n}\nspec:\n  selector: {app: ks, at: 1:20}\n  ports: [{port: 80, targetPort: 1:20}]\n',
  'cr-only.yaml':
    'apiVersion: v1\rkind: Service\rmetadata:\r  name: cr\rspec:\r  selector:\r    app: cr-only\r  ports:\r  - port: 80\r',
  'cr-cr-lf.yaml':
    'apiVersion: v1\r\r\nkind: Service\r\r\nmetadata:\r\r\n  name: crcrlf\r\r\nspec:\r\r\n  selector:\r\r\n    app: crcrlf\r\r\n',
  'cr-only-two.yaml':
    'apiVersion: v1\rkind: Service\rmetadata: {name: cr1}\rspec: {selector: {app: cr1}}\r---\rapiVersion: v1\rkind: Service\rmetadata: {name: lost}\r',
  'bom-later.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: first}\n---\n\ufeffapiVersion: v1\nkind: Service\nmetadata:\n  name: bom2\nspec:\n  selector: {app: bom-later}\n',
  'directive.yaml':
    '%YAML 1.1\n---\napiVersion: v1\nkind: Service\nmetadata: {name: dir}\nspec: {selector: {app: dir}}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: after-dir}\nspec:\n  selector: {app: after-dir}\n',
  'anchor-glued.yaml':
    'apiVersion: v1\nkind: Service\nmetadata: {name: ag}\nspec:\n  selector: &web{app: web}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: ag2}\nspec:\n  selector: {app: &a.b x}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: ag3}\nspec: {selector: {app: ag3}}\n',
  'flow-column-0.yaml':
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: fc\n  labels: {app: web,\n# comment\n    tier: x}\nspec:\n  selector: {app: fc,\ntier: y\n}\n  ports: [{port: 80,\n# c\n  targetPort: 8080}]\n',
  'quoted-key-indent.yaml':
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: qk\n  annotations:\n    note: "one\n    two"\n    other: \'a\n  b\'\nspec:\n  selector:\n    app: "q\nk"\n',
  'templates-as-text.yaml':
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: tt # {{ .Values.name }}\n  annotations:\n    tpl: "{{ .Name }}.{{ .Namespace }}"\n    block: |\n      url: {{ .Values.url }}\n    plain: echo {{x}}\nspec:\n  selector: {app: tt}\n',
  'dash-hash.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dh}\n---#x\napiVersion: v1\nkind: Service\nmetadata: {name: dh2}\nspec: {selector: {app: dh2}}\n--- bad\napiVersion: v1\n',
  'after-end-marker.yaml':
    'apiVersion: v1\nkind: Service\nmetadata: {name: em}\nspec: {selector: {app: em}}\n...\napiVersion: v1\nkind: Service\nmetadata: {name: lost}\n',
  'flow-question.yaml':
    'apiVersion: v1\nkind: Service\nmetadata: {name: fq, annotations: {u: "http://x/?y=1"}}\nspec:\n  selector: {app: fq}\n  externalIPs: [http://x/?y=1]\n',
  'not-json-numbers.yaml':
    'apiVersion: v1\nkind: Service\nmetadata: {name: nan}\nspec:\n  selector: {app: nan}\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: .nan}}\n',
  'merge-order.yaml':
    'base: &b {app: from-merge}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: mo}\nspec:\n  selector:\n    app: explicit\n    <<: {app: merged}\n',
  'trailing-comma.json':
    '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "tc"}, "spec": {"selector": {"app": "tc"},}}\n',
  'escaped-slash.json':
    '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "es\\/x"}, "spec": {"selector": {"app": "es"}}}\n',
  'flow-next-line.yaml':
    'apiVersion: v1\nkind: Service\nmetadata:\n  name:\n    fn\n  annotations:\n    {}\n  generateName:\n    # c\n    "fn-\n     x" # c\n  labels:\n    # the labels\n    {app: fn,\n      tier: x} # c\nspec:\n  selector:\n    {app: fn-pods}\n  ports:\n    [{port: 80}]\n',
  'list.json':
    '{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "k"}, "spec": {"selector": {"app": "json"}}}]}\n',
};

/** Paths that dup-shadow.yaml's first `spec` has and its second, which wins, has not. */
const SHADOWED: Path[] = [
  ['spec', 'selector'],
  ['spec', 'selector', 'app'],
  ['spec', 'ports', 0, 'name'],
];

let dir: string;
let files: string[];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-paths-'));
  generateCorpus(join(dir, 'corpus'), 60);
  mkdirSync(join(dir, 'edge'));
  for (const [name, text] of Object.entries(EDGE_CASES)) writeFileSync(join(dir, 'edge', name), text);
  files = [
    ...fixtureFiles(FIXTURES),
    ...fixtureFiles(join(dir, 'corpus')),
    ...fixtureFiles(join(dir, 'edge')),
  ];
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** What the CLI prints with `--format json` in the temporary folder, linted in this process. */
async function lintJson(patterns: string[], threads: LoadOptions['threads']): Promise<string> {
  const { files, threads: used } = await loadSources(patterns, { cwd: dir, threads });
  if (threads?.stallMs)
    assert.match(used ?? '', /stopped early: no answer/, 'the stalled thread was stopped');
  const { findings, unchecked } = lint(files, loadConfig({}, rules, dir), rules);
  return json(findings, {
    cwd: dir,
    filePaths: files.map((f) => f.path),
    rules,
    color: false,
    version: '',
    unchecked,
  });
}

/** Every path into a value: map keys and sequence indexes, plus one missing child per collection. */
/** The keys whose mapping value holds a number or a boolean, in `values` (mappings that are list items left out). */
function typedMapKeys(values: unknown[]): Set<string> {
  const out = new Set<string>();
  const visit = (v: unknown, key: string | undefined): void => {
    if (Array.isArray(v)) {
      for (const item of v) visit(item, undefined);
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    for (const [k, child] of Object.entries(v)) {
      if (key !== undefined && (typeof child === 'number' || typeof child === 'boolean')) out.add(key);
      visit(child, k);
    }
  };
  for (const v of values) visit(v, undefined);
  return out;
}

function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      pathsOf(v, [...prefix, i], out);
    });
    out.push([...prefix, value.length]);
  } else if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
    out.push([...prefix, 'no-such-key']);
  }
  return out;
}

/** Whether `path` leads to a node of `value`. */
function exists(value: unknown, path: Path): boolean {
  let v = value;
  for (const seg of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, seg)) return false;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return true;
}

/**
 * A scan aimed at one path (locateOne) says what the scan with all spots says, for every path and key of
 * every document, and says it wherever that path exists and the full scan knows; returns the paths compared.
 */
function assertAimedSame(text: string, what: string, more: Path[] = []): number {
  const docs = scanDocuments(text, true);
  if (!docs) return 0;
  // Without repeated keys the scan may stop at the node; it must say the same.
  const unique = scan(text, false)?.duplicates.length === 0;
  let compared = 0;
  docs.forEach((d, i) => {
    for (const p of [...pathsOf(d.value), ...more]) {
      for (const key of [false, true]) {
        const aimed = locateOne(text, docs.length, i, p, key);
        const full = d.spot ? locateSpot(d.spot, p, key) : undefined;
        const at = `${what} doc ${i} ${JSON.stringify(p)}${key ? ' (key)' : ''}`;
        if (unique)
          assert.deepEqual(locateOne(text, docs.length, i, p, key, true), aimed, `${at} (stopping)`);
        if (aimed) assert.deepEqual(aimed, full, at);
        else assert.ok(!full || p.length === 0 || !exists(d.value, p), `${at}: not located on its own`);
        if (aimed) compared++;
      }
    }
  });
  return compared;
}

function summary(docs: Document[]) {
  return docs.map((d) => ({ index: d.index, value: d.value }));
}

/** Documents, problems, positions of every path (value and key) and source texts must all agree. */
function assertSame(got: SourceFile, ref: SourceFile, f: string): void {
  assert.ok(isDeepStrictEqual(summary(got.documents), summary(ref.documents)), `values differ: ${f}`);
  assert.deepEqual(got.problems, ref.problems, f);
  assert.equal(got.skipped, ref.skipped, f);
  assert.equal(got.text, ref.text, f);
  got.documents.forEach((d, i) => {
    const r = ref.documents[i] as Document;
    for (const p of pathsOf(d.value)) {
      const at = `${f} doc ${d.index} ${JSON.stringify(p)}`;
      assert.deepEqual(d.locate(p), r.locate(p), at);
      assert.deepEqual(d.locate(p, { key: true }), r.locate(p, { key: true }), `${at} (key)`);
      assert.equal(d.sourceText?.(p), r.sourceText?.(p), `${at} (source text)`);
    }
  });
}

describe('fast path and reference path', () => {
  it('give the same documents, problems and positions for every fixture, corpus and edge file', function () {
    this.timeout(120_000);
    let fast = 0;
    let scanned = 0;
    let locatedByScanner = 0;
    let aimed = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const ref = parseSource(f, text, { explicit: true });
      const got = parseSourceFast(f, text, { explicit: true });
      const plain = text.replace(/^\ufeff/, '');
      if (fastValues(plain)) fast++;
      const spots = scanDocuments(plain, true);
      if (spots) {
        scanned++;
        if (spots.every((d) => !d.spot || locateSpot(d.spot, [], false))) locatedByScanner++;
      }
      assertSame(got, ref, f);
      aimed += assertAimedSame(plain, f, SHADOWED);
    }
    assert.ok(aimed > 1000, `only ${aimed} places located on their own`);
    // The fast path must actually be taken for ordinary manifests, not only deferred; and the scanner
    // must read and locate most of them itself.
    assert.ok(fast > files.length / 2, `fast path taken for only ${fast} of ${files.length} files`);
    assert.ok(scanned > files.length * 0.9, `scanner read only ${scanned} of ${files.length} files`);
    assert.ok(locatedByScanner > scanned * 0.9, `scanner located only ${locatedByScanner} of ${scanned}`);
    for (const name of [
      'comments.yaml',
      'block-scalars.yaml',
      'empty-values.yaml',
      'dup-nested.yaml',
      'quoted.yaml',
      'multiline.yaml',
      'flow-next-line.yaml',
    ])
      assert.ok(scanDocuments(EDGE_CASES[name] as string, true), `the scanner reads ${name}`);
  });

  it('the scanner gives up on what it does not read, and the file is still read the same', () => {
    const outside = [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: |2\n   x\n',
      'a: >\n  x\n    more indented\n',
      'a:\tb\n',
      '? complex\n: key\n',
      'base: {a: 1}\nm:\n  <<: {b: 2}\n',
      '__proto__: {polluted: true}\n',
      'a: {b}\n',
      '1: numeric key\n',
      'a: b: c\n',
      'key: "unterminated\n',
      'a: 1\n...\n...\n',
      '...\na: 1\n',
      'a: "\\U00110000"\n',
      'a: "x\\\n\n  y"\n',
      `"${'k'.repeat(1030)}": a quoted implicit key too long\n`,
      'a: [x?y]\n',
      'a: "x\\/y"\n',
      'a: "it\\\'s"\n',
      'a: .nan\n',
      'a: [-.inf]\n',
      'y: key\n',
    ];
    for (const text of outside) {
      assert.equal(scanDocuments(text, false), undefined, JSON.stringify(text));
      assertSame(
        parseSourceFast('o.yaml', text, { explicit: true }),
        parseSource('o.yaml', text, { explicit: true }),
        text,
      );
    }
  });

  it('keeps from the scanner the texts it would read, but kubectl reads otherwise, and reads them the same', () => {
    const kept = [
      'a: 1\rb: [x, y]\r',
      'a: 1\r\r\nb: 2\r\r\n',
      'a: 1\n---#x: 2\n',
      'a: 1\n---\n\ufeffb: 2\n',
      'a: x\u0085  y\n',
      'a: x\u2028  y\n',
      '{"a": 1,}\n',
      '{"a": [1]} # c\n',
    ];
    for (const text of kept) {
      assert.ok(scanDocuments(text, false), `the scanner alone would read ${JSON.stringify(text)}`);
      assert.equal(scannerRead(text, false), undefined, JSON.stringify(text));
      assertSame(
        parseSourceFast('k.yaml', text, { explicit: true }),
        parseSource('k.yaml', text, { explicit: true }),
        text,
      );
    }
  });

  it('notes the facts rules rely on to skip a look: null fields, repeated keys, keys of typed mappings', () => {
    const facts = (text: string) => scan(text, false)?.facts;
    assert.deepEqual(facts('a: 1\nb: [x, y]\nc: {d: e}\n'), {
      nullField: false,
      duplicates: false,
      nonStringMaps: new Set(['']),
    });
    assert.equal(facts('a:\nb: 1\n')?.nullField, true);
    assert.equal(facts('a: {b: ~}\n')?.nullField, true);
    assert.equal(facts('a: [~]\n')?.nullField, false, 'a null list item is not a null field');
    assert.equal(facts('a: 1\na: 2\n')?.duplicates, true);
    // The keys whose mapping holds a number or a boolean: a YAML fact, whatever the keys mean.
    assert.deepEqual(
      facts('spec:\n  replicas: 2\n  template: {ok: yes, x: "1"}\n  s: {a: b}\n')?.nonStringMaps,
      new Set(['spec', 'template']),
    );
    for (const text of [
      'metadata:\n  labels:\n    tier: 1\n',
      'metadata:\n  annotations: {replicas: 3}\n',
      '{"spec": {"selector": {"matchLabels": {"on": true}}}}\n',
      'spec:\n  nodeSelector:\n    gpu: yes\n',
      'spec:\n  selector: {tier: 1.10}\n',
    ])
      assert.ok(hasLabelMapKey(facts(text)?.nonStringMaps ?? new Set()), text);
    for (const text of [
      'metadata:\n  labels:\n    tier: "1"\n  replicas: 3\n',
      'spec:\n  selector:\n    matchLabels: {app: web}\n  replicas: 2\n',
      'spec:\n  labels:\n    nested: {a: 1}\n',
      'labels: x\n---\nb: {c: 1}\n',
    ])
      assert.ok(!hasLabelMapKey(facts(text)?.nonStringMaps ?? new Set(['labels'])), text);
  });

  it('notes the key of every mapping that holds a number or a boolean, in every file it reads', () => {
    // label-values skips a file whose facts name no key of LABEL_MAP_KEYS, and labelPlaceOf names only
    // entries of a mapping under such a key: so the facts must name every key whose mapping is typed.
    let typed = 0;
    let labelMaps = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8').replace(/^\ufeff/, '');
      const read = scan(text, false);
      if (!read) continue;
      for (const key of typedMapKeys(read.documents.map((d) => d.value))) {
        typed++;
        if (LABEL_MAP_KEYS.includes(key)) labelMaps++;
        assert.ok(
          read.facts.nonStringMaps.has(key),
          `${f}: a mapping under "${key}" holds a number or a boolean`,
        );
      }
    }
    assert.ok(
      typed > 100 && labelMaps > 5,
      `only ${typed} typed mappings seen, ${labelMaps} of label values`,
    );
  });

  it('label-values finds the same with the facts as without them', () => {
    const withFacts = files.map((f) => parseSourceFast(f, readFileSync(f, 'utf8'), { explicit: true }));
    // The same files with documents that carry no facts: label-values then walks every object.
    const withoutFacts = withFacts.map((f) => {
      const documents = f.documents.map(
        (d): Document => ({
          index: d.index,
          value: d.value,
          locate: (p, o) => d.locate(p, o),
          sourceText: (p) => d.sourceText?.(p),
        }),
      );
      return { ...f, path: f.path, text: f.text, problems: f.problems, documents };
    });
    assert.ok(
      withFacts.some((f) => f.documents[0]?.scanned),
      'the scanner read files',
    );
    const labelValues = (sources: SourceFile[]) =>
      lintWith(sources, ['label-values']).filter((x) => x.ruleId === 'label-values');
    const expected = labelValues(withoutFacts);
    assert.ok(expected.length >= 10, `only ${expected.length} label-values findings`);
    assert.deepEqual(labelValues(withFacts), expected);
  });

  it('types every short plain scalar as the reference does, however the ones before it were typed', function () {
    this.timeout(60_000);
    // The scanner remembers recent scalars by a hash of their text: every scalar of up to three of these
    // characters, twice over, so that look-alikes (1_0, 1.0, 10, 1:0, yes, YeS) meet in the cache.
    const chars = ['0', '1', '8', 'x', 'y', 'n', 'e', 'E', '.', '_', '+', '-', ':', '~'];
    const scalars: string[] = [...chars];
    for (const a of chars) for (const b of chars) scalars.push(a + b);
    for (const a of chars)
      for (const b of chars) for (const c of ['0', 'y', '.', '_', ':']) scalars.push(a + b + c);
    let compared = 0;
    for (const round of [0, 1])
      for (const s of round ? [...scalars].reverse() : scalars) {
        const text = `v: ${s}\nw: [${s}, a]\n${s}: key\n`;
        const values = fastValues(text);
        const ref = parseSource('s.yaml', text, { explicit: true });
        if (!values) continue;
        compared++;
        assert.ok(
          isDeepStrictEqual(
            values,
            summary(ref.documents).map((d) => d.value),
          ),
          JSON.stringify(text),
        );
      }
    assert.ok(compared > 500, `only ${compared} scalars compared`);
  });

  it('never reads a mutated file differently: it agrees with the reference or defers to it', function () {
    this.timeout(120_000);
    // PATHS_SEED / PATHS_RUNS explore further than the default run does.
    let seed = Number(process.env.PATHS_SEED ?? 7);
    const runs = Number(process.env.PATHS_RUNS ?? 2500);
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const bits = [
      ' ',
      '  ',
      '-',
      ':',
      '"',
      "'",
      '\n',
      '#',
      '[',
      ']',
      '{',
      '}',
      ',',
      '|',
      '>',
      '? ',
      '- ',
      ': ',
      '---',
      '\r',
      '\r\r\n',
      '\ufeff',
      '\u2028',
      '{{',
      '?',
      '%YAML 1.1\n',
      '&a ',
      '*a',
      '&a',
      '!',
      '\t',
      '...\n',
      '\\',
      '.',
      '0o',
      ':0',
      '~',
    ];
    const sources = files.map((f) => readFileSync(f, 'utf8'));
    let compared = 0;
    for (let k = 0; k < runs; k++) {
      let t = sources[rnd(sources.length)] as string;
      for (let j = 0; j <= rnd(3); j++) {
        const at = rnd(t.length + 1);
        const op = rnd(3);
        const bit = bits[rnd(bits.length)] as string;
        t =
          op === 0 ? t.slice(0, at) + t.slice(at + 1 + rnd(3)) : t.slice(0, at) + bit + t.slice(at + op - 1);
      }
      const values = fastValues(t);
      if (!values) continue;
      compared++;
      const ref = parseSource('m.yaml', t, { explicit: true });
      const problems = ref.problems.filter((p) => p.ruleId !== 'duplicate-key');
      assert.deepEqual(problems, [], `fast path accepted what the reference rejects: ${JSON.stringify(t)}`);
      assertSame(parseSourceFast('m.yaml', t, { explicit: true }), ref, JSON.stringify(t));
      assertAimedSame(t, JSON.stringify(t));
      const read = scan(t, false);
      for (const key of read ? typedMapKeys(read.documents.map((d) => d.value)) : [])
        assert.ok(
          read?.facts.nonStringMaps.has(key),
          `a mapping under "${key}" is typed: ${JSON.stringify(t)}`,
        );
    }
    assert.ok(compared > 100, `only ${compared} mutations compared`);
  });

  it('make the CLI print byte-identical JSON: reference, fast, fast on workers, on the reading thread', async function () {
    this.timeout(120_000);
    // From the temporary folder, so that the repository's .lintrc.json (which ignores the fixtures) does not apply.
    const args = ['--format', 'json', FIXTURES, '.'];
    const run = (env: Record<string, string>, more: string[] = []) =>
      runCli([...args, ...more], { cwd: dir, env });
    const ref = run({ K8S_SVC_LINT_PARSER: 'full', K8S_SVC_LINT_WORKERS: '0' });
    const fast = run({ K8S_SVC_LINT_WORKERS: '0' });
    const workers = run({ K8S_SVC_LINT_WORKERS: '2' });
    // The walk and the reads on the reading thread; then, in this process, the same with a thread that
    // stalls after each batch it walks (a load option, which the thread gets with its workerData), so that
    // this thread takes the walk over (see src/load/readahead.ts).
    const reading = run({ K8S_SVC_LINT_WORKERS: 'read' });
    const stalled = await lintJson([FIXTURES, '.'], { workers: 'read', stallMs: 2000 });
    assert.equal(ref.status, 1, ref.stderr);
    const messages = (JSON.parse(ref.stdout) as Array<{ messages: unknown[] }>).flatMap((r) => r.messages);
    assert.ok(messages.length > 5, 'the comparison needs findings');
    assert.equal(fast.stdout, ref.stdout);
    assert.equal(fast.status, ref.status);
    assert.equal(workers.stdout, ref.stdout);
    assert.equal(workers.status, ref.status);
    assert.equal(workers.stderr, ref.stderr);
    assert.equal(reading.stdout, ref.stdout);
    assert.equal(reading.status, ref.status);
    assert.equal(reading.stderr, ref.stderr);
    assert.equal(stalled, ref.stdout);
    assert.equal(await lintJson([FIXTURES, '.'], { workers: 0 }), ref.stdout, 'in this process, as the CLI');
    // A large run (400 files or more) on one thread keeps only the file located last, as workers' files do.
    generateCorpus(join(dir, 'large'), 250);
    const bigRef = run({ K8S_SVC_LINT_PARSER: 'full', K8S_SVC_LINT_WORKERS: '0' }, ['large']);
    const bigFast = run({ K8S_SVC_LINT_WORKERS: '0' }, ['large']);
    const bigReading = run({ K8S_SVC_LINT_WORKERS: 'read' }, ['large']);
    const bigStalled = await lintJson([FIXTURES, '.', 'large'], { workers: 'read', stallMs: 2000 });
    const files = (JSON.parse(bigRef.stdout) as unknown[]).length;
    assert.ok(files >= 400, `${files} files`);
    for (const r of [bigFast, bigReading]) {
      assert.equal(r.stdout, bigRef.stdout);
      assert.equal(r.status, bigRef.status);
    }
    assert.equal(bigStalled, bigRef.stdout);
  });
});
