/**
 * One workspace folder as the language server holds it: loaded as the CLI loads a folder (config lookup,
 * ignore patterns, .gitignore, kind configs), its parsed files in memory with the editor's open documents
 * over them, and the findings of every file. After a change, a quick lint of what the change can affect
 * (shard.ts) publishes at once; a full lint follows when the editor is quiet, step by step so that
 * requests are answered meanwhile, and is dropped when another change comes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import {
  CONFIG_FILE,
  ConfigError,
  type ConfigFile,
  findConfig,
  parseConfigText,
  type ResolvedConfig,
  readConfigFile,
  resolveConfig,
} from '../config/config.js';
import { compareFindings, type LintResult, lint, lintSteps } from '../engine/lint.js';
import type { Rule } from '../engine/rule.js';
import { DEFAULT_IGNORES, DEFAULT_MAX_FILE_SIZE, EXTENSIONS, loadSources, readSource } from '../load/load.js';
import { readSourceSync } from '../load/source.js';
import { walk } from '../load/walk.js';
import { Model } from '../model/model.js';
import { objectsOf } from '../model/objects.js';
import { parseSourceFast } from '../parse/fast.js';
import type { Document, Finding, K8sObject, Range, SourceFile } from '../types.js';
import { decidedBy, type FileFacts, FileIndex, factsOf, factsOfObjects, shardFor } from './shard.js';

export interface WorkspaceSettings {
  /** A config file to use instead of the nearest `.lintrc.json` (as --config), relative to the folder. */
  configFile?: string;
  /** The namespace of objects that set none (as --namespace). */
  namespace?: string;
  /** kind configs that apply to every Service (as --kind-config), relative to the folder. */
  kindConfigs?: string[];
  /** Hold the open documents only (a file opened outside every workspace folder): nothing read from disk. */
  openOnly?: boolean;
}

export interface Progress {
  report(message: string): void;
  done(): void;
}

/** What a workspace needs from the server. Paths are relative to the folder, as the loader gives them. */
export interface WorkspaceHost {
  /** The findings of a file changed (an empty list clears it). */
  publish(ws: Workspace, path: string, findings: readonly Finding[]): void;
  /** The config cannot be used (undefined: it can again). The path is absolute. */
  configProblem(ws: Workspace, problem: { path: string; message: string } | undefined): void;
  progress(title: string): Progress;
  log(message: string): void;
}

/** How long the editor must be quiet before the full lint starts. */
export const FULL_LINT_DELAY_MS = 300;

const immediate = () => new Promise<void>((r) => setImmediate(r));

/** A document whose `locate` answers each path once: a file's findings are located again on every lint. */
function memoized(d: Document): Document {
  let cache: Map<string, Range> | undefined;
  return {
    index: d.index,
    value: d.value,
    scanned: d.scanned,
    locate(path, opts) {
      const key = `${opts?.key ? 'k' : 'v'}${JSON.stringify(path)}`;
      cache ??= new Map();
      let r = cache.get(key);
      if (!r) {
        r = d.locate(path, opts);
        cache.set(key, r);
      }
      return r;
    },
    sourceText: d.sourceText ? (path) => d.sourceText?.(path) : undefined,
  };
}

function withMemo(file: SourceFile): SourceFile {
  file.documents = file.documents.map(memoized);
  return file;
}

/** A signature of a file's findings: when it is unchanged, nothing is published again. */
function signature(list: readonly Finding[]): string {
  return list
    .map(
      (f) =>
        `${f.ruleId}\u0000${f.severity}\u0000${f.line}:${f.column}-${f.endLine}:${f.endColumn}\u0000${f.message}`,
    )
    .join('\u0001');
}

function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = out.get(f.filePath);
    if (list) list.push(f);
    else out.set(f.filePath, [f]);
  }
  return out;
}

export class Workspace {
  readonly folder: string;
  config: ResolvedConfig | undefined;
  /** The config file in use (absolute), if any. */
  configPath: string | undefined;
  private readonly files = new Map<string, SourceFile>();
  /** Made from the first full lint's model after a load (no second pass over the files), then kept. */
  private index = new FileIndex();
  private indexed = false;
  private readonly findings = new Map<string, Finding[]>();
  private readonly signatures = new Map<string, string>();
  /** Open documents: path → text. They stand for the files on disk. */
  private readonly overlays = new Map<string, string>();
  /** Changes not linted yet: path → facts before. */
  private readonly pending = new Map<string, { before?: FileFacts }>();
  /** Files changed since their findings were computed (a full lint is due for them). */
  private readonly stale = new Set<string>();
  private quickQueued = false;
  private fullTimer: NodeJS.Timeout | undefined;
  private fullRun: { cancelled: boolean } | undefined;
  private loaded = false;
  private loading: Promise<void> | undefined;
  private loadQueued = false;
  private lastModel: Model | undefined;
  /** The last full lint saw the files as they are. */
  private modelFresh = false;
  /** Lint runs so far, by kind (for tests and logs). */
  readonly runs = { quick: 0, full: 0, cancelled: 0 };
  /** Resolves when no lint is due or running. */
  private idleWaiters: Array<() => void> = [];

  constructor(
    folder: string,
    private readonly rules: readonly Rule[],
    private readonly host: WorkspaceHost,
    private settings: WorkspaceSettings = {},
  ) {
    this.folder = resolve(folder);
  }

  /** The path of an absolute file name relative to the folder, or undefined when it is outside. */
  relativePath(abs: string): string | undefined {
    const rel = relative(this.folder, abs);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
    return rel.split(sep).join('/');
  }

  absolutePath(path: string): string {
    return resolve(this.folder, path);
  }

  /**
   * Loads the folder (again: with the config as it is now), then lints it all. Loads run one at a time;
   * asked again while one waits to start, that one serves both.
   */
  load(): Promise<void> {
    if (this.loadQueued) return this.loading ?? Promise.resolve();
    this.loadQueued = true;
    const previous = this.loading ?? Promise.resolve();
    this.loading = previous.then(async () => {
      this.loadQueued = false;
      try {
        await this.doLoad();
      } catch (e) {
        this.host.log(`k8s-svc-lint: cannot load ${this.folder}: ${(e as Error).stack ?? String(e)}`);
      }
    });
    return this.loading;
  }

  /** Settles when loading is done (after the first full lint). */
  whenLoaded(): Promise<void> {
    return this.loading ?? Promise.resolve();
  }

  private async doLoad(): Promise<void> {
    this.cancelFull();
    const progress = this.host.progress(`k8s-svc-lint: loading ${basename(this.folder)}`);
    try {
      const config = this.readConfig();
      this.loaded = false;
      if (!config) {
        // As the CLI, which stops on a bad config: nothing is linted until it is mended.
        this.replaceAll(new Map());
        return;
      }
      this.config = config;
      progress.report('reading files');
      const files = this.settings.openOnly
        ? []
        : (
            await loadSources(['.'], {
              cwd: this.folder,
              ignorePatterns: [...config.ignorePatterns],
              gitignore: true,
              maxFileSize: DEFAULT_MAX_FILE_SIZE,
            })
          ).files;
      for (const k of this.settings.kindConfigs ?? []) {
        const path = this.relativePath(resolve(this.folder, k)) ?? resolve(this.folder, k);
        const found = files.find((f) => f.path === path);
        const file =
          found ?? (await readSource({ path, explicit: true }, this.folder, DEFAULT_MAX_FILE_SIZE));
        file.kindConfig = true;
        if (!found) files.push(file);
      }
      this.files.clear();
      this.index = new FileIndex();
      this.indexed = false;
      for (const f of files) {
        const overlay = this.overlays.get(f.path);
        const file = overlay !== undefined && overlay !== f.text ? this.parse(f.path, overlay) : withMemo(f);
        this.files.set(file.path, file);
      }
      for (const [path, text] of this.overlays)
        if (!this.files.has(path) && this.included(path)) this.files.set(path, this.parse(path, text));
      this.pending.clear();
      this.loaded = true;
      progress.report(`linting ${this.files.size} files`);
      await this.fullLint();
    } finally {
      progress.done();
      this.notifyIdle();
    }
  }

  /** The config as the CLI resolves it from the folder (an open `.lintrc.json` as edited); undefined when bad. */
  private readConfig(): ResolvedConfig | undefined {
    const path = this.settings.configFile
      ? resolve(this.folder, this.settings.configFile)
      : findConfig(this.folder);
    this.configPath = path;
    try {
      let cfg: ConfigFile | undefined;
      if (path) {
        const rel = this.relativePath(path);
        const open = rel !== undefined ? this.overlays.get(rel) : undefined;
        cfg = open !== undefined ? parseConfigText(open, path) : readConfigFile(path);
      }
      const config = resolveConfig(cfg, this.rules, path ?? CONFIG_FILE, {
        namespace: this.settings.namespace,
      });
      config.path = path;
      this.host.configProblem(this, undefined);
      return config;
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      this.host.configProblem(this, { path: path ?? resolve(this.folder, CONFIG_FILE), message: e.message });
      return undefined;
    }
  }

  /** Is this (folder-relative) path the config in use, or where one would be found? */
  isConfigPath(path: string): boolean {
    const abs = this.absolutePath(path);
    return (
      abs === this.configPath || (!this.settings.configFile && abs === resolve(this.folder, CONFIG_FILE))
    );
  }

  updateSettings(settings: WorkspaceSettings): void {
    this.settings = settings;
    void this.load();
  }

  /**
   * Would the CLI lint this file when given the folder? Its extension, no dot folder, the ignore patterns,
   * and (for a file on disk) `.gitignore`, as the walk decides.
   */
  private included(path: string): boolean {
    const config = this.config;
    if (!config || !EXTENSIONS.some((e) => path.endsWith(`.${e}`))) return false;
    if (this.settings.openOnly) return this.overlays.has(path);
    if (path.split('/').some((seg) => seg.startsWith('.'))) return false;
    const ignore = [...DEFAULT_IGNORES, ...config.ignorePatterns];
    if (ignore.some((g) => picomatch.makeRe(g, { dot: false, posix: true }).test(path))) return false;
    const abs = this.absolutePath(path);
    if (!existsSync(abs)) return true;
    const dir = dirname(path);
    const found = walk({
      root: this.folder,
      start: dir === '.' ? '' : dir,
      extensions: EXTENSIONS,
      ignore,
      gitignore: true,
    });
    return found.files.includes(path);
  }

  private parse(path: string, text: string): SourceFile {
    const file = parseSourceFast(path, text, { explicit: false });
    if (this.files.get(path)?.kindConfig) file.kindConfig = true;
    return withMemo(file);
  }

  private setFile(file: SourceFile): void {
    this.files.set(file.path, file);
    this.index.set(file.path, factsOf(file, this.config?.namespace ?? 'default'));
  }

  // ---- changes ----

  /** An editor opened a document (or changed it): its text stands for the file. */
  setOverlay(path: string, text: string): void {
    this.overlays.set(path, text);
    if (this.isConfigPath(path)) {
      void this.load();
      return;
    }
    if (this.files.get(path)?.text === text) return;
    this.update(path, text);
  }

  /** An editor closed a document: the file on disk counts again. */
  dropOverlay(path: string): void {
    if (!this.overlays.delete(path)) return;
    if (this.isConfigPath(path)) {
      void this.load();
      return;
    }
    if (this.settings.openOnly) this.update(path, undefined);
    else this.diskChanged(path);
  }

  /** A file changed on disk (created, changed, deleted). Open documents keep their editor text. */
  diskChanged(path: string): void {
    if (this.settings.openOnly) return;
    if (this.isConfigPath(path) || basename(path) === '.gitignore') {
      if (!this.overlays.has(path)) void this.load();
      return;
    }
    if (this.overlays.has(path)) return;
    const abs = this.absolutePath(path);
    if (!existsSync(abs)) {
      if (this.files.has(path)) this.update(path, undefined);
      return;
    }
    let text: string;
    try {
      text = readFileSync(abs, 'utf8');
    } catch {
      return;
    }
    if (this.files.get(path)?.text === text.replace(/^\ufeff/, '')) return;
    this.update(path, undefined, true);
  }

  /** `text` undefined: the file is gone, or (fromDisk) is read again from disk as the loader reads it. */
  private update(path: string, text: string | undefined, fromDisk = false): void {
    if (!this.loaded || !this.config) return;
    const old = this.files.get(path);
    const known = old !== undefined;
    if (!known && !this.included(path)) return;
    // With the namespaces it refers to: the quick lint re-lints those too.
    const before = old && !this.pending.has(path) ? factsOf(old, this.config.namespace, true) : undefined;
    if (text === undefined && !fromDisk) {
      this.files.delete(path);
      this.index.set(path, undefined);
    } else if (text !== undefined) {
      this.setFile(this.parse(path, text));
    } else {
      // Read as the loader reads: binary, size and encoding checks included.
      const file = readSourceSync({ path, explicit: false }, this.folder, DEFAULT_MAX_FILE_SIZE);
      if (this.files.get(path)?.kindConfig) file.kindConfig = true;
      this.setFile(withMemo(file));
    }
    this.changed(path, before);
  }

  private changed(path: string, before: FileFacts | undefined): void {
    if (!this.pending.has(path)) this.pending.set(path, { before });
    this.stale.add(path);
    this.modelFresh = false;
    this.cancelFull();
    if (this.quickQueued) return;
    this.quickQueued = true;
    setImmediate(() => {
      this.quickQueued = false;
      this.quickLint();
    });
  }

  private cancelFull(): void {
    if (this.fullTimer) clearTimeout(this.fullTimer);
    this.fullTimer = undefined;
    if (this.fullRun) {
      this.fullRun.cancelled = true;
      this.fullRun = undefined;
      this.runs.cancelled++;
    }
  }

  // ---- linting ----

  /** Lints what the pending changes can affect and publishes it; schedules the full lint. */
  private quickLint(): void {
    const config = this.config;
    if (!config || this.pending.size === 0) return;
    const changes = new Map<string, { before?: FileFacts; after?: FileFacts }>();
    for (const [path, { before }] of this.pending) {
      const file = this.files.get(path);
      changes.set(path, { before, after: file && factsOf(file, config.namespace, true) });
    }
    this.pending.clear();
    this.ensureIndex();
    const shard = shardFor(this.index, changes);
    if (!shard || shard.paths.size > this.files.size / 2) {
      void this.fullLint();
      return;
    }
    this.runs.quick++;
    const sources: SourceFile[] = [];
    for (const [path, f] of this.files) if (shard.paths.has(path)) sources.push(f);
    const result = lint(sources, config, this.rules);
    const changed = new Set(changes.keys());
    const next = new Map<string, Finding[]>();
    const touched = new Set<string>(changed);
    for (const [path, list] of this.findings) {
      const kept = list.filter((f) => !decidedBy(shard, changed, f));
      if (kept.length !== list.length) touched.add(path);
      next.set(path, kept);
    }
    for (const f of result.findings) {
      if (!decidedBy(shard, changed, f)) continue;
      touched.add(f.filePath);
      const list = next.get(f.filePath);
      if (list) list.push(f);
      else next.set(f.filePath, [f]);
    }
    for (const path of touched) {
      const list = (next.get(path) ?? []).sort(compareFindings);
      this.setFindings(path, list);
    }
    for (const path of changed) this.stale.delete(path);
    this.scheduleFull();
  }

  private scheduleFull(): void {
    if (this.fullTimer) clearTimeout(this.fullTimer);
    this.fullTimer = setTimeout(() => {
      this.fullTimer = undefined;
      void this.fullLint();
    }, FULL_LINT_DELAY_MS);
  }

  /** Lints every file, between turns of the event loop; dropped when a change comes meanwhile. */
  private async fullLint(): Promise<void> {
    const config = this.config;
    if (!config) return;
    this.cancelFull();
    const run = { cancelled: false };
    this.fullRun = run;
    const linted = new Set(this.stale);
    const steps = lintSteps([...this.files.values()], config, this.rules);
    let result: LintResult | undefined;
    for (;;) {
      const step = steps.next();
      if (step.done) {
        result = step.value;
        break;
      }
      await immediate();
      if (run.cancelled) return;
    }
    this.fullRun = undefined;
    this.runs.full++;
    for (const path of linted) this.stale.delete(path);
    this.lastModel = result.model;
    this.modelFresh = this.pending.size === 0;
    this.replaceAll(groupByFile(result.findings));
    this.notifyIdle();
    // The shard index, once the diagnostics are out (an edit before then makes it at once).
    if (!this.indexed) setImmediate(() => this.ensureIndex());
  }

  /**
   * The shard index of every file: from the last full lint's model when it saw the files as they are
   * (it holds all their objects: no second pass over the files), else file by file.
   */
  private ensureIndex(): void {
    if (this.indexed || !this.config) return;
    const model = this.modelFresh ? this.lastModel : undefined;
    if (model) {
      const byFile = new Map<string, K8sObject[]>();
      for (const o of model.objects) {
        const list = byFile.get(o.file.path);
        if (list) list.push(o);
        else byFile.set(o.file.path, [o]);
      }
      for (const [path, objects] of byFile)
        if (this.files.has(path)) this.index.set(path, factsOfObjects(objects));
    } else {
      for (const f of this.files.values()) this.index.set(f.path, factsOf(f, this.config.namespace));
    }
    this.indexed = true;
  }

  private replaceAll(byFile: Map<string, Finding[]>): void {
    const paths = new Set([...this.findings.keys(), ...byFile.keys()]);
    for (const path of paths) this.setFindings(path, byFile.get(path) ?? []);
  }

  private setFindings(path: string, list: Finding[]): void {
    if (list.length) this.findings.set(path, list);
    else this.findings.delete(path);
    const sig = signature(list);
    if ((this.signatures.get(path) ?? '') === sig) return;
    if (sig) this.signatures.set(path, sig);
    else this.signatures.delete(path);
    this.host.publish(this, path, list);
  }

  private notifyIdle(): void {
    if (this.fullTimer || this.fullRun || this.pending.size || this.quickQueued) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  /** Settles when the findings are those of a full lint of the files as they are now. */
  async settled(): Promise<void> {
    await this.whenLoaded();
    if (!this.fullTimer && !this.fullRun && !this.pending.size && !this.quickQueued) return;
    await new Promise<void>((r) => this.idleWaiters.push(r));
  }

  // ---- what requests read ----

  /**
   * Settles when every file's findings are of its text as it is now (the quick lint of pending changes
   * is run at once): a request that edits by the findings' offsets must not use those of an older text.
   */
  async upToDate(): Promise<void> {
    if (this.pending.size) this.quickLint();
    if (this.stale.size) await this.settled();
  }

  file(path: string): SourceFile | undefined {
    return this.files.get(path);
  }

  findingsOf(path: string): readonly Finding[] {
    return this.findings.get(path) ?? [];
  }

  allFindings(): Finding[] {
    return [...this.findings.values()].flat();
  }

  /** The model of the files as they are now (the full lint's, or made for the asking). */
  model(): Model | undefined {
    const config = this.config;
    if (!config) return undefined;
    if (this.modelFresh && this.lastModel) return this.lastModel;
    const objects: K8sObject[] = [];
    for (const f of this.files.values()) objectsOf(f, config.namespace, objects);
    this.lastModel = new Model(objects, config.namespace);
    this.modelFresh = true;
    return this.lastModel;
  }

  /** Stops timers (the server is shutting down). */
  dispose(): void {
    this.cancelFull();
  }
}
