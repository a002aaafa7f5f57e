/**
 * The import boundary of the pure core. The core is `rules/`, `src/engine`, `src/model` and `src/schema`:
 * data in, findings out, the same in a library, an editor or a test as on the command line. So none of
 * its files may import:
 * - the loader (`src/load/`): how files are found, read and handed between threads;
 * - the command line (`src/cli*.ts`, `src/bin.ts`) or its launcher (`src/launch.ts`, the code cache): what
 *   the core needs of them (the schemas' validators, a clock) it takes from its caller (`lint`'s options);
 * - the parse stage's modules (`src/parse/`). The parse boundary is the data it produces, declared in
 *   `src/types.ts`: a `SourceFile` of `Document`s, each a value with `locate` and `sourceText`, and the
 *   scanner's `ScanFacts` (YAML facts only). The entry points that make that data (`parseSource`,
 *   `parseSourceFast`) are for the callers that turn text into sources (the loader, the language server,
 *   the fix runner, a library user); the core never parses a file, so it imports none of them. The `yaml`
 *   package itself is not a parse internal: its on-demand handle is `src/util/yaml-lib.ts`.
 * There is no allow-list.
 *
 * Imports are read from each file's syntax tree (TypeScript's own parser, so comments and strings cannot
 * fool it): `import`/`export … from`, `import x = require()`, dynamic `import()`, `require()` and
 * `createRequire(…)(…)`. The first check is on direct imports, the second on what the core reaches
 * through other folders (src/util, src/fix, src/config…), since a forbidden module one step away is as
 * loaded as one imported directly. A planted forbidden import, in memory, proves that each check can fail.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { ErrorObject } from 'ajv';
import ts from 'typescript';
import { rules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { type LintTiming, lint } from '../src/engine/lint.js';
import { parseSource } from '../src/parse/parse.js';
import type { SchemaValidators, Validator } from '../src/schema/validators.js';
import { ROOT } from './helpers.js';

/** Every module specifier a TypeScript source imports, in order. */
function specifiersOf(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const out: string[] = [];
  const literal = (n: ts.Node | undefined) => {
    if (n && ts.isStringLiteralLike(n)) out.push(n.text);
  };
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) literal(n.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference))
      literal(n.moduleReference.expression);
    else if (ts.isCallExpression(n)) {
      const callee = n.expression;
      const dynamicImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const plainRequire = ts.isIdentifier(callee) && callee.text === 'require';
      // createRequire(import.meta.url)('x'): the callee is itself a call of createRequire.
      const madeRequire =
        ts.isCallExpression(callee) &&
        ts.isIdentifier(callee.expression) &&
        callee.expression.text === 'createRequire';
      if (dynamicImport || plainRequire || madeRequire) literal(n.arguments[0]);
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  return out;
}

/**
 * The repository file (relative, `/`-separated) a relative specifier of `from` names; undefined for a
 * package or a built-in module. Sources import each other by their emitted `.js` names.
 */
function resolveSpecifier(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return posix.join(posix.dirname(from), spec).replace(/\.js$/, '.ts');
}

const isCore = (f: string) => /^(rules\/|src\/(engine|model|schema)\/)/.test(f);

/** Why the core may not import `target`, or undefined when it may. */
function forbidden(target: string): string | undefined {
  if (target.startsWith('src/load/')) return 'the loader';
  if (target === 'src/launch.ts' || target === 'src/bin.ts') return 'the launcher';
  if (/^src\/cli[^/]*\.ts$/.test(target)) return 'the command line';
  if (target.startsWith('src/parse/')) return "the parse stage's modules (the boundary is src/types.ts)";
  return undefined;
}

type Graph = Map<string, string[]>;

function graphOf(files: ReadonlyMap<string, string>): Graph {
  const graph: Graph = new Map();
  for (const [file, text] of files)
    graph.set(
      file,
      specifiersOf(file, text).flatMap((s) => resolveSpecifier(file, s) ?? []),
    );
  return graph;
}

/** Direct imports of core files that cross the boundary: "from → to (why)". */
function directViolations(graph: Graph): string[] {
  const out: string[] = [];
  for (const [file, targets] of graph) {
    if (!isCore(file)) continue;
    for (const t of targets) {
      const why = forbidden(t);
      if (why) out.push(`${file} → ${t} (${why})`);
    }
  }
  return out;
}

/**
 * Loader, launcher and command-line modules the core reaches through any chain of imports, each with
 * the chain. A parse module reached through another folder is not one: only a direct import of it is.
 */
function reachedViolations(graph: Graph): string[] {
  const out: string[] = [];
  const via = new Map<string, string>();
  const queue = [...graph.keys()].filter(isCore);
  for (const f of queue) via.set(f, f);
  while (queue.length) {
    const f = queue.shift() as string;
    for (const t of graph.get(f) ?? []) {
      if (via.has(t)) continue;
      via.set(t, `${via.get(f)} → ${t}`);
      const why = forbidden(t);
      if (why && !t.startsWith('src/parse/')) out.push(`${via.get(t)} (${why})`);
      else queue.push(t);
    }
  }
  return out;
}

function sources(): Map<string, string> {
  const files = new Map<string, string>();
  for (const dir of ['src', 'rules'])
    for (const f of readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
      if (!f.endsWith('.ts') || f.endsWith('.d.ts')) continue;
      const rel = `${dir}/${f.split(/[\\/]/).join('/')}`;
      files.set(rel, readFileSync(join(ROOT, rel), 'utf8'));
    }
  return files;
}

describe('the pure core', () => {
  const files = sources();
  const graph = graphOf(files);

  it('reads the imports of the whole tree', () => {
    // A sanity check of the reader: core files exist and known edges are found, of every form.
    assert.ok([...graph.keys()].filter(isCore).length > 50);
    assert.ok(graph.get('src/engine/lint.ts')?.includes('src/model/build.ts'));
    assert.ok(graph.get('src/cli.ts')?.includes('src/fix/command.ts'), 'a dynamic import()');
    assert.ok(graph.get('src/bin.ts')?.includes('src/launch.ts'));
  });

  it('imports nothing of the loader, the launcher, the command line or the parse stage', () => {
    assert.deepEqual(directViolations(graph), []);
  });

  it('reaches no loader, launcher or command-line module through other folders', () => {
    assert.deepEqual(reachedViolations(graph), []);
  });

  it('catches a planted forbidden import, in every form, and is not fooled by comments or strings', () => {
    const planted = new Map(files);
    planted.set(
      'src/model/planted.ts',
      [
        "import { loadSources } from '../load/load.js';",
        "export { requireCompiled } from '../launch.js';",
        "import type { CliValues } from '../cli.js';",
        "import { scan } from '../parse/scan.js';",
        "const later = () => import('../cli-shared.js');",
        "const cjs = createRequire(import.meta.url)('../load/walk.js');",
        "// import { x } from '../load/read.js';",
        'const text = "import(\'../bin.js\')";',
      ].join('\n'),
    );
    assert.deepEqual(directViolations(graphOf(planted)), [
      'src/model/planted.ts → src/load/load.ts (the loader)',
      'src/model/planted.ts → src/launch.ts (the launcher)',
      'src/model/planted.ts → src/cli.ts (the command line)',
      "src/model/planted.ts → src/parse/scan.ts (the parse stage's modules (the boundary is src/types.ts))",
      'src/model/planted.ts → src/cli-shared.ts (the command line)',
      'src/model/planted.ts → src/load/walk.ts (the loader)',
    ]);
    // Reached, not imported: a core file imports a utility that imports the launcher.
    const reached = new Map(files);
    reached.set('src/util/planted-helper.ts', "import { codeCacheStates } from '../launch.js';");
    reached.set('src/schema/planted-user.ts', "import { x } from '../util/planted-helper.js';");
    assert.deepEqual(reachedViolations(graphOf(reached)), [
      'src/schema/planted-user.ts → src/util/planted-helper.ts → src/launch.ts (the launcher)',
    ]);
  });
});

describe('lint() takes what it needs from its caller', () => {
  const text = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: {name: settings}',
    '---',
    'apiVersion: kind.x-k8s.io/v1alpha4',
    'kind: Cluster',
    'nodes:',
    '- role: control-plane',
    '',
  ].join('\n');
  const sources = () => [parseSource('cluster.yaml', text, { explicit: true })];
  const config = resolveConfig({}, rules);

  it('the schemas: every validator the model and the rules use comes from the caller', () => {
    const asked: string[] = [];
    const accept: Validator = () => true;
    // A kind config schema that knows no role but "planted".
    const planted: ErrorObject = {
      keyword: 'enum',
      instancePath: '/nodes/0/role',
      schemaPath: '#/enum',
      params: { allowedValues: ['planted'] },
      data: 'control-plane',
    };
    const refuse: Validator = Object.assign(() => false, { errors: [planted] });
    const validators: SchemaValidators = {
      validatorFor(apiVersion, kind) {
        asked.push(`${apiVersion} ${kind}`);
        return kind === 'ConfigMap' ? accept : undefined;
      },
      apiVersionsOf: () => [],
      kindConfig() {
        asked.push('kind config');
        return refuse;
      },
    };
    const mine = lint(sources(), config, rules, { validators }).findings;
    assert.ok(asked.includes('v1 ConfigMap') && asked.includes('kind config'), asked.join(', '));
    assert.deepEqual(
      mine.filter((f) => f.ruleId === 'kind-config').map((f) => f.message),
      ['nodes[0].role "control-plane" must be one of "planted"'],
    );
    // The library's own validators (dist/validators, loaded with require) find nothing wrong.
    assert.deepEqual(lint(sources(), config, rules).findings, []);
  });

  it('the clock: time is read only from the caller’s clock', () => {
    let ticks = 0;
    const timing: LintTiming = { model: 0, rules: new Map(), now: () => ++ticks };
    lint(sources(), config, rules, { timing });
    // One tick for the model and one for each rule that ran, whatever the real time was.
    assert.equal(timing.model, 1);
    assert.ok(timing.rules.size > 10);
    for (const [id, ms] of timing.rules) assert.equal(ms, 1, id);
  });
});
