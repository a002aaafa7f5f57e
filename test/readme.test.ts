/** The README's promises stay true: the output it quotes is what the CLI prints today. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli } from './helpers.js';

describe('README', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  it('shows the real output of the sample command', () => {
    const block = readme.slice(
      readme.indexOf('<!-- sample:start -->'),
      readme.indexOf('<!-- sample:end -->'),
    );
    const m = /```console\n\$ npx k8s-svc-lint (.+)\n([\s\S]*?)```/.exec(block);
    assert.ok(m?.[1] && m[2] !== undefined, 'a console block with the command and its output');
    const r = runCli(m[1].split(' '));
    assert.equal(r.stdout, m[2]);
  });

  it('shows the real output of every command it quotes (`$ k8s-svc-lint …` blocks, explain included)', () => {
    const blocks = [...readme.matchAll(/```(?:console|text)\n\$ (?:npx )?k8s-svc-lint (.+)\n([\s\S]*?)```/g)];
    assert.ok(
      blocks.some((b) => b[1]?.startsWith('explain ')),
      'the explain sample is among them',
    );
    for (const [, command, output] of blocks) {
      const r = runCli((command ?? '').split(' '));
      assert.ok(r.status === 0 || r.status === 1, `${command}: ${r.stderr}`);
      assert.equal(r.stdout, output, `$ k8s-svc-lint ${command}`);
    }
  });

  it('quick start lints examples/ with errors on purpose (exit 1)', () => {
    assert.match(readme, /npx k8s-svc-lint examples\//);
    const r = runCli(['examples/', '-f', 'compact']);
    assert.equal(r.status, 1, r.stderr);
  });
});
