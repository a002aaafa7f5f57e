/** The core without the CLI: positions, YAML 1.1 values, objects, suppression, config, the model. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { rules } from '../rules/index.js';
import { ConfigError, resolveConfig } from '../src/config/config.js';
import { Model } from '../src/model/model.js';
import { objectsOf } from '../src/model/objects.js';
import { parseSource } from '../src/parse/parse.js';
import { closest, levenshtein } from '../src/util/suggest.js';
import { lintText } from './helpers.js';

const SVC = (selector: string, extra = '') => `apiVersion: v1
kind: Service
metadata:
  name: web${extra}
spec:
  selector:
    ${selector}
  ports: [{port: 80}]
`;

describe('parse and locate', () => {
  it('reads values as kubectl does (YAML 1.1)', () => {
    const f = parseSource('x.yaml', 'a: yes\nb: 1.10\nc: on\nd: "yes"\ne: 0777\nf: 1_000\n');
    assert.deepEqual(f.documents[0]?.value, { a: true, b: 1.1, c: true, d: 'yes', e: 511, f: 1000 });
  });

  it('locates scalars, keys and missing paths', () => {
    const text = 'spec:\n  ports:\n    - port: 80\n      targetPort: http\n';
    const doc = parseSource('x.yaml', text).documents[0];
    assert.ok(doc);
    assert.deepEqual(doc.locate(['spec', 'ports', 0, 'targetPort']), {
      line: 4,
      column: 19,
      endLine: 4,
      endColumn: 23,
    });
    assert.deepEqual(doc.locate(['spec', 'ports', 0, 'targetPort'], { key: true }), {
      line: 4,
      column: 7,
      endLine: 4,
      endColumn: 17,
    });
    // A missing child falls back to its closest ancestor's key.
    assert.equal(doc.locate(['spec', 'ports', 0, 'nodePort']).line, 3);
    assert.equal(doc.locate(['spec', 'selector']).line, 1);
  });

  it('keeps positions exact with CRLF line ends and a BOM', () => {
    const text = '\ufeffa: 1\r\nspec:\r\n  name: x\r\n';
    const doc = parseSource('x.yaml', text).documents[0];
    assert.deepEqual(doc?.locate(['spec', 'name']), { line: 3, column: 9, endLine: 3, endColumn: 10 });
  });

  it('locates through merge keys and List items', () => {
    const text =
      'kind: List\napiVersion: v1\nitems:\n  - &a {apiVersion: v1, kind: Service, metadata: {name: a}}\n  - <<: *a\n    metadata: {name: b}\n';
    const f = parseSource('x.yaml', text);
    const objs = objectsOf(f, 'default');
    assert.deepEqual(
      objs.map((o) => `${o.kind}/${o.name}`),
      ['Service/a', 'Service/b'],
    );
    assert.equal(f.documents[0]?.locate(['items', 1, 'kind']).line, 4);
    assert.equal(f.documents[0]?.locate(['items', 1, 'metadata', 'name']).line, 6);
  });

  it('gives documents their own positions in a multi-document file', () => {
    const f = parseSource('x.yaml', 'a: 1\n---\nb: 2\n---\n# only a comment\n---\nc: 3\n');
    assert.deepEqual(
      f.documents.filter((d) => d.value !== null).map((d) => d.locate(Object.keys(d.value as object)).line),
      [1, 3, 7],
    );
  });
});

describe('objects and model', () => {
  it('defaults the namespace and leaves cluster-scoped kinds without one', () => {
    const f = parseSource(
      'x.yaml',
      'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: prod}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b, namespace: prod}\n',
    );
    assert.deepEqual(
      objectsOf(f, 'staging').map((o) => `${o.kind}:${o.namespace}/${o.name}`),
      ['Service:staging/a', 'Namespace:/prod', 'Service:prod/b'],
    );
  });

  it('selects pods through the label index, including controller-added labels', () => {
    const f = parseSource(
      'x.yaml',
      `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db, tier: data}}
    spec: {containers: [{name: db, image: pg}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: front}}
    spec: {containers: [{name: web, image: web}]}
`,
    );
    const m = new Model(objectsOf(f, 'default'));
    const names = (ts: { owner: { name: string } }[]) => ts.map((t) => t.owner.name).sort();
    assert.deepEqual(names(m.selectPods('default', { app: 'db' })), ['db']);
    assert.deepEqual(
      names(m.selectPods('default', { app: 'db', 'statefulset.kubernetes.io/pod-name': 'db-1' })),
      ['db'],
    );
    assert.deepEqual(names(m.selectPods('default', { 'statefulset.kubernetes.io/pod-name': 'db-2' })), []);
    assert.deepEqual(names(m.selectPods('default', { 'pod-template-hash': 'abc' })), ['web']);
    assert.deepEqual(names(m.selectPods('other', { app: 'db' })), []);
    assert.deepEqual(names(m.selectPods('default', {})), []);
    assert.deepEqual(
      names(
        m.selectPodsBy('default', {
          matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'data'] }],
        }),
      ),
      ['db', 'web'],
    );
    assert.deepEqual(
      names(
        m.selectPodsBy('default', {
          matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }],
        }),
      ),
      ['db'],
    );
  });
});

describe('suppression', () => {
  const only = ['service-no-matching-pods'];
  // A lone Service is judged only in a complete input: these tests are about directives, not judgement.
  const closed = { closedWorld: true };
  it('honours the ignore annotation', () => {
    const text = `apiVersion: v1
kind: Service
metadata:
  name: web
  annotations: {k8s-svc-lint.io/ignore: "service-ports, service-no-matching-pods"}
spec:
  selector: {app: none}
`;
    assert.deepEqual(lintText(text, only, closed), []);
    assert.equal(
      lintText(text.replace('service-no-matching-pods', 'service-mixed-images'), only, closed).length,
      1,
    );
  });

  it('honours next-line, same-line and file directives, with reasons', () => {
    const base = SVC('app: none');
    assert.equal(lintText(base, only, closed).length, 1);
    assert.equal(
      lintText(
        base.replace(
          '  selector:',
          '  # k8s-svc-lint-disable-next-line service-no-matching-pods -- managed elsewhere\n  selector:',
        ),
        only,
      ).length,
      0,
    );
    assert.equal(
      lintText(base.replace('  selector:', '  selector: # k8s-svc-lint-disable-line'), only, closed).length,
      0,
    );
    assert.equal(
      lintText(`# k8s-svc-lint-disable service-no-matching-pods\n${base}`, only, closed).length,
      0,
    );
    assert.equal(lintText(`# k8s-svc-lint-disable service-ports\n${base}`, only, closed).length, 1);
    assert.equal(
      lintText(
        base.replace('  selector:', '  # k8s-svc-lint-disable-next-line service-ports\n  selector:'),
        only,
        closed,
      ).length,
      1,
    );
  });

  it('reads directives from YAML comments only, not from the text of a value', () => {
    const values = `---
apiVersion: v1
kind: ConfigMap
metadata: {name: scripts}
data:
  run.sh: |
    # k8s-svc-lint-disable
    echo "# k8s-svc-lint-disable-next-line"
  note: "see # k8s-svc-lint-disable"
`;
    assert.equal(lintText(SVC('app: none') + values, only, closed).length, 1);
    // A directive after a value on the same line is a comment and still applies.
    const trailing = SVC('app: none').replace('  selector:', '  selector: # k8s-svc-lint-disable-line');
    assert.equal(lintText(trailing + values, only, closed).length, 0);
  });
});

describe('config', () => {
  it('merges severities and options over the defaults', () => {
    const c = resolveConfig({ rules: { 'service-no-matching-pods': 'warn', 'yaml-syntax': 0 } }, rules);
    assert.equal(c.rules.get('service-no-matching-pods')?.severity, 'warning');
    assert.equal(c.rules.get('yaml-syntax')?.severity, 'off');
    assert.equal(c.namespace, 'default');
  });

  it('rejects bad keys, severities and option shapes with a message naming the key', () => {
    assert.throws(() => resolveConfig({ rules: { nope: 'off' } }, rules), ConfigError);
    assert.throws(() => resolveConfig({ namespace: 'Not_Valid' }, rules), /namespace/);
    assert.throws(() => resolveConfig({ rules: { 'yaml-syntax': ['warn', {}] } }, rules), /takes no options/);
    assert.throws(() => resolveConfig({ rules: { 'yaml-syntax': [] } }, rules), /expected \[severity\]/);
  });
});

describe('did-you-mean distances', () => {
  /** The textbook table, one fresh row per step: what levenshtein's reused rows must agree with. */
  function reference(a: string, b: string): number {
    const d: number[][] = [];
    for (let i = 0; i <= a.length; i++) {
      d.push([]);
      for (let j = 0; j <= b.length; j++) {
        if (i === 0 || j === 0) {
          (d[i] as number[])[j] = i + j;
          continue;
        }
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        const row = d[i] as number[];
        const up = d[i - 1] as number[];
        let v = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
          v = Math.min(v, ((d[i - 2] as number[])[j - 2] as number) + 1);
        row[j] = v;
      }
    }
    return (d[a.length] as number[])[b.length] as number;
  }

  it('counts edits, a swap of neighbours as one', () => {
    assert.equal(levenshtein('nginx', 'ngnix'), 1);
    assert.equal(levenshtein('kitten', 'sitting'), 3);
    assert.equal(levenshtein('', 'abc'), 3);
    assert.equal(levenshtein('app', 'app'), 0);
    assert.equal(closest('ngnix', ['httpd', 'nginx', 'redis']), 'nginx');
  });

  it('agrees with the textbook table on random words, short and long, in any order', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 70 }), fc.string({ maxLength: 70 }), (a, b) => {
        assert.equal(levenshtein(a, b), reference(a, b));
        assert.equal(levenshtein(b, a), reference(b, a));
      }),
      { numRuns: 300 },
    );
  });
});
