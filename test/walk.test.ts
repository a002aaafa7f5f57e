/**
 * The directory walk (src/load/walk.ts) finds exactly what globby found before it: the same tree, the
 * same ignore patterns and .gitignore files, walked both ways, must give the same list.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { convertPathToPattern, globby } from 'globby';
import { EXTENSIONS } from '../src/load/load.js';
import { Walk, walk } from '../src/load/walk.js';
import { runCli } from './helpers.js';

const DEFAULT_IGNORES = ['**/node_modules/**', '**/.git/**'];

const TREE: Record<string, string> = {
  '.git/HEAD': 'ref: refs/heads/main\n',
  '.gitignore': '# generated\nbuild/\n*.secret.yaml\n/top-only.yaml\n!keep.secret.yaml\n',
  'top-only.yaml': 'a: 1\n',
  'app/top-only.yaml': 'a: 1\n',
  'app/svc.yaml': 'a: 1\n',
  'app/db.secret.yaml': 'a: 1\n',
  'app/keep.secret.yaml': 'a: 1\n',
  'app/build/out.yaml': 'a: 1\n',
  'app/.hidden.yaml': 'a: 1\n',
  'app/.config/x.yaml': 'a: 1\n',
  'app/notes.txt': 'x\n',
  'app/data.json': '{}\n',
  'app/short.yml': 'a: 1\n',
  'app/UPPER.YAML': 'a: 1\n',
  'app/node_modules/pkg/x.yaml': 'a: 1\n',
  'app/templates/t.yaml': 'a: 1\n',
  'charts/web/values.yaml': 'a: 1\n',
  'charts/web/templates/d.yaml': 'a: 1\n',
  'charts/web/.gitignore': 'values.yaml\nsub/deep/\n',
  'charts/web/sub/deep/z.yaml': 'a: 1\n',
  'charts/web/sub/ok.yaml': 'a: 1\n',
  'nested/.gitignore': '*.yaml\n!important.yaml\n',
  'nested/a.yaml': 'a: 1\n',
  'nested/important.yaml': 'a: 1\n',
  'nested/more/.gitignore': '!a.yaml\n',
  'nested/more/a.yaml': 'a: 1\n',
  'nested/more/b.yaml': 'a: 1\n',
  'generated/g.yaml': 'a: 1\n',
  'deep/generated/g.yaml': 'a: 1\n',
  'space dir/ü.yaml': 'a: 1\n',
  // A folder named .gitignore is not a .gitignore file.
  'odd/.gitignore/inside.yaml': 'a: 1\n',
  'odd/kept.yaml': 'a: 1\n',
};

describe('directory walk', function () {
  this.timeout(30_000);
  let d: string;
  before(() => {
    d = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-walk-'));
    for (const [p, text] of Object.entries(TREE)) {
      mkdirSync(dirname(join(d, p)), { recursive: true });
      writeFileSync(join(d, p), text);
    }
    symlinkSync(join(d, 'app'), join(d, 'linked-dir'));
    symlinkSync(join(d, 'app/svc.yaml'), join(d, 'linked.yaml'));
  });
  after(() => rmSync(d, { recursive: true, force: true }));

  const cases: Array<{ start: string; ignore: string[]; gitignore: boolean }> = [
    { start: '', ignore: [], gitignore: true },
    { start: '', ignore: [], gitignore: false },
    { start: 'app', ignore: [], gitignore: true },
    { start: 'charts', ignore: [], gitignore: true },
    { start: 'charts/web', ignore: [], gitignore: true },
    { start: 'nested/more', ignore: [], gitignore: true },
    { start: '', ignore: ['**/templates/**', 'generated', '*.json', 'charts/*/sub/*.yaml'], gitignore: true },
    { start: 'app', ignore: ['app/short.yml', '**/*.secret.yaml'], gitignore: false },
    { start: 'app/node_modules', ignore: [], gitignore: true },
  ];
  for (const c of cases) {
    it(`finds what globby finds: "${c.start || '.'}" ignore ${JSON.stringify(c.ignore)} gitignore ${c.gitignore}`, async () => {
      const ignore = [...DEFAULT_IGNORES, ...c.ignore];
      const glob = `**/*.{${EXTENSIONS.join(',')}}`;
      const expected = (
        await globby(c.start ? `${convertPathToPattern(c.start)}/${glob}` : glob, {
          cwd: d,
          ignore,
          gitignore: c.gitignore,
          dot: false,
          suppressErrors: true,
          followSymbolicLinks: false,
        })
      ).sort();
      const got = walk({ root: d, start: c.start, extensions: EXTENSIONS, ignore, gitignore: c.gitignore });
      assert.deepEqual(got.files, expected);
      assert.equal(got.failed.size, 0);
    });
  }

  it('goes on from any folder on another thread with the folders not listed yet, and finds the same', () => {
    for (const c of cases) {
      const opts = {
        root: d,
        start: c.start,
        extensions: EXTENSIONS,
        ignore: [...DEFAULT_IGNORES, ...c.ignore],
        gitignore: c.gitignore,
      };
      const expected = walk(opts).files;
      for (let k = 0; ; k++) {
        // k folders here, the rest (as a message carries it) in a walk of its own.
        const failed = new Map<string, NodeJS.ErrnoException>();
        const here = new Walk(opts, failed);
        const files: string[] = [];
        let listed = 0;
        for (let f = listed < k ? here.next() : undefined; f; f = ++listed < k ? here.next() : undefined) {
          files.push(...f);
        }
        const rest = structuredClone(here.rest());
        assert.equal(here.next(), undefined, 'a walk that handed its folders over lists nothing more');
        const there = Walk.from(opts, failed, rest);
        for (let f = there.next(); f; f = there.next()) files.push(...f);
        assert.deepEqual(files.sort(), expected, `${JSON.stringify(c)} handed over after ${k} folders`);
        if (rest.folders.length === 0) break;
      }
    }
  });

  it('the CLI lints the same files on the reading thread as on one thread', () => {
    const args = ['--format', 'json', '--ignore-pattern', 'generated', '.', 'app', 'charts/web', 'nested'];
    const alone = runCli(args, { cwd: d, env: { K8S_SVC_LINT_WORKERS: '0' } });
    const reading = runCli(args, { cwd: d, env: { K8S_SVC_LINT_WORKERS: 'read' } });
    assert.equal(reading.stdout, alone.stdout);
    assert.equal(reading.stderr, alone.stderr);
    assert.equal(reading.status, alone.status);
    const paths = (JSON.parse(alone.stdout) as Array<{ filePath: string }>).map((r) => r.filePath);
    assert.ok(paths.some((p) => p.endsWith('nested/important.yaml')));
    assert.ok(
      !paths.some(
        (p) => /(^|\/)(generated\/g|nested\/a|app\/build\/out)\.yaml$/.test(p) && !p.includes('deep/'),
      ),
      paths.join(' '),
    );
  });

  it('walks from a folder whose parent holds the repository and its .gitignore', async () => {
    const root = join(d, 'charts');
    const ignore = DEFAULT_IGNORES;
    const expected = (
      await globby('**/*.{yaml,yml,json}', {
        cwd: root,
        ignore,
        gitignore: true,
        dot: false,
        followSymbolicLinks: false,
      })
    ).sort();
    const got = walk({ root, start: '', extensions: EXTENSIONS, ignore, gitignore: true });
    assert.deepEqual(got.files, expected);
    assert.ok(got.files.includes('web/sub/ok.yaml') && !got.files.includes('web/values.yaml'));
  });
});
