/**
 * The generated schemas and compiled validators: every kind the model uses has one, messages come out as
 * a person reads them, the committed schema is fresh, and no valid manifest of the real corpus is flagged.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKLOAD_KINDS } from '../src/model/model.js';
import { defaultValidators } from '../src/schema/validators.js';
import { lintText, ROOT, runCli } from './helpers.js';

const bundle = JSON.parse(readFileSync(join(ROOT, 'schemas/k8s/k8s.schema.json'), 'utf8')) as {
  'x-kinds': Record<string, Record<string, string>>;
  definitions: Record<string, { required?: string[]; properties?: Record<string, { type?: unknown }> }>;
};

describe('schemas', function () {
  // Some tests spawn node; CI machines can be slow.
  this.timeout(30_000);
  const used: Array<[string, string]> = [
    ...[...WORKLOAD_KINDS].map((k): [string, string] => [
      k === 'Pod' || k === 'ReplicationController'
        ? 'v1'
        : k === 'Job' || k === 'CronJob'
          ? 'batch/v1'
          : 'apps/v1',
      k,
    ]),
    ['v1', 'PodTemplate'],
    ['v1', 'Service'],
    ['v1', 'ConfigMap'],
    ['v1', 'Secret'],
    ['v1', 'Namespace'],
    ['v1', 'Endpoints'],
    ['discovery.k8s.io/v1', 'EndpointSlice'],
    ['networking.k8s.io/v1', 'Ingress'],
    ['networking.k8s.io/v1', 'IngressClass'],
    ['networking.k8s.io/v1', 'NetworkPolicy'],
    ['autoscaling/v2', 'HorizontalPodAutoscaler'],
    ['policy/v1', 'PodDisruptionBudget'],
  ];
  for (const [apiVersion, kind] of used) {
    it(`has a compiled validator for ${apiVersion} ${kind}`, () => {
      assert.ok(bundle['x-kinds'][apiVersion]?.[kind], 'in schemas/k8s/k8s.schema.json');
      assert.equal(typeof defaultValidators().validatorFor(apiVersion, kind), 'function');
    });
  }

  it('maps the types: required fields, int-or-string, quantities, enums', () => {
    const d = bundle.definitions;
    assert.deepEqual(d['core.v1.PodSpec']?.required, ['containers']);
    assert.deepEqual(d['core.v1.ServicePort']?.properties?.targetPort?.type, ['integer', 'string']);
    const { description: _, ...limits } = (d['core.v1.ResourceRequirements']?.properties?.limits ??
      {}) as Record<string, unknown>;
    assert.deepEqual(limits, { type: 'object', additionalProperties: { type: ['string', 'number'] } });
    assert.equal(defaultValidators().validatorFor('example.com/v1', 'Widget'), undefined);
  });

  it('reports each problem once, at its node, in words', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
  namespce: x
spec:
  containers:
    - name: c
      image: nginx
      ports:
        - containerPort: "80"
          protocol: tcp
      env:
        - name: A
          value: on
`;
    const got = lintText(text, ['schema']).map((f) => `${f.line}:${f.column} ${f.message}`);
    assert.deepEqual(got, [
      '5:3 unknown field "namespce" in ObjectMeta; did you mean "namespace"?',
      '11:26 "containerPort" must be an integer, got string "80"; remove the quotes',
      '12:21 "protocol" must be one of the allowed values, got string "tcp"; did you mean "TCP"?',
      '15:18 "value" must be a string, got boolean true; quote it: "on"',
    ]);
  });

  it('collapses anyOf noise in CRD schemas to the deeper problem', () => {
    const text = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              additionalProperties: {type: string, maxLenght: 3}
`;
    const got = lintText(text, ['schema']).map((f) => `${f.line} ${f.message}`);
    assert.deepEqual(got, ['18 unknown field "maxLenght" in JSONSchemaProps; did you mean "maxLength"?']);
    const wrongType = text.replace(
      'additionalProperties: {type: string, maxLenght: 3}',
      'additionalProperties: "no"',
    );
    assert.deepEqual(
      lintText(wrongType, ['schema']).map((f) => `${f.line} ${f.message}`),
      ['18 "additionalProperties" must be a JSONSchemaProps or a boolean, got string "no"'],
    );
  });

  it('--strict-kinds reports kinds without a schema', () => {
    const input = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n';
    assert.equal(runCli(['-'], { input }).status, 0);
    const r = runCli(['--strict-kinds', '-f', 'compact', '-'], { input });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /no schema for kind "Widget" in apiVersion "example.com\/v1" \[schema\]/);
  });

  it('the committed schema is what the generator makes', () => {
    const check = runNode(['dist/scripts/schemas.js', '--check']);
    assert.equal(check.status, 0, check.stderr);
  });
});

function runNode(args: string[]) {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}
