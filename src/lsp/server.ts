/**
 * `k8s-svc-lint lsp --stdio`: the language server. It holds one Workspace per workspace folder (and one
 * per folder of an open file outside them, holding the open files only), routes the editor's documents and
 * file events to them, and publishes each file's findings as diagnostics. It never lets an exception end
 * the process: a failing request answers empty and is logged.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  type Connection,
  createConnection,
  type Diagnostic,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  type InitializeParams,
  type InitializeResult,
  type Location,
  MarkupKind,
  type Position,
  ProposedFeatures,
  TextDocumentSyncKind,
  TextDocuments,
  type WorkDoneProgressServerReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { rules as allRules } from '../../rules/index.js';
import type { Model } from '../model/model.js';
import type { Finding } from '../types.js';
import { codeActions, FIX_ALL } from './actions.js';
import { rangeOf, SOURCE, toDiagnostic } from './diagnostics.js';
import { hoverMarkdown } from './hover.js';
import { definition, type Here, objectAt, references, type Target } from './navigate.js';
import { type Progress, Workspace, type WorkspaceHost, type WorkspaceSettings } from './workspace.js';

const HELP = `Usage: k8s-svc-lint lsp --stdio

Runs the language server on stdin and stdout (LSP): diagnostics for every file of the workspace folders
as the CLI reports them, updated as you type, with quick fixes, hover, go to definition and references.
Setup for VS Code, Neovim and other editors: docs/editors.md.

Options:
      --stdio     talk LSP on stdin and stdout (--node-ipc and --socket=PORT work too)
  -h, --help      show this help`;

/** The settings an editor may send (initializationOptions, or workspace/didChangeConfiguration). */
interface ClientSettings {
  configFile?: string;
  namespace?: string;
  kindConfigs?: string[];
}

function settingsFrom(v: unknown): WorkspaceSettings {
  const s = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  const inner = (
    typeof s.k8sSvcLint === 'object' && s.k8sSvcLint !== null ? s.k8sSvcLint : s
  ) as ClientSettings;
  const out: WorkspaceSettings = {};
  if (typeof inner.configFile === 'string' && inner.configFile) out.configFile = inner.configFile;
  if (typeof inner.namespace === 'string' && inner.namespace) out.namespace = inner.namespace;
  if (Array.isArray(inner.kindConfigs))
    out.kindConfigs = inner.kindConfigs.filter((k) => typeof k === 'string');
  return out;
}

/** The offset of an LSP position in a text (lines end at LF, CRLF or CR; characters are UTF-16 units). */
export function offsetAt(text: string, p: Position): number {
  let offset = 0;
  for (let line = 0; line < p.line; line++) {
    const lf = text.indexOf('\n', offset);
    const cr = text.indexOf('\r', offset);
    if (lf < 0 && cr < 0) return text.length;
    if (cr >= 0 && (lf < 0 || cr < lf)) offset = text[cr + 1] === '\n' ? cr + 2 : cr + 1;
    else offset = lf + 1;
  }
  const end = text.slice(offset).search(/\r|\n/);
  return offset + Math.min(p.character, end < 0 ? text.length - offset : end);
}

/** Where a config error points: the first quoted name of the message found in the text, else the top. */
function configDiagnostic(text: string, message: string): Diagnostic {
  let line = 0;
  let character = 0;
  let length = 0;
  const position = /at position (\d+)/.exec(message);
  const names = [...message.matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
  let offset = position ? Number(position[1]) : -1;
  for (const name of names) {
    if (offset >= 0) break;
    offset = text.indexOf(JSON.stringify(name));
    length = offset >= 0 ? JSON.stringify(name).length : 0;
  }
  if (offset >= 0) {
    const before = text.slice(0, offset).split(/\r\n|\r|\n/);
    line = before.length - 1;
    character = (before[before.length - 1] ?? '').length;
  }
  return {
    range: { start: { line, character }, end: { line, character: character + length } },
    severity: DiagnosticSeverity.Error,
    source: SOURCE,
    message,
  };
}

export class Server {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly workspaces = new Map<string, Workspace>();
  /** Workspaces for open files outside every folder, by the file's folder. */
  private readonly loose = new Map<string, Workspace>();
  /** URIs as the client spells them, by absolute path (diagnostics go back under the same URI). */
  private readonly uris = new Map<string, string>();
  private settings: WorkspaceSettings = {};
  private progressSupported = false;
  private watchSupported = false;
  private folders: string[] = [];
  /** Config files that have a diagnostic now. */
  private readonly configDiagnostics = new Map<Workspace, string>();

  constructor(private readonly connection: Connection) {
    connection.onInitialize((p) => this.initialize(p));
    connection.onInitialized(() => this.guard('initialized', () => this.initialized()));
    connection.onDidChangeWatchedFiles((p) =>
      this.guard('watched files', () => {
        for (const change of p.changes) this.diskChanged(change.uri);
      }),
    );
    connection.onDidChangeConfiguration((p) =>
      this.guard('configuration', () => {
        if (p.settings === undefined || p.settings === null) return;
        this.settings = settingsFrom(p.settings);
        for (const ws of this.all()) ws.updateSettings(this.settings);
      }),
    );
    connection.onRequest('k8s-svc-lint/settled', () => this.settled());
    connection.onHover(async (p) => {
      const here = await this.here(p.textDocument.uri, p.position);
      if (!here) return null;
      const { ws, model, at } = here;
      const config = ws.config;
      const value = config
        ? this.guard('hover', () =>
            hoverMarkdown(model, at, ws.allFindings(), (path, line) => `${this.uriOf(ws, path)}#L${line}`),
          )
        : undefined;
      return value ? { contents: { kind: MarkupKind.Markdown, value } } : null;
    });
    connection.onDefinition(async (p) => {
      const here = await this.here(p.textDocument.uri, p.position);
      if (!here) return [];
      return this.guard('definition', () => this.locations(here.ws, definition(here.model, here.at))) ?? [];
    });
    connection.onReferences(async (p) => {
      const here = await this.here(p.textDocument.uri, p.position);
      if (!here) return [];
      const found = this.guard('references', () =>
        references(here.model, here.at, p.context.includeDeclaration),
      );
      return found ? this.locations(here.ws, found) : [];
    });
    connection.onCodeAction(async (p) => {
      const at = this.locate(p.textDocument.uri);
      if (!at) return [];
      await at.ws.upToDate();
      return (
        this.guard('code actions', () => codeActions(at.ws, at.path, p, (path) => this.uriOf(at.ws, path))) ??
        []
      );
    });
    connection.onShutdown(() => {
      for (const ws of this.all()) ws.dispose();
    });
    this.documents.onDidChangeContent((e) =>
      this.guard('document', () => this.opened(e.document.uri, e.document.getText())),
    );
    this.documents.onDidClose((e) => this.guard('close', () => this.closed(e.document.uri)));
    this.documents.listen(connection);
  }

  private guard<T>(what: string, f: () => T): T | undefined {
    try {
      return f();
    } catch (e) {
      this.log(`k8s-svc-lint: ${what} failed: ${(e as Error)?.stack ?? String(e)}`);
      return undefined;
    }
  }

  log(message: string): void {
    this.connection.console.error(message);
  }

  private initialize(p: InitializeParams): InitializeResult {
    this.settings = settingsFrom(p.initializationOptions);
    this.progressSupported = p.capabilities.window?.workDoneProgress === true;
    this.watchSupported = p.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const uris = p.workspaceFolders?.map((f) => f.uri) ?? (p.rootUri ? [p.rootUri] : []);
    this.folders = uris.flatMap((u) => (u.startsWith('file:') ? [fileURLToPath(u)] : []));
    // Loading starts once this answer is on its way, not after the client's `initialized`.
    setImmediate(() =>
      this.guard('load', () => {
        for (const folder of this.folders) this.addFolder(folder);
      }),
    );
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL] },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'k8s-svc-lint' },
    };
  }

  private initialized(): void {
    if (this.watchSupported)
      void this.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: '**/*.{yaml,yml,json}' },
          { globPattern: `**/.lintrc.json` },
          { globPattern: '**/.gitignore' },
        ],
      });
    this.connection.workspace.onDidChangeWorkspaceFolders((e) =>
      this.guard('workspace folders', () => {
        for (const f of e.removed) this.removeFolder(fileURLToPath(f.uri));
        for (const f of e.added) this.addFolder(fileURLToPath(f.uri));
      }),
    );
  }

  private host(): WorkspaceHost {
    return {
      publish: (ws, path, findings) => this.publish(ws, path, findings),
      configProblem: (ws, problem) => this.configProblem(ws, problem),
      progress: (title) => this.progress(title),
      log: (m) => this.log(m),
    };
  }

  private addFolder(folder: string): void {
    if (this.workspaces.has(folder)) return;
    const ws = new Workspace(folder, allRules, this.host(), this.settings);
    this.workspaces.set(folder, ws);
    // Open documents of the folder so far were in loose workspaces.
    for (const [dir, loose] of this.loose)
      if (ws.relativePath(dir) !== undefined || dir === folder) {
        loose.dispose();
        this.loose.delete(dir);
      }
    for (const doc of this.documents.all()) {
      const abs = this.pathOf(doc.uri);
      const rel = abs && ws.relativePath(abs);
      if (rel) ws.setOverlay(rel, doc.getText());
    }
    void ws.load();
  }

  private removeFolder(folder: string): void {
    const ws = this.workspaces.get(folder);
    if (!ws) return;
    ws.dispose();
    this.workspaces.delete(folder);
    for (const f of ws.allFindings())
      this.connection.sendDiagnostics({ uri: this.uriOf(ws, f.filePath), diagnostics: [] });
  }

  private all(): Workspace[] {
    return [...this.workspaces.values(), ...this.loose.values()];
  }

  private pathOf(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    try {
      const abs = fileURLToPath(uri);
      this.uris.set(abs, uri);
      return abs;
    } catch {
      return undefined;
    }
  }

  uriOf(ws: Workspace, path: string): string {
    const abs = ws.absolutePath(path);
    let uri = this.uris.get(abs);
    if (uri === undefined) {
      uri = pathToFileURL(abs).href;
      this.uris.set(abs, uri);
    }
    return uri;
  }

  /** The workspace of a file and its path there: the deepest folder that holds it, else a loose one. */
  locate(uri: string, create = false): { ws: Workspace; path: string } | undefined {
    const abs = this.pathOf(uri);
    if (!abs) return undefined;
    let best: { ws: Workspace; path: string } | undefined;
    for (const ws of this.workspaces.values()) {
      const path = ws.relativePath(abs);
      if (path !== undefined && (!best || ws.folder.length > best.ws.folder.length)) best = { ws, path };
    }
    if (best) return best;
    const dir = dirname(abs);
    let ws = this.loose.get(dir);
    if (!ws && create) {
      ws = new Workspace(dir, allRules, this.host(), { ...this.settings, openOnly: true });
      this.loose.set(dir, ws);
      void ws.load();
    }
    const path = ws?.relativePath(abs);
    return ws && path !== undefined ? { ws, path } : undefined;
  }

  private opened(uri: string, text: string): void {
    // Only what the CLI would read (and the config): other documents are none of the server's business.
    if (!/\.(ya?ml|json)$/i.test(uri)) return;
    const at = this.locate(uri, true);
    at?.ws.setOverlay(at.path, text);
  }

  private closed(uri: string): void {
    const at = this.locate(uri);
    at?.ws.dropOverlay(at.path);
  }

  private diskChanged(uri: string): void {
    const at = this.locate(uri);
    at?.ws.diskChanged(at.path);
  }

  private publish(ws: Workspace, path: string, findings: readonly Finding[]): void {
    const uri = this.uriOf(ws, path);
    const diagnostics = findings.map((f) => toDiagnostic(f, (p) => this.uriOf(ws, p)));
    void this.connection.sendDiagnostics({ uri, diagnostics });
  }

  private configProblem(ws: Workspace, problem: { path: string; message: string } | undefined): void {
    const previous = this.configDiagnostics.get(ws);
    if (!problem) {
      if (previous) {
        this.configDiagnostics.delete(ws);
        void this.connection.sendDiagnostics({ uri: previous, diagnostics: [] });
      }
      return;
    }
    const uri = this.uris.get(problem.path) ?? pathToFileURL(problem.path).href;
    if (previous && previous !== uri)
      void this.connection.sendDiagnostics({ uri: previous, diagnostics: [] });
    this.configDiagnostics.set(ws, uri);
    let text = this.documents.get(uri)?.getText();
    try {
      text ??= readFileSync(problem.path, 'utf8');
    } catch {
      // No such file (named in the settings): the diagnostic goes at its top.
    }
    const diag = configDiagnostic(text ?? '', problem.message);
    void this.connection.sendDiagnostics({ uri, diagnostics: [diag] });
  }

  private progress(title: string): Progress {
    if (!this.progressSupported) return { report() {}, done() {} };
    let reporter: WorkDoneProgressServerReporter | undefined;
    let finished = false;
    let last: string | undefined;
    void this.connection.window.createWorkDoneProgress().then(
      (r) => {
        reporter = r;
        r.begin(title, undefined, last);
        if (finished) r.done();
      },
      () => undefined,
    );
    return {
      report(message) {
        last = message;
        reporter?.report(message);
      },
      done() {
        finished = true;
        reporter?.done();
      },
    };
  }

  /** The object and path at a position of a document, with the model of the texts as they are. */
  private async here(
    uri: string,
    position: Position,
  ): Promise<{ ws: Workspace; model: Model; at: Here } | undefined> {
    const found = this.locate(uri);
    if (!found) return undefined;
    const { ws, path } = found;
    await ws.upToDate();
    return this.guard('position', () => {
      const file = ws.file(path);
      const model = ws.model();
      if (!file || !model) return undefined;
      const at = objectAt(model, file, offsetAt(file.text, position));
      return at && { ws, model, at };
    });
  }

  private locations(ws: Workspace, targets: Target[]): Location[] {
    const seen = new Set<string>();
    const out: Location[] = [];
    for (const t of targets) {
      const r = t.object.doc.locate([...t.object.path, ...t.path]);
      const loc = { uri: this.uriOf(ws, t.object.file.path), range: rangeOf(r) };
      const key = JSON.stringify(loc);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(loc);
    }
    return out;
  }

  /** Settles when every workspace has; says how many lints of each kind ran (for tests and benches). */
  private async settled(): Promise<{ quick: number; full: number; cancelled: number }> {
    const all = this.all();
    await Promise.all(all.map((ws) => ws.settled()));
    const runs = { quick: 0, full: 0, cancelled: 0 };
    for (const ws of all) {
      runs.quick += ws.runs.quick;
      runs.full += ws.runs.full;
      runs.cancelled += ws.runs.cancelled;
    }
    return runs;
  }
}

export function lspCommand(argv: string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const transport = argv.some((a) => /^--(stdio|node-ipc|socket=\d+|pipe=.+)$/.test(a));
  if (!transport) {
    process.stderr.write(
      'k8s-svc-lint lsp: say how to talk to the editor: --stdio\nTry "k8s-svc-lint lsp --help".\n',
    );
    return 2;
  }
  const connection = createConnection(ProposedFeatures.all);
  // stdout carries the protocol: anything printed would corrupt it.
  console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
  console.info = console.log;
  console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
  const server = new Server(connection);
  process.on('uncaughtException', (e) => server.log(`k8s-svc-lint: ${e.stack ?? e.message}`));
  process.on('unhandledRejection', (e) => server.log(`k8s-svc-lint: ${(e as Error)?.stack ?? String(e)}`));
  connection.listen();
  return 0;
}
