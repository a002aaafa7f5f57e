/**
 * Turns ajv's errors for one object into findings a person reads: one per problem, at the offending node,
 * with the type's name and a "did you mean". The noise ajv produces for anyOf is collapsed.
 */
import type { ErrorObject } from 'ajv';
import type { Path } from '../types.js';
import { closest, quoteList } from '../util/suggest.js';

export interface SchemaProblem {
  path: Path;
  key?: boolean;
  messageId: 'unknownField' | 'type' | 'required' | 'enum' | 'invalid';
  data: Record<string, string>;
}

type Json = Record<string, unknown>;

/**
 * The object as the API server decodes it: a null field is an unset field (kubectl drops it, e.g.
 * `creationTimestamp: null`), and a YAML 1.1 timestamp is sent as its string. Most objects have neither:
 * those are returned as they are, the others copied.
 */
export function asDecoded(value: unknown): unknown {
  return needsDecoding(value) ? decodedCopy(value) : value;
}

function decodedCopy(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (Array.isArray(value)) return value.map(decodedCopy);
  if (typeof value !== 'object' || value === null) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = decodedCopy(v);
  return out;
}

/** Does the value hold a timestamp or a null field (or a "__proto__" key, which a copy turns into a prototype)? */
function needsDecoding(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (value instanceof Date) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (needsDecoding(item)) return true;
    return false;
  }
  // for…in allocates nothing; parsed YAML objects have no inherited enumerable keys.
  for (const k in value) {
    const v = (value as Json)[k];
    if (v === null || v === undefined || k === '__proto__' || needsDecoding(v)) return true;
  }
  return false;
}

/** "/spec/ports/0/port" → ['spec', 'ports', 0, 'port'], numbers where the value is a list. */
export function toPath(pointer: string, root: unknown): Path {
  const out: Array<string | number> = [];
  let cur: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const next = Array.isArray(cur) ? Number(seg) : seg;
    out.push(next);
    cur = cur !== null && typeof cur === 'object' ? (cur as Json)[next as string] : undefined;
  }
  return out;
}

/** The name of the node at a path as a person calls it: the field, with list indexes ("args[1]"). */
export function fieldName(path: Path): string {
  let name = '';
  for (let i = path.length - 1; i >= 0; i--) {
    const seg = path[i];
    if (typeof seg === 'number') name = `[${seg}]${name}`;
    else return `${seg}${name}`;
  }
  return name || 'object';
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
};

function expectedOf(schema: unknown): string {
  if (typeof schema !== 'object' || schema === null) return 'valid';
  const s = schema as Json;
  if (typeof s.title === 'string') return `a ${s.title}`;
  if (typeof s.$ref === 'string') return `a ${s.$ref.slice(s.$ref.lastIndexOf('.') + 1)}`;
  const types = Array.isArray(s.type) ? s.type : s.type !== undefined ? [s.type] : [];
  if (types.length) return types.map((t) => TYPE_WORDS[String(t)] ?? String(t)).join(' or ');
  if (Array.isArray(s.items)) return 'a list';
  return 'valid';
}

/** `string "80"`, `number 1.1`, `boolean true`, `a mapping`, `a list`. */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `string ${JSON.stringify(v)}`;
  return `${typeof v} ${String(v)}`;
}

function typeHint(expected: string[], value: unknown, source: string | undefined): string {
  if (expected.includes('string') && (typeof value === 'number' || typeof value === 'boolean')) {
    const text = source && !/^["']/.test(source) ? source : String(value);
    return `; quote it: ${JSON.stringify(text)}`;
  }
  if (
    (expected.includes('integer') || expected.includes('number')) &&
    typeof value === 'string' &&
    /^-?\d+$/.test(value)
  )
    return '; remove the quotes';
  if (expected.includes('boolean') && typeof value === 'string' && /^(true|false)$/i.test(value))
    return '; remove the quotes';
  return '';
}

export interface MapOptions {
  /** Source text of the scalar at a path (relative to the object), for "quote it" hints. */
  sourceText?: (path: Path) => string | undefined;
  /** Nodes another rule checks (label values, Service ports, workload selectors): their problems are skipped. */
  ownedElsewhere?: (path: Path) => boolean;
}

/** Maps one object's ajv errors (instance paths relative to the object) to problems. */
export function mapErrors(
  errors: readonly ErrorObject[],
  value: unknown,
  opts: MapOptions = {},
): SchemaProblem[] {
  // anyOf: when a branch got deeper than the union's own node, its errors say more than "must match one
  // of": keep those and drop the union's node-level noise. Otherwise keep one error for the union.
  // anyOf: when the branch for the value's type found problems inside it (an unknown field, a bad
  // item), those say more than "must match one of": keep them and drop the union's own type noise.
  // Otherwise keep one error for the union.
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const dropAt = new Set<string>();
  const collapsed = new Set<string>();
  for (const u of unions) {
    const at = u.instancePath;
    const inner = errors.some(
      (e) =>
        e !== u &&
        !(e.instancePath === at && e.keyword === 'type') &&
        (e.instancePath === at || e.instancePath.startsWith(`${at}/`)),
    );
    if (inner) dropAt.add(at);
    else collapsed.add(at);
  }

  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const isUnion = e.keyword === 'anyOf' || e.keyword === 'oneOf';
    if (dropAt.has(e.instancePath) && (isUnion || e.keyword === 'type')) continue;
    if (!isUnion && [...collapsed].some((c) => e.instancePath === c || e.instancePath.startsWith(`${c}/`)))
      continue;
    const path = toPath(e.instancePath, value);
    const p = problemOf(e, path, opts);
    if (!p) continue;
    // One finding per defect: a field another rule checks is its to report (a missing one included).
    const field = p.messageId === 'required' ? [...p.path, String(p.data.field)] : p.path;
    if (p.messageId !== 'unknownField' && opts.ownedElsewhere?.(field)) continue;
    const k = `${p.path.join('\u0000')}|${p.messageId}|${JSON.stringify(p.data)}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(p);
  }
  return out;
}

function problemOf(e: ErrorObject, path: Path, opts: MapOptions): SchemaProblem | undefined {
  const parent = (e.parentSchema ?? {}) as Json;
  const typeName = typeof parent.title === 'string' ? parent.title : 'object';
  switch (e.keyword) {
    case 'additionalProperties': {
      const field = String((e.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys((parent.properties as Json | undefined) ?? {});
      const dym = closest(field, known);
      return {
        path: [...path, field],
        key: true,
        messageId: 'unknownField',
        data: { field, type: typeName, hint: dym ? `; did you mean "${dym}"?` : '' },
      };
    }
    case 'required': {
      const field = String((e.params as { missingProperty: string }).missingProperty);
      return { path, messageId: 'required', data: { field, type: typeName } };
    }
    case 'type': {
      const t = (e.params as { type: string | string[] }).type;
      const expected = Array.isArray(t) ? t : String(t).split(',');
      return {
        path,
        messageId: 'type',
        data: {
          field: fieldName(path),
          expected: expected.map((x) => TYPE_WORDS[x] ?? x).join(' or '),
          actual: describeValue(e.data),
          hint: typeHint(expected, e.data, opts.sourceText?.(path)),
        },
      };
    }
    case 'enum': {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      const dym = typeof e.data === 'string' ? closest(e.data, allowed) : undefined;
      return {
        path,
        messageId: 'enum',
        data: {
          field: fieldName(path),
          allowed: quoteList(allowed, 8),
          actual: describeValue(e.data),
          hint: dym ? `; did you mean "${dym}"?` : '',
        },
      };
    }
    case 'anyOf':
    case 'oneOf': {
      const branches = Array.isArray(e.schema) ? e.schema : [];
      return {
        path,
        messageId: 'type',
        data: {
          field: fieldName(path),
          expected: [...new Set(branches.map(expectedOf))].join(' or '),
          actual: describeValue(e.data),
          hint: '',
        },
      };
    }
    default:
      return {
        path,
        messageId: 'invalid',
        data: { field: fieldName(path), problem: e.message ?? 'is invalid' },
      };
  }
}
