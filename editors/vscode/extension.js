// @ts-check
/**
 * The VS Code extension: a thin client that starts `k8s-svc-lint lsp` (server.js says which copy) for the
 * YAML and JSON files of the workspace. Everything else — diagnostics across files, quick fixes, hover,
 * definition, references — is the language server's.
 */

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');
const { serverCommand } = require('./server.js');

/** @type {LanguageClient | undefined} */
let client;

function settings() {
  const c = vscode.workspace.getConfiguration('k8sSvcLint');
  return {
    configFile: c.get('configFile', ''),
    namespace: c.get('namespace', ''),
    kindConfigs: c.get('kindConfigs', []),
  };
}

async function start() {
  const c = vscode.workspace.getConfiguration('k8sSvcLint');
  if (!c.get('enable', true)) return;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const found = serverCommand({ folder, serverPath: c.get('serverPath', '') });
  const server =
    'module' in found
      ? { module: found.module, args: found.args, transport: TransportKind.stdio }
      : { command: found.command, args: found.args };
  client = new LanguageClient('k8sSvcLint', 'k8s-svc-lint', server, {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json' },
    ],
    initializationOptions: settings(),
    // The server reads { k8sSvcLint: … } from workspace/didChangeConfiguration.
    synchronize: { configurationSection: 'k8sSvcLint' },
  });
  client.outputChannel.appendLine(`k8s-svc-lint: the server from ${found.from}`);
  await client.start();
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration('k8sSvcLint.enable') && !e.affectsConfiguration('k8sSvcLint.serverPath'))
        return;
      await deactivate();
      await start();
    }),
  );
  await start();
}

async function deactivate() {
  const c = client;
  client = undefined;
  if (c) await c.stop();
}

module.exports = { activate, deactivate };
