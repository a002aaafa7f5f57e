/**
 * Generates schemas/k8s/k8s.schema.json — JSON Schemas of the built-in kinds — from the TypeScript
 * definitions of the `kubernetes-types` package, with the TypeScript compiler API (syntax only: the .d.ts
 * files are plain interfaces and aliases, so no type checker and no extra dependency is needed).
 *
 * Mapping: an interface is a closed object (`additionalProperties: false`), a non-optional property is
 * required, a doc comment becomes `description`, `number` is an integer (the API has no float fields outside
 * CRD schemas), `number | string` (IntOrString) is `["integer", "string"]`, `Quantity` is a string or a
 * number, string-literal unions are enums, an empty interface (RawExtension, JSON, FieldsV1) is anything.
 * The types carry no enums for plain string fields, so a short table of documented enums is added below.
 *
 * `--check` writes nothing and fails when the committed file differs (npm test runs it).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const typesDir = join(root, 'node_modules/kubernetes-types');
const outFile = join(root, 'schemas/k8s/k8s.schema.json');
const check = process.argv.includes('--check');

type Schema = Record<string, unknown>;

/**
 * Enumerations the API server enforces but the TypeScript types spell as `string`; each is documented in
 * the field's description. Keyed by definition and property (`[]` = the items of an array property).
 */
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const ENUMS: Record<string, string[]> = {
  'core.v1.ContainerPort.protocol': PROTOCOLS,
  'core.v1.ServicePort.protocol': PROTOCOLS,
  'core.v1.EndpointPort.protocol': PROTOCOLS,
  'networking.k8s.io.v1.NetworkPolicyPort.protocol': PROTOCOLS,
  'discovery.k8s.io.v1.EndpointPort.protocol': PROTOCOLS,
  'core.v1.ServiceSpec.type': ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'],
  'core.v1.ServiceSpec.externalTrafficPolicy': ['Cluster', 'Local'],
  'core.v1.ServiceSpec.internalTrafficPolicy': ['Cluster', 'Local'],
  'core.v1.ServiceSpec.sessionAffinity': ['ClientIP', 'None'],
  'core.v1.ServiceSpec.ipFamilyPolicy': ['PreferDualStack', 'RequireDualStack', 'SingleStack'],
  'core.v1.ServiceSpec.ipFamilies[]': ['IPv4', 'IPv6'],
  'core.v1.Container.imagePullPolicy': ['Always', 'IfNotPresent', 'Never'],
  'core.v1.EphemeralContainer.imagePullPolicy': ['Always', 'IfNotPresent', 'Never'],
  'core.v1.Container.terminationMessagePolicy': ['FallbackToLogsOnError', 'File'],
  'core.v1.PodSpec.restartPolicy': ['Always', 'Never', 'OnFailure'],
  'core.v1.PodSpec.dnsPolicy': ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'],
  'core.v1.Toleration.operator': ['Equal', 'Exists'],
  'core.v1.Toleration.effect': ['NoExecute', 'NoSchedule', 'PreferNoSchedule'],
  'core.v1.NodeSelectorRequirement.operator': ['DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn'],
  'meta.v1.LabelSelectorRequirement.operator': ['DoesNotExist', 'Exists', 'In', 'NotIn'],
  'apps.v1.DeploymentStrategy.type': ['Recreate', 'RollingUpdate'],
  'apps.v1.StatefulSetSpec.podManagementPolicy': ['OrderedReady', 'Parallel'],
  'apps.v1.StatefulSetUpdateStrategy.type': ['OnDelete', 'RollingUpdate'],
  'apps.v1.DaemonSetUpdateStrategy.type': ['OnDelete', 'RollingUpdate'],
  'batch.v1.CronJobSpec.concurrencyPolicy': ['Allow', 'Forbid', 'Replace'],
  'batch.v1.JobSpec.completionMode': ['Indexed', 'NonIndexed'],
  'networking.k8s.io.v1.HTTPIngressPath.pathType': ['Exact', 'ImplementationSpecific', 'Prefix'],
  'networking.k8s.io.v1.NetworkPolicySpec.policyTypes[]': ['Egress', 'Ingress'],
};

/**
 * Fields the API has that kubernetes-types lacks: the generator drops the fields of embedded Go structs
 * (admission rules' `resources` and `scope`), the `x-kubernetes-*` extensions of CRD schemas, and 1.31's
 * PodResourceClaim fields. Without them, valid webhooks and CRDs would be flagged.
 */
function missingFields(def: string, mod: Module): Record<string, Schema> {
  const strings = { type: 'array', items: { type: 'string' } };
  if (/^admissionregistration\.k8s\.io\.\w+\.(Named)?RuleWithOperations$/.test(def))
    return { resources: strings, scope: { type: 'string', enum: ['*', 'Cluster', 'Namespaced'] } };
  if (def === 'apiextensions.k8s.io.v1.JSONSchemaProps')
    return {
      'x-kubernetes-embedded-resource': { type: 'boolean' },
      'x-kubernetes-int-or-string': { type: 'boolean' },
      'x-kubernetes-list-map-keys': strings,
      'x-kubernetes-list-type': { type: 'string', enum: ['atomic', 'map', 'set'] },
      'x-kubernetes-map-type': { type: 'string', enum: ['atomic', 'granular'] },
      'x-kubernetes-preserve-unknown-fields': { type: 'boolean' },
      'x-kubernetes-validations': { type: 'array', items: refTo(mod, 'ValidationRule') },
    };
  if (def === 'core.v1.PodResourceClaim')
    return { resourceClaimName: { type: 'string' }, resourceClaimTemplateName: { type: 'string' } };
  return {};
}

/** Required in the types, but defaulted by the API server when omitted. */
const DEFAULTED = new Set(['rbac.authorization.k8s.io.v1.RoleRef.apiGroup']);

/** Fields of CRD schemas that are real numbers, not integers. */
const FLOATS = new Set([
  'apiextensions.k8s.io.v1.JSONSchemaProps.maximum',
  'apiextensions.k8s.io.v1.JSONSchemaProps.minimum',
  'apiextensions.k8s.io.v1.JSONSchemaProps.multipleOf',
]);

/** "apps/v1.d.ts" → "apps.v1"; the API group is taken from the kinds' apiVersion literals. */
interface Module {
  key: string;
  file: ts.SourceFile;
  /** Local declarations by name. */
  decls: Map<string, ts.InterfaceDeclaration | ts.TypeAliasDeclaration>;
  /** Imported names → module key. */
  imports: Map<string, string>;
}

function listDts(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return listDts(p);
    return e.name.endsWith('.d.ts') ? [p] : [];
  });
}

function moduleKeyOf(file: string): string {
  return relative(typesDir, file)
    .replace(/\.d\.ts$/, '')
    .replace(/\//g, '.');
}

const modules = new Map<string, Module>();
for (const path of listDts(typesDir).sort()) {
  const key = moduleKeyOf(path);
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
  const mod: Module = { key, file, decls: new Map(), imports: new Map() };
  for (const st of file.statements) {
    if (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) mod.decls.set(st.name.text, st);
    else if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const target = moduleKeyOf(resolve(dirname(path), `${st.moduleSpecifier.text}.d.ts`));
      const named = st.importClause?.namedBindings;
      if (named && ts.isNamedImports(named))
        for (const el of named.elements) mod.imports.set(el.name.text, target);
    }
  }
  modules.set(key, mod);
}

/** Module keys use the API group where the kinds name one: "networking.v1" → "networking.k8s.io.v1". */
const groupOfModule = new Map<string, string>();
for (const mod of modules.values()) {
  for (const d of mod.decls.values()) {
    const av = ts.isInterfaceDeclaration(d) ? literalOf(d, 'apiVersion') : undefined;
    // meta/v1 discovery types say "v1" too: only a fully qualified group renames a module.
    const [dir] = mod.key.split('.');
    if (av?.startsWith(`${dir}.`) && av.includes('/')) groupOfModule.set(mod.key, av.replace('/', '.'));
  }
}
function defName(moduleKey: string, name: string): string {
  return `${groupOfModule.get(moduleKey) ?? moduleKey}.${name}`;
}

function literalOf(d: ts.InterfaceDeclaration, prop: string): string | undefined {
  for (const m of d.members) {
    if (!ts.isPropertySignature(m) || !m.type || m.name.getText() !== prop) continue;
    if (ts.isLiteralTypeNode(m.type) && ts.isStringLiteral(m.type.literal)) return m.type.literal.text;
  }
  return undefined;
}

function docOf(node: ts.Node): string | undefined {
  const jsdoc = (node as { jsDoc?: ts.JSDoc[] }).jsDoc;
  const c = jsdoc?.[jsdoc.length - 1]?.comment;
  const text = typeof c === 'string' ? c : c ? ts.getTextOfJSDocComment(c) : undefined;
  return text?.trim() || undefined;
}

const sortKeys = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) as T;

const definitions: Record<string, Schema> = {};
const pending: Array<[Module, string]> = [];
const usedOverlays = new Set<string>();

/** A reference to a named type; queues its definition. */
function refTo(mod: Module, name: string): Schema {
  if (name === 'Quantity') return { type: ['string', 'number'] };
  if (name === 'Time' || name === 'MicroTime') return { type: 'string' };
  const owner = mod.decls.has(name) ? mod : modules.get(mod.imports.get(name) ?? '');
  if (!owner?.decls.has(name)) throw new Error(`${mod.key}: cannot resolve type ${name}`);
  const def = defName(owner.key, name);
  if (!(def in definitions)) {
    definitions[def] = {};
    pending.push([owner, name]);
  }
  return { $ref: `#/definitions/${def}` };
}

function typeToSchema(mod: Module, t: ts.TypeNode, where: string): Schema {
  switch (t.kind) {
    case ts.SyntaxKind.StringKeyword:
      return { type: 'string' };
    case ts.SyntaxKind.NumberKeyword:
      return { type: FLOATS.has(where) ? 'number' : 'integer' };
    case ts.SyntaxKind.BooleanKeyword:
      return { type: 'boolean' };
    case ts.SyntaxKind.AnyKeyword:
    case ts.SyntaxKind.UnknownKeyword:
      return {};
  }
  if (ts.isParenthesizedTypeNode(t)) return typeToSchema(mod, t.type, where);
  if (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal)) return { enum: [t.literal.text] };
  if (ts.isArrayTypeNode(t)) return { type: 'array', items: typeToSchema(mod, t.elementType, `${where}[]`) };
  if (ts.isTypeReferenceNode(t)) {
    const name = t.typeName.getText();
    if (name === 'Array' && t.typeArguments?.[0])
      return { type: 'array', items: typeToSchema(mod, t.typeArguments[0], `${where}[]`) };
    return refTo(mod, name);
  }
  if (ts.isTypeLiteralNode(t)) {
    const index = t.members.find(ts.isIndexSignatureDeclaration);
    if (index?.type && t.members.length === 1)
      return { type: 'object', additionalProperties: typeToSchema(mod, index.type, `${where}{}`) };
    return objectSchema(mod, t.members, where);
  }
  if (ts.isUnionTypeNode(t)) {
    const parts = t.types.map((p) => typeToSchema(mod, p, where));
    if (parts.every((p) => Array.isArray(p.enum) && Object.keys(p).length === 1))
      return { enum: parts.flatMap((p) => p.enum as unknown[]).sort() };
    if (parts.every((p) => typeof p.type === 'string' && Object.keys(p).length === 1))
      return { type: parts.map((p) => p.type as string) };
    return { anyOf: parts };
  }
  throw new Error(`${where}: unsupported type ${ts.SyntaxKind[t.kind]}`);
}

function objectSchema(mod: Module, members: ts.NodeArray<ts.TypeElement>, where: string): Schema {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const m of members) {
    if (!ts.isPropertySignature(m) || !m.type) throw new Error(`${where}: unsupported member`);
    const name = ts.isStringLiteral(m.name) ? m.name.text : m.name.getText();
    const at = `${where}.${name}`;
    let s = typeToSchema(mod, m.type, at);
    for (const [suffix, wrap] of [
      ['', (e: string[]) => ({ ...s, enum: e })],
      ['[]', (e: string[]) => ({ ...s, items: { ...(s.items as Schema), enum: e } })],
    ] as const) {
      const e = ENUMS[at + suffix];
      if (e) {
        s = wrap(e);
        usedOverlays.add(at + suffix);
      }
    }
    const description = docOf(m);
    properties[name] = description ? { description, ...s } : s;
    if (!m.questionToken && !DEFAULTED.has(at)) required.push(name);
  }
  // An empty interface (RawExtension, JSON, FieldsV1) holds arbitrary data.
  if (!members.length) return {};
  const out: Schema = { type: 'object', properties, additionalProperties: false };
  if (required.length) out.required = required.sort();
  return out;
}

// The roots: every interface with a literal apiVersion and kind, except lists (the linter flattens them).
const kinds: Record<string, Record<string, string>> = {};
for (const mod of modules.values()) {
  for (const d of mod.decls.values()) {
    if (!ts.isInterfaceDeclaration(d)) continue;
    const apiVersion = literalOf(d, 'apiVersion');
    const kind = literalOf(d, 'kind');
    // meta/v1 holds discovery responses (APIGroup, Status), not manifests.
    if (!apiVersion || !kind || kind.endsWith('List') || mod.key.startsWith('meta.')) continue;
    kinds[apiVersion] ??= {};
    kinds[apiVersion][kind] = (refTo(mod, d.name.text).$ref as string).replace('#/definitions/', '');
  }
}
while (pending.length) {
  const [mod, name] = pending.shift() as [Module, string];
  const d = mod.decls.get(name) as ts.InterfaceDeclaration | ts.TypeAliasDeclaration;
  const def = defName(mod.key, name);
  const body = ts.isInterfaceDeclaration(d)
    ? objectSchema(mod, d.members, def)
    : typeToSchema(mod, d.type, def);
  const extra = missingFields(def, mod);
  if (Object.keys(extra).length) body.properties = sortKeys({ ...(body.properties as Schema), ...extra });
  const description = docOf(d);
  // The title names the type in messages ("missing required field "containers" in PodSpec").
  definitions[def] = { title: name, ...(description ? { description } : {}), ...body };
}
const unused = Object.keys(ENUMS).filter((k) => !usedOverlays.has(k));
if (unused.length) throw new Error(`enum table names fields that do not exist: ${unused.join(', ')}`);

const pkg = JSON.parse(readFileSync(join(typesDir, 'package.json'), 'utf8')) as { version: string };
const bundle = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/k8s-svc-lint/k8s-svc-lint/blob/main/schemas/k8s/k8s.schema.json',
  title: 'Kubernetes built-in kinds',
  description: `Generated by \`npm run schemas\` from kubernetes-types ${pkg.version}. Do not edit.`,
  'x-kinds': sortKeys(Object.fromEntries(Object.entries(kinds).map(([av, k]) => [av, sortKeys(k)]))),
  definitions: sortKeys(definitions),
};
const text = `${JSON.stringify(bundle, null, 1)}\n`;

/** Writes a generated file, or with --check fails when the file on disk differs. */
function writeOrCheck(file: string, text: string, what: string): void {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (current === text) {
    if (!check) console.log(`schemas: ${relative(root, file)} is up to date`);
  } else if (check) {
    console.error(
      `schemas: ${relative(root, file)} is stale; run \`npm run build && npm run schemas\` and commit it`,
    );
    process.exit(1);
  } else {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    console.log(`schemas: wrote ${relative(root, file)} (${what}, ${text.length} bytes)`);
  }
}

writeOrCheck(outFile, text, `${Object.keys(definitions).length} definitions`);

/**
 * The editor's schema (schemas/k8s/editor.schema.json): one self-contained file that yaml-language-server
 * (VS Code's YAML extension, and editors built on it) can apply to every *.yaml. It dispatches on
 * `apiVersion` and `kind` at the top: a document of a built-in kind, a `kind: List` of them, or a kind
 * cluster config is checked against its definition; anything else (CRDs, values files, CI workflows, a
 * YAML list) is left alone, so mapping all YAML files to it reports nothing on other files.
 */
const kindSchema = JSON.parse(readFileSync(join(root, 'schemas/kind-cluster.schema.json'), 'utf8')) as Schema;
const KIND_PREFIX = 'kind.x-k8s.io.v1alpha4.';
const kindRefs = (v: Schema): Schema =>
  JSON.parse(JSON.stringify(v).replaceAll('"#/definitions/', `"#/definitions/${KIND_PREFIX}`)) as Schema;
const { $schema: _s, $id: _i, definitions: kindDefinitions, ...kindCluster } = kindSchema;
const editorDefinitions: Record<string, unknown> = {
  ...definitions,
  [`${KIND_PREFIX}Cluster`]: kindRefs(kindCluster),
};
for (const [name, def] of Object.entries((kindDefinitions ?? {}) as Record<string, Schema>))
  editorDefinitions[`${KIND_PREFIX}${name}`] = kindRefs(def);
const dispatch = (apiVersion: string, kind: string, ref: string) => ({
  // `type: object` first: `required` and `properties` hold for anything else, and `then` would apply.
  if: {
    type: 'object',
    required: ['apiVersion', 'kind'],
    properties: { apiVersion: { const: apiVersion }, kind: { const: kind } },
  },
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, not a promise
  then: { $ref: `#/definitions/${ref}` },
});
const editor = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Kubernetes manifests: built-in kinds and kind cluster configs',
  description: `Generated by \`npm run schemas\` from kubernetes-types ${pkg.version} and schemas/kind-cluster.schema.json. For yaml-language-server: map *.yaml to this file. Do not edit.`,
  allOf: [
    ...Object.entries(kinds)
      .sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([apiVersion, byKind]) =>
        Object.keys(byKind)
          .sort()
          .map((kind) => dispatch(apiVersion, kind, byKind[kind] as string)),
      ),
    dispatch('kind.x-k8s.io/v1alpha4', 'Cluster', `${KIND_PREFIX}Cluster`),
    {
      // kubectl's List (and `kubectl get -o yaml` output): each item is a document of its own.
      if: { type: 'object', required: ['kind', 'items'], properties: { kind: { const: 'List' } } },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, not a promise
      then: { properties: { items: { type: 'array', items: { $ref: '#' } } } },
    },
  ],
  definitions: sortKeys(editorDefinitions as Schema),
};
writeOrCheck(
  join(root, 'schemas/k8s/editor.schema.json'),
  `${JSON.stringify(editor, null, 1)}\n`,
  'for editors',
);
