#!/usr/bin/env node
/** The command line: the only place that reads arguments, prints and sets the exit code. */
import { fstatSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { rules as allRules } from '../rules/index.js';
import { ConfigError, type ConfigFile, findConfig, readConfigFile, resolveConfig } from './config/config.js';
import { lint } from './engine/lint.js';
import { FORMAT_NAMES, loadFormatter } from './format/index.js';
import { DEFAULT_MAX_FILE_SIZE, loadSources } from './load/load.js';
import type { Finding } from './types.js';

const HELP = `Usage: k8s-svc-lint [options] [paths, directories or globs...]

Lints Kubernetes manifests: will each Service reach its pods, will each port open?
With no path, reads stdin when it is piped (helm template . | k8s-svc-lint), else lints ".".

Options:
  -f, --format NAME          ${FORMAT_NAMES.join(', ')} (default: pretty on a terminal, compact otherwise)
  -c, --config FILE          use this config instead of the nearest .lintrc.json
  -n, --namespace NS         namespace of objects that set none (default: "default")
      --rule ID=SEVERITY     override a rule's severity (off, warn, error); repeatable
      --ignore-pattern GLOB  skip matching files; repeatable
      --no-gitignore         do not respect .gitignore files
      --stdin-filename NAME  the name to report for stdin input
      --max-file-size BYTES  skip larger files with a finding (default: ${DEFAULT_MAX_FILE_SIZE})
      --max-warnings N       exit 1 when there are more than N warnings
      --strict-kinds         report objects of kinds without a built-in schema (CRDs)
  -q, --quiet                report errors only
  -o, --output-file FILE     write the report to FILE
      --color, --no-color    force colour on or off (NO_COLOR is respected)
      --list-rules           list the rules with their default severity
  -h, --help                 show this help
  -v, --version              show the version

Exit codes: 0 no errors, 1 error findings (or too many warnings), 2 the run failed.`;

function fail(message: string): never {
  process.stderr.write(`k8s-svc-lint: ${message}\n`);
  process.exit(2);
}

function version(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const pkg = JSON.parse(readFileSync(resolve(here, '../../package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

function stdinIsPiped(): boolean {
  try {
    const st = fstatSync(0);
    return st.isFIFO() || st.isFile() || st.isSocket();
  } catch {
    return false;
  }
}

function readStdin(): string {
  try {
    return readFileSync(0, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EAGAIN' || err.code === 'EOF') return '';
    throw e;
  }
}

function parseRuleFlags(values: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const v of values) {
    const m = /^\s*([\w-]+)\s*[=:]\s*(\w+)\s*$/.exec(v);
    if (!m?.[1] || !m[2])
      fail(`--rule expects ID=SEVERITY (e.g. --rule service-mixed-images=off), got "${v}"`);
    out[m[1]] = m[2];
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
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
  if (o['list-rules']) {
    for (const r of allRules) {
      process.stdout.write(`${r.meta.id.padEnd(32)} ${r.meta.severity.padEnd(8)} ${r.meta.description}\n`);
    }
    return 0;
  }
  const cwd = process.cwd();
  const format = o.format ?? (process.stdout.isTTY ? 'pretty' : 'compact');
  const color = o['no-color'] ? false : o.color ? true : !process.env.NO_COLOR && !!process.stdout.isTTY;
  // The pretty format's colour library reads this when it loads.
  process.env.FORCE_COLOR = color ? '1' : '0';
  const formatter = await loadFormatter(format);
  if (!formatter) fail(`unknown format "${format}"; expected one of ${FORMAT_NAMES.join(', ')}`);

  let configPath: string | undefined;
  let cfg: ConfigFile | undefined;
  let config: ReturnType<typeof resolveConfig>;
  try {
    configPath = o.config ? resolve(cwd, o.config) : findConfig(cwd);
    cfg = configPath ? readConfigFile(configPath) : undefined;
    config = resolveConfig(cfg, allRules, o.config ?? configPath, {
      namespace: o.namespace,
      rules: parseRuleFlags(o.rule ?? []),
    });
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }
  const schemaSetting = config.rules.get('schema');
  if (o['strict-kinds'] && schemaSetting) schemaSetting.options.strictKinds = true;

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

  let patterns = positionals;
  let stdinText: string | undefined;
  if (patterns.length === 0) patterns = stdinIsPiped() ? ['-'] : ['.'];
  if (patterns.includes('-')) stdinText = readStdin();

  const loaded = await loadSources(patterns, {
    cwd,
    ignorePatterns: [...config.ignorePatterns, ...(o['ignore-pattern'] ?? [])],
    gitignore: !o['no-gitignore'],
    stdinText,
    stdinFilename: o['stdin-filename'],
    maxFileSize,
  });
  if (loaded.unmatched.length) {
    fail(loaded.unmatched.map((p) => `no files matching the pattern "${p}" were found`).join('\n'));
  }
  if (!o.quiet) {
    for (const f of loaded.files)
      if (f.skipped) process.stderr.write(`k8s-svc-lint: notice: ${f.path}: ${f.skipped}\n`);
  }

  const { findings } = lint(loaded.files, config, allRules);
  const shown: Finding[] = o.quiet ? findings.filter((f) => f.severity === 'error') : findings;
  const out = formatter(shown, {
    cwd,
    filePaths: loaded.files.map((f) => f.path),
    rules: allRules,
    color,
  });
  if (o['output-file']) {
    try {
      writeFileSync(resolve(cwd, o['output-file']), out);
    } catch (e) {
      fail(`cannot write ${o['output-file']}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  } else if (out) {
    process.stdout.write(out);
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

function parseCli(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f' },
      config: { type: 'string', short: 'c' },
      namespace: { type: 'string', short: 'n' },
      rule: { type: 'string', multiple: true },
      'ignore-pattern': { type: 'string', multiple: true },
      'no-gitignore': { type: 'boolean' },
      'stdin-filename': { type: 'string' },
      'max-file-size': { type: 'string' },
      'max-warnings': { type: 'string' },
      'strict-kinds': { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      'output-file': { type: 'string', short: 'o' },
      color: { type: 'boolean' },
      'no-color': { type: 'boolean' },
      'list-rules': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
}

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
