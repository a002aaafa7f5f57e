/**
 * The npm package as users install it: what `npm pack` puts in the tarball, what package.json promises
 * (license, exports, engines, dependencies) and that each promise holds.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers.js';

interface Pkg {
  license: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  engines: { node: string };
  scripts: Record<string, string>;
  exports: Record<string, unknown>;
}
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Pkg;

let packed: string[] | undefined;
/** The files `npm pack` would put in the tarball (scripts not run: the build is already there). */
function packedFiles(): string[] {
  if (packed) return packed;
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  packed = (JSON.parse(r.stdout)[0].files as Array<{ path: string }>).map((f) => f.path);
  return packed;
}

/** Every .js file below a folder of the repository. */
function jsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(c|m)?js$/.test(f))
    .map((f) => join(dir, f));
}

describe('npm package', function () {
  this.timeout(120_000);

  it('ships the Apache-2.0 LICENSE that package.json names', () => {
    assert.equal(pkg.license, 'Apache-2.0');
    const text = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    assert.match(text, /Apache License\s+Version 2\.0, January 2004/);
    assert.match(text, /TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION/);
    assert.ok(packedFiles().includes('LICENSE'));
  });

  it('ships no source map, and no shipped file points at one', () => {
    const files = packedFiles();
    assert.deepEqual(
      files.filter((f) => f.endsWith('.map')),
      [],
    );
    const pointing = files
      .filter((f) => /\.(c|m)?js$/.test(f))
      .filter((f) => readFileSync(join(ROOT, f), 'utf8').includes('sourceMappingURL='));
    assert.deepEqual(pointing, [], 'a sourceMappingURL names a file that is not shipped');
  });

  it('depends at run time only on packages the shipped code imports', () => {
    const shipped = [...jsFiles('dist/src'), ...jsFiles('dist/rules')].map((f) =>
      readFileSync(join(ROOT, f), 'utf8'),
    );
    for (const dep of Object.keys(pkg.dependencies)) {
      const imported = new RegExp(
        `(from |import\\(|\\()\\s*['"]${dep.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(/[^'"]*)?['"]`,
      );
      assert.ok(
        shipped.some((text) => imported.test(text)),
        `"${dep}" is in dependencies but no shipped module imports it (build-only: devDependencies)`,
      );
    }
    assert.ok(
      'kubernetes-types' in pkg.devDependencies,
      'kubernetes-types is read by the schema generator only',
    );
  });

  it('exports the library, package.json and the schemas to tools that resolve them', () => {
    // An install as npm lays it out: node_modules/k8s-svc-lint in a project of its own.
    const project = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-exports-'));
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(ROOT, join(project, 'node_modules/k8s-svc-lint'), 'dir');
    const req = createRequire(join(project, 'index.js'));
    assert.equal(req.resolve('k8s-svc-lint/package.json'), join(ROOT, 'package.json'));
    assert.equal(
      req.resolve('k8s-svc-lint/schemas/lintrc.schema.json'),
      join(ROOT, 'schemas/lintrc.schema.json'),
    );
    assert.equal(
      req.resolve('k8s-svc-lint/schemas/k8s/k8s.schema.json'),
      join(ROOT, 'schemas/k8s/k8s.schema.json'),
    );
    assert.equal(req.resolve('k8s-svc-lint'), join(ROOT, 'dist/src/index.js'));
    assert.throws(() => req.resolve('k8s-svc-lint/dist/src/cli.js'), /ERR_PACKAGE_PATH_NOT_EXPORTED/);
    for (const f of [
      'package.json',
      'schemas/lintrc.schema.json',
      'schemas/k8s/k8s.schema.json',
      'schemas/k8s/editor.schema.json',
      'dist/src/index.d.ts',
    ])
      assert.ok(packedFiles().includes(f), f);
  });

  it('declares the Node.js versions it runs on, and this one is among them', () => {
    const m = /^>=(\d+)\.(\d+)$/.exec(pkg.engines.node);
    assert.ok(m, `engines.node is a lower bound: ${pkg.engines.node}`);
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
    assert.ok(major > Number(m[1]) || (major === Number(m[1]) && minor >= Number(m[2])));
  });
});
