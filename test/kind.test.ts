/** kind configs end to end: --kind-config, directory scope, and the shipped kind example. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kindNodePortRange, kindNodes } from '../src/model/kind.js';
import { Model } from '../src/model/model.js';
import { objectsOf } from '../src/model/objects.js';
import { parseSource } from '../src/parse/parse.js';
import { runCli } from './helpers.js';

const CONFIG = `kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
nodes:
  - role: control-plane
    extraPortMappings:
      - { containerPort: 30007, hostPort: 30007 }
  - role: worker
  - role: worker
`;
const SERVICE = `apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  type: NodePort
  ports: [{ port: 80, nodePort: 30008 }]
`;

function modelOf(text: string): Model {
  return new Model(objectsOf(parseSource('k.yaml', text), 'default'));
}

describe('kind configs', function () {
  // Spawning the CLI takes a second or two on these machines.
  this.timeout(30000);
  it('names nodes as kind names their containers', () => {
    const [c] = modelOf(`${CONFIG}name: dev\n`).kindClusters;
    assert.ok(c);
    assert.deepEqual(
      kindNodes(c).map((n) => n.name),
      ['dev-control-plane', 'dev-worker', 'dev-worker2'],
    );
  });

  it('reads service-node-port-range from a JSON 6902 kubeadm patch', () => {
    const [c] = modelOf(`kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
kubeadmConfigPatchesJSON6902:
  - group: kubeadm.k8s.io
    version: v1beta3
    kind: ClusterConfiguration
    patch: |
      - op: add
        path: /apiServer/extraArgs/service-node-port-range
        value: 20000-22767
`).kindClusters;
    assert.ok(c);
    assert.deepEqual(kindNodePortRange(c).range, { min: 20000, max: 22767 });
  });

  it('--kind-config applies the config to Services in other directories, and lints it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-kind-'));
    writeFileSync(join(dir, 'kind.yaml'), CONFIG);
    writeFileSync(join(dir, 'other.yaml'), CONFIG.replace('30007', '30009'));
    const svcDir = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-svc-'));
    writeFileSync(join(svcDir, 'svc.yaml'), SERVICE);
    // Two configs found in a directory tree that does not hold the Service: neither applies.
    const loose = runCli(['-f', 'compact', dir, svcDir]);
    assert.doesNotMatch(loose.stdout, /kind-port-mapping-missing/);
    const r = runCli([
      '-f',
      'compact',
      '--kind-config',
      join(dir, 'kind.yaml'),
      '--rule',
      'kind-port-mapping-unused=warn',
      svcDir,
    ]);
    assert.match(r.stdout, /nodePort 30008 of Service "default\/web" is mapped by no extraPortMappings/);
    // The mapping to add is the finding's suggestion: an edit of the kind config named on the command line.
    const json = runCli(['-f', 'json', '--kind-config', join(dir, 'kind.yaml'), svcDir]);
    const missing = (
      JSON.parse(json.stdout) as Array<{ messages: Array<{ ruleId: string; suggestions?: unknown }> }>
    )
      .flatMap((f) => f.messages)
      .find((m) => m.ruleId === 'kind-port-mapping-missing');
    assert.match(JSON.stringify(missing?.suggestions ?? []), /containerPort: 30008, hostPort: 30008/);
    // The config is linted too: its unused mapping for 30007 is reported.
    assert.match(
      r.stdout,
      /kind\.yaml:6:\d+: warning extraPortMappings containerPort 30007 .*\[kind-port-mapping-unused\]/,
    );
    assert.equal(r.status, 0);
  });

  it('--kind-config with a file that is not a kind config is a usage error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-kind-'));
    writeFileSync(join(dir, 'svc.yaml'), SERVICE);
    const r = runCli(['--kind-config', join(dir, 'svc.yaml'), dir]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no kind Cluster/);
    const missing = runCli(['--kind-config', join(dir, 'nope.yaml'), dir]);
    assert.equal(missing.status, 2);
  });

  it('the walkthrough is clean of kind findings and the kind example shows every kind rule', () => {
    // The walkthrough's only finding is the intended nginx/httpd split (service-mixed-images).
    const clean = runCli(['-f', 'compact', 'examples/nodeport-walkthrough/']);
    assert.deepEqual(
      clean.stdout
        .trim()
        .split('\n')
        .map((l) => /\[([a-z0-9-]+)\]$/.exec(l)?.[1]),
      ['service-mixed-images'],
    );
    assert.equal(clean.status, 0);
    const r = runCli(['-f', 'compact', '--rule', 'kind-port-mapping-unused=warn', 'examples/kind-cluster/']);
    for (const id of [
      'kind-config',
      'kind-host-port-conflict',
      'kind-port-mapping-missing',
      'kind-port-mapping-unused',
      'kind-port-mapping-protocol',
      'kind-traffic-policy-local',
      'node-port-range',
      'node-port-conflict',
      'node-port-not-allowed',
    ])
      assert.match(r.stdout, new RegExp(`\\[${id}\\]`), id);
    assert.equal(r.status, 1);
  });
});
