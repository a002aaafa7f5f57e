/** The examples/ scenarios teach by firing: each Service ↔ pod rule shows up where the comments say. */
import assert from 'node:assert/strict';
import { runCli } from './helpers.js';

interface JsonResult {
  filePath: string;
  messages: Array<{ ruleId: string; severity: number; line: number; message: string }>;
}

function findingsOf(dir: string): Array<{ file: string; ruleId: string; severity: number; line: number }> {
  const r = runCli(['--format', 'json', dir]);
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  return (JSON.parse(r.stdout) as JsonResult[]).flatMap((f) =>
    f.messages.map((m) => ({ file: f.filePath.replace(/^.*examples\//, ''), ...m })),
  );
}

describe('examples', () => {
  it('broken-selectors shows every Service ↔ pod rule', () => {
    const found = findingsOf('examples/broken-selectors');
    const ids = new Set(found.map((f) => f.ruleId));
    for (const id of [
      'service-target-port',
      'service-mixed-images',
      'workload-selector-mismatch',
      'workload-selector-overlap',
      'service-ports',
    ])
      assert.ok(ids.has(id), `${id} does not fire in examples/broken-selectors`);
    assert.ok(
      found.some((f) => f.ruleId === 'service-target-port' && f.severity === 1),
      'the undeclared numeric targetPort is a warning',
    );
  });

  it('nodeport-walkthrough: the httpd Pod mixes images but is not adopted by the Deployment', () => {
    const found = findingsOf('examples/nodeport-walkthrough');
    const mixed = found.filter((f) => f.ruleId === 'service-mixed-images');
    assert.deepEqual(
      mixed.map((f) => `${f.file}:${f.line} ${f.severity}`),
      ['nodeport-walkthrough/service.yml:7 1'],
    );
    assert.deepEqual(
      found.filter((f) => f.ruleId === 'workload-selector-overlap'),
      [],
    );
  });
});
