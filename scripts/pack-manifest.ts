/**
 * Packing step: `node dist/scripts/pack-manifest.js strip` (the `prepack` script, after the build) takes the
 * `prepare` script out of package.json, and `restore` (`postpack`) puts the file back as it was.
 *
 * Why: in a clone, `npm ci` runs `prepare` to build what the tests and the bin need. An installed package
 * must not: npm runs or flags `prepare` for packages installed from a tarball or git (pre-commit installs
 * its node hooks from a tarball that `npm pack` makes), and the build needs the dev dependencies that an
 * install does not have. The tarball is built already, so its package.json has no install-time script;
 * and since npm reads `prepare` again after `prepack`, packing does not build twice.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const manifest = join(root, 'package.json');
/** The package.json of the repository while the stripped one is packed (under dist/, never shipped). */
const saved = join(root, 'dist/package.json.orig');

/** Scripts that npm runs, or warns about, when the package is installed. */
export const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare'];

function strip(): void {
  const text = readFileSync(manifest, 'utf8');
  const pkg = JSON.parse(text) as { scripts?: Record<string, string> };
  writeFileSync(saved, text);
  for (const s of INSTALL_SCRIPTS) delete pkg.scripts?.[s];
  writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
}

function restore(): void {
  if (existsSync(saved)) renameSync(saved, manifest);
}

const mode = process.argv[2];
if (mode === 'strip') strip();
else if (mode === 'restore') restore();
else {
  process.stderr.write('usage: node dist/scripts/pack-manifest.js strip|restore\n');
  process.exit(2);
}
