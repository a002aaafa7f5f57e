/**
 * The pure core: sources and a resolved config in, sorted findings out. No file system, no printing; what
 * it needs besides (the compiled schemas, a clock when timed) comes from the caller, with defaults that
 * need nothing of the command line.
 */
import type { ResolvedConfig } from '../config/config.js';
import { buildModel } from '../model/build.js';
import type { Model } from '../model/model.js';
import { defaultValidators, type SchemaValidators } from '../schema/validators.js';
import type { Finding, Fix, K8sObject, Severity, SourceFile } from '../types.js';
import { placeOf } from '../util/where.js';
import type { Report, Rule } from './rule.js';
import {
  annotationFindings,
  type Directives,
  directiveFindings,
  directivesOf,
  IGNORE_ANNOTATION,
  ignoredByAnnotation,
  isSuppressedByComment,
} from './suppress.js';

export interface LintResult {
  findings: Finding[];
  /**
   * What could not be checked: findings that would hold only if the input were complete (references to
   * objects it does not hold). Empty in a closed-world run, where they are findings.
   */
  unchecked: Finding[];
  model: Model;
}

/** Where lint time went (K8S_SVC_LINT_TIMING): milliseconds building the model, and per rule. */
export interface LintTiming {
  model: number;
  rules: Map<string, number>;
  /** The clock the times are read from, in milliseconds. */
  now(): number;
}

/** What `lint` takes from its caller besides the sources, the config and the rules. */
export interface LintOptions {
  /** The schemas' validators (default: dist/validators loaded with `require`, see defaultValidators). */
  validators?: SchemaValidators;
  /** Add where the time went to this (not measured when absent). */
  timing?: LintTiming;
}

export function interpolate(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) =>
    Object.hasOwn(data, k) ? String(data[k]) : m,
  );
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

function cap(configured: Severity, requested: Severity | undefined): Severity {
  return requested === 'warning' ? 'warning' : configured;
}

export function lint(
  sources: SourceFile[],
  config: ResolvedConfig,
  rules: readonly Rule[],
  options: LintOptions = {},
): LintResult {
  const steps = lintSteps(sources, config, rules, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `lint` one step at a time: the generator pauses after building the model and after each rule, so that
 * a caller with other work (the language server) can go on between steps, or drop a run an edit made
 * stale.
 */
export function* lintSteps(
  sources: SourceFile[],
  config: ResolvedConfig,
  rules: readonly Rule[],
  options: LintOptions = {},
): Generator<void, LintResult, void> {
  const { timing } = options;
  const validators = options.validators ?? defaultValidators();
  let started = timing ? timing.now() : 0;
  const model = buildModel(sources, config.namespace, validators);
  if (timing) timing.model += timing.now() - started;
  const raw: Finding[] = [];
  const unchecked: Finding[] = [];
  // What each object's ignore annotation suppressed, for the findings about suppressions.
  const annotationUse = new Map<K8sObject, Set<string>>();

  for (const file of sources) {
    for (const p of file.problems) {
      const setting = config.rules.get(p.ruleId);
      if (setting?.severity === 'off') continue;
      raw.push(setting ? { ...p, severity: cap(setting.severity as Severity, p.severity) } : p);
    }
  }

  for (const rule of rules) {
    const setting = config.rules.get(rule.meta.id);
    if (!setting || setting.severity === 'off' || rule.meta.stage === 'parse') continue;
    yield;
    const severity = setting.severity;
    const report = (r: Report) => {
      if (ignoredByAnnotation(r.object, rule.meta.id, annotationUse)) return;
      const template = rule.meta.messages[r.messageId];
      if (template === undefined) {
        throw new Error(`rule "${rule.meta.id}" reported unknown messageId "${r.messageId}"`);
      }
      const range = r.object.doc.locate([...r.object.path, ...r.path], { key: r.key });
      const finding: Finding = {
        ruleId: rule.meta.id,
        severity: cap(severity, r.severity),
        message: interpolate(template, r.data),
        filePath: r.object.file.path,
        ...range,
        remediation: rule.meta.remediation,
        target: {
          apiVersion: r.object.apiVersion,
          kind: r.object.kind,
          namespace: r.object.namespace,
          name: r.object.name,
          path: r.path,
        },
        related: undefined,
      };
      if (r.related) placeRelatedOnDemand(finding, r.related);
      if (r.fix) whenRead(finding, 'fix', r.fix);
      const suggest = r.suggestions;
      if (suggest)
        whenRead(finding, 'suggestions', () => {
          const list = suggest().filter((s): s is Fix => s !== undefined);
          return list.length ? list : undefined;
        });
      if (r.assumesComplete && !config.closedWorld) unchecked.push(finding);
      else raw.push(finding);
    };
    if (timing) started = timing.now();
    try {
      rule.check(model, { options: setting.options, report, validators });
    } catch (e) {
      // A crashing rule must not take the run down: report it, name it, go on.
      raw.push({
        ruleId: rule.meta.id,
        severity: 'error',
        message: `rule crashed: ${(e as Error).message} (please report this bug)`,
        filePath: sources[0]?.path ?? '<input>',
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
      });
    }
    if (timing)
      timing.rules.set(rule.meta.id, (timing.rules.get(rule.meta.id) ?? 0) + timing.now() - started);
  }

  // Comment directives of the files that have any (the last file of a path wins, as a Map would).
  const directives = new Map<string, Directives>();
  for (const f of sources)
    if (f.text.includes('k8s-svc-lint-disable')) directives.set(f.path, directivesOf(f));
  const shown = (f: Finding) => {
    const d = directives.get(f.filePath);
    return !d || !isSuppressedByComment(f, d);
  };
  const findings = raw.filter(shown);
  const notChecked = unchecked.filter(shown);
  // Then what the suppressions say about themselves: unknown rule ids, and unused ones when asked.
  const check = {
    known: new Set(rules.map((r) => r.meta.id)),
    reportUnused: !!config.reportUnusedDisableDirectives,
  };
  for (const file of sources) {
    const d = directives.get(file.path);
    if (d?.all.length) findings.push(...directiveFindings(file, d, check));
    directives.delete(file.path);
  }
  for (const obj of model.objects) {
    if (obj.annotations[IGNORE_ANNOTATION] !== undefined)
      findings.push(...annotationFindings(obj, annotationUse.get(obj), check));
  }
  findings.sort(compareFindings);
  notChecked.sort(compareFindings);
  return { findings: dedupe(findings), unchecked: dedupe(notChecked), model };
}

/**
 * Related places ("first definition") are located when a format reads them (sarif), not for every
 * finding: locating a place in another file may re-parse that file.
 */
function placeRelatedOnDemand(finding: Finding, related: NonNullable<Report['related']>): void {
  let placed: Finding['related'];
  Object.defineProperty(finding, 'related', {
    enumerable: true,
    configurable: true,
    get: () => {
      placed ??= related.map((rel) => ({ ...placeOf(rel.object, rel.path), message: rel.message }));
      return placed;
    },
  });
}

/** The same finding reached twice (e.g. through two List paths) is reported once. */
function dedupe(sorted: Finding[]): Finding[] {
  return sorted.filter((f, i) => {
    const p = sorted[i - 1];
    return !p || compareFindings(p, f) !== 0 || p.endLine !== f.endLine || p.endColumn !== f.endColumn;
  });
}

/**
 * Defines a finding's `fix` or `suggestions` as built on first read (then kept), and absent when the
 * builder finds none: building a fix parses its file again, which a report read in the terminal never needs.
 */
function whenRead<K extends 'fix' | 'suggestions'>(
  finding: Finding,
  key: K,
  build: () => Finding[K] | undefined,
): void {
  Object.defineProperty(finding, key, {
    configurable: true,
    enumerable: true,
    get() {
      const value = build();
      if (value === undefined) delete (finding as Partial<Finding>)[key];
      else
        Object.defineProperty(finding, key, { value, enumerable: true, writable: true, configurable: true });
      return value;
    },
  });
}
