/**
 * The build-time compiled validators of the built-in kinds (dist/validators/, written by
 * scripts/compile-schemas.ts): loaded lazily, a module only when its kind appears in the input, so a run
 * pays neither schema compilation nor the code of kinds it does not use.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject } from 'ajv';
import { requireCompiled } from '../launch.js';
import { mapAt } from '../util/maps.js';

export interface Validator {
  (value: unknown): boolean;
  errors?: ErrorObject[] | null;
}

const DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../validators');

/** apiVersion → kind → module file. */
let index: Record<string, Record<string, string>> | undefined;
function kinds(): Record<string, Record<string, string>> {
  index ??= (JSON.parse(readFileSync(join(DIR, 'index.json'), 'utf8')) as { kinds: typeof index }).kinds;
  return index as Record<string, Record<string, string>>;
}

/**
 * A validator file of dist/validators by name (the kinds' modules, kind-cluster.cjs), loaded once each,
 * with its code cache (see src/launch.ts).
 */
const modules = new Map<string, Record<string, Validator>>();
export function validatorModule(file: string): Record<string, Validator> {
  let mod = modules.get(file);
  if (!mod) {
    mod = requireCompiled(join(DIR, file)) as Record<string, Validator>;
    modules.set(file, mod);
  }
  return mod;
}

/** apiVersion → kind → validator (null: none), asked once per object of a run. */
const cache = new Map<string, Map<string, Validator | null>>();

/** The validator of a built-in kind, or undefined when the kind has no schema (CRDs, kind configs). */
export function validatorFor(apiVersion: string, kind: string): Validator | undefined {
  const known = cache.get(apiVersion)?.get(kind);
  if (known !== undefined) return known ?? undefined;
  const byKind = kinds()[apiVersion];
  const file = byKind && Object.hasOwn(byKind, kind) ? byKind[kind] : undefined;
  let v: Validator | undefined;
  if (file !== undefined) {
    const mod = validatorModule(file);
    const group = apiVersion.includes('/') ? apiVersion.replace('/', '.') : `core.${apiVersion}`;
    v = mod[`${group}.${kind}`.replace(/\W/g, '_')];
  }
  mapAt(cache, apiVersion).set(kind, v ?? null);
  return v;
}

/** The apiVersions that define a kind, for a hint when an object names it under another version. */
export function apiVersionsOf(kind: string): string[] {
  return Object.entries(kinds())
    .filter(([, byKind]) => Object.hasOwn(byKind, kind))
    .map(([av]) => av)
    .sort();
}
