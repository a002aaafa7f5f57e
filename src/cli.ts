/** The command line: the only place that reads arguments, prints and sets the exit code. */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { rules as allRules } from '../rules/index.js';
import {
  argumentError,
  cliValidators,
  emptyStdinMessage,
  inputOf,
  LINT_OPTIONS,
  reportSkipped,
  reportUnchecked,
  unmatchedMessage,
  useColor,
} from './cli-shared.js';
import { timingFromEnv } from './cli-timing.js';
import { CONFIG_FILE, ConfigError, loadConfig, type ResolvedConfig } from './config/config.js';
import { lint } from './engine/lint.js';
import { FORMAT_NAMES, loadFormatter } from './format/index.js';
import { DEFAULT_MAX_FILE_SIZE, loadSources } from './load/load.js';
import { KIND_API_VERSION } from './model/kind.js';
import type { Finding, SourceFile } from './types.js';

const HELP = `Usage: k8s-svc-lint [options] [paths, directories or globs...]
       k8s-svc-lint explain [options] [paths...]   draw each Service's route (explain --help)
       k8s-svc-lint lsp --stdio                    run the language server (lsp --help)

Lints Kubernetes manifests: will each Service reach its pods, will each port open?
With no path, lints "."; "-" reads stdin (helm template . | k8s-svc-lint -).

Options:
  -f, --format NAME          ${FORMAT_NAMES.join(', ')} (default: pretty on a terminal, compact otherwise)
  -c, --config FILE          use this config instead of the nearest .lintrc.json
  -n, --namespace NS         namespace of objects that set none (default: "default")
      --rule ID=SEVERITY     override a rule's severity (off, warn, error); repeatable
      --ignore-pattern GLOB  skip matching files; repeatable
      --kind-config FILE     a kind cluster config that applies to every Service; linted too; repeatable
      --no-gitignore         do not respect .gitignore files
      --no-error-on-unmatched-pattern
                             a path or glob that matches nothing is a notice, not exit 2 (as long as
                             something else is linted)
      --stdin-filename NAME  the name to report for stdin input
      --max-file-size BYTES  skip larger files with a finding (default: ${DEFAULT_MAX_FILE_SIZE})
      --max-warnings N       exit 1 when there are more than N warnings
      --strict-kinds         report objects of kinds without a built-in schema (CRDs)
      --closed-world         the input is complete (helm template, kustomize build): report every
                             reference to an object it does not hold
      --report-unused-disable-directives
                             report disable comments and ignore annotations that disable nothing
      --fix                  apply the safe fixes to the files, then report what remains
      --fix-dry-run          apply the safe fixes in memory only: show a diff (json: "output")
  -q, --quiet                report errors only
  -o, --output-file FILE     write the report to FILE (compact and uncoloured unless --format, --color
                             say otherwise); "-" is standard output
      --color, --no-color    force colour on or off (else FORCE_COLOR, NO_COLOR, a terminal decide)
      --list-rules           list the rules with their default severity (--format json for JSON)
      --explain RULE         show a rule's documentation
      --print-config [PATH]  print the configuration a run would use for PATH (default "."), as a
                             config file that --config accepts
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
    fail(`${argumentError(e, LINT_OPTIONS)}\nTry "k8s-svc-lint --help".`);
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
    if (o.format !== undefined && o.format !== 'json')
      fail(
        `--list-rules: format "${o.format}" is not supported; expected "json" (or no --format, for a table)`,
      );
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
    process.stdout.write(printConfig(config, allRules));
    return 0;
  }
  const timing = timingFromEnv();
  const outputFile = outputFileOf(o);
  // A report for a file is for tools: compact and uncoloured unless asked otherwise (as ESLint's -o).
  const format = o.format ?? (outputFile === undefined && process.stdout.isTTY ? 'pretty' : 'compact');
  const reportColor = outputFile === undefined ? color : o.color === true;
  const formatter = await loadFormatter(format);
  if (!formatter) fail(`unknown format "${format}"; expected one of ${FORMAT_NAMES.join(', ')}`);

  const config = configFor(o, cwd, cwd);
  if (o['report-unused-disable-directives']) config.reportUnusedDisableDirectives = true;

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
  const empty = emptyStdinMessage(input.stdinText);
  if (empty) fail(empty);
  if (o.fix && o['fix-dry-run']) fail('--fix and --fix-dry-run cannot be used together');
  if (o.fix && input.stdinText !== undefined) fail('--fix cannot write to stdin; use --fix-dry-run');
  let patterns = input.patterns;
  const kindConfigPaths = o['kind-config'] ?? [];
  for (const k of kindConfigPaths) {
    if (!existsSync(resolve(cwd, k))) fail(`--kind-config: cannot read ${k}`);
    patterns = [...patterns, k];
  }

  const ignorePatterns = [...config.ignorePatterns, ...(o['ignore-pattern'] ?? [])];
  const loaded = await loadSources(patterns, {
    cwd,
    ignorePatterns,
    gitignore: !o['no-gitignore'],
    stdinText: input.stdinText,
    stdinFilename: o['stdin-filename'],
    maxFileSize,
  });
  if (loaded.unmatched.length) {
    const why = await unmatchedMessage(loaded.unmatched, {
      cwd,
      gitignore: !o['no-gitignore'],
      ignorePatterns,
    });
    unmatchedPatterns(why, loaded.files.length, o);
  }
  markKindConfigs(loaded.files, kindConfigPaths, cwd);
  if (!o.quiet) reportSkipped(loaded.files);
  timing?.phase(`load (${loaded.files.length} files)`);
  if (timing) timing.threads = loaded.threads;

  const validators = cliValidators();
  const fixed =
    o.fix || o['fix-dry-run']
      ? (await import('./fix/command.js')).fixFiles(loaded.files, config, allRules, {
          cwd,
          write: !!o.fix,
          validators,
        })
      : undefined;
  const { findings, unchecked } =
    fixed ?? lint(loaded.files, config, allRules, { validators, timing: timing?.lint });
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
    color: reportColor,
    columns: outputFile === undefined && process.stdout.isTTY ? process.stdout.columns : undefined,
    version: version(),
    unchecked,
    outputs: fixed?.outputs,
  });
  // Machine formats carry it themselves (json: uncheckedMessages; sarif: a notification).
  if (!o.quiet && (format === 'pretty' || format === 'compact' || format === 'github'))
    reportUnchecked(unchecked);
  if (outputFile !== undefined) {
    writeReport(resolve(cwd, outputFile), outputFile, out);
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

/**
 * Patterns that matched nothing end the run (exit 2), unless --no-error-on-unmatched-pattern: then each is
 * a notice, and the run goes on if anything else was found; nothing at all to lint is still exit 2.
 */
function unmatchedPatterns(why: string, filesFound: number, o: CliValues): void {
  if (!o['no-error-on-unmatched-pattern']) fail(why);
  if (!filesFound) fail(`${why}\nnothing to lint: every pattern matched nothing`);
  if (!o.quiet) for (const line of why.split('\n')) process.stderr.write(`k8s-svc-lint: notice: ${line}\n`);
}

/** --output-file, unless it names standard output ("-"). */
function outputFileOf(o: CliValues): string | undefined {
  const f = o['output-file'];
  return f === undefined || f === '-' ? undefined : f;
}

/** Writes the report to a file (creating its folder); a failure ends the run (exit 2). */
function writeReport(dest: string, name: string, report: string): void {
  try {
    if (!existsSync(dirname(dest))) mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, report);
  } catch (e) {
    fail(`cannot write ${name}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** The config a run uses (see config/config.ts loadConfig); a bad one ends the run with exit 2. */
function configFor(o: CliValues, cwd: string, start: string): ResolvedConfig {
  try {
    return loadConfig(
      {
        config: o.config,
        namespace: o.namespace,
        rule: o.rule,
        closedWorld: o['closed-world'],
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
