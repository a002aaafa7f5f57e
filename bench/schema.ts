/**
 * Schema validation cost: build-time standalone validators (what the rule uses) against compiling the same
 * schema with ajv at run time, on the objects of a corpus. Run each mode in a fresh process:
 *   node dist/bench/schema.js standalone|runtime DIR...
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { loadSources } from '../src/load/load.js';
import { objectsOf } from '../src/model/objects.js';
import { asDecoded } from '../src/schema/errors.js';
import { defaultValidators, type Validator } from '../src/schema/validators.js';

const [mode, ...dirs] = process.argv.slice(2);
const root = join(import.meta.dirname, '../..');
const { files } = await loadSources(dirs, { cwd: process.cwd(), gitignore: false });
const objects = files.flatMap((f) => objectsOf(f, 'default'));

const t0 = performance.now();
const standalone = defaultValidators();
let get: (apiVersion: string, kind: string) => Validator | undefined = (av, kind) =>
  standalone.validatorFor(av, kind);
if (mode === 'runtime') {
  const text = readFileSync(join(root, 'schemas/k8s/k8s.schema.json'), 'utf8');
  const bundle = JSON.parse(text, (k, v) =>
    k === 'description' && typeof v === 'string' ? undefined : v,
  ) as {
    $id: string;
    'x-kinds': Record<string, Record<string, string>>;
  };
  const ajv = new Ajv({ allErrors: true, strict: false, inlineRefs: false, verbose: true });
  ajv.addSchema(bundle);
  const cache = new Map<string, Validator | undefined>();
  get = (av, kind) => {
    const key = `${av} ${kind}`;
    if (!cache.has(key)) {
      const def = bundle['x-kinds'][av]?.[kind];
      cache.set(key, def ? (ajv.getSchema(`${bundle.$id}#/definitions/${def}`) as Validator) : undefined);
    }
    return cache.get(key);
  };
}
let validated = 0;
let invalid = 0;
for (const o of objects) {
  const v = get(o.apiVersion, o.kind);
  if (!v) continue;
  validated++;
  if (!v(asDecoded(o.raw))) invalid++;
}
const ms = performance.now() - t0;
console.log(
  `${mode}: ${objects.length} objects, ${validated} validated (${invalid} invalid) in ${ms.toFixed(0)} ms`,
);
