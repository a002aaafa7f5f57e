/**
 * Build step: compiles schemas/k8s/k8s.schema.json with ajv into standalone validation code, one CommonJS
 * module per kind under dist/validators/, so a lint run never pays schema compilation and loads only the
 * validators of the kinds in its input (synchronously, with `require`). Each module exports one function
 * per definition, named by the definition with non-word characters as `_`.
 *
 * Also writes dist/validators/index.json: apiVersion → kind → module file, and
 * dist/validators/kind-cluster.cjs: schemas/kind-cluster.schema.json compiled the same way (export `validate`),
 * so a run with a kind cluster config does not load ajv either. Skips the work when the schemas, ajv and
 * this script are unchanged since the last build.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';

const standaloneCode = standalone.default;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const schemaFile = join(root, 'schemas/k8s/k8s.schema.json');
const kindSchemaFile = join(root, 'schemas/kind-cluster.schema.json');
const outDir = join(root, 'dist/validators');
const force = process.argv.includes('--force');

interface Bundle {
  $id: string;
  'x-kinds': Record<string, Record<string, string>>;
  definitions: Record<string, unknown>;
}

const text = readFileSync(schemaFile, 'utf8');
const kindText = readFileSync(kindSchemaFile, 'utf8');
const ajvVersion = (createRequire(import.meta.url)('ajv/package.json') as { version: string }).version;
const stamp = createHash('sha256')
  .update(text)
  .update(kindText)
  .update(ajvVersion)
  .update(readFileSync(fileURLToPath(import.meta.url)))
  .digest('hex');
const stampFile = join(outDir, '.stamp');
if (!force && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) process.exit(0);

const started = Date.now();
// Descriptions are for editors and people: ajv embeds the schema objects it refers to, so drop them here.
const bundle = JSON.parse(text, (key, value) =>
  key === 'description' && typeof value === 'string' ? undefined : value,
) as Bundle;
// allErrors: one finding per problem, not just the first; verbose: errors carry the value and the schema
// object (its title and property names make the messages).
const ajv = new Ajv({
  allErrors: true,
  strict: false,
  inlineRefs: false,
  verbose: true,
  code: { source: true },
});
ajv.addSchema(bundle);

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
/** Definitions reachable from a definition, to find the kinds that embed a pod spec. */
function reaches(def: string, target: string, seen = new Set<string>()): boolean {
  if (def === target) return true;
  if (seen.has(def)) return false;
  seen.add(def);
  const refs = JSON.stringify(bundle.definitions[def]).matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g);
  for (const m of refs) if (m[1] && reaches(m[1], target, seen)) return true;
  return false;
}

// One module per kind, except that the kinds with a pod template share one module: their code is mostly
// the pod spec's, and a run that has one workload kind usually has several.
const groups = new Map<string, Record<string, string>>();
const files: Record<string, Record<string, string>> = {};
for (const [apiVersion, kinds] of Object.entries(bundle['x-kinds'])) {
  for (const [kind, def] of Object.entries(kinds)) {
    const file = reaches(def, 'core.v1.PodSpec') ? 'workloads.cjs' : `${def}.cjs`;
    const exports = groups.get(file) ?? {};
    exports[def.replace(/\W/g, '_')] = `${bundle.$id}#/definitions/${def}`;
    groups.set(file, exports);
    files[apiVersion] ??= {};
    files[apiVersion][kind] = file;
  }
}
let bytes = 0;
for (const [file, exports] of groups) {
  const code = standaloneCode(ajv, exports);
  writeFileSync(join(outDir, file), code);
  bytes += code.length;
}
// The kind cluster schema, compiled with every error and its data and parent schema, which
// src/model/kind-schema.ts turns into messages (descriptions kept: the schema is small, and the error
// objects are then exactly what ajv gives).
const kindAjv = new Ajv({ allErrors: true, verbose: true, strict: false, code: { source: true } });
const kindSchema = JSON.parse(kindText) as { $id: string };
kindAjv.addSchema(kindSchema);
const kindCode = standaloneCode(kindAjv, { validate: kindSchema.$id });
writeFileSync(join(outDir, 'kind-cluster.cjs'), kindCode);
bytes += kindCode.length;
writeFileSync(join(outDir, 'index.json'), JSON.stringify({ kinds: files }));
writeFileSync(stampFile, stamp);
const count = Object.values(files).reduce((n, k) => n + Object.keys(k).length, 0);
console.log(
  `compile-schemas: ${count} validators, ${Math.round(bytes / 1024)} KiB, in ${Date.now() - started} ms`,
);
