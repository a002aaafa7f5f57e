/**
 * `k8s-svc-lint explain`: golden outputs of the CLI, the JSON shape, attachment of rule findings by
 * target, and syntax checks of the Mermaid and DOT drawings by real parsers.
 *
 * Refresh the expected files after an intended change with `UPDATE_GOLDEN=1 npm run mocha`, then review
 * the diff of test/golden/explain/ before committing it.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import dotparser from 'dotparser';
import { JSDOM } from 'jsdom';
import { rules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { lint } from '../src/engine/lint.js';
import { dotString, mermaidEscape, renderDot, renderMermaid } from '../src/explain/render.js';
import { type Explanation, explain, type Hop } from '../src/explain/route.js';
import { parseSource } from '../src/parse/parse.js';
import type { Finding } from '../src/types.js';
import { ROOT, runCli } from './helpers.js';

const GOLDEN = join(ROOT, 'test/golden/explain');
const UPDATE = !!process.env.UPDATE_GOLDEN;

interface Case {
  name: string;
  input: string;
  status: number;
  args?: string[];
}

const CASES: Case[] = [
  { name: 'walkthrough', input: 'examples/nodeport-walkthrough', status: 0 },
  { name: 'kind-missing-mapping', input: 'test/golden/explain/kind-missing-mapping/input', status: 0 },
  { name: 'target-port-typo', input: 'test/golden/explain/target-port-typo/input', status: 1 },
  { name: 'ingress-missing-port', input: 'test/golden/explain/ingress-missing-port/input', status: 1 },
  { name: 'service-types', input: 'test/golden/explain/service-types/input', status: 0 },
  { name: 'around-service', input: 'test/golden/explain/around-service/input', status: 1 },
];

const FORMATS: Array<[string, string]> = [
  ['tree', 'tree.txt'],
  ['mermaid', 'mermaid.mmd'],
  ['dot', 'graph.dot'],
  ['json', 'route.json'],
];

function golden(file: string, actual: string): void {
  const path = join(GOLDEN, file);
  if (UPDATE || !existsSync(path)) {
    if (!UPDATE) assert.fail(`${file} is missing; run UPDATE_GOLDEN=1 npm run mocha to create it`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.equal(
    actual,
    readFileSync(path, 'utf8'),
    `${file} differs (UPDATE_GOLDEN=1 npm run mocha refreshes it)`,
  );
}

/** Explains text in-process with every rule at its default, plus extra findings (rules not yet written). */
/**
 * Explains a text with every rule on. `drop` removes the real findings of some rules, so that a test can
 * see what the route computes itself, or put a finding of its own in their place.
 */
function explainText(
  text: string,
  extra: (f: Finding[]) => Finding[] = () => [],
  drop: string[] = [],
): Explanation {
  const src = parseSource('test.yaml', text, { explicit: true });
  const config = resolveConfig({}, rules);
  const { findings, model } = lint([src], config, rules);
  const kept = findings.filter((f) => !drop.includes(f.ruleId));
  return explain(model, [...kept, ...extra(kept)]);
}

function hopsOf(e: Explanation, kind: Hop['kind']): Hop[] {
  return e.routes.flatMap((r) => r.hops.filter((h) => h.kind === kind));
}

/** A finding as a rule would report it, located at the object's path. */
function fakeFinding(
  ruleId: string,
  target: { apiVersion: string; kind: string; namespace: string; name: string; path: Array<string | number> },
  message = 'something is wrong here',
): Finding {
  return {
    ruleId,
    severity: 'error',
    message,
    filePath: 'test.yaml',
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 2,
    target,
  };
}

const WALKTHROUGH = ['deployment.yml', 'kind.yml', 'pod-httpd.yml', 'service.yml']
  .map((f) => readFileSync(join(ROOT, 'examples/nodeport-walkthrough', f), 'utf8'))
  .join('\n---\n');

describe('explain', function () {
  // Many cases spawn the CLI; on a loaded 2-core machine one spawn can take over a second.
  this.timeout(120_000);
  describe('golden outputs', () => {
    for (const c of CASES) {
      for (const [format, file] of FORMATS) {
        it(`${c.name} (${format})`, () => {
          const r = runCli(['explain', '--format', format, ...(c.args ?? []), c.input]);
          assert.equal(r.stderr, '');
          assert.equal(r.status, c.status, r.stdout);
          golden(`${c.name}/${file}`, r.stdout);
        });
      }
    }
    it('the default format is the tree', () => {
      const r = runCli(['explain', 'examples/nodeport-walkthrough']);
      assert.equal(r.stdout, readFileSync(join(GOLDEN, 'walkthrough/tree.txt'), 'utf8'));
    });
  });

  describe('the walkthrough route', () => {
    const e = explainText(WALKTHROUGH);
    it('goes host → node port → Service port → targetPort → both pods', () => {
      const route = e.routes[0];
      assert.ok(route);
      const byId = new Map(route.hops.map((h) => [h.id, h]));
      const chain: string[] = [];
      let hop = byId.get(route.entries[0] ?? '');
      while (hop) {
        chain.push(hop.label);
        hop = byId.get(hop.next[0] ?? '');
      }
      assert.deepEqual(chain, [
        'localhost:30007',
        'node port 30007',
        'Service default/nginx-service port 80/TCP',
        'targetPort 80',
        'Deployment default/nginx-deployment',
      ]);
      assert.deepEqual(
        hopsOf(e, 'pod').map((h) => h.label),
        ['Deployment default/nginx-deployment', 'Pod default/httpd'],
      );
      assert.deepEqual(hopsOf(e, 'host')[0]?.detail, ['kind extraPortMappings on node "kind-control-plane"']);
    });
    it('marks the round robin between two images as a warning, not a break', () => {
      const target = hopsOf(e, 'target-port')[0];
      assert.equal(target?.status, 'warning');
      assert.deepEqual(
        target?.problems.map((p) => p.ruleId),
        ['service-mixed-images'],
      );
      assert.match(target?.problems[0]?.message ?? '', /mixes images/);
      assert.equal(e.routes[0]?.status, 'warning');
    });
    it('computes no verdict of its own: with the rule off, the split is not marked', () => {
      const own = explainText(WALKTHROUGH, undefined, ['service-mixed-images']);
      const target = hopsOf(own, 'target-port')[0];
      assert.equal(target?.status, 'ok');
      assert.deepEqual(target?.problems, []);
      // Both pods are still drawn: which pods a Service reaches is a fact, not a verdict.
      assert.equal(hopsOf(own, 'pod').length, 2);
    });
    it('drops the round-robin note when the Service ignores service-mixed-images', () => {
      const e2 = explainText(
        WALKTHROUGH.replace(
          'name: nginx-service',
          'name: nginx-service\n  annotations:\n    k8s-svc-lint.io/ignore: service-mixed-images',
        ),
      );
      assert.deepEqual(hopsOf(e2, 'target-port')[0]?.problems, []);
      assert.equal(e2.routes[0]?.status, 'ok');
    });
    it('shows the service-mixed-images finding instead of its own note once that rule reports', () => {
      const e2 = explainText(
        WALKTHROUGH,
        () => [
          fakeFinding(
            'service-mixed-images',
            {
              apiVersion: 'v1',
              kind: 'Service',
              namespace: 'default',
              name: 'nginx-service',
              path: ['spec', 'selector'],
            },
            'mixed',
          ),
        ],
        ['service-mixed-images'],
      );
      const target = hopsOf(e2, 'target-port')[0];
      assert.deepEqual(
        target?.problems.map((p) => p.ruleId),
        ['service-mixed-images'],
      );
    });
  });

  describe('attaching findings by target', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', namespace: 'default', name: 'nginx-service' };
    const cases: Array<[string, Finding, Hop['kind'] | 'service']> = [
      [
        'a nodePort to the node port hop',
        fakeFinding('node-port-range', { ...svc, path: ['spec', 'ports', 0, 'nodePort'] }),
        'node-port',
      ],
      [
        'a targetPort to the targetPort hop',
        fakeFinding('service-target-port', { ...svc, path: ['spec', 'ports', 0, 'targetPort'] }),
        'target-port',
      ],
      [
        'a port protocol to the Service port hop',
        fakeFinding('service-ports', { ...svc, path: ['spec', 'ports', 0, 'protocol'] }),
        'service-port',
      ],
      [
        'the selector to the pods hop',
        fakeFinding('service-no-matching-pods', { ...svc, path: ['spec', 'selector', 'app'] }),
        'target-port',
      ],
      [
        'the Service type to the Service',
        fakeFinding('service-external-ips', { ...svc, path: ['spec', 'type'] }),
        'service',
      ],
      [
        'a kind mapping to the host hop',
        fakeFinding('kind-host-port-conflict', {
          apiVersion: 'kind.x-k8s.io/v1alpha4',
          kind: 'Cluster',
          namespace: '',
          name: '',
          path: ['nodes', 0, 'extraPortMappings', 0, 'hostPort'],
        }),
        'host',
      ],
      [
        'a container port to its pod hop',
        fakeFinding('probe-port', {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace: 'default',
          name: 'nginx-deployment',
          path: ['spec', 'template', 'spec', 'containers', 0, 'ports', 0, 'containerPort'],
        }),
        'pod',
      ],
    ];
    for (const [title, finding, kind] of cases) {
      it(title, () => {
        const e = explainText(WALKTHROUGH, () => [finding]);
        const holders =
          kind === 'service'
            ? e.routes.filter((r) => r.problems.some((p) => p.ruleId === finding.ruleId)).map(() => 'service')
            : e.routes.flatMap((r) =>
                r.hops.filter((h) => h.problems.some((p) => p.ruleId === finding.ruleId)).map((h) => h.kind),
              );
        assert.deepEqual(holders, [kind]);
        assert.equal(e.unattached, 0);
        assert.equal(e.routes[0]?.status, 'broken');
      });
    }
    it('counts findings on objects of no route as unattached', () => {
      const e = explainText(WALKTHROUGH, () => [
        fakeFinding('x', {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          namespace: 'default',
          name: 'cfg',
          path: [],
        }),
      ]);
      assert.equal(e.unattached, 1);
      assert.equal(e.routes[0]?.status, 'warning');
    });
    it('puts a kind-port-mapping-missing finding on the missing host hop, with the severity of the rule', () => {
      const text = WALKTHROUGH.replace('containerPort: 30007', 'containerPort: 30008');
      // With the rule off, the hop that stands for the missing mapping is drawn, unmarked.
      const own = explainText(text, undefined, ['kind-port-mapping-missing']);
      const host = hopsOf(own, 'host')[0];
      assert.equal(host?.label, 'host: no port mapped');
      assert.equal(host?.status, 'ok');
      const real = hopsOf(explainText(text), 'host')[0];
      assert.equal(real?.status, 'warning');
      assert.deepEqual(
        real?.problems.map((p) => p.ruleId),
        ['kind-port-mapping-missing'],
      );
      for (const target of [
        { ...svc, path: ['spec', 'ports', 0, 'nodePort'] },
        { apiVersion: 'kind.x-k8s.io/v1alpha4', kind: 'Cluster', namespace: '', name: '', path: ['nodes'] },
      ]) {
        const e = explainText(
          text,
          () => [
            fakeFinding(
              'kind-port-mapping-missing',
              target,
              'node port 30007 of Service "default/nginx-service" is not mapped',
            ),
          ],
          ['kind-port-mapping-missing'],
        );
        const hosts = hopsOf(e, 'host');
        assert.deepEqual(
          hosts.map((h) => h.problems.map((p) => p.ruleId)),
          [['kind-port-mapping-missing']],
        );
        assert.deepEqual(
          hopsOf(e, 'node-port').map((h) => h.problems.length),
          [0],
        );
      }
    });
    it('puts a NetworkPolicy finding on the pods the policy selects', () => {
      const text = `${WALKTHROUGH}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\nspec:\n  podSelector:\n    matchLabels:\n      app: nginx\n`;
      const e = explainText(text, () => [
        fakeFinding('network-policy-blocks-service', {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          namespace: 'default',
          name: 'deny',
          path: ['spec', 'podSelector'],
        }),
      ]);
      assert.deepEqual(
        hopsOf(e, 'pod').map((h) => h.status),
        ['broken', 'broken'],
      );
    });
  });

  describe('the objects around a Service', () => {
    const APP = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 1
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api, version: v1}
    spec:
      containers: [{name: api, image: "example/api:1", ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: v1
kind: Service
metadata: {name: api, labels: {app: api}}
spec:
  selector: {app: api}
  ports: [{name: http, port: 80, targetPort: http}]
`;
    it('puts a PodDisruptionBudget and an autoscaler beside the pods, and their findings on the pod hop', () => {
      const e = explainText(`${APP}---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: api}
spec:
  minAvailable: 1
  selector:
    matchLabels: {app: api}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  maxReplicas: 3
  metrics:
    - type: Pods
      pods:
        metric: {name: rps}
        target: {type: AverageValue, averageValue: "10"}
`);
      const [pod] = hopsOf(e, 'pod');
      assert.ok(pod?.detail.includes('PodDisruptionBudget api: minAvailable 1'), pod?.detail.join(' · '));
      assert.ok(pod?.detail.includes('scaled by HorizontalPodAutoscaler api (1–3 replicas)'));
      // minAvailable 1 of one pod at rest (the autoscaler's minimum) blocks drains; replicas: 1 fights it.
      assert.deepEqual(pod?.problems.map((p) => p.ruleId).sort(), ['hpa-replicas', 'pdb-budget']);
      assert.equal(pod?.status, 'warning');
    });

    it('draws a ServiceMonitor as an entry into the port it scrapes, and one naming no port as leading nowhere', () => {
      const e = explainText(`${APP}---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: api}
spec:
  selector:
    matchLabels: {app: api}
  endpoints: [{port: http}, {port: metrics}]
`);
      const monitors = hopsOf(e, 'monitor');
      assert.deepEqual(
        monitors.map((h) => [h.label, h.status, h.next.length]),
        [
          ['ServiceMonitor default/api: scrapes port "http"', 'ok', 1],
          ['ServiceMonitor default/api: scrapes port "metrics"', 'broken', 0],
        ],
      );
      assert.deepEqual(
        monitors[1]?.problems.map((p) => p.ruleId),
        ['service-monitor-target'],
      );
    });

    it('puts DestinationRule subsets between the target port and the pods that join them', () => {
      const e = explainText(`${APP}---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: api}
spec:
  host: api
  subsets:
    - {name: v1, labels: {version: v1}}
    - {name: v2, labels: {version: v2}}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api}
spec:
  hosts: [api]
  http:
    - route:
        - destination: {host: api, subset: v1}
`);
      const subsets = hopsOf(e, 'subset');
      const pod = hopsOf(e, 'pod')[0];
      assert.deepEqual(
        subsets.map((h) => [h.label, h.status, h.next]),
        [
          ['subset v1 (DestinationRule default/api)', 'ok', [pod?.id]],
          ['subset v2 (DestinationRule default/api)', 'broken', []],
        ],
      );
      assert.deepEqual(
        hopsOf(e, 'mesh-route').map((h) => [h.label, h.detail]),
        [['VirtualService default/api: http[0] route 0', ['to subset v1']]],
      );
    });
  });

  describe('what the route shows', () => {
    it('resolves a named targetPort per pod template', () => {
      const e = explainText(`
apiVersion: v1
kind: Pod
metadata: {name: a, labels: {app: x}}
spec:
  containers: [{name: a, image: img-a, ports: [{name: web, containerPort: 8080}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: b, labels: {app: x}}
spec:
  containers: [{name: b, image: img-a, ports: [{name: web, containerPort: 9090}]}]
---
apiVersion: v1
kind: Service
metadata: {name: x}
spec:
  selector: {app: x}
  ports: [{port: 80, targetPort: web}]
`);
      assert.deepEqual(
        hopsOf(e, 'pod').map((h) => h.detail[1]),
        ['containerPort "web" = 8080/TCP', 'containerPort "web" = 9090/TCP'],
      );
      assert.equal(e.routes[0]?.status, 'ok');
    });
    it('breaks a hop whose container port has another protocol', () => {
      const e = explainText(`
apiVersion: v1
kind: Pod
metadata: {name: dns, labels: {app: dns}}
spec:
  containers: [{name: d, image: coredns, ports: [{containerPort: 53, protocol: UDP}]}]
---
apiVersion: v1
kind: Service
metadata: {name: dns}
spec:
  selector: {app: dns}
  ports: [{port: 53}]
`);
      // The pod hop shows what the target reaches; service-target-port's finding marks the route.
      assert.deepEqual(hopsOf(e, 'pod')[0]?.detail, ['container d, image coredns', 'containerPort 53/UDP']);
      assert.match(
        e.routes
          .flatMap((r) => r.hops)
          .flatMap((h) => h.problems)
          .map((p) => `${p.ruleId}: ${p.message}`)
          .join('\n'),
        /service-target-port: port 53 uses protocol TCP \(the default\), but Pod "dns" serves it over UDP only/,
      );
      assert.equal(e.routes[0]?.status, 'broken');
    });
    it('warns, without breaking, when a kind user cannot map a node port the cluster assigns', () => {
      const e = explainText(WALKTHROUGH.replace('nodePort: 30007', 'name: web'));
      const host = hopsOf(e, 'host')[0];
      assert.equal(host?.label, 'host: no port mapped');
      assert.equal(host?.status, 'warning');
      assert.match(host?.problems[0]?.message ?? '', /has no nodePort for extraPortMappings/);
    });
    it('reads kind mappings with the defaults kind applies: an empty protocol is TCP, an empty address all of them', () => {
      const e = explainText(
        WALKTHROUGH.replace(
          'hostPort: 30007',
          'hostPort: 30007\n        protocol: ""\n        listenAddress: ""',
        ),
      );
      const host = hopsOf(e, 'host')[0];
      assert.equal(host?.label, 'localhost:30007');
      // kind-config reports the empty protocol; the route must not invent a protocol mismatch from it.
      assert.deepEqual(
        host?.problems.filter((p) => p.ruleId !== 'kind-config'),
        [],
      );
    });
    it('carries the cost note on a LoadBalancer entry', () => {
      const e = explainText(`
apiVersion: v1
kind: Service
metadata: {name: lb}
spec:
  type: LoadBalancer
  allocateLoadBalancerNodePorts: false
  ports: [{port: 443}]
`);
      const lb = hopsOf(e, 'load-balancer')[0];
      assert.ok(lb?.detail.some((d) => /delete this Service before deleting the cluster/.test(d)));
      // No node ports allocated: the load balancer goes straight to the Service port.
      assert.equal(hopsOf(e, 'node-port').length, 0);
      assert.equal(lb?.next[0], hopsOf(e, 'service-port')[0]?.id);
    });
  });

  describe('escaping', () => {
    const nasty = 'a "quoted" #1 <b>&amp; [x] {y} |z| `t` back\\slash';
    it('keeps Mermaid labels inside their quotes', () => {
      assert.doesNotMatch(mermaidEscape(nasty), /["<>[\]{}|`\\]/);
      assert.equal(mermaidEscape('#quot;'), '#35;quot;');
    });
    it('keeps DOT strings closed', () => {
      assert.equal(dotString('a "b" \\c\nd'), '"a \\"b\\" \\\\c\\nd"');
    });
  });

  describe('drawings parse', () => {
    /** A route whose labels carry every character that could break the syntax. */
    function hostile(): Explanation {
      const e = explainText(WALKTHROUGH, () => [
        fakeFinding(
          'x-rule',
          {
            apiVersion: 'v1',
            kind: 'Service',
            namespace: 'default',
            name: 'nginx-service',
            path: ['spec', 'type'],
          },
          'label "q" #35; <br> & [a] {b} (c) |d| `e` \\ end',
        ),
        fakeFinding(
          'y-rule',
          { apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'httpd', path: [] },
          'end --> x ; subgraph "q" #quot;',
        ),
      ]);
      return e;
    }
    let cached: Array<[string, Explanation]> | undefined;
    const inputs = (): Array<[string, Explanation]> => {
      cached ??= [
        ['hostile labels', hostile()],
        ...CASES.map((c): [string, Explanation] => [
          c.name,
          JSON.parse(readFileSync(join(GOLDEN, c.name, 'route.json'), 'utf8')) as Explanation,
        ]),
      ];
      return cached;
    };

    it('Mermaid: mermaid.parse accepts every drawing, and rejects a broken one', async () => {
      const dom = new JSDOM('<!doctype html><html><body></body></html>');
      // mermaid's sanitizer needs a DOM even to parse.
      Object.assign(globalThis, { window: dom.window, document: dom.window.document });
      const { default: mermaid } = await import('mermaid');
      for (const [name, e] of inputs()) {
        const text = renderMermaid(e);
        await assert.doesNotReject(mermaid.parse(text), name);
      }
      await assert.rejects(mermaid.parse('flowchart LR\n  a["x"] --> b["say "hi" ]\n'));
    });

    it('DOT: a DOT grammar parser accepts every drawing, and rejects a broken one', () => {
      for (const [name, e] of inputs()) {
        const ast = dotparser(renderDot(e));
        assert.equal(ast[0]?.type, 'digraph', name);
      }
      assert.throws(() => dotparser('digraph { a [label="x"y"]; }'));
    });
  });

  describe('JSON shape', () => {
    const doc = JSON.parse(
      runCli(['explain', '-f', 'json', 'test/golden/explain/ingress-missing-port/input']).stdout,
    );
    it('has version, routes and summary', () => {
      assert.deepEqual(Object.keys(doc), ['version', 'routes', 'summary']);
      assert.equal(doc.version, 1);
      assert.deepEqual(doc.summary, { services: 2, broken: 2, warnings: 0, unattachedFindings: 0 });
    });
    it('gives every route its Service, status, problems, entries and hops', () => {
      for (const r of doc.routes) {
        assert.deepEqual(Object.keys(r), ['service', 'status', 'problems', 'entries', 'hops']);
        assert.ok(['ok', 'warning', 'broken'].includes(r.status));
        const ids = new Set(r.hops.map((h: Hop) => h.id));
        assert.equal(ids.size, r.hops.length, 'hop ids are unique');
        for (const id of r.entries) assert.ok(ids.has(id), 'entries name hops');
        for (const h of r.hops as Hop[]) {
          for (const k of ['id', 'kind', 'label', 'detail', 'status', 'problems', 'next'])
            assert.ok(k in h, k);
          for (const n of h.next) assert.ok(ids.has(n), 'next names hops of the same route');
          for (const p of h.problems) {
            assert.ok(p.ruleId === null || typeof p.ruleId === 'string');
            assert.ok(p.severity === 'error' || p.severity === 'warning');
          }
        }
      }
    });
    it('marks the missing Service and the missing port', () => {
      const missing = doc.routes.find((r: { service: { missing: boolean } }) => r.service.missing);
      assert.equal(missing.service.name, 'shop-v1');
      const broken = doc.routes[0].hops.filter((h: Hop) => h.status === 'broken');
      assert.deepEqual(
        broken.map((h: Hop) => [h.kind, h.label, h.next.length]),
        [['ingress', 'Ingress default/shop: https://shop.example.com/api (Prefix)', 0]],
      );
    });
  });

  describe('usage', () => {
    it('names the Service with --service, namespace defaulted', () => {
      const r = runCli(['explain', '--service', 'nginx-service', 'examples/nodeport-walkthrough']);
      assert.equal(r.status, 0);
      assert.match(r.stdout, /Service default\/nginx-service/);
    });
    it('exits 2 with did-you-mean for an unknown --service', () => {
      const r = runCli(['explain', '--service', 'default/ngnix-service', 'examples/nodeport-walkthrough']);
      assert.equal(r.status, 2);
      assert.equal(
        r.stderr,
        'k8s-svc-lint explain: no Service "default/ngnix-service" in the input; did you mean "default/nginx-service"?\n',
      );
      assert.equal(r.stdout, '');
    });
    it('exits 2 on an unknown format or option', () => {
      assert.equal(runCli(['explain', '--format', 'svg', 'examples']).status, 2);
      const r = runCli(['explain', '--bogus', 'examples']);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /unknown option "--bogus"/);
    });
    it('exits 2 when no file matches', () => {
      assert.equal(runCli(['explain', 'no/such/dir']).status, 2);
    });
    it('reads stdin', () => {
      const r = runCli(['explain', '-', '--stdin-filename', 'walk.yaml'], { input: WALKTHROUGH });
      assert.equal(r.status, 0);
      assert.match(r.stdout, /walk\.yaml:\d+:\d+/);
    });
    it('colours only when asked (NO_COLOR and no TTY mean plain text)', () => {
      const plain = runCli(['explain', 'examples/nodeport-walkthrough']);
      const ESC = '\u001b';
      assert.ok(!plain.stdout.includes(ESC));
      const forced = runCli(['explain', '--color', 'examples/nodeport-walkthrough']);
      assert.ok(forced.stdout.includes(`${ESC}[32m✔${ESC}[39m`));
      assert.equal(forced.stdout.replace(new RegExp(`${ESC}\\[\\d+m`, 'g'), ''), plain.stdout);
    });
    it('leaves the lint command as it was', () => {
      const r = runCli(['--format', 'compact', 'examples/nodeport-walkthrough']);
      assert.equal(r.status, 0);
    });
  });
});
