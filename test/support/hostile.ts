/** Shared by the property tests and the stress bench: hostile inputs, and the checks every run must pass. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import type { Finding, SourceFile } from '../../src/types.js';

/** Every fixture file (fixture directories included), as [relative path, text]. */
export function fixtureTexts(root: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push([relative(root, p), readFileSync(p, 'latin1')]);
    }
  };
  walk(join(root, 'test/fixtures'));
  return out;
}

/** Lines as an editor shows them: split at CRLF, LF or a lone CR. */
export function linesOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Problems with a finding's position in its file, as messages (empty when valid). */
export function positionProblems(findings: Finding[], sources: SourceFile[]): string[] {
  const byPath = new Map(sources.map((s) => [s.path, linesOf(s.text)]));
  const bad: string[] = [];
  const check = (what: string, path: string, line: number, column: number) => {
    const lines = byPath.get(path);
    if (!lines) return bad.push(`${what}: unknown file ${path}`);
    const text = lines[line - 1];
    if (!Number.isInteger(line) || text === undefined)
      return bad.push(`${what}: line ${line} of ${lines.length}`);
    if (!Number.isInteger(column) || column < 1 || column > text.length + 1)
      return bad.push(`${what}: column ${column} on a line of ${text.length}`);
    return 0;
  };
  for (const f of findings) {
    const at = `${f.filePath}:${f.line}:${f.column} [${f.ruleId}] ${f.message}`;
    check(`start of ${at}`, f.filePath, f.line, f.column);
    check(`end of ${at}`, f.filePath, f.endLine, f.endColumn);
    if (f.endLine < f.line || (f.endLine === f.line && f.endColumn < f.column))
      bad.push(`end before start: ${at}`);
    for (const r of f.related ?? []) check(`related of ${at}`, r.filePath, r.line, r.column);
    if (/rule crashed/.test(f.message)) bad.push(`crash: ${at}`);
  }
  return bad;
}

/** Is `v` JSON-shaped data (numbers may be NaN or infinite, as YAML floats can be)? No cycles, no classes. */
export function notPlainData(v: unknown): string | undefined {
  const stack: Array<{ v: unknown; depth: number }> = [{ v, depth: 0 }];
  const seen = new Set<object>();
  while (stack.length) {
    const { v: cur, depth } = stack.pop() as { v: unknown; depth: number };
    if (cur === null || ['string', 'number', 'boolean'].includes(typeof cur)) continue;
    if (typeof cur !== 'object') return `a ${typeof cur}`;
    const proto = Object.getPrototypeOf(cur);
    if (!Array.isArray(cur) && proto !== Object.prototype && proto !== null)
      return `an instance of ${proto?.constructor?.name}`;
    if (depth > 300) return 'nesting deeper than the parser allows';
    // Aliases share objects (a DAG); only an object inside itself is a cycle. Depth bounds the walk.
    if (seen.has(cur) && depth > 300) return 'a cycle';
    seen.add(cur);
    for (const x of Object.values(cur)) stack.push({ v: x, depth: depth + 1 });
  }
  return undefined;
}

const keyArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('app', 'tier', 'app.kubernetes.io/name', 'pod-template-hash') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
);
const valueArb = fc.oneof(
  fc.constantFrom('web', 'api', 'db', ''),
  fc.string({ maxLength: 8 }),
  fc.integer({ min: -5, max: 70000 }),
  fc.boolean(),
  fc.constant(null),
);
const labelsArb = fc.dictionary(keyArb, valueArb, { maxKeys: 4 });
const portArb = fc.oneof(fc.integer({ min: -1, max: 70000 }), fc.constantFrom('http', 'metrics', '8080', ''));
const nsArb = fc.option(fc.constantFrom('default', 'prod', 'kube-system', ''), { nil: undefined });

export const serviceArb = fc.record({
  apiVersion: fc.constantFrom('v1', 'v2', ''),
  kind: fc.constant('Service'),
  metadata: fc.record({ name: fc.constantFrom('web', 'api', 'x'), namespace: nsArb, labels: labelsArb }),
  spec: fc.record(
    {
      type: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName', 'Bogus'),
      clusterIP: fc.constantFrom('None', '10.0.0.1', ''),
      selector: fc.oneof(labelsArb, fc.constant(null), fc.constant([])),
      ports: fc.array(
        fc.record(
          {
            name: fc.constantFrom('http', 'grpc', ''),
            port: portArb,
            targetPort: portArb,
            nodePort: fc.integer({ min: 0, max: 40000 }),
            protocol: fc.constantFrom('TCP', 'UDP', 'SCTP', 'tcp'),
          },
          { requiredKeys: ['port'] },
        ),
        { maxLength: 3 },
      ),
    },
    { requiredKeys: [] },
  ),
});

export const workloadArb = fc
  .record({
    kind: fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'Pod'),
    name: fc.constantFrom('web', 'api', 'x'),
    namespace: nsArb,
    selector: labelsArb,
    labels: labelsArb,
    ports: fc.array(
      fc.record(
        { name: fc.constantFrom('http', 'metrics', ''), containerPort: portArb },
        { requiredKeys: [] },
      ),
      { maxLength: 3 },
    ),
  })
  .map((w) => {
    const pod = { containers: [{ name: 'c', image: 'nginx', ports: w.ports }] };
    const meta = { name: w.name, namespace: w.namespace };
    if (w.kind === 'Pod')
      return { apiVersion: 'v1', kind: 'Pod', metadata: { ...meta, labels: w.labels }, spec: pod };
    return {
      apiVersion: 'apps/v1',
      kind: w.kind,
      metadata: meta,
      spec: {
        selector: { matchLabels: w.selector },
        template: { metadata: { labels: w.labels }, spec: pod },
      },
    };
  });

/** A multi-document YAML stream of Kubernetes-shaped objects (plus the odd non-object document). */
export const manifestArb = fc
  .array(
    fc.oneof({ weight: 3, arbitrary: serviceArb }, { weight: 3, arbitrary: workloadArb }, fc.jsonValue()),
    {
      minLength: 1,
      maxLength: 5,
    },
  )
  .map((docs) => docs.map((d) => stringify(d)).join('---\n'));

const unicodeArb = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 4 }),
  fc.constantFrom(
    '\r',
    '\r\n',
    '\t',
    '\0',
    '\uFEFF',
    '\u2028',
    '\uD800',
    '"',
    "'",
    '{',
    '[',
    ': ',
    '- ',
    '&a ',
    '*a',
    '!!binary ',
    '<<: ',
  ),
);

type Mutation = (text: string) => string;

/** One edit of a text: truncation, line deletion or duplication, indentation shift, quote swap, insertion. */
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((n) => (t: string) => t.slice(0, n % (t.length + 1))),
  fc.nat().map((n) => (t: string) => {
    const l = t.split('\n');
    l.splice(n % l.length, 1);
    return l.join('\n');
  }),
  fc.nat().map((n) => (t: string) => {
    const l = t.split('\n');
    const i = n % l.length;
    l.splice(i, 0, l[i] ?? '');
    return l.join('\n');
  }),
  fc.tuple(fc.nat(), fc.integer({ min: -4, max: 4 })).map(([n, d]) => (t: string) => {
    const l = t.split('\n');
    const i = n % l.length;
    const line = l[i] ?? '';
    l[i] = d >= 0 ? ' '.repeat(d) + line : line.replace(new RegExp(`^ {0,${-d}}`), '');
    return l.join('\n');
  }),
  fc.constant((t: string) => t.replace(/["']/g, (q) => (q === '"' ? "'" : '"'))),
  fc.tuple(fc.nat(), unicodeArb).map(([n, s]) => (t: string) => {
    const i = n % (t.length + 1);
    return t.slice(0, i) + s + t.slice(i);
  }),
);

/** A fixture (or generated manifest) with one to four mutations applied. */
export function mutatedArb(fixtures: Array<[string, string]>): fc.Arbitrary<string> {
  const base = fc.oneof(fc.constantFrom(...fixtures.map(([, t]) => t)), manifestArb);
  return fc
    .tuple(base, fc.array(mutationArb, { minLength: 1, maxLength: 4 }))
    .map(([t, ms]) => ms.reduce((acc, m) => m(acc), t));
}
