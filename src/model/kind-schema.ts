/**
 * Validation of kind cluster configs against schemas/kind-cluster.schema.json: ajv errors turned into
 * paths and messages in the house style, with a did-you-mean for misspelt fields and values.
 */
import type { ErrorObject } from 'ajv';
import type { Validator } from '../schema/validators.js';
import type { Document, Path } from '../types.js';
import { closest, quoteList } from '../util/suggest.js';

export interface SchemaProblem {
  path: Path;
  /** Point at the key (an unknown field) rather than the value. */
  key: boolean;
  message: string;
}

/** "nodes[0].extraPortMappings[1]" */
export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out || 'the config';
}

function pathOf(pointer: string): Path {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a number';
  return `a ${typeof v}`;
}

function problemOf(e: ErrorObject): SchemaProblem | undefined {
  const path = pathOf(e.instancePath);
  const where = formatPath(path);
  switch (e.keyword) {
    case 'additionalProperties': {
      const extra = String((e.params as { additionalProperty: string }).additionalProperty);
      const props = Object.keys(
        ((e.parentSchema as { properties?: object } | undefined)?.properties ?? {}) as object,
      );
      const dym = closest(extra, props);
      const within = path.length ? ` in ${where}` : '';
      return {
        path: [...path, extra],
        key: true,
        message: `unknown field "${extra}"${within}${dym ? `; did you mean "${dym}"?` : ` (fields: ${quoteList(props, 12)})`}`,
      };
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const dym = typeof e.data === 'string' ? closest(e.data, allowed, 2) : undefined;
      return {
        path,
        key: false,
        message: `${where} ${show(e.data)} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}${dym ? `; did you mean "${dym}"?` : ''}`,
      };
    }
    case 'const':
      return {
        path,
        key: false,
        message: `${where} is ${show(e.data)}, expected ${show((e.params as { allowedValue: unknown }).allowedValue)}`,
      };
    case 'type':
      return {
        path,
        key: false,
        message: `${where} must be ${(e.params as { type: string }).type}, got ${typeName(e.data)} ${show(e.data)}`,
      };
    case 'minimum':
    case 'maximum': {
      const s = e.parentSchema as { minimum?: number; maximum?: number };
      return {
        path,
        key: false,
        message: `${where} ${show(e.data)} is out of range (${s.minimum ?? '…'} to ${s.maximum ?? '…'})`,
      };
    }
    case 'pattern':
      return {
        path,
        key: false,
        message: `${where} ${show(e.data)} must match ${(e.params as { pattern: string }).pattern}`,
      };
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return { path, key: false, message: `${where} sets no ${missing}, which kind requires` };
    }
    default:
      return { path, key: false, message: `${where} ${e.message ?? 'is invalid'}` };
  }
}

/**
 * Schema problems of one config value; one per path, the most useful first. `v` is the schema's
 * validator, compiled at build time (SchemaValidators.kindConfig): no run loads ajv or compiles the schema.
 */
export function validateKindConfig(value: unknown, v: Validator): SchemaProblem[] {
  if (v(value)) return [];
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  // A required field that is only misspelt (containerport) is one problem, reported at the misspelling.
  const misspelt = new Set<string>();
  for (const e of v.errors ?? []) {
    if (e.keyword !== 'additionalProperties') continue;
    const extra = String((e.params as { additionalProperty: string }).additionalProperty);
    const props = Object.keys(
      ((e.parentSchema as { properties?: object } | undefined)?.properties ?? {}) as object,
    );
    const dym = closest(extra, props);
    if (dym) misspelt.add(`${e.instancePath}\u0000${dym}`);
  }
  for (const e of v.errors ?? []) {
    if (
      e.keyword === 'required' &&
      misspelt.has(`${e.instancePath}\u0000${(e.params as { missingProperty: string }).missingProperty}`)
    )
      continue;
    const p = problemOf(e);
    if (!p) continue;
    const k = `${JSON.stringify(p.path)}${p.key}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(p);
  }
  return out;
}

/**
 * A kind config as kind reads it. kind decodes its config with gopkg.in/yaml.v3 into typed Go fields, not
 * as kubectl reads manifests: a plain scalar in a string field is its text (`labels: {skip: true}` is the
 * label "true", `name: 1.10` the name "1.10"), and a null one the empty string. The string fields are
 * those where the schema, which knows them, wants a string and finds a number, a boolean or null.
 * Returns `value` itself when nothing changes; `doc` and `at` give each scalar's source text; `validate` is
 * the kind config schema's validator.
 */
export function asKindReadsIt(
  value: Record<string, unknown>,
  doc: Document,
  at: Path,
  validate: Validator,
): Record<string, unknown> {
  validate(value);
  let out = value;
  for (const e of validate.errors ?? []) {
    if (e.keyword !== 'type' || (e.params as { type: string }).type !== 'string') continue;
    if (!(e.data === null || typeof e.data === 'number' || typeof e.data === 'boolean')) continue;
    const path = pathOf(e.instancePath);
    const text = e.data === null ? '' : doc.sourceText?.([...at, ...path]);
    if (text !== undefined) out = withValue(out, path, text) as Record<string, unknown>;
  }
  return out;
}

/** `v` with `text` at `path`: the collections on the way copied, the rest shared. */
function withValue(v: unknown, path: Path, text: string): unknown {
  const [seg, ...rest] = path;
  if (seg === undefined) return text;
  if (Array.isArray(v)) {
    const copy = [...v];
    copy[seg as number] = withValue(v[seg as number], rest, text);
    return copy;
  }
  const o = v as Record<string, unknown>;
  return { ...o, [seg]: withValue(o[seg], rest, text) };
}
