/**
 * `k8s-svc-lint explain`: loads and lints like the lint command (same loader, config and rules), then
 * draws each Service's route with the findings on their hops. Exit 0 every route intact, 1 a hop is
 * broken, 2 usage errors.
 */
import { parseArgs } from 'node:util';
import { rules as allRules } from '../../rules/index.js';
import {
  argumentError,
  cliValidators,
  EXPLAIN_OPTIONS,
  emptyStdinMessage,
  inputOf,
  reportSkipped,
  unmatchedMessage,
  useColor,
} from '../cli-shared.js';
import { ConfigError, loadConfig, type ResolvedConfig } from '../config/config.js';
import { lint } from '../engine/lint.js';
import { loadSources } from '../load/load.js';
import { closest } from '../util/suggest.js';
import { EXPLAIN_FORMATS, type ExplainFormat, render } from './render.js';
import { explain, overallStatus, serviceNames } from './route.js';

const HELP = `Usage: k8s-svc-lint explain [options] [paths, directories or globs...]

Draws the route a request takes to each Service's pods — kind host port, node port, Service port,
targetPort, container port — and marks each broken hop with the finding that breaks it.

Options:
  -s, --service NS/NAME      explain this Service only (NAME alone: in the default namespace)
  -f, --format NAME          ${EXPLAIN_FORMATS.join(', ')} (default: tree)
  -c, --config FILE          use this config instead of the nearest .lintrc.json
  -n, --namespace NS         namespace of objects that set none (default: "default")
      --ignore-pattern GLOB  skip matching files; repeatable
      --no-gitignore         do not respect .gitignore files
      --stdin-filename NAME  the name to report for stdin
      --color, --no-color    force colour on or off (NO_COLOR is respected)
  -h, --help                 show this help

Exit codes: 0 every route intact (warnings allowed), 1 a hop is broken, 2 the run failed.`;

class UsageError extends Error {}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: EXPLAIN_OPTIONS,
  });
}

async function run(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    throw new UsageError(`${argumentError(e, EXPLAIN_OPTIONS)}\nTry "k8s-svc-lint explain --help".`);
  }
  const { values: o, positionals } = parsed;
  if (o.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const format = (o.format ?? 'tree') as ExplainFormat;
  if (!EXPLAIN_FORMATS.includes(format))
    throw new UsageError(`unknown format "${o.format}"; expected one of ${EXPLAIN_FORMATS.join(', ')}`);
  const color = useColor(o);

  const cwd = process.cwd();
  let config: ResolvedConfig;
  try {
    config = loadConfig({ config: o.config, namespace: o.namespace }, allRules, cwd);
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }

  const { patterns, stdinText } = inputOf(positionals);
  const empty = emptyStdinMessage(stdinText);
  if (empty) throw new UsageError(empty);
  const loaded = await loadSources(patterns, {
    cwd,
    ignorePatterns: [...config.ignorePatterns, ...(o['ignore-pattern'] ?? [])],
    gitignore: !o['no-gitignore'],
    stdinText,
    stdinFilename: o['stdin-filename'],
  });
  if (loaded.unmatched.length) {
    const ignorePatterns = [...config.ignorePatterns, ...(o['ignore-pattern'] ?? [])];
    const ctx = { cwd, gitignore: !o['no-gitignore'], ignorePatterns };
    throw new UsageError(await unmatchedMessage(loaded.unmatched, ctx));
  }
  reportSkipped(loaded.files);

  const { findings, model } = lint(loaded.files, config, allRules, { validators: cliValidators() });
  let service: string | undefined;
  if (o.service !== undefined) {
    service = o.service.includes('/') ? o.service : `${config.namespace}/${o.service}`;
    const names = serviceNames(model);
    if (!names.includes(service)) {
      // A Service named only by an Ingress is still explained (its route is broken at the first hop).
      const probe = explain(model, [], { service });
      if (!probe.routes.length) {
        const dym = closest(service, names);
        const hint = dym
          ? `; did you mean "${dym}"?`
          : names.length
            ? ` (Services: ${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''})`
            : '';
        throw new UsageError(`no Service "${service}" in the input${hint}`);
      }
    }
  }
  const result = explain(model, findings, { service });
  process.stdout.write(render(result, format, { color }));
  return overallStatus(result) === 'broken' ? 1 : 0;
}

/** Runs the subcommand; returns the exit code. */
export async function explainCommand(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`k8s-svc-lint explain: ${e.message}\n`);
    return 2;
  }
}
