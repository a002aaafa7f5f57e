/**
 * The CI formats against their specifications: SARIF 2.1.0 against its JSON schema (plus what GitHub code
 * scanning needs on top), the github workflow commands line by line with their escaping, and junit as
 * well-formed XML whose counts agree with the json format. Run over every rule fixture, so new rules are
 * covered as they land.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { rules } from '../rules/index.js';
import githubFormat, { escapeData, escapeProperty } from '../src/format/github.js';
import junitFormat from '../src/format/junit.js';
import { type FormatContext, toEslintResults } from '../src/format/results.js';
import sarifFormat, { FINGERPRINT_KEY, pathString } from '../src/format/sarif.js';
import type { Finding } from '../src/types.js';
import { ALL_FIXTURES, type JsonResult, jsonFindings, lintCli, tuple } from './ci-helpers.js';
import { lintText, ROOT } from './helpers.js';

const ctx = (extra: Partial<FormatContext> = {}): FormatContext => ({
  cwd: ROOT,
  filePaths: [],
  rules,
  color: false,
  version: '1.2.3',
  ...extra,
});

function finding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: rules[0]?.meta.id ?? 'x',
    severity: 'error',
    message: 'a message',
    filePath: 'deploy/app.yaml',
    line: 3,
    column: 5,
    endLine: 3,
    endColumn: 9,
    ...over,
  };
}

describe('format sarif', function () {
  this.timeout(300_000);
  const require = createRequire(import.meta.url);
  const schemaFile = join(
    dirname(require.resolve('@microsoft/jest-sarif/package.json')),
    'lib/schemas/sarif-2.1.0-rtm.5.json',
  );
  // Both are CommonJS modules whose default export is also their `default` property. The schema's
  // `language` pattern has a stray `]`, legal only without the `u` flag: hence unicodeRegExp: false.
  const ajv = new ajvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  ajvFormats.default(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
  const check = (log: unknown) =>
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));

  // biome-ignore lint/suspicious/noExplicitAny: a parsed SARIF log
  function sarifOf(paths: string[]): any {
    const r = lintCli(['-f', 'sarif', ...paths]);
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    return JSON.parse(r.stdout);
  }

  it('the output for examples/ validates against the SARIF 2.1.0 schema', () => {
    check(sarifOf(['examples']));
  });

  it('the output for every fixture validates and agrees with the json format, as GitHub reads it', () => {
    const log = sarifOf(ALL_FIXTURES);
    check(log);
    const run = log.runs[0];
    const driver = run.tool.driver;
    assert.equal(driver.name, 'k8s-svc-lint');
    assert.match(driver.version, /^\d+\.\d+\.\d+/);
    assert.match(driver.informationUri, /^https:\/\//);
    assert.deepEqual(
      driver.rules.map((r: { id: string }) => r.id),
      rules.map((r) => r.meta.id),
    );
    for (const [i, r] of driver.rules.entries()) {
      const meta = rules[i]?.meta;
      assert.equal(r.shortDescription.text, meta?.description);
      assert.ok(r.fullDescription.text && r.help.text.includes(meta?.remediation ?? '?'));
      assert.match(r.helpUri, new RegExp(`/docs/rules/${r.id}\\.md$`));
      assert.ok(['error', 'warning'].includes(r.defaultConfiguration.level));
    }

    const { findings } = jsonFindings(ALL_FIXTURES);
    assert.ok(findings.length > 0, 'the fixtures produce findings');
    const fingerprints = new Set<string>();
    const got: string[] = [];
    for (const res of run.results) {
      assert.equal(driver.rules[res.ruleIndex].id, res.ruleId);
      const loc = res.locations[0].physicalLocation;
      assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
      assert.doesNotMatch(loc.artifactLocation.uri, /^(\/|\.\.|[a-z]+:)/, 'relative to the checkout');
      assert.deepEqual(Object.keys(loc.region), ['startLine', 'startColumn', 'endLine', 'endColumn']);
      got.push(
        tuple({
          filePath: resolve(ROOT, decodeURIComponent(loc.artifactLocation.uri)),
          line: loc.region.startLine,
          column: loc.region.startColumn,
          endLine: loc.region.endLine,
          endColumn: loc.region.endColumn,
          severity: res.level,
          ruleId: res.ruleId,
          message: res.message.text,
        }),
      );
      const fp = res.partialFingerprints[FINGERPRINT_KEY];
      assert.ok(fp && !fingerprints.has(fp), `fingerprint ${fp} is unique`);
      fingerprints.add(fp);
    }
    assert.deepEqual(got.sort(), findings.map(tuple).sort());
  });

  it('fingerprints do not change when lines are added above a finding (every rule doc example)', () => {
    let compared = 0;
    for (const rule of rules) {
      const doc = readFileSync(join(ROOT, 'docs/rules', `${rule.meta.id}.md`), 'utf8');
      const m = /### Incorrect[\s\S]*?```ya?ml\n([\s\S]*?)```/.exec(doc);
      if (!m?.[1]) continue;
      const before = lintText(m[1], [rule.meta.id]).filter((f) => f.ruleId === rule.meta.id);
      const after = lintText(`# a comment\n# and another\n${m[1]}`, [rule.meta.id]).filter(
        (f) => f.ruleId === rule.meta.id,
      );
      const fps = (fs: Finding[]) =>
        // biome-ignore lint/suspicious/noExplicitAny: a parsed SARIF log
        JSON.parse(sarifFormat(fs, ctx())).runs[0].results.map((r: any) => [
          r.partialFingerprints[FINGERPRINT_KEY],
          r.locations[0].physicalLocation.region.startLine,
        ]);
      const a = fps(before);
      const b = fps(after);
      assert.equal(a.length, b.length, rule.meta.id);
      for (const [i, [fp, line]] of a.entries()) {
        assert.equal(b[i][0], fp, `${rule.meta.id}: fingerprint moved with the line`);
        assert.equal(b[i][1], line + 2);
        compared++;
      }
    }
    assert.ok(compared > 0);
  });

  it('fingerprints tell apart objects and nodes, and ignore the positions of related locations', () => {
    const target = {
      apiVersion: 'v1',
      kind: 'Service',
      namespace: 'default',
      name: 'web',
      path: ['spec', 'ports', 0, 'nodePort'],
    };
    const base = finding({ target });
    const fp = (f: Finding) => JSON.parse(sarifFormat([f], ctx())).runs[0].results[0].partialFingerprints;
    assert.notDeepEqual(fp(base), fp({ ...base, target: { ...target, name: 'api' } }));
    assert.notDeepEqual(
      fp(base),
      fp({ ...base, target: { ...target, path: ['spec', 'ports', 1, 'nodePort'] } }),
    );
    assert.deepEqual(fp(base), fp({ ...base, line: 40, endLine: 40 }));
    const rel = (line: number): Finding => ({
      ...base,
      message: `nodePort 30007 is also used by Service "default/api" at other.yaml:${line}:7`,
      related: [{ filePath: 'other.yaml', line, column: 7, message: 'first used here' }],
    });
    assert.deepEqual(fp(rel(10)), fp(rel(25)));
    // Without related locations too: a "file:line" cross reference in the message does not count.
    const ref = (line: number): Finding => ({
      ...base,
      message: `also matched by Deployment "a" at k8s/a b.yaml:${line}`,
    });
    assert.deepEqual(fp(ref(3)), fp(ref(30)));
    assert.notDeepEqual(
      fp(ref(3)),
      fp({ ...ref(3), message: 'also matched by Deployment "b" at k8s/a b.yaml:3' }),
    );
  });

  it('spells paths readably', () => {
    assert.equal(pathString(['spec', 'ports', 0, 'targetPort']), 'spec.ports[0].targetPort');
    assert.equal(
      pathString(['metadata', 'labels', 'app.kubernetes.io/name']),
      'metadata.labels["app.kubernetes.io/name"]',
    );
  });

  it('writes related locations, and URIs for files outside the checkout and for stdin', () => {
    const log = JSON.parse(
      sarifFormat(
        [
          finding({ related: [{ filePath: 'other.yaml', line: 8, column: 3, message: 'also here' }] }),
          finding({ filePath: '/elsewhere/x y.yaml' }),
          finding({ filePath: '<stdin>' }),
        ],
        ctx({ cwd: '/work/repo' }),
      ),
    );
    check(log);
    const [a, b, c] = log.runs[0].results;
    assert.deepEqual(a.relatedLocations, [
      {
        id: 1,
        physicalLocation: {
          artifactLocation: { uri: 'other.yaml', uriBaseId: '%SRCROOT%' },
          region: { startLine: 8, startColumn: 3 },
        },
        message: { text: 'also here' },
      },
    ]);
    assert.deepEqual(b.locations[0].physicalLocation.artifactLocation, {
      uri: 'file:///elsewhere/x%20y.yaml',
    });
    assert.deepEqual(c.locations[0].physicalLocation.artifactLocation, { uri: '%3Cstdin%3E' });
    assert.equal(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri, 'file:///work/repo/');
  });
});

/** Decodes a workflow-command property value or message, failing on any `%` that is not an escape. */
function decodeCommand(s: string, property: boolean): string {
  const allowed = property ? /%(?!25|0D|0A|3A|2C)/ : /%(?!25|0D|0A)/;
  assert.doesNotMatch(s, allowed, `stray % in ${JSON.stringify(s)}`);
  const map: Record<string, string> = { '%25': '%', '%0D': '\r', '%0A': '\n', '%3A': ':', '%2C': ',' };
  return s.replace(/%(25|0D|0A|3A|2C)/g, (m) => map[m] ?? m);
}

/** `::error file=…,line=…::message` → its parts, checked against the documented syntax. */
function parseCommand(line: string) {
  const m = /^::(error|warning) ([^:\r\n]*)::([^\r\n]*)$/.exec(line);
  assert.ok(m?.[1] && m[2] !== undefined && m[3] !== undefined, `not a workflow command: ${line}`);
  const props: Record<string, string> = {};
  for (const pair of m[2].split(',')) {
    const pm = /^([A-Za-z]+)=([^,]*)$/.exec(pair);
    assert.ok(pm?.[1] && pm[2] !== undefined, `bad property "${pair}" in ${line}`);
    assert.ok(!(pm[1] in props), `property ${pm[1]} repeated`);
    props[pm[1]] = decodeCommand(pm[2], true);
  }
  return { command: m[1], props, message: decodeCommand(m[3], false) };
}

describe('format github', function () {
  this.timeout(300_000);
  it('escapes data and properties as the runner decodes them', () => {
    assert.equal(escapeData('50% a\r\nb: c, d'), '50%25 a%0D%0Ab: c, d');
    assert.equal(escapeProperty('50% a\r\nb: c, d'), '50%25 a%0D%0Ab%3A c%2C d');
    assert.equal(escapeProperty('%0A'), '%250A', 'an escape-like text is not decoded twice');
  });

  it('every line is a workflow command that decodes to the json format finding', () => {
    const r = lintCli(['-f', 'github', ...ALL_FIXTURES]);
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines.pop(), '', 'ends with a newline');
    const { findings } = jsonFindings(ALL_FIXTURES);
    const remediation = new Map(rules.map((x) => [x.meta.id, x.meta.remediation]));
    const got = lines.map((line) => {
      const { command, props, message } = parseCommand(line);
      assert.deepEqual(Object.keys(props), ['file', 'line', 'col', 'endLine', 'endColumn', 'title']);
      assert.doesNotMatch(props.file ?? '', /^\//, 'file is relative to the workspace');
      const ruleId = /\(([a-z0-9-]+)\)$/.exec(props.title ?? '')?.[1] ?? '?';
      const rem = remediation.get(ruleId);
      assert.ok(!rem || message.endsWith(`\n${rem}`), `the remediation follows the message: ${message}`);
      return tuple({
        filePath: resolve(ROOT, props.file ?? ''),
        line: Number(props.line),
        column: Number(props.col),
        endLine: Number(props.endLine),
        endColumn: Number(props.endColumn),
        severity: command,
        ruleId,
        message: rem ? message.slice(0, -rem.length - 1) : message,
      });
    });
    assert.deepEqual(got.sort(), findings.map(tuple).sort());
    const odd = lines.find((l) => l.includes('fixtures-formats'));
    assert.ok(odd?.includes('file=test/fixtures-formats/100%25%2Codd%3Aname.yaml,'), odd);
    assert.match(odd ?? '', /::.*"50%25".*%0A/, 'message escapes % and the newline');
  });

  it('escapes carriage returns and newlines in messages and file names', () => {
    const out = githubFormat(
      [finding({ filePath: 'a\r\nb:c,d%.yaml', message: 'one\r\ntwo: 3, 4%', severity: 'warning' })],
      ctx(),
    );
    assert.equal(out.split('\n').length, 2, 'one line per finding');
    const { command, props, message } = parseCommand(out.trimEnd());
    assert.equal(command, 'warning');
    assert.equal(props.file, 'a\r\nb:c,d%.yaml');
    assert.equal(message.split('\n')[0], 'one\r');
    assert.ok(message.startsWith('one\r\ntwo: 3, 4%'));
  });

  it('annotates the run, not a line, for stdin without a file name', () => {
    const { props } = parseCommand(githubFormat([finding({ filePath: '<stdin>' })], ctx()).trimEnd());
    assert.deepEqual(Object.keys(props), ['title']);
  });
});

describe('format junit', function () {
  this.timeout(300_000);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    htmlEntities: true,
    isArray: (name) => ['testsuite', 'testcase'].includes(name),
  });

  it('is well-formed XML with a suite per file and a case per finding, agreeing with json', () => {
    const r = lintCli(['-f', 'junit', ...ALL_FIXTURES]);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(XMLValidator.validate(r.stdout), true);
    const doc = parser.parse(r.stdout);
    const { results } = jsonFindings(ALL_FIXTURES);
    const suites = doc.testsuites.testsuite as Array<{
      name: string;
      tests: string;
      failures: string;
      testcase: Array<{ name: string; line?: string; failure?: { message: string; type: string } }>;
    }>;
    assert.equal(suites.length, results.length, 'one suite per linted file');
    let failures = 0;
    const byPath = new Map(results.map((x) => [x.filePath, x]));
    for (const s of suites) {
      const res = byPath.get(resolve(ROOT, s.name)) as JsonResult;
      assert.ok(res, `suite ${s.name} is a linted file`);
      assert.equal(Number(s.failures), res.messages.length);
      failures += res.messages.length;
      if (!res.messages.length) {
        assert.equal(s.testcase.length, 1);
        assert.equal(s.testcase[0]?.failure, undefined, 'a clean file is one passing case');
        continue;
      }
      assert.deepEqual(
        s.testcase.map((c) => [c.failure?.message, c.failure?.type, Number(c.line)]),
        res.messages.map((m) => [m.message, m.severity === 2 ? 'error' : 'warning', m.line]),
      );
    }
    assert.equal(Number(doc.testsuites.failures), failures);
    assert.ok(failures > 0);
    assert.ok(suites.some((s) => Number(s.failures) === 0));
  });

  it('escapes markup, quotes and line breaks, and drops characters XML cannot carry', () => {
    const message = 'a <b> & "c" \'d\'\nnext\u0001 ]]> \uD800';
    const out = junitFormat([finding({ message, filePath: 'x&y.yaml' })], ctx({ filePaths: ['x&y.yaml'] }));
    assert.equal(XMLValidator.validate(out), true);
    const c = parser.parse(out).testsuites.testsuite[0].testcase[0];
    assert.equal(c.failure.message, 'a <b> & "c" \'d\'\nnext\uFFFD ]]> \uFFFD');
    assert.equal(c.file, 'x&y.yaml');
  });
});

describe('format json', () => {
  it('gives every file its absolute path, as path.resolve does', () => {
    const filePaths = [
      'a.yaml',
      'app/web/svc.yaml',
      './app/x.yaml',
      'app/../other/y.yaml',
      'app//z.yaml',
      '../up/u.yaml',
      '/abs/a.yaml',
      '/abs/./b/../c.yaml',
      '.hidden/h.yaml',
      'a/..b/c.yaml',
      '<stdin>',
    ];
    for (const cwd of ['/work/repo', '/work/repo/', '/']) {
      const ctx: FormatContext = { cwd, filePaths, rules: [], color: false };
      const got = toEslintResults([], ctx).map((r) => r.filePath);
      assert.deepEqual(
        got,
        filePaths.map((p) => (p.startsWith('<') ? p : resolve(cwd, p))),
        cwd,
      );
    }
  });
});

describe('formats are registered', () => {
  it('every format module under src/format/ that exports a formatter is listed', async () => {
    const { FORMAT_NAMES, loadFormatter } = await import('../src/format/index.js');
    const files = readdirSync(join(ROOT, 'src/format'))
      .filter((f) => f.endsWith('.ts') && !['index.ts', 'results.ts'].includes(f))
      .map((f) => f.slice(0, -3));
    assert.deepEqual([...FORMAT_NAMES].sort(), files.sort());
    for (const name of FORMAT_NAMES) assert.equal(typeof (await loadFormatter(name)), 'function');
  });
});
