/** The library API: lint sources with a config and get findings, with no I/O beyond what you call. */
export { rules } from '../rules/index.js';
export {
  ConfigError,
  type ConfigFile,
  findConfig,
  type ResolvedConfig,
  readConfigFile,
  resolveConfig,
} from './config/config.js';
export { type LintOptions, type LintResult, type LintTiming, lint } from './engine/lint.js';
export { defineRule, docsUrl, type Rule, type RuleContext, type RuleMeta } from './engine/rule.js';
export { loadFormatter } from './format/index.js';
export { loadSources } from './load/load.js';
export { Model } from './model/model.js';
export { parseSource } from './parse/parse.js';
export {
  compiledValidators,
  defaultValidators,
  type ModuleLoader,
  type SchemaValidators,
  type Validator,
} from './schema/validators.js';
export type {
  Document,
  Finding,
  Fix,
  K8sObject,
  Path,
  Range,
  Severity,
  SourceFile,
  TextEdit,
} from './types.js';
