/**
 * One answer to "which pods does this Service reach": explain draws exactly the pod templates the rules
 * judge (model/routing.ts), over every rule fixture and every shipped example.
 */
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { lint } from '../src/engine/lint.js';
import { explain } from '../src/explain/route.js';
import { serviceRoute } from '../src/model/routing.js';
import { FIXTURES, loadFixture, ROOT } from './helpers.js';

function inputs(): string[] {
  const out: string[] = [];
  for (const rule of readdirSync(FIXTURES)) {
    const dir = join(FIXTURES, rule);
    if (!statSync(dir).isDirectory()) continue;
    for (const entry of readdirSync(dir).sort()) out.push(join(dir, entry));
  }
  const examples = join(ROOT, 'examples');
  for (const entry of readdirSync(examples).sort())
    if (statSync(join(examples, entry)).isDirectory()) out.push(join(examples, entry));
  return out;
}

describe('explain and the rules reach the same pods', () => {
  const config = resolveConfig({ closedWorld: true }, rules);
  for (const input of inputs()) {
    it(input.slice(ROOT.length + 1), async () => {
      const { model, findings } = lint(await loadFixture(input), config, rules);
      const e = explain(model, findings);
      for (const route of e.routes) {
        if (route.service.missing) continue;
        const qn = `${route.service.namespace}/${route.service.name}`;
        const svc = model.services.find(
          (s) => `${s.namespace}/${s.name}` === qn && s.file.path === route.service.filePath,
        );
        assert.ok(svc, `the route of ${qn} names a Service of the input`);
        const drawn = new Set(route.hops.filter((h) => h.kind === 'pod').map((h) => h.label));
        const judged = new Set(
          serviceRoute(model, svc).templates.map(
            (t) => `${t.owner.kind} ${t.owner.namespace}/${t.owner.name}`,
          ),
        );
        assert.deepEqual([...drawn].sort(), [...judged].sort(), qn);
      }
    });
  }
});
