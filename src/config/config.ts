/**
 * `.lintrc.json`: found from the working directory upwards (or named with --config), validated with ajv
 * against schemas/lintrc.schema.json, each rule's options against the rule's own schema.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { Ajv, ErrorObject } from 'ajv';
import type { Rule } from '../engine/rule.js';
import type { Severity } from '../types.js';
import { dnsLabelProblem } from '../util/names.js';
import { closest } from '../util/suggest.js';

export const CONFIG_FILE = '.lintrc.json';

export interface RuleSetting {
  severity: Severity | 'off';
  options: Record<string, unknown>;
}

/** The presets a config extends: `recommended` (the default) and `strict`. */
export const PRESETS = ['recommended', 'strict'] as const;
export type Preset = (typeof PRESETS)[number];

export interface ConfigFile {
  $schema?: string;
  /** The preset the rules start from: "recommended" (default) or "strict". */
  extends?: Preset;
  /** The input is complete (a whole `helm template` or `kustomize build`): every dangling reference is a finding. */
  closedWorld?: boolean;
  namespace?: string;
  ignorePatterns?: string[];
  rules?: Record<string, unknown>;
}

export interface ResolvedConfig {
  /** The file the config came from, if any. */
  path?: string;
  preset: Preset;
  /** References to objects the input does not hold are findings (see Report.assumesComplete). */
  closedWorld: boolean;
  namespace: string;
  ignorePatterns: string[];
  rules: Map<string, RuleSetting>;
  /** --report-unused-disable-directives: a suppression that suppressed nothing is an error finding. */
  reportUnusedDisableDirectives?: boolean;
}

export class ConfigError extends Error {}

/** The top-level shape; rule settings are checked against each rule's own schema below. */
const TOP_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    extends: { enum: PRESETS },
    closedWorld: { type: 'boolean' },
    namespace: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 },
    ignorePatterns: { type: 'array', items: { type: 'string' } },
    rules: { type: 'object' },
  },
} as const;

const TOP_KEYS = Object.keys(TOP_SCHEMA.properties);

let ajv: Ajv | undefined;
/** ajv is loaded (synchronously) only when a config sets rule options: most runs never pay for it. */
function getAjv(): Ajv {
  if (!ajv) {
    const { Ajv: AjvClass } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
    ajv = new AjvClass({ allErrors: true, useDefaults: true, strict: false });
  }
  return ajv;
}

/**
 * TOP_SCHEMA checked by hand, with ajv's errors in ajv's order (unknown keys, then each property in the
 * schema's order): the top level of every config is checked, and compiling a schema costs more than a run.
 */
function topLevelErrors(
  cfg: Record<string, unknown>,
): Array<Pick<ErrorObject, 'keyword' | 'instancePath' | 'params' | 'message'>> {
  const errors: Array<Pick<ErrorObject, 'keyword' | 'instancePath' | 'params' | 'message'>> = [];
  const add = (
    instancePath: string,
    keyword: string,
    message: string,
    params: Record<string, unknown> = {},
  ) => errors.push({ instancePath, keyword, message, params });
  for (const key of Object.keys(cfg)) {
    if (!TOP_KEYS.includes(key))
      add('', 'additionalProperties', 'must NOT have additional properties', { additionalProperty: key });
  }
  const { $schema, namespace, ignorePatterns, rules } = cfg;
  if ($schema !== undefined && typeof $schema !== 'string') add('/$schema', 'type', 'must be string');
  if (cfg.extends !== undefined && !PRESETS.includes(cfg.extends as Preset))
    add('/extends', 'enum', 'must be equal to one of the allowed values', { allowedValues: [...PRESETS] });
  if (cfg.closedWorld !== undefined && typeof cfg.closedWorld !== 'boolean')
    add('/closedWorld', 'type', 'must be boolean');
  if (namespace !== undefined) {
    const ns = TOP_SCHEMA.properties.namespace;
    if (typeof namespace !== 'string') add('/namespace', 'type', 'must be string');
    else {
      if ([...namespace].length > ns.maxLength)
        add('/namespace', 'maxLength', `must NOT have more than ${ns.maxLength} characters`);
      if (!new RegExp(ns.pattern, 'u').test(namespace))
        add('/namespace', 'pattern', `must match pattern "${ns.pattern}"`);
    }
  }
  if (ignorePatterns !== undefined) {
    if (!Array.isArray(ignorePatterns)) add('/ignorePatterns', 'type', 'must be array');
    else
      ignorePatterns.forEach((p, i) => {
        if (typeof p !== 'string') add(`/ignorePatterns/${i}`, 'type', 'must be string');
      });
  }
  if (rules !== undefined && (typeof rules !== 'object' || rules === null || Array.isArray(rules)))
    add('/rules', 'type', 'must be object');
  return errors;
}

/** Finds `.lintrc.json` in `cwd` or the nearest ancestor. */
export function findConfig(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    const p = join(dir, CONFIG_FILE);
    if (existsSync(p)) return p;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export function readConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(
      `cannot read config ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  return parseConfigText(text, path);
}

/** A config file's text as JSON (an editor's unsaved text, or the file's); `path` names it in errors. */
export function parseConfigText(text: string, path: string): ConfigFile {
  try {
    return JSON.parse(text) as ConfigFile;
  } catch (e) {
    throw new ConfigError(`invalid config ${path}: not valid JSON (${(e as Error).message})`);
  }
}

function fmtAjv(
  prefix: string,
  e: Pick<ErrorObject, 'keyword' | 'instancePath' | 'params' | 'message'>,
  known?: string[],
): string {
  const at = `${prefix}${e.instancePath.replace(/^\//, '.').replace(/\//g, '.')}`;
  if (e.keyword === 'additionalProperties') {
    const extra = String((e.params as { additionalProperty: string }).additionalProperty);
    const dym = known ? closest(extra, known) : undefined;
    return `${at ? `${at}: ` : ''}unknown key "${extra}"${dym ? `; did you mean "${dym}"?` : ''}`;
  }
  if (e.keyword === 'enum') {
    const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v));
    return `${at}: must be one of ${allowed.join(', ')}`;
  }
  return `${at}: ${e.message ?? 'is invalid'}`;
}

/**
 * The severities a rule setting may have: the config schema's enum (scripts/gen.ts writes it from this
 * list) and what resolveConfig accepts are one list. Numbers are ESLint's: 0 off, 1 warning, 2 error.
 */
export const SEVERITY_VALUES = ['off', 'warn', 'warning', 'error', 0, 1, 2] as const;
const BY_WORD: Record<string, Severity | 'off'> = {
  off: 'off',
  warn: 'warning',
  warning: 'warning',
  error: 'error',
};
const BY_NUMBER: ReadonlyArray<Severity | 'off'> = ['off', 'warning', 'error'];

function parseSeverity(v: unknown, where: string): Severity | 'off' {
  if (typeof v === 'string' && Object.hasOwn(BY_WORD, v)) return BY_WORD[v] as Severity | 'off';
  if (typeof v === 'number' && BY_NUMBER[v] !== undefined) return BY_NUMBER[v];
  const dym = typeof v === 'string' ? closest(v, Object.keys(BY_WORD)) : undefined;
  throw new ConfigError(
    `${where}: severity must be "off", "warn" (or "warning"), "error", 0, 1 or 2, got ${JSON.stringify(v)}${dym ? `; did you mean "${dym}"?` : ''}`,
  );
}

/**
 * Validates a parsed config and merges it over the rules' defaults. `source` names the file in errors.
 * Throws ConfigError with a message that names the bad key and what was expected.
 */
export function resolveConfig(
  cfg: ConfigFile | undefined,
  rules: readonly Rule[],
  source = CONFIG_FILE,
  overrides: { namespace?: string; rules?: Record<string, unknown>; closedWorld?: boolean } = {},
): ResolvedConfig {
  const preset: Preset = cfg?.extends === 'strict' ? 'strict' : 'recommended';
  const resolved: ResolvedConfig = {
    preset,
    closedWorld: false,
    namespace: 'default',
    ignorePatterns: [],
    rules: new Map(),
  };
  for (const r of rules) resolved.rules.set(r.meta.id, presetSetting(r, preset));
  const byId = new Map(rules.map((r) => [r.meta.id, r]));
  const apply = (ruleSettings: Record<string, unknown>, where: string) => {
    for (const [id, setting] of Object.entries(ruleSettings)) {
      const rule = byId.get(id);
      const at = `${where}rules["${id}"]`;
      if (!rule) {
        const dym = closest(id, byId.keys(), 4);
        throw new ConfigError(`${at}: unknown rule${dym ? `; did you mean "${dym}"?` : ''}`);
      }
      const current = resolved.rules.get(id) as RuleSetting;
      if (Array.isArray(setting)) {
        if (setting.length < 1 || setting.length > 2) {
          throw new ConfigError(`${at}: expected [severity] or [severity, { options }]`);
        }
        current.severity = parseSeverity(setting[0], at);
        if (setting.length === 2) {
          current.options = validateOptions(rule, setting[1], `${at}[1]`);
        }
      } else {
        current.severity = parseSeverity(setting, at);
      }
    }
  };

  if (cfg !== undefined) {
    if (typeof cfg !== 'object' || cfg === null || Array.isArray(cfg)) {
      throw new ConfigError(`invalid config ${source}: must be a JSON object`);
    }
    const errors = topLevelErrors(cfg as Record<string, unknown>);
    if (errors.length) {
      const msgs = errors.map((e) => fmtAjv('', e, TOP_KEYS));
      throw new ConfigError(`invalid config ${source}: ${msgs.join('; ')}`);
    }
    if (cfg.closedWorld) resolved.closedWorld = true;
    if (cfg.namespace) resolved.namespace = cfg.namespace;
    if (cfg.ignorePatterns) resolved.ignorePatterns = [...cfg.ignorePatterns];
    if (cfg.rules) apply(cfg.rules, `invalid config ${source}: `);
  }
  if (overrides.rules) apply(overrides.rules, '--rule: ');
  if (overrides.closedWorld) resolved.closedWorld = true;
  if (overrides.namespace) {
    const problem = dnsLabelProblem(overrides.namespace);
    if (problem)
      throw new ConfigError(`--namespace "${overrides.namespace}" is not a valid namespace: ${problem}`);
    resolved.namespace = overrides.namespace;
  }
  return resolved;
}

/** A rule's severity and options in a preset: its own defaults, with the strict preset's changes. */
export function presetSetting(rule: Rule, preset: Preset): RuleSetting {
  const strict = preset === 'strict' ? rule.meta.strict : undefined;
  return {
    severity: strict?.severity ?? rule.meta.severity,
    options: structuredClone({ ...(rule.meta.options?.defaults ?? {}), ...(strict?.options ?? {}) }),
  };
}

/** What the command line says about the configuration. */
export interface ConfigFlags {
  /** --config FILE (relative to cwd) */
  config?: string;
  /** --namespace NS */
  namespace?: string;
  /** --rule ID=SEVERITY, repeatable */
  rule?: string[];
  /** --closed-world */
  closedWorld?: boolean;
  /** Rule options a flag sets for one run (--strict-kinds), over the config's. */
  ruleOptions?: Record<string, Record<string, unknown>>;
}

/** `--rule ID=SEVERITY` values as config rule settings. */
function parseRuleFlags(values: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const v of values) {
    const m = /^\s*([\w-]+)\s*[=:]\s*(\w+)\s*$/.exec(v);
    if (!m?.[1] || !m[2])
      throw new ConfigError(`--rule expects ID=SEVERITY (e.g. --rule service-mixed-images=off), got "${v}"`);
    // On the command line a number is text: --rule id=1 is the config's 1.
    out[m[1]] = /^\d+$/.test(m[2]) ? Number(m[2]) : m[2];
  }
  return out;
}

/**
 * The config a run uses, as every command resolves it: --config, or the nearest .lintrc.json from `start`
 * (default `cwd`) upwards, then the flags. Throws ConfigError.
 */
export function loadConfig(
  flags: ConfigFlags,
  rules: readonly Rule[],
  cwd: string,
  start = cwd,
): ResolvedConfig {
  const configPath = flags.config ? resolve(cwd, flags.config) : findConfig(start);
  const cfg = configPath ? readConfigFile(configPath) : undefined;
  const config = resolveConfig(cfg, rules, flags.config ?? configPath, {
    namespace: flags.namespace,
    rules: parseRuleFlags(flags.rule ?? []),
    closedWorld: flags.closedWorld,
  });
  config.path = configPath;
  for (const [id, options] of Object.entries(flags.ruleOptions ?? {})) {
    const setting = config.rules.get(id);
    if (setting) Object.assign(setting.options, options);
  }
  return config;
}

function validateOptions(rule: Rule, value: unknown, at: string): Record<string, unknown> {
  if (!rule.meta.options) throw new ConfigError(`${at}: rule "${rule.meta.id}" takes no options`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${at}: options must be an object`);
  }
  const merged = { ...structuredClone(rule.meta.options.defaults), ...(value as Record<string, unknown>) };
  const validate = getAjv().compile(rule.meta.options.schema);
  if (!validate(merged)) {
    const known = Object.keys((rule.meta.options.schema.properties as object | undefined) ?? {});
    throw new ConfigError((validate.errors ?? []).map((e) => fmtAjv(at, e, known)).join('; '));
  }
  return merged;
}
