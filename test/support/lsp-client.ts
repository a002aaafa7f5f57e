/**
 * A language client for tests: starts `k8s-svc-lint lsp --stdio` as a child process and talks LSP to it
 * with vscode-jsonrpc, as an editor would. Diagnostics are kept per URI; `waitFor` resolves when they
 * satisfy a condition (events, not time: mocha's timeout is the only clock).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import { CLI } from '../helpers.js';

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface Diagnostic {
  range: Range;
  severity?: number;
  code?: string | number;
  codeDescription?: { href: string };
  source?: string;
  message: string;
  relatedInformation?: Array<{ location: { uri: string; range: Range }; message: string }>;
}
export interface TextEdit {
  range: Range;
  newText: string;
}
export interface CodeAction {
  title: string;
  kind?: string;
  diagnostics?: Diagnostic[];
  isPreferred?: boolean;
  edit?: { changes?: Record<string, TextEdit[]> };
}

export const uri = (path: string) => pathToFileURL(path).href;

export class LspClient {
  readonly connection: MessageConnection;
  readonly child: ChildProcess;
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** Every publishDiagnostics received, in order. */
  readonly published: Array<{ uri: string; diagnostics: Diagnostic[] }> = [];
  readonly progress: unknown[] = [];
  stderr = '';
  private waiters: Array<() => void> = [];
  private versions = new Map<string, number>();

  constructor(cwd: string, env: Record<string, string> = {}) {
    this.child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stderr?.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
    this.connection = createMessageConnection(
      new StreamMessageReader(this.child.stdout as NodeJS.ReadableStream),
      new StreamMessageWriter(this.child.stdin as NodeJS.WritableStream),
    );
    this.connection.onNotification(
      'textDocument/publishDiagnostics',
      (p: { uri: string; diagnostics: Diagnostic[] }) => {
        this.diagnostics.set(p.uri, p.diagnostics);
        this.published.push(p);
        this.wake();
      },
    );
    this.connection.onNotification('$/progress', (p: unknown) => {
      this.progress.push(p);
      this.wake();
    });
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.listen();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  async initialize(folder: string, initializationOptions: unknown = {}): Promise<unknown> {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri(folder),
      workspaceFolders: [{ uri: uri(folder), name: 'test' }],
      initializationOptions,
      capabilities: {
        window: { workDoneProgress: true },
        workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
        },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Resolves when the server's findings are those of a full lint of what it was told. */
  settled(): Promise<unknown> {
    return this.connection.sendRequest('k8s-svc-lint/settled');
  }

  /** Resolves once `ok` holds, checked after each notification. */
  async until(ok: () => boolean): Promise<void> {
    while (!ok()) await new Promise<void>((r) => this.waiters.push(r));
  }

  /** The diagnostics of a file once `ok` holds for them. */
  async waitFor(path: string, ok: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    for (;;) {
      const d = this.diagnostics.get(uri(path)) ?? [];
      if (ok(d)) return d;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  open(path: string, text: string, languageId = 'yaml'): Promise<void> {
    this.versions.set(path, 1);
    return this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: uri(path), languageId, version: 1, text },
    });
  }

  change(path: string, text: string): Promise<void> {
    const version = (this.versions.get(path) ?? 1) + 1;
    this.versions.set(path, version);
    return this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri(path), version },
      contentChanges: [{ text }],
    });
  }

  close(path: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri(path) } });
  }

  watched(path: string, type: 1 | 2 | 3): Promise<void> {
    return this.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uri(path), type }],
    });
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest(method, params) as Promise<T>;
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // Gone already.
    }
    await new Promise<void>((r) => {
      if (this.child.exitCode !== null) r();
      else this.child.once('exit', () => r());
    });
    this.connection.dispose();
  }
}

/** Applies LSP text edits of one document to its text. */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: Position) => (lineStarts[p.line] ?? text.length) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted)
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
