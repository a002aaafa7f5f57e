// @ts-check
/**
 * Which k8s-svc-lint the extension starts: the `k8sSvcLint.serverPath` setting (the package folder or its
 * bin file), else the copy the workspace installed (node_modules/k8s-svc-lint, found as Node would from
 * the workspace folder), else `k8s-svc-lint` on the PATH (a global install). No VS Code API here, so that
 * the choice can be tested without an editor.
 */

const { existsSync, readFileSync, statSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');

/** The bin of an installed k8s-svc-lint package folder, or undefined. */
function binOf(packageDir) {
  try {
    const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.['k8s-svc-lint'];
    if (pkg.name !== 'k8s-svc-lint' || typeof bin !== 'string') return undefined;
    const file = resolve(packageDir, bin);
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How to start the server: `{ module, args }` (a Node.js module the client forks; `--stdio` is added by
 * the client), or `{ command, args }` (a program on the PATH), with where it came from.
 * @param {{ folder?: string, serverPath?: string }} options
 * @returns {{ module: string, args: string[], from: string } | { command: string, args: string[], from: string }}
 */
function serverCommand(options) {
  const setting = options.serverPath?.trim();
  if (setting) {
    const path = resolve(options.folder ?? '.', setting);
    const isDir = existsSync(path) && statSync(path).isDirectory();
    const module = isDir ? binOf(path) : existsSync(path) ? path : undefined;
    if (module) return { module, args: ['lsp'], from: `the k8sSvcLint.serverPath setting (${path})` };
  }
  if (options.folder) {
    try {
      const manifest = require.resolve('k8s-svc-lint/package.json', { paths: [options.folder] });
      const module = binOf(dirname(manifest));
      if (module) return { module, args: ['lsp'], from: `the workspace (${dirname(manifest)})` };
    } catch {
      // Not installed in the workspace.
    }
  }
  return { command: 'k8s-svc-lint', args: ['lsp', '--stdio'], from: 'the PATH' };
}

module.exports = { serverCommand };
