/**
 * What kubectl does with a file's text before YAML is read (src/parse/text.ts), and the findings the
 * reference parse makes where kubectl would refuse a file or ignore a document. kubectl's own answers for
 * the same classes are in test/oracle.test.ts; here, what the linter says and where.
 */
import assert from 'node:assert/strict';
import { parseSourceFast, scannerRead } from '../src/parse/fast.js';
import { parseSource } from '../src/parse/parse.js';
import { isJsonText, scannerMayRead, sections, templateLine } from '../src/parse/text.js';
import { lintText } from './helpers.js';

const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n';

describe('template syntax', () => {
  const templates: Array<[string, number]> = [
    ['metadata:\n  name: {{ include "x.name" . }}\n', 2],
    ['a: 1\n{{- if .Values.x }}\nb: 2\n{{- end }}\n', 2],
    ['list:\n  - {{ .Values.x }}\n', 2],
    ['args: [{{ .Values.x }}]\n', 1],
    ['metadata: {name: {{ x }}}\n', 1],
    ['a: |\n  {{ x }}\nb: {{ y }}\n', 3],
    ['a: "{{ x }}"\nb: {{ y }}\n', 2],
    ['labels:\n  {{- include "x.labels" . | nindent 4 }}\n', 2],
    ['a: &x {{ y }}\n', 1],
  ];
  for (const [text, line] of templates)
    it(`is found in the YAML structure: ${JSON.stringify(text)}`, () => {
      assert.equal(templateLine(CM + text), line + 4);
    });

  const text = [
    'a: x # name: {{ .Values.name }}',
    '# {{- if .Values.x }}',
    'b: "{{ .Name }}.{{ .Namespace }}"',
    "c: '{{ x }}'",
    'd: |',
    '  url: {{ .Values.url }}',
    '  {{- end }}',
    'e: >-',
    '  {{ x }}',
    'f: echo {{x}}',
    'g: first line',
    '  {{ continued }}',
    'h: "multi',
    '{{ line }}"',
    'list:',
    '- |',
    '  {{ x }}',
    '- >',
    ' {{ y }}',
    '- "{{ z }}"',
    'flow: ["{{ a }}", \'{{ b }}\']',
    '',
  ].join('\n');
  it('is not found in comments, quoted strings, block scalars or inside plain scalars', () => {
    assert.equal(templateLine(CM + text), undefined);
    assert.equal(templateLine('{"a": "{{ x }}", "b": ["{{y}}"]}\n'), undefined);
  });

  it('skips the file with a notice that names the line, on every read path', () => {
    const input = `${CM}data:\n  a: x # {{ not this }}\n  b: {{ .Values.b }}\n`;
    for (const f of [
      parseSource('t.yaml', input, { explicit: true }),
      parseSourceFast('t.yaml', input, { explicit: true }),
      parseSourceFast('t.yaml', input, { explicit: true, lean: true }),
    ]) {
      assert.match(f.skipped ?? '', /^contains template syntax \(\{\{ … \}\}\) at line 7; skipped/);
      assert.deepEqual(f.documents, []);
    }
  });

  it('reads a file whose template syntax is only text, as kubectl does', () => {
    const f = parseSourceFast('t.yaml', CM + text, { explicit: true });
    assert.equal(f.skipped, undefined);
    const v = f.documents[0]?.value as Record<string, unknown>;
    assert.equal(v.b, '{{ .Name }}.{{ .Namespace }}');
    assert.equal(v.d, 'url: {{ .Values.url }}\n{{- end }}\n');
    assert.equal(v.f, 'echo {{x}}');
    assert.equal(v.g, 'first line {{ continued }}');
  });
});

describe('kubectl reading a text', () => {
  it('reads JSON when the first character that is not white space is {', () => {
    assert.equal(isJsonText(' \n\t{"a": 1}'), true);
    assert.equal(isJsonText('\u00a0{a: 1}'), true);
    assert.equal(isJsonText('[{"a": 1}]'), false);
    assert.equal(isJsonText('a: {}'), false);
  });

  it('cuts YAML into sections at lines that begin with ---, only a line feed ending a line', () => {
    const text = 'a: 1\n--- # c\nb: 2\n---#x\r\nc: 3\r---\rd: 4\n--- e\n';
    const got = sections(text).map((s) => [text.slice(s.start, s.end), s.invalid?.text]);
    assert.deepEqual(got, [
      ['a: 1\n', undefined],
      ['--- # c\nb: 2\n', undefined],
      ['---#x\r\nc: 3\r---\rd: 4\n', undefined],
      ['--- e\n', 'e'],
    ]);
  });

  it("lets the scanner read only texts whose YAML stream is kubectl's sections", () => {
    assert.equal(scannerMayRead('a: 1\r\nb: 2\r\n---\r\nc: 3\r\n', true), true);
    assert.equal(scannerMayRead('--- # c\na: 1\n---\nb: 2\n', true), true);
    for (const t of [
      'a: 1\rb: 2\r',
      'a: 1\r\r\nb: 2\r\n',
      'a: 1\n---#x\nb: 2\n',
      '---x: 1\n',
      'a: 1\n----\n',
    ])
      assert.equal(scannerMayRead(t, true), false, JSON.stringify(t));
    for (const t of ['a: 1\n---\n\uFEFFb: 2\n', 'a: x\u0085b: y\n', 'a: x\u2028b: y\n'])
      assert.equal(scannerMayRead(t, false), false, JSON.stringify(t));
    // JSON is JSON first: the scanner, which reads YAML, does not get what Go's JSON decoder refuses.
    assert.ok(scannerRead('{"a": [1, 2]}\n', true));
    for (const t of ['{"a": 1,}\n', '{"a": 1} # c\n', '{a: 1}\n', '{"a": 1}\n{"b": 2}\n'])
      assert.equal(scannerRead(t, true), undefined, t);
  });

  it('reports what kubectl refuses where it is, and reads the other documents', () => {
    const cases: Array<[string, number, RegExp]> = [
      [
        `%YAML 1.1\n---\n${CM}`,
        1,
        /kubectl rejects the directive `%YAML 1\.1`: it cuts the file at `---` lines/,
      ],
      [`${CM}data: {a: &web{app: web}}\n`, 5, /anchor `&web`: kubectl takes names of letters, digits/],
      [`${CM}data: {a: &a.b x}\n`, 5, /anchor `&a\.b`/],
      [`${CM}data:\n  a: "x\\/y"\n`, 6, /`\\\/` is not an escape kubectl knows/],
      [`${CM}list: [http://x/?y=1]\n`, 5, /kubectl reads `\?` as the start of a key/],
      [
        `${CM}data:\n  v: .nan\n`,
        6,
        /`\.nan` is NaN, which kubectl cannot write as JSON: quote it; document not linted/,
      ],
      [`${CM}data:\n  ~: x\n`, 6, /a null key, which kubectl cannot write as JSON/],
      [
        `${CM}--- foo\n${CM}`,
        5,
        /`---` followed by `foo`: kubectl reads a line that begins with `---` as a document separator/,
      ],
      [
        `{"apiVersion": "v1", "kind": "ConfigMap",\n "data": {"a": 1,}}\n`,
        2,
        /invalid JSON \(kubectl reads a file that begins with `\{` as JSON\)/,
      ],
      [`${CM}data: !!int abc\n`, 5, /cannot decode !!str `abc` as a !!int/],
    ];
    for (const [text, line, message] of cases) {
      const withNext = `${text}\n---\n${CM.replace('name: c', 'name: next')}`;
      for (const f of [
        parseSource('k.yaml', withNext, { explicit: true }),
        parseSourceFast('k.yaml', withNext, { explicit: true }),
      ]) {
        const errors = f.problems.filter((p) => p.ruleId === 'yaml-syntax');
        assert.equal(errors[0]?.line, line, `${JSON.stringify(text)}: ${JSON.stringify(errors)}`);
        assert.match(errors[0]?.message ?? '', message);
        if (!text.startsWith('{'))
          assert.ok(
            f.documents.some((d) => (d.value as { metadata?: { name?: string } })?.metadata?.name === 'next'),
            `${JSON.stringify(text)}: the next document is read`,
          );
      }
    }
  });

  it('warns about a document kubectl never reads, and lints the first one', () => {
    const after = `${CM}...\n${CM.replace('name: c', 'name: lost')}`;
    const cr = `${CM}---\n${CM.replace('name: c', 'name: lost')}`.replace(/\n/g, '\r');
    for (const [text, line] of [
      [after, 6],
      [cr, 5],
    ] as const) {
      const f = parseSource('k.yaml', text, { explicit: true });
      assert.deepEqual(
        f.problems.map((p) => [p.severity, p.line]),
        [['warning', line]],
      );
      assert.match(f.problems[0]?.message ?? '', /^kubectl ignores this document/);
      assert.deepEqual(
        f.documents.map((d) => (d.value as { metadata: { name: string } }).metadata.name),
        ['c'],
      );
    }
  });

  it('locates findings in files the scanner does not read by the reference parse, on every path', () => {
    // A lone carriage return, a byte order mark inside: the reference parse reads these files, so it
    // also locates their findings, in a small run and in a large one alike.
    const service =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: nope\n  ports:\n  - port: 80\n';
    for (const text of [
      service.replace(/\n/g, '\r'),
      `${service}---\n\uFEFF${service.replace('web', 'web2')}`,
    ]) {
      // A complete input (closedWorld): the lone Service's selector is judged.
      const small = lintText(text, ['service-no-matching-pods'], { closedWorld: true }).map(
        (f) => `${f.line}:${f.column}`,
      );
      assert.ok(small.length > 0 && small.every((p) => p !== '1:1'), JSON.stringify(small));
      const ref = parseSource('s.yaml', text, { explicit: true });
      const lean = parseSourceFast('s.yaml', text, { explicit: true, lean: true });
      for (const [i, d] of lean.documents.entries())
        for (const p of [
          ['spec', 'selector'],
          ['spec', 'selector', 'app'],
          ['metadata', 'name'],
        ])
          assert.deepEqual(d.locate(p), ref.documents[i]?.locate(p), JSON.stringify(p));
    }
  });
});
