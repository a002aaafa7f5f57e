/**
 * The build-time compiled validators of the built-in kinds (dist/validators/, written by
 * scripts/compile-schemas.ts): loaded lazily, a module only when its kind appears in the input, so a run
 * pays neither schema compilation nor the code of kinds it does not use.
 *
 * How a module file becomes code is the caller's choice: `lint()` takes the validators from its caller.
 * A library user gets `defaultValidators()`, which loads each file with a plain `require`; the command
 * line hands in its own loader (src/launch.ts: with the code cache the build made).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject } from 'ajv';
import { mapAt } from '../util/maps.js';

export interface Validator {
  (value: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** The validators the rules use: `schema` asks per object, `kind-config` for the kind cluster config. */
export interface SchemaValidators {
  /** The validator of a built-in kind, or undefined when the kind has no schema (CRDs, kind configs). */
  validatorFor(apiVersion: string, kind: string): Validator | undefined;
  /** The apiVersions that define a kind, for a hint when an object names it under another version. */
  apiVersionsOf(kind: string): string[];
  /** The validator of kind cluster configs (schemas/kind-cluster.schema.json). */
  kindConfig(): Validator;
}

/** Loads a CommonJS file of dist/validators by its absolute path and returns its exports. */
export type ModuleLoader = (file: string) => unknown;

const DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../validators');

/**
 * The validators of dist/validators, each module loaded once by `load` (a plain `require` unless the
 * caller says otherwise).
 */
export function compiledValidators(load: ModuleLoader = createRequire(import.meta.url)): SchemaValidators {
  /** apiVersion → kind → module file. */
  let index: Record<string, Record<string, string>> | undefined;
  const kinds = (): Record<string, Record<string, string>> => {
    index ??= (JSON.parse(readFileSync(join(DIR, 'index.json'), 'utf8')) as { kinds: typeof index }).kinds;
    return index as Record<string, Record<string, string>>;
  };
  const modules = new Map<string, Record<string, Validator>>();
  const moduleOf = (file: string): Record<string, Validator> => {
    let mod = modules.get(file);
    if (!mod) {
      mod = load(join(DIR, file)) as Record<string, Validator>;
      modules.set(file, mod);
    }
    return mod;
  };
  /** apiVersion → kind → validator (null: none), asked once per object of a run. */
  const cache = new Map<string, Map<string, Validator | null>>();

  return {
    validatorFor(apiVersion, kind) {
      const known = cache.get(apiVersion)?.get(kind);
      if (known !== undefined) return known ?? undefined;
      const byKind = kinds()[apiVersion];
      const file = byKind && Object.hasOwn(byKind, kind) ? byKind[kind] : undefined;
      let v: Validator | undefined;
      if (file !== undefined) {
        const mod = moduleOf(file);
        const group = apiVersion.includes('/') ? apiVersion.replace('/', '.') : `core.${apiVersion}`;
        v = mod[`${group}.${kind}`.replace(/\W/g, '_')];
      }
      mapAt(cache, apiVersion).set(kind, v ?? null);
      return v;
    },
    apiVersionsOf(kind) {
      return Object.entries(kinds())
        .filter(([, byKind]) => Object.hasOwn(byKind, kind))
        .map(([av]) => av)
        .sort();
    },
    kindConfig() {
      return moduleOf('kind-cluster.cjs').validate as Validator;
    },
  };
}

let plain: SchemaValidators | undefined;

/** The validators a caller gets that names none: dist/validators loaded with `require`, once per process. */
export function defaultValidators(): SchemaValidators {
  plain ??= compiledValidators();
  return plain;
}
