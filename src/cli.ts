/** The command line: the only place that reads arguments, prints and sets the exit code. */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { rules as allRules } from '../rules/index.js';
import { inputOf, LINT_OPTIONS, reportSkipped, unmatchedMessage, useColor } from './cli-shared.js';
import { CONFIG_FILE, ConfigError, loadConfig, type ResolvedConfig } from './config/config.js';
import { lint } from './engine/lint.js';
import { FORMAT_NAMES, loadFormatter } from './format/index.js';
import { DEFAULT_MAX_FILE_SIZE, loadSources } from './load/load.js';
import { KIND_API_VERSION } from './model/kind.js';
import type { Finding, SourceFile } from './types.js';
import { timingFromEnv } from './util/timing.js';

const HELP = `Usage: k8s-svc-lint [options] [paths, directories or globs...]
       k8s-svc-lint explain [options] [paths...]   draw each Service's route (explain --help)
       k8s-svc-lint lsp --stdio                    run the language server (lsp --help)

Lints Kubernetes manifests: will each Service reach its pods, will each port open?
With no path, reads stdin when it is piped (helm template . | k8s-svc-lint), else lints ".".

Options:
  -f, --format NAME          ${FORMAT_NAMES.join(', ')} (default: pretty on a terminal, compact otherwise)
  -c, --config FILE          use this config instead of the nearest .lintrc.json
  -n, --namespace NS         namespace of objects that set none (default: "default")
      --rule ID=SEVERITY     override a rule's severity (off, warn, error); repeatable
      --ignore-pattern GLOB  skip matching files; repeatable
      --kind-config FILE     a kind cluster config that applies to every Service; linted too; repeatable
      --no-gitignore         do not respect .gitignore files
      --stdin-filename NAME  the name to report for stdin input
      --max-file-size BYTES  skip larger files with a finding (default: ${DEFAULT_MAX_FILE_SIZE})
      --max-warnings N       exit 1 when there are more than N warnings
      --strict-kinds         report objects of kinds without a built-in schema (CRDs)
      --fix                  apply the safe fixes to the files, then report what remains
      --fix-dry-run          apply the safe fixes in memory only: show a diff (json: "output")
  -q, --quiet                report errors only
  -o, --output-file FILE     write the report to FILE
      --color, --no-color    force colour on or off (NO_COLOR is respected)
      --list-rules           list the rules with their default severity (--format json for JSON)
      --explain RULE         show a rule's documentation
      --print-config [PATH]  print the configuration a run would use for PATH (default ".") as JSON
      --init                 write a starter .lintrc.json (every rule at its default) and explain it
  -h, --help                 show this help
  -v, --version              show the version

Exit codes: 0 no errors, 1 error findings (or too many warnings), 2 the run failed.`;

function fail(message: string): never {
  process.stderr.write(`k8s-svc-lint: ${message}\n`);
  process.exit(2);
}

/**
 * The package root: the nearest folder above this module with a package.json (dist/src/cli.js is two
 * levels below it, the bundled bin dist/bundle/cli/k8s-svc-lint.js three).
 */
const PACKAGE_ROOT = packageRoot(dirname(fileURLToPath(import.meta.url)));

function packageRoot(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d;
    if (dirname(d) === d) return resolve(dir, '../..');
  }
}

function version(): string {
  const pkg = JSON.parse(readFileSync(resolve(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

async function main(argv: string[]): Promise<number> {
  // `explain` is a subcommand with options of its own (a path named "explain" is linted as ./explain).
  if (argv[0] === 'explain') return (await import('./explain/command.js')).explainCommand(argv.slice(1));
  if (argv[0] === 'lsp') return (await import('./lsp/server.js')).lspCommand(argv.slice(1));
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(argv);
  } catch (e) {
    fail(`${(e as Error).message}\nTry "k8s-svc-lint --help".`);
  }
  const { values: o, positionals } = parsed;
  if (o.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (o.version) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const cwd = process.cwd();
  const color = useColor(o);
  if (o['list-rules']) {
    if (o.format !== undefined && !FORMAT_NAMES.includes(o.format))
      fail(`unknown format "${o.format}"; expected one of ${FORMAT_NAMES.join(', ')}`);
    const { listRules } = await import('./commands.js');
    process.stdout.write(listRules(allRules, o.format === 'json'));
    return 0;
  }
  if (o.explain !== undefined) {
    const { explain } = await import('./commands.js');
    const r = explain(o.explain, allRules, PACKAGE_ROOT, color);
    if (!r.ok) fail(r.message);
    process.stdout.write(r.text);
    return 0;
  }
  if (o.init) {
    const { initExplanation, starterConfig } = await import('./commands.js');
    const target = resolve(cwd, o.config ?? CONFIG_FILE);
    if (existsSync(target))
      fail(`${o.config ?? CONFIG_FILE} already exists; edit it, or remove it to start over`);
    try {
      writeFileSync(target, starterConfig(allRules, dirname(target)), { flag: 'wx' });
    } catch (e) {
      fail(`cannot write ${target}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    process.stdout.write(initExplanation(o.config ?? CONFIG_FILE, allRules));
    return 0;
  }
  if (o['print-config']) {
    if (positionals.length > 1) fail('--print-config takes at most one path');
    const target = positionals[0];
    let start = cwd;
    if (target !== undefined) {
      const st = statSync(resolve(cwd, target), { throwIfNoEntry: false });
      if (!st) fail(`--print-config: no such file or directory "${target}"`);
      start = st.isDirectory() ? resolve(cwd, target) : dirname(resolve(cwd, target));
    }
    const config = configFor(o, cwd, start);
    const { printConfig } = await import('./commands.js');
    process.stdout.write(printConfig(config));
    return 0;
  }
  const timing = timingFromEnv();
  const format = o.format ?? (process.stdout.isTTY ? 'pretty' : 'compact');
  // The pretty format's colour library reads this when it loads.
  process.env.FORCE_COLOR = color ? '1' : '0';
  const formatter = await loadFormatter(format);
  if (!formatter) fail(`unknown format "${format}"; expected one of ${FORMAT_NAMES.join(', ')}`);

  const config = configFor(o, cwd, cwd);

  let maxFileSize = DEFAULT_MAX_FILE_SIZE;
  if (o['max-file-size'] !== undefined) {
    maxFileSize = Number(o['max-file-size']);
    if (!Number.isInteger(maxFileSize) || maxFileSize <= 0)
      fail('--max-file-size expects a positive number of bytes');
  }
  let maxWarnings = -1;
  if (o['max-warnings'] !== undefined) {
    maxWarnings = Number(o['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0)
      fail('--max-warnings expects a non-negative integer');
  }

  timing?.phase('config and formatter');
  const input = inputOf(positionals);
  if (o.fix && o['fix-dry-run']) fail('--fix and --fix-dry-run cannot be used together');
  if (o.fix && input.stdinText !== undefined) fail('--fix cannot write to stdin; use --fix-dry-run');
  let patterns = input.patterns;
  const kindConfigPaths = o['kind-config'] ?? [];
  for (const k of kindConfigPaths) {
    if (!existsSync(resolve(cwd, k))) fail(`--kind-config: cannot read ${k}`);
    patterns = [...patterns, k];
  }

  const loaded = await loadSources(patterns, {
    cwd,
    ignorePatterns: [...config.ignorePatterns, ...(o['ignore-pattern'] ?? [])],
    gitignore: !o['no-gitignore'],
    stdinText: input.stdinText,
    stdinFilename: o['stdin-filename'],
    maxFileSize,
  });
  if (loaded.unmatched.length) fail(unmatchedMessage(loaded.unmatched));
  markKindConfigs(loaded.files, kindConfigPaths, cwd);
  if (!o.quiet) reportSkipped(loaded.files);
  timing?.phase(`load (${loaded.files.length} files)`);
  if (timing) timing.threads = loaded.threads;

  const fixed =
    o.fix || o['fix-dry-run']
      ? (await import('./fix/command.js')).fixFiles(loaded.files, config, allRules, { cwd, write: !!o.fix })
      : undefined;
  const { findings } = fixed ?? lint(loaded.files, config, allRules, timing?.lint);
  for (const n of fixed?.notWritten ?? [])
    process.stderr.write(`k8s-svc-lint: ${n.path} not fixed: ${n.reason}\n`);
  if (fixed && o['fix-dry-run'] && (format === 'pretty' || format === 'compact'))
    process.stdout.write(fixed.diff);
  timing?.phase(`lint (${findings.length} findings)`);
  const shown: Finding[] = o.quiet ? findings.filter((f) => f.severity === 'error') : findings;
  const out = formatter(shown, {
    cwd,
    filePaths: loaded.files.map((f) => f.path),
    rules: allRules,
    color,
    version: version(),
    outputs: fixed?.outputs,
  });
  if (o['output-file']) {
    try {
      const dest = resolve(cwd, o['output-file']);
      if (!existsSync(dirname(dest))) mkdirSync(dirname(dest), { recursive: true });
      writeFileSync(dest, out);
    } catch (e) {
      fail(`cannot write ${o['output-file']}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  } else if (out) {
    process.stdout.write(out);
  }
  if (timing) {
    timing.phase('output');
    process.stderr.write(timing.report());
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  if (errors > 0) return 1;
  if (maxWarnings >= 0 && warnings > maxWarnings) {
    process.stderr.write(`k8s-svc-lint: too many warnings (${warnings}); the maximum is ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}

/** The config a run uses (see config/config.ts loadConfig); a bad one ends the run with exit 2. */
function configFor(o: CliValues, cwd: string, start: string): ResolvedConfig {
  try {
    return loadConfig(
      {
        config: o.config,
        namespace: o.namespace,
        rule: o.rule,
        // --strict-kinds is the schema rule's strictKinds option for one run.
        ruleOptions: o['strict-kinds'] ? { schema: { strictKinds: true } } : undefined,
      },
      allRules,
      cwd,
      start,
    );
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }
}

type CliValues = ReturnType<typeof parseCli>['values'];

/** Marks the files named with --kind-config; each must hold a kind Cluster (else the run fails, exit 2). */
function markKindConfigs(files: SourceFile[], paths: string[], cwd: string): void {
  for (const k of paths) {
    const want = resolve(cwd, k);
    const file = files.find((f) => resolve(cwd, f.path) === want);
    const isCluster = (v: unknown) =>
      typeof v === 'object' &&
      v !== null &&
      (v as { kind?: unknown }).kind === 'Cluster' &&
      String((v as { apiVersion?: unknown }).apiVersion).startsWith('kind.x-k8s.io/');
    if (!file || file.skipped || !file.documents.some((d) => isCluster(d.value))) {
      fail(`--kind-config ${k}: no kind Cluster (apiVersion: ${KIND_API_VERSION}) document found`);
    }
    file.kindConfig = true;
  }
}

function parseCli(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: LINT_OPTIONS,
  });
}

/**
 * A reader that goes away (`k8s-svc-lint . | head`) ends the report, not the run: the rest is dropped and
 * the exit code stays that of the findings. Any other failure to write the report ends the run (exit 2).
 */
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') return;
  process.stderr.write(`k8s-svc-lint: cannot write the report: ${e.code ?? e.message}\n`);
  process.exit(2);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`k8s-svc-lint: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    if (process.env.K8S_SVC_LINT_DEBUG) process.stderr.write(`${(e as Error)?.stack}\n`);
    process.exitCode = 2;
  },
);
