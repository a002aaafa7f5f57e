/**
 * The VS Code extension (editors/vscode): which server it starts, and what it tells the language client,
 * run against stand-ins for the `vscode` and `vscode-languageclient` modules (no editor needed); and its
 * settings are the ones the server reads.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers.js';

const EXTENSION = join(ROOT, 'editors/vscode');
const require = createRequire(import.meta.url);

interface Found {
  module?: string;
  command?: string;
  args: string[];
  from: string;
}

describe('VS Code extension', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-vscode-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A workspace with k8s-svc-lint installed in node_modules (a package.json and its bin). */
  function installed(folder: string): string {
    const pkg = join(folder, 'node_modules', 'k8s-svc-lint');
    mkdirSync(join(pkg, 'dist'), { recursive: true });
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({ name: 'k8s-svc-lint', bin: { 'k8s-svc-lint': 'dist/bin.js' } }),
    );
    writeFileSync(join(pkg, 'dist', 'bin.js'), '');
    return join(pkg, 'dist', 'bin.js');
  }

  it('starts the workspace copy, else the one the setting names, else k8s-svc-lint on the PATH', () => {
    const { serverCommand } = require(join(EXTENSION, 'server.js')) as {
      serverCommand(o: { folder?: string; serverPath?: string }): Found;
    };
    const ws = join(dir, 'ws');
    mkdirSync(join(ws, 'deploy'), { recursive: true });
    assert.deepEqual(serverCommand({ folder: ws }), {
      command: 'k8s-svc-lint',
      args: ['lsp', '--stdio'],
      from: 'the PATH',
    });
    const bin = installed(ws);
    assert.equal(serverCommand({ folder: ws }).module, bin);
    assert.deepEqual(serverCommand({ folder: join(ws, 'deploy') }).args, ['lsp']);
    const other = installed(join(dir, 'other'));
    assert.equal(
      serverCommand({ folder: ws, serverPath: join(dir, 'other', 'node_modules', 'k8s-svc-lint') }).module,
      other,
    );
    assert.equal(serverCommand({ folder: ws, serverPath: other }).module, other);
    // A setting that names nothing usable falls back to the workspace's copy.
    assert.equal(serverCommand({ folder: ws, serverPath: join(dir, 'nowhere') }).module, bin);
  });

  it('starts a language client for YAML and JSON with the settings as initialization options', async () => {
    // Stand-ins for the modules VS Code provides, next to a copy of the extension.
    const ext = join(dir, 'ext');
    cpSync(EXTENSION, ext, { recursive: true });
    const modules = join(ext, 'node_modules');
    mkdirSync(join(modules, 'vscode'), { recursive: true });
    mkdirSync(join(modules, 'vscode-languageclient'), { recursive: true });
    const ws = join(dir, 'ws');
    const bin = installed(ws);
    writeFileSync(
      join(modules, 'vscode', 'index.js'),
      `const values = { enable: true, serverPath: '', configFile: 'lint.json', namespace: 'apps', kindConfigs: ['kind.yaml'] };
module.exports = {
  workspace: {
    workspaceFolders: [{ uri: { fsPath: ${JSON.stringify(ws)} } }],
    getConfiguration: (section) => ({ get: (key, fallback) => (section === 'k8sSvcLint' && key in values ? values[key] : fallback) }),
    onDidChangeConfiguration: () => ({ dispose() {} }),
  },
};`,
    );
    writeFileSync(
      join(modules, 'vscode-languageclient', 'node.js'),
      `const clients = [];
class LanguageClient {
  constructor(id, name, server, options) { Object.assign(this, { id, name, server, options, started: false, stopped: false }); this.outputChannel = { lines: [], appendLine: (l) => this.outputChannel.lines.push(l) }; clients.push(this); }
  async start() { this.started = true; }
  async stop() { this.stopped = true; }
}
module.exports = { LanguageClient, TransportKind: { stdio: 0 }, clients };`,
    );
    const extension = require(join(ext, 'extension.js')) as {
      activate(c: { subscriptions: unknown[] }): Promise<void>;
      deactivate(): Promise<void>;
    };
    const { clients } = require(join(modules, 'vscode-languageclient', 'node.js')) as {
      clients: Array<Record<string, unknown> & { outputChannel: { lines: string[] } }>;
    };
    const context = { subscriptions: [] as unknown[] };
    await extension.activate(context);
    assert.equal(clients.length, 1);
    const c = clients[0];
    assert.ok(c);
    assert.deepEqual(c.server, { module: bin, args: ['lsp'], transport: 0 });
    assert.deepEqual(c.options, {
      documentSelector: [
        { scheme: 'file', language: 'yaml' },
        { scheme: 'file', language: 'json' },
      ],
      initializationOptions: { configFile: 'lint.json', namespace: 'apps', kindConfigs: ['kind.yaml'] },
      synchronize: { configurationSection: 'k8sSvcLint' },
    });
    assert.equal(c.started, true);
    assert.match(c.outputChannel.lines[0] ?? '', /the server from the workspace/);
    assert.equal(context.subscriptions.length, 1);
    await extension.deactivate();
    assert.equal(c.stopped, true);
  });

  it('contributes the settings the server reads, and activates on YAML, JSON and .lintrc.json', () => {
    const pkg = JSON.parse(readFileSync(join(EXTENSION, 'package.json'), 'utf8'));
    assert.deepEqual(Object.keys(pkg.contributes.configuration.properties).sort(), [
      'k8sSvcLint.configFile',
      'k8sSvcLint.enable',
      'k8sSvcLint.kindConfigs',
      'k8sSvcLint.namespace',
      'k8sSvcLint.serverPath',
    ]);
    assert.deepEqual(pkg.activationEvents, [
      'onLanguage:yaml',
      'onLanguage:json',
      'workspaceContains:**/.lintrc.json',
    ]);
    assert.equal(pkg.main, './extension.js');
    assert.ok(pkg.dependencies['vscode-languageclient']);
  });
});
