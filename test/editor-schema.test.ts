/**
 * schemas/k8s/editor.schema.json, the schema for yaml-language-server: it dispatches on apiVersion and
 * kind, so mapping every *.yaml to it checks manifests of built-in kinds and kind configs and leaves other
 * YAML alone. Checked here with ajv, as a JSON Schema draft-07 validator reads it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { ROOT } from './helpers.js';

const schemaOf = (p: string) => JSON.parse(readFileSync(join(ROOT, p), 'utf8'));

describe('editor schema (schemas/k8s/editor.schema.json)', function () {
  this.timeout(120_000);
  let validate: ValidateFunction;
  const valid = (doc: unknown) => validate(doc) === true;
  before(() => {
    validate = new Ajv({ strict: false, allErrors: false }).compile(
      schemaOf('schemas/k8s/editor.schema.json'),
    );
  });

  it('dispatches on every apiVersion and kind the built-in schema knows, plus kind clusters and List', () => {
    const editor = schemaOf('schemas/k8s/editor.schema.json');
    const kinds = schemaOf('schemas/k8s/k8s.schema.json')['x-kinds'] as Record<
      string,
      Record<string, string>
    >;
    const pairs = editor.allOf
      .map(
        (x: { if: { properties: { apiVersion?: { const: string }; kind: { const: string } } } }) =>
          `${x.if.properties.apiVersion?.const ?? '*'} ${x.if.properties.kind.const}`,
      )
      .sort();
    const want = [
      ...Object.entries(kinds).flatMap(([av, byKind]) => Object.keys(byKind).map((k) => `${av} ${k}`)),
      'kind.x-k8s.io/v1alpha4 Cluster',
      '* List',
    ].sort();
    assert.deepEqual(pairs, want);
    assert.equal(editor.type, undefined, 'a YAML file whose root is not a mapping is not an error');
  });

  it('accepts the correct examples, CRDs and other YAML; rejects wrong fields of built-in kinds and kind configs', () => {
    const docs = (rel: string) =>
      readdirSync(join(ROOT, rel))
        .filter((f) => /\.ya?ml$/.test(f))
        .flatMap((f) => parseAllDocuments(readFileSync(join(ROOT, rel, f), 'utf8')).map((d) => d.toJS()));
    const walkthrough = docs('examples/nodeport-walkthrough');
    assert.ok(
      walkthrough.some((d) => d.kind === 'Cluster') && walkthrough.some((d) => d.kind === 'Deployment'),
    );
    for (const d of walkthrough) assert.ok(valid(d), `${d.kind}: ${JSON.stringify(validate.errors)}`);
    // examples/shape-errors has the mistakes the schema rule reports (a misspelt field, a wrong enum).
    assert.ok(docs('examples/shape-errors').some((d) => !valid(d)));

    const deployment = walkthrough.find((d) => d.kind === 'Deployment');
    assert.equal(valid({ ...deployment, spec: { ...deployment.spec, replica: 2 } }), false, 'unknown field');
    assert.equal(valid({ apiVersion: 'v1', kind: 'List', items: [deployment] }), true);
    assert.equal(
      valid({ apiVersion: 'v1', kind: 'List', items: [{ ...deployment, spec: { replicas: 'two' } }] }),
      false,
    );
    const cluster = walkthrough.find((d) => d.kind === 'Cluster');
    assert.equal(valid({ ...cluster, nodez: [] }), false, 'kind configs are strict');

    for (const other of [
      { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', spec: { anything: [1, 'x'] } },
      { name: 'ci', on: ['push'], jobs: {} },
      ['a', 'list'],
      'a string',
    ])
      assert.ok(valid(other), JSON.stringify(other));
  });

  it('is documented with the yaml.schemas setting and shipped', () => {
    const doc = readFileSync(join(ROOT, 'docs/schemas.md'), 'utf8');
    assert.match(doc, /"yaml\.schemas"/);
    assert.match(doc, /editor\.schema\.json/);
  });
});
