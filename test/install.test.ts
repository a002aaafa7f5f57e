/**
 * Installing as users do: `npm pack` on a copy of the repository without a build (the tarball must come
 * out built, with nothing to run at install time), the packed bin run with no node_modules, and the
 * pre-commit hook installed and run by the real `pre-commit` (Debian's package; .ci/run installs it).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from './helpers.js';

/** The environment of a user's shell: none of the variables `npm test` sets for its scripts. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return { ...env, NO_COLOR: '1', ...extra };
}

/** The repository's files as they are now (committed or not, ignored ones left out), without dist/ or node_modules. */
function copyOfRepository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-repo-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  }).split('\0');
  for (const f of files) {
    if (!f || !existsSync(join(ROOT, f))) continue;
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    cpSync(join(ROOT, f), join(dir, f));
  }
  return dir;
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    stdio: 'pipe',
  });

const SERVICE = (port: string) => `apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: ${port} }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: nginx, ports: [{ name: http, containerPort: 8080 }] }]
`;

describe('installing the package', function () {
  this.timeout(900_000);
  let repo: string;
  let packDir: string;
  let pack: { status: number | null; stdout: string; stderr: string };

  before(() => {
    repo = copyOfRepository();
    // The build needs the dev dependencies; a clone would have them from `npm ci`.
    symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'), 'dir');
    packDir = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-pack-'));
    pack = spawnSync('npm', ['pack', '--pack-destination', packDir], {
      cwd: repo,
      encoding: 'utf8',
      env: userEnv(),
    });
  });

  it('npm pack builds first and prints only the tarball name on standard output', () => {
    assert.equal(pack.status, 0, pack.stderr);
    // pre-commit (and other tools) read the tarball's name from standard output.
    assert.equal(pack.stdout, 'k8s-svc-lint-0.1.0.tgz\n');
    assert.equal(
      readFileSync(join(repo, 'package.json'), 'utf8'),
      readFileSync(join(ROOT, 'package.json'), 'utf8'),
      'package.json is as it was after packing',
    );
  });

  it('the tarball is built and runs nothing at install time; its bin needs no build and no node_modules', () => {
    execFileSync('tar', ['xzf', 'k8s-svc-lint-0.1.0.tgz'], { cwd: packDir });
    const pkg = JSON.parse(readFileSync(join(packDir, 'package/package.json'), 'utf8'));
    for (const s of ['preinstall', 'install', 'postinstall', 'prepare'])
      assert.equal(pkg.scripts[s], undefined, `"${s}" would run, or be flagged by npm, at install time`);
    assert.ok(!existsSync(join(packDir, 'package/binding.gyp')));
    // The repository's own package.json still builds a clone on `npm ci`.
    assert.equal(
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.prepare,
      'npm run build',
    );

    const project = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-project-'));
    writeFileSync(join(project, 'app.yaml'), SERVICE('htpp'));
    const r = spawnSync(
      process.execPath,
      [join(packDir, 'package', pkg.bin['k8s-svc-lint']), '-f', 'compact', '.'],
      {
        cwd: project,
        encoding: 'utf8',
        env: userEnv(),
      },
    );
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^app\.yaml:6:\d+: error .*\[service-target-port\]$/m);
    assert.equal(r.status, 1);
  });

  describe('pre-commit hook, run by pre-commit itself', () => {
    const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;

    it('installs from the repository and lints the whole tree: fails on an error, passes once fixed', function () {
      if (!hasPreCommit) {
        // CI installs Debian's pre-commit (.ci/run): there the hook is always tested.
        if (process.env.CI) assert.fail('pre-commit is not installed');
        this.skip();
      }
      // pre-commit installs a hook repository from a commit: the copy, committed as it is.
      const hookRepo = copyOfRepository();
      git(hookRepo, 'init', '-q');
      git(hookRepo, 'add', '-A');
      git(hookRepo, 'commit', '-qm', 'hook');
      const project = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-precommit-'));
      git(project, 'init', '-q');
      writeFileSync(join(project, 'app.yaml'), SERVICE('htpp'));
      writeFileSync(join(project, 'README.md'), 'not a manifest\n');
      git(project, 'add', '-A');
      const env = userEnv({
        PRE_COMMIT_HOME: mkdtempSync(join(tmpdir(), 'k8s-svc-lint-pre-commit-home-')),
        // pre-commit runs `npm install` in its clone: packages the cache holds (from `npm ci`) are not
        // fetched again, which keeps this test at about a minute instead of several.
        npm_config_prefer_offline: 'true',
      });
      const run = () =>
        spawnSync('pre-commit', ['try-repo', hookRepo, 'k8s-svc-lint', '--all-files'], {
          cwd: project,
          encoding: 'utf8',
          env,
        });

      const failed = run();
      const out = failed.stdout + failed.stderr;
      assert.equal(failed.status, 1, out);
      assert.match(out, /k8s-svc-lint\.+Failed/);
      assert.match(out, /app\.yaml:6:\d+: error targetPort "htpp" .*\[service-target-port\]/);

      writeFileSync(join(project, 'app.yaml'), SERVICE('http'));
      git(project, 'add', '-A');
      const passed = run();
      assert.equal(passed.status, 0, passed.stdout + passed.stderr);
      assert.match(passed.stdout, /k8s-svc-lint\.+Passed/);
    });
  });
});
