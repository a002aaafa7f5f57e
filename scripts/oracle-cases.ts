/**
 * The manifests that test/oracle.test.ts reads with the linter and scripts/oracle.ts reads with kubectl:
 * every plain scalar form, tags and escapes, line-break styles, byte order marks, directives, anchors,
 * flow and block forms, document separators, template syntax where it is only text, JSON. Each is a
 * ConfigMap (a kind kubectl knows offline) whose `data` holds the form under test, one form per file,
 * since kubectl stops at the first document it cannot read.
 */

export interface OracleCase {
  name: string;
  /** The class of issue 18 the case belongs to, for the report of a difference. */
  group: string;
  input: string;
  /**
   * For a case kubectl rejects: the line where the linter's yaml-syntax finding must start (checked
   * when given; kubectl's own line counts from the document's `---`).
   */
  line?: number;
}

const HEAD = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n';
const cm = (data: string) => `${HEAD}data:\n${data}`;
const obj = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

/** Plain scalars, each read as a value and (most) in a flow mapping. */
const SCALARS = [
  // go-yaml v2's words
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'yEs', 'true', 'True', 'TRUE', 'tRUE', 'on', 'On', 'ON', 'oN'],
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF', 'oFF'],
  ...['~', 'null', 'Null', 'NULL', 'nULL'],
  // integers: prefixes, signs, underscores, range
  ...['0', '00', '01', '07', '08', '09', '010', '0o10', '0O10', '0o8', '0o', '0o10000', '0b101', '0B101'],
  ...['0b102', '0b', '0x1F', '0X1f', '0x', '0xg', '-0x1F', '+0x1F', '+1', '-1', '+0', '-0', '1_000', '_1'],
  ...['1_', '1__0', '0x_1F', '0b_1', '0o_7', '-0b101', '+0b101', '-0o17', '080', '0_8'],
  ...['9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809'],
  ...['18446744073709551615', '18446744073709551616', '+9223372036854775808', '0x7FFFFFFFFFFFFFFF'],
  ...['0x8000000000000000', '0xFFFFFFFFFFFFFFFF', '0x10000000000000000', '0777777777777777777777777'],
  '12345678901234567890123',
  // floats
  ...['1.0', '1.', '.5', '-.5', '+.5', '1.10', '1e3', '1E3', '1e+3', '1e-3', '1.5e3', 'e3', '1e', '.e3'],
  ...['1.e3', '._5', '.5_0', '.5_', '.5__0', '._', '1_0.5', '1.5_', '6.8523015e+5', '685.230_15e+03'],
  ...['685_230.15', '+12e03', '-1E-3', '1e400', '-1e400', '1e-400', '.5e400', '.5e-400', '0x1p-2', '1p3'],
  ...['Infinity', 'inf', 'NaN', 'nan', '.iNf', '+.nan', '.', '-.', '+.', '..', '1..2', '1.2.3'],
  ...['-0.0', '0.0', '3.14159265358979', '0.1', '1e21', '123456789012345678901.5', '.5e1_0', '1_e3'],
  // YAML 1.1 sexagesimal numbers and timestamps (strings for kubectl)
  ...['22:00', '1:30', '1:20', '190:20:30', '-1:30', '1:30.5', '1:60', '12:30:45', '+1:00', '1_0:00'],
  ...['2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-15T02:59:43.1Z', '2001-1-2', '20011-12-14'],
  ...['2001-13-14', '1:2:3'],
  // others
  ...['v1', '1e2x', '0x1F.5', '1,000', '=', '<<', '-', '+', 'yes please', '1 2', '0.5.1', '1.10.0'],
];

/** Scalars that cannot stand in a flow mapping as they are. */
const BLOCK_ONLY = new Set(['1,000', '-']);

/** Map keys: typed as values are, then written as JSON keys. */
const KEYS = [
  ...['y', 'n', 'yes', 'on', 'off', 'true', 'False', '1', '01', '0x1F', '-7', '1_000', '1.10', '1e3', '1e6'],
  ...['1.5', '0.00001', '3.14159265358979', '123456789', '1e21', '-0.0', '.5', '22:00', '2001-12-14'],
  ...['9223372036854775807', '9223372036854775808', '.inf', '-.inf', '.nan', '~', 'null', '<<x', 'v1'],
];

function scalarCases(): OracleCase[] {
  const out: OracleCase[] = [];
  SCALARS.forEach((s, i) => {
    out.push({ name: `scalar ${JSON.stringify(s)}`, group: 'scalars', input: cm(`  v: ${s}\n`) });
    if (!BLOCK_ONLY.has(s))
      out.push({ name: `scalar ${JSON.stringify(s)} in flow`, group: 'scalars', input: cm(`  {v: ${s}}\n`) });
    // A few in a sequence too (a value of a list, not of a map).
    if (i % 7 === 0)
      out.push({
        name: `scalar ${JSON.stringify(s)} in a list`,
        group: 'scalars',
        input: `${HEAD}list:\n- ${s}\n`,
      });
  });
  out.push({ name: 'scalar empty', group: 'scalars', input: cm('  v:\n  w: x\n') });
  for (const k of KEYS)
    out.push({ name: `key ${JSON.stringify(k)}`, group: 'keys', input: cm(`  ${k}: v\n`) });
  out.push({ name: 'key empty (`: v`)', group: 'keys', input: cm('  : v\n') });
  out.push({ name: 'key quoted "1"', group: 'keys', input: cm('  "1": v\n') });
  return out;
}

function tagCases(): OracleCase[] {
  const tagged = [
    '!!str 1',
    '!!str yes',
    '!!int "3"',
    '!!int 0x10',
    '!!int 1.5',
    '!!int abc',
    '!!float 1',
    '!!float "1.5"',
    '!!float abc',
    '!!bool yes',
    '!!bool "true"',
    '!!bool 1',
    '!!null ""',
    '!!null x',
    '!!binary aGVsbG8=',
    '!!binary "aGVs\\nbG8="',
    '!!timestamp 2001-12-14',
    '!custom x',
    '!custom 12',
    '! 12',
    '!<tag:yaml.org,2002:str> 12',
    '!<tag:yaml.org,2002:int> "12"',
    '!!str [a]',
    '!!map {a: 1}',
    '!!seq [a]',
    '!!set {a, b}',
    '!!omap [{a: 1}]',
    '!!merge x',
  ];
  return tagged.map((t) => ({ name: `tag ${t}`, group: 'tags', input: cm(`  v: ${t}\n`) }));
}

function escapeCases(): OracleCase[] {
  const dq = [
    '\\/',
    '\\N',
    '\\_',
    '\\L',
    '\\P',
    '\\e',
    '\\a',
    '\\b',
    '\\v',
    '\\f',
    '\\ ',
    '\\t',
    '\\\t',
    '\\x41',
    '\\u00e9',
    '\\U0001F600',
    '\\U00110000',
    '\\q',
    '\\0',
    '\\r',
    '\\"',
    "\\'",
    '\\\\',
  ];
  const out: OracleCase[] = dq.map((e) => ({
    name: `escape ${JSON.stringify(e)}`,
    group: 'escapes',
    input: cm(`  v: "a${e}b"\n`),
  }));
  out.push(
    { name: "single quote ''", group: 'escapes', input: cm("  v: 'it''s \\n'\n") },
    { name: 'escaped line break', group: 'escapes', input: cm('  v: "one \\\n    two"\n') },
    { name: 'escaped line break, empty line', group: 'escapes', input: cm('  v: "one\\\n\n    two"\n') },
    { name: 'quoted, trailing spaces folded', group: 'escapes', input: cm('  v: "one   \n    two"\n') },
  );
  return out;
}

function breakCases(): OracleCase[] {
  const two = `${obj('a')}data: {v: "1"}\n---\n${obj('b')}`;
  const lines = (text: string, br: string) => text.replace(/\n/g, br);
  return [
    { name: 'LF', group: 'line breaks', input: cm('  v: x\n') },
    { name: 'CRLF', group: 'line breaks', input: lines(cm('  v: x\n  w: |\n    one\n    two\n'), '\r\n') },
    { name: 'CR only', group: 'line breaks', input: lines(cm('  v: x\n  w: y\n'), '\r') },
    {
      name: 'CR only, block scalar',
      group: 'line breaks',
      input: lines(cm('  w: |\n    one\n    two\n'), '\r'),
    },
    { name: 'CR only, two documents', group: 'line breaks', input: lines(two, '\r') },
    { name: 'CR CR LF', group: 'line breaks', input: lines(cm('  v: x\n  w: y\n'), '\r\r\n') },
    { name: 'CR CR LF, two documents', group: 'line breaks', input: lines(two, '\r\r\n') },
    { name: 'CRLF, two documents', group: 'line breaks', input: lines(two, '\r\n') },
    { name: 'mixed LF and CR', group: 'line breaks', input: `${HEAD}data:\r  v: x\n  w: y\r` },
    { name: 'no final line break', group: 'line breaks', input: cm('  v: x') },
    { name: 'CR inside a quoted scalar', group: 'line breaks', input: cm('  v: "one\r    two"\n') },
    { name: 'NEL as a line break', group: 'line breaks', input: cm('  v: x\u0085  w: y\n') },
    { name: 'LS as a line break', group: 'line breaks', input: cm('  v: x\u2028  w: y\n') },
    { name: 'PS as a line break', group: 'line breaks', input: cm('  v: x\u2029  w: y\n') },
    { name: 'NEL inside a quoted scalar', group: 'line breaks', input: cm('  v: "one\u0085two"\n') },
    { name: 'LS inside a plain scalar', group: 'line breaks', input: cm('  v: one\u2028    two\n') },
  ];
}

function bomCases(): OracleCase[] {
  const later = `${obj('a')}data: {v: x}\n---\n\uFEFF${obj('b')}data: {w: y}\n`;
  return [
    { name: 'BOM at the start', group: 'byte order marks', input: `\uFEFF${cm('  v: x\n')}` },
    { name: 'BOM at the start of a later document', group: 'byte order marks', input: later },
    {
      name: 'BOM at the start of the third document',
      group: 'byte order marks',
      input: `\uFEFF${obj('a')}---\n${obj('b')}---\n\uFEFF${obj('c')}`,
    },
    { name: 'BOM before a separator', group: 'byte order marks', input: `${obj('a')}\uFEFF---\n${obj('b')}` },
    { name: 'BOM at the start of a line', group: 'byte order marks', input: `${HEAD}data:\n\uFEFF  v: x\n` },
    { name: 'BOM inside a value', group: 'byte order marks', input: cm('  v: x\uFEFFy\n') },
    { name: 'BOM inside a quoted value', group: 'byte order marks', input: cm('  v: "x\uFEFFy"\n') },
    {
      name: 'BOM before JSON',
      group: 'byte order marks',
      input: '\uFEFF{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j"}}\n',
    },
  ];
}

function directiveCases(): OracleCase[] {
  return [
    { name: '%YAML 1.1', group: 'directives', input: `%YAML 1.1\n---\n${cm('  v: x\n')}`, line: 1 },
    { name: '%YAML 1.2', group: 'directives', input: `%YAML 1.2\n---\n${cm('  v: x\n')}`, line: 1 },
    {
      name: '%TAG',
      group: 'directives',
      input: `%TAG !e! tag:example.com,2000:\n---\n${cm('  v: !e!x y\n')}`,
      line: 1,
    },
    { name: 'unknown directive', group: 'directives', input: `%FOO bar\n---\n${cm('  v: x\n')}`, line: 1 },
    { name: 'directive without ---', group: 'directives', input: `%YAML 1.1\n${cm('  v: x\n')}`, line: 1 },
    {
      name: 'directive after a document',
      group: 'directives',
      input: `${obj('a')}...\n%YAML 1.1\n---\n${obj('b')}`,
      line: 6,
    },
    { name: 'indented directive', group: 'directives', input: `${cm('  %YAML: 1.1\n')}`, line: 6 },
    { name: 'indented directive line', group: 'directives', input: `${HEAD}  %YAML 1.1\n`, line: 5 },
    { name: 'value starting with %', group: 'directives', input: cm('  v: %x\n'), line: 6 },
  ];
}

function anchorCases(): OracleCase[] {
  return [
    { name: 'anchor glued to a flow mapping', group: 'anchors', input: cm('  v: &web{app: web}\n'), line: 6 },
    { name: 'anchor glued to a flow sequence', group: 'anchors', input: `${HEAD}list: &l[a]\n`, line: 5 },
    {
      name: 'anchor before a flow mapping',
      group: 'anchors',
      input: `${HEAD}data: &web {app: web}\nother: *web\n`,
    },
    { name: 'anchor name with a dot', group: 'anchors', input: cm('  v: &a.b x\n  w: *a.b\n'), line: 6 },
    { name: 'anchor name with a slash', group: 'anchors', input: cm('  v: &a/b x\n'), line: 6 },
    { name: 'anchor name with a colon', group: 'anchors', input: cm('  v: &a:b x\n'), line: 6 },
    { name: 'anchor and alias', group: 'anchors', input: cm('  v: &a1_-B x\n  w: *a1_-B\n') },
    { name: 'alias to no anchor', group: 'anchors', input: cm('  v: *nope\n'), line: 6 },
    { name: 'alias as a key', group: 'anchors', input: cm('  v: &k key\n  *k : value\n') },
    { name: 'anchor on a key', group: 'anchors', input: cm('  &k v: x\n  w: *k\n') },
    { name: 'anchor redefined', group: 'anchors', input: cm('  a: &x one\n  b: *x\n  c: &x two\n  d: *x\n') },
    {
      name: 'anchored mapping reused',
      group: 'anchors',
      input: `${HEAD}data: &d\n  a: "1"\nbinaryData: *d\n`,
    },
    {
      name: 'merge key',
      group: 'anchors',
      input: `${HEAD}base: &b {a: "1", b: "2"}\ndata:\n  <<: *b\n  c: "3"\n`,
    },
    {
      name: 'merge list',
      group: 'anchors',
      input: `${HEAD}x: &x {a: "1"}\ny: &y {a: "2", b: "2"}\ndata:\n  <<: [*x, *y]\n`,
    },
    {
      name: 'merge after a key',
      group: 'anchors',
      input: `${HEAD}base: &b {a: "1"}\ndata:\n  a: "0"\n  <<: *b\n`,
    },
    {
      name: 'merge before a key',
      group: 'anchors',
      input: `${HEAD}base: &b {a: "1"}\ndata:\n  <<: *b\n  a: "0"\n`,
    },
    { name: 'merge inline', group: 'anchors', input: cm('  <<: {a: "1"}\n  b: "2"\n') },
    { name: 'merge of a scalar', group: 'anchors', input: cm('  <<: x\n'), line: 6 },
    { name: 'quoted merge key', group: 'anchors', input: cm('  "<<": {a: "1"}\n') },
    { name: 'recursive alias', group: 'anchors', input: `${HEAD}data: &d\n  a: *d\n`, line: 6 },
  ];
}

function flowCases(): OracleCase[] {
  return [
    {
      name: 'comment at column 0 after a value',
      group: 'flow',
      input: `${HEAD}  labels: {app: web,\n# comment\n    tier: x}\n`,
    },
    {
      name: 'comment at column 0 before a comma',
      group: 'flow',
      input: cm('  {a: "1"\n# comment\n  , b: "2"}\n'),
    },
    {
      name: 'comment at column 0 before the end',
      group: 'flow',
      input: cm('  {a: "1", b: "2"\n# comment\n  }\n'),
    },
    { name: 'entry at column 0', group: 'flow', input: `${HEAD}data: {b: "1",\nc: "2"}\n` },
    { name: 'end at column 0', group: 'flow', input: `${HEAD}data: {b: "1",\n  c: "2"\n}\n` },
    { name: 'end at the key indent', group: 'flow', input: cm('  v: [a,\n    b\n  ]\n') },
    { name: 'sequence entries at column 0', group: 'flow', input: `${HEAD}list: [a,\nb]\n` },
    { name: 'nested flow over lines', group: 'flow', input: cm('  v: {a: [b,\n   {c: d}],\n e: f}\n') },
    { name: 'trailing comma', group: 'flow', input: cm('  {a: "1",}\n') },
    { name: 'trailing comma in a sequence', group: 'flow', input: `${HEAD}list: [a, b, ]\n` },
    { name: 'key without a value', group: 'flow', input: cm('  {a, b: "2"}\n') },
    { name: 'empty value', group: 'flow', input: cm('  {a: , b: "2"}\n') },
    { name: 'pair in a sequence', group: 'flow', input: `${HEAD}list: [a: b, c]\n` },
    { name: 'JSON-style key', group: 'flow', input: cm('  {"a":"1"}\n') },
    { name: 'adjacent colon', group: 'flow', input: cm('  {a:1}\n') },
    { name: 'no spaces', group: 'flow', input: `${HEAD}list: [a,b]\n` },
    { name: 'explicit key', group: 'flow', input: cm('  {? a : "1"}\n') },
    { name: 'comment after a comma', group: 'flow', input: cm('  {a: "1", # c\n    b: "2"}\n') },
    { name: 'comment glued to a flow end', group: 'flow', input: `${HEAD}list: [a]#c\n` },
    { name: 'comment glued to a quoted scalar', group: 'flow', input: cm('  v: "a"#c\n') },
    {
      name: 'flow mapping as the document',
      group: 'flow',
      input: '{apiVersion: v1, kind: ConfigMap, metadata: {name: f}, data: {v: yes}}\n',
    },
    { name: 'unclosed flow mapping', group: 'flow', input: cm('  v: {a: b\n'), line: 7 },
    {
      name: 'separator inside a flow mapping',
      group: 'flow',
      input: `${cm('  v: {a: b,\n')}---\nc: d}\n`,
      line: 7,
    },
    { name: 'flow mapping as a key', group: 'flow', input: cm('  {a: b}: c\n'), line: 6 },
    { name: 'question mark in a flow sequence', group: 'flow', input: `${HEAD}list: [a?b, ?c]\n`, line: 5 },
    {
      name: 'URL with a query in a flow sequence',
      group: 'flow',
      input: `${HEAD}list: [http://x/?y=1]\n`,
      line: 5,
    },
    {
      name: 'URL with a query in a flow mapping',
      group: 'flow',
      input: cm('  {u: http://x/?y=1}\n'),
      line: 6,
    },
    { name: 'URL with a query in a block', group: 'flow', input: cm('  u: http://x/?y=1\n') },
    { name: 'explicit key in a flow sequence', group: 'flow', input: `${HEAD}list: [? a : b]\n` },
  ];
}

function blockCases(): OracleCase[] {
  return [
    { name: 'quoted continuation at the key indent', group: 'block', input: cm('  b: "one\n  two"\n') },
    { name: 'quoted continuation at column 0', group: 'block', input: cm('  b: "one\ntwo"\n') },
    {
      name: 'single-quoted continuation at the key indent',
      group: 'block',
      input: cm("  b: 'one\n  two'\n"),
    },
    {
      name: 'quoted continuation below a list item',
      group: 'block',
      input: `${HEAD}list:\n- "one\n two"\n- x\n`,
    },
    {
      name: 'quoted continuation with a separator',
      group: 'block',
      input: `${cm('  b: "one\n')}---\ntwo"\n`,
      line: 7,
    },
    { name: 'plain continuation', group: 'block', input: cm('  b: one\n    two\n') },
    { name: 'plain continuation at the key indent', group: 'block', input: cm('  b: one\n  two\n'), line: 7 },
    {
      name: 'plain continuation at column 0 of the root',
      group: 'block',
      input: `${HEAD}x: one\ntwo\n`,
      line: 6,
    },
    { name: 'literal block scalar', group: 'block', input: cm('  b: |\n    one\n\n    two\n') },
    { name: 'strip and keep', group: 'block', input: cm('  b: |-\n    one\n  c: |+\n    two\n\n  d: x\n') },
    { name: 'folded, more indented', group: 'block', input: cm('  b: >\n    one\n      more\n    two\n') },
    { name: 'indentation indicator', group: 'block', input: cm('  b: |2\n     one\n    two\n') },
    { name: 'block scalar with a comment header', group: 'block', input: cm('  b: | # c\n    one\n') },
    { name: 'indentless sequence', group: 'block', input: `${HEAD}list:\n- a\n- b\n` },
    { name: 'nested sequences', group: 'block', input: `${HEAD}list:\n- - a\n  - b\n- - c\n` },
    { name: 'complex key', group: 'block', input: cm('  ? a\n  : b\n') },
    { name: 'tab after a value indicator', group: 'block', input: cm('  v:\tx\n') },
    { name: 'tab before a comment', group: 'block', input: cm('  v: x\t# c\n') },
    { name: 'tab inside a value', group: 'block', input: cm('  v: x\ty\n') },
    { name: 'tab indentation', group: 'block', input: cm('\tv: x\n'), line: 6 },
    { name: 'trailing tab', group: 'block', input: cm('  v: x\t\n') },
    { name: 'key of 1024 characters', group: 'block', input: cm(`  ${'k'.repeat(1024)}: v\n`) },
    { name: 'key of 1025 characters', group: 'block', input: cm(`  ${'k'.repeat(1025)}: v\n`), line: 6 },
    { name: 'value on the next line', group: 'block', input: cm('  v:\n    x\n') },
    { name: 'mapping in a mapping value', group: 'block', input: cm('  v: a: b\n'), line: 6 },
    { name: 'comment without a space', group: 'block', input: cm('  v: a#b\n') },
    { name: 'duplicate key', group: 'block', input: cm('  v: "1"\n  v: "2"\n') },
    { name: 'less indented entry', group: 'block', input: `${HEAD}data:\n    a: x\n  b: y\n`, line: 7 },
    { name: 'null key', group: 'block', input: cm('  ~: x\n') },
  ];
}

function documentCases(): OracleCase[] {
  return [
    { name: 'leading separator', group: 'documents', input: `---\n${cm('  v: x\n')}` },
    { name: 'separator with a comment', group: 'documents', input: `--- # c\n${cm('  v: x\n')}` },
    { name: 'separator and a tab', group: 'documents', input: `---\t\n${cm('  v: x\n')}` },
    { name: 'content after a separator', group: 'documents', input: `${obj('a')}--- foo\n`, line: 5 },
    {
      name: 'block scalar after a separator',
      group: 'documents',
      input: `${obj('a')}--- |\n  text\n`,
      line: 5,
    },
    { name: 'comment glued to a separator', group: 'documents', input: `${obj('a')}---#x\n${obj('b')}` },
    { name: 'four dashes', group: 'documents', input: `${obj('a')}----\n${obj('b')}`, line: 5 },
    { name: 'separator glued to a key', group: 'documents', input: `${obj('a')}---x: 1\n`, line: 5 },
    { name: 'content after an end marker', group: 'documents', input: `${obj('a')}...\n${obj('b')}` },
    { name: 'end marker and separator', group: 'documents', input: `${obj('a')}...\n---\n${obj('b')}` },
    { name: 'end marker with a comment', group: 'documents', input: `${obj('a')}... # c\n---\n${obj('b')}` },
    { name: 'empty documents', group: 'documents', input: `---\n---\n${obj('a')}---\n---\n` },
    {
      name: 'comment-only document',
      group: 'documents',
      input: `# only a comment\n---\n${obj('a')}---\n# c\n`,
    },
    { name: 'indented separator', group: 'documents', input: `${obj('a')}  ---\n${obj('b')}`, line: 5 },
    {
      name: 'separator inside a block scalar',
      group: 'documents',
      input: `${cm('  b: |\n    one\n')}---\n${obj('b')}`,
    },
    { name: 'three documents', group: 'documents', input: `${obj('a')}---\n${obj('b')}---\n${obj('c')}` },
    {
      name: 'bad second document',
      group: 'documents',
      input: `${obj('a')}---\n${obj('b')}data: {v: [}\n`,
      line: 10,
    },
  ];
}

function templateCases(): OracleCase[] {
  return [
    {
      name: 'template syntax in a comment',
      group: 'templates',
      input: cm('  v: x # name: {{ .Values.name }}\n# {{- if .Values.x }}\n'),
    },
    {
      name: 'template syntax in a block scalar',
      group: 'templates',
      input: cm('  t: |\n    url: {{ .Values.url }}\n    {{- end }}\n'),
    },
    {
      name: 'template syntax in a quoted string',
      group: 'templates',
      input: cm('  t: "{{ .Name }}.{{ .Namespace }}"\n  u: \'{{x}}\'\n'),
    },
    { name: 'template syntax inside a plain scalar', group: 'templates', input: cm('  t: echo {{x}}\n') },
  ];
}

function jsonCases(): OracleCase[] {
  const j = (data: string) =>
    `{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j"}, "data": ${data}}\n`;
  return [
    { name: 'JSON', group: 'json', input: j('{"a": "1", "b": "yes"}') },
    {
      name: 'JSON numbers',
      group: 'json',
      input: j('{"a": 1.10, "b": 1e3, "c": -0, "d": 12345678901234567890}'),
    },
    { name: 'JSON escapes', group: 'json', input: j('{"a": "\\/\\u00e9\\n"}') },
    { name: 'JSON duplicate keys', group: 'json', input: j('{"a": "1", "a": "2"}') },
    { name: 'JSON trailing comma', group: 'json', input: j('{"a": "1",}') },
    { name: 'JSON on one line with YAML after', group: 'json', input: `${j('{"a": "1"}')}---\n${obj('b')}` },
    {
      name: 'JSON List',
      group: 'json',
      input:
        '{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "i"}}]}\n',
    },
  ];
}

export function oracleCases(): OracleCase[] {
  return [
    ...scalarCases(),
    ...tagCases(),
    ...escapeCases(),
    ...breakCases(),
    ...bomCases(),
    ...directiveCases(),
    ...anchorCases(),
    ...flowCases(),
    ...blockCases(),
    ...documentCases(),
    ...templateCases(),
    ...jsonCases(),
  ];
}
