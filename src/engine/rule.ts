/** The contract between the engine and a rule module: metadata in, findings out through `report`. */
import type { Model } from '../model/model.js';
import type { SchemaValidators } from '../schema/validators.js';
import type { Fix, K8sObject, Path, Severity } from '../types.js';

export type JsonSchema = Record<string, unknown>;

export interface RuleMeta {
  /** Public id, equal to the file name under rules/. */
  id: string;
  /** One line: "Require …" / "Disallow …". */
  description: string;
  /** Severity in the `recommended` preset (the default); 'off' rules run only when configured. */
  severity: Severity | 'off';
  /**
   * The rule's setting in the `strict` preset where it differs from `recommended`: policy rules (a team's
   * choice rather than a defect anywhere) are off in `recommended` and on in `strict`.
   */
  strict?: { severity?: Severity | 'off'; options?: Record<string, unknown> };
  /** JSON Schema of the options object, with defaults. */
  options?: { schema: JsonSchema; defaults: Record<string, unknown> };
  /** Message templates by id; `{{name}}` is replaced by data.name. */
  messages: Record<string, string>;
  /** What to do about a finding: one sentence. */
  remediation: string;
  /**
   * 'model' rules run on the model; 'parse' rules report problems found while loading and parsing (their
   * check does nothing, the loader produces their findings).
   */
  stage?: 'model' | 'parse';
}

export interface Report {
  object: K8sObject;
  /** Path relative to the object. */
  path: Path;
  /** Point at the key of the last segment rather than its value. */
  key?: boolean;
  messageId: string;
  data?: Record<string, string | number>;
  /** Lower the configured severity for this report (an error rule may report a warning). */
  severity?: Severity;
  related?: Array<{ object: K8sObject; path: Path; message: string }>;
  /**
   * The finding holds only if the input were complete: a reference to an object the input does not hold,
   * and nothing in the input shows it to be a mistake (model/resolve.ts judges that). Unless the run is
   * declared closed-world, the engine counts it as not checked instead of reporting it.
   */
  assumesComplete?: boolean;
  /**
   * A safe fix (src/fix builds them; undefined when none applies), built only when the finding's fix is
   * read: by `--fix`, the `json` and `sarif` formats, the language server. A report read in the terminal
   * builds none.
   */
  fix?: () => Fix | undefined;
  /**
   * Suggestions a person may choose, built when read as `fix` is; undefined entries (a builder that found
   * nothing) are dropped.
   */
  suggestions?: () => ReadonlyArray<Fix | undefined>;
}

export interface RuleContext {
  /** The rule's options: defaults merged with the configuration. */
  options: Record<string, unknown>;
  report(r: Report): void;
  /** The compiled schemas of the built-in kinds and of kind configs, as the caller of `lint` gave them. */
  validators: SchemaValidators;
}

export interface Rule {
  meta: RuleMeta;
  check(model: Model, context: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

export const DOCS_BASE = 'https://github.com/k8s-svc-lint/k8s-svc-lint/blob/main/docs/rules/';

export function docsUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}
