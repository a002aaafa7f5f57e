/**
 * The language server, driven over stdio as an editor drives it (vscode-jsonrpc): diagnostics for every
 * file, also unopened ones, updated across files as documents change; config changes; a bad config; the
 * same findings as the CLI. Waiting is on events (diagnostics arriving, or the server's settled request),
 * never on time.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCorpus } from '../bench/gen-corpus.js';
import { ROOT, runCli } from './helpers.js';
import { applyTextEdits, type CodeAction, type Diagnostic, LspClient, uri } from './support/lsp-client.js';

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: http
`;

const DEPLOYMENT = (label: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: ${label}
  template:
    metadata:
      labels:
        app: ${label}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - name: http
              containerPort: 80
`;

const LABELS = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  labels:
    version: 1.10
`;

const codes = (d: Diagnostic[]) => d.map((x) => x.code).sort();

describe('k8s-svc-lint lsp', () => {
  it('needs a transport, and says so', () => {
    const r = runCli(['lsp']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--stdio/);
    const help = runCli(['lsp', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: k8s-svc-lint lsp --stdio/);
  });
});

describe('language server', function () {
  this.timeout(120_000);
  let dir: string;
  let client: LspClient;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-lsp-'));
    writeFileSync(join(dir, 'service.yaml'), SERVICE);
    writeFileSync(join(dir, 'deployment.yaml'), DEPLOYMENT('web'));
    writeFileSync(join(dir, 'labels.yaml'), LABELS);
    client = new LspClient(dir);
  });

  afterEach(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes the findings of files that are not open, with code, link, severity and exact range', async () => {
    const init = (await client.initialize(dir)) as { capabilities: Record<string, unknown> };
    assert.ok(init.capabilities.textDocumentSync);
    const [d] = await client.waitFor(join(dir, 'labels.yaml'), (x) => x.length > 0);
    assert.deepEqual(d, {
      range: { start: { line: 5, character: 13 }, end: { line: 5, character: 17 } },
      severity: 1,
      code: 'label-values',
      codeDescription: {
        href: 'https://github.com/k8s-svc-lint/k8s-svc-lint/blob/main/docs/rules/label-values.md',
      },
      source: 'k8s-svc-lint',
      message: 'label "version" value 1.10 is read as the number 1.1, not a string',
    });
    await client.settled();
    assert.deepEqual(client.diagnostics.get(uri(join(dir, 'service.yaml'))) ?? [], []);
    // The load reported its progress: begun, then ended.
    const kinds = () => client.progress.map((p) => (p as { value: { kind: string } }).value.kind);
    await client.until(() => kinds().includes('end'));
    assert.equal(kinds()[0], 'begin');
    assert.equal(kinds()[kinds().length - 1], 'end');
  });

  it('a label broken in one file shows on the Service in another, and goes when it is mended', async () => {
    await client.initialize(dir);
    const deployment = join(dir, 'deployment.yaml');
    const service = join(dir, 'service.yaml');
    await client.open(deployment, DEPLOYMENT('web'));
    await client.settled();
    // "wbe" is one slip from the Service's "web": the input shows the mistake (a label that is simply
    // different could be another application's, and is left unjudged; docs/relations.md).
    await client.change(deployment, DEPLOYMENT('wbe'));
    const broken = await client.waitFor(service, (d) => d.length > 0);
    assert.deepEqual(codes(broken), ['service-no-matching-pods']);
    assert.equal(broken[0]?.range.start.line, 5);
    await client.change(deployment, DEPLOYMENT('web'));
    await client.waitFor(service, (d) => d.length === 0);
    await client.settled();
    assert.deepEqual(client.diagnostics.get(uri(service)), []);
    // Closing the document brings back the file on disk, which was never broken.
    await client.change(deployment, DEPLOYMENT('wbe'));
    await client.waitFor(service, (d) => d.length > 0);
    await client.close(deployment);
    await client.waitFor(service, (d) => d.length === 0);
  });

  it('files created, changed and deleted on disk are linted as they come', async () => {
    // A complete input: a Service whose pods are gone is a finding, not a reference left unchecked.
    writeFileSync(join(dir, '.lintrc.json'), JSON.stringify({ closedWorld: true }));
    await client.initialize(dir);
    await client.settled();
    const deployment = join(dir, 'deployment.yaml');
    const service = join(dir, 'service.yaml');
    rmSync(deployment);
    await client.watched(deployment, 3);
    await client.waitFor(service, (d) => codes(d).includes('service-no-matching-pods'));
    mkdirSync(join(dir, 'apps'));
    writeFileSync(join(dir, 'apps', 'web.yaml'), DEPLOYMENT('web'));
    await client.watched(join(dir, 'apps', 'web.yaml'), 1);
    await client.waitFor(service, (d) => d.length === 0);
    // Ignored by .gitignore: not linted, as the CLI would not lint it.
    writeFileSync(join(dir, '.gitignore'), 'ignored/\n');
    await client.watched(join(dir, '.gitignore'), 1);
    await client.settled();
    mkdirSync(join(dir, 'ignored'));
    writeFileSync(join(dir, 'ignored', 'bad.yaml'), LABELS.replace('settings', 'other'));
    await client.watched(join(dir, 'ignored', 'bad.yaml'), 1);
    await client.settled();
    assert.equal(client.diagnostics.get(uri(join(dir, 'ignored', 'bad.yaml'))), undefined);
  });

  it('a change to .lintrc.json changes severities; a bad config is one diagnostic on it', async () => {
    await client.initialize(dir);
    const labels = join(dir, 'labels.yaml');
    const config = join(dir, '.lintrc.json');
    await client.waitFor(labels, (d) => d[0]?.severity === 1);
    writeFileSync(config, JSON.stringify({ rules: { 'label-values': 'warn' } }));
    await client.watched(config, 1);
    await client.waitFor(labels, (d) => d[0]?.severity === 2);
    // Edited in the editor, before it is saved.
    await client.open(config, JSON.stringify({ rules: { 'label-values': 'off' } }), 'json');
    await client.waitFor(labels, (d) => d.length === 0);
    await client.change(config, '{ "rules": { "label-value": "off" } }');
    const [problem] = await client.waitFor(config, (d) => d.length > 0);
    assert.match(problem?.message ?? '', /unknown rule; did you mean "label-values"\?/);
    assert.deepEqual(problem?.range.start, { line: 0, character: 13 });
    // The server goes on: requests are answered, and mending the config clears the diagnostic.
    await client.settled();
    await client.change(config, '{ "rules": { "label-values": "error" } }');
    await client.waitFor(config, (d) => d.length === 0);
    await client.waitFor(labels, (d) => d[0]?.severity === 1);
  });

  it('takes settings: namespace, a config file and kind configs, at start and when they change', async () => {
    writeFileSync(join(dir, 'lint.json'), JSON.stringify({ rules: { 'label-values': 'warn' } }));
    // A kind config outside the folder, named by the setting (as --kind-config).
    const outside = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-kind-'));
    writeFileSync(join(outside, 'kind.yaml'), 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\n');
    writeFileSync(
      join(dir, 'np.yaml'),
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: np\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 30080\n',
    );
    await client.initialize(dir, {
      namespace: 'apps',
      configFile: 'lint.json',
      kindConfigs: [join(outside, 'kind.yaml')],
    });
    const labels = join(dir, 'labels.yaml');
    await client.waitFor(labels, (d) => d[0]?.severity === 2);
    const np = await client.waitFor(join(dir, 'np.yaml'), (d) => d.length > 0);
    assert.match(np.map((d) => d.message).join('\n'), /Service "apps\/np" is mapped by no extraPortMappings/);
    await client.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { k8sSvcLint: { namespace: 'other' } },
    });
    // The settings replace the old ones: no config file named (and no .lintrc.json), no kind config.
    await client.waitFor(labels, (d) => d[0]?.severity === 1);
    await client.waitFor(join(dir, 'np.yaml'), (d) => d.length === 0);
    rmSync(outside, { recursive: true, force: true });
  });

  it('lints a file opened outside the workspace with the open files of its folder', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-loose-'));
    try {
      await client.initialize(dir);
      const svc = join(elsewhere, 'svc.yaml');
      // The Service's own file holds a pod template one slip away, so its selector is judged.
      await client.open(svc, `${SERVICE}---\n${DEPLOYMENT('wbe').replace('name: web\n', 'name: other\n')}`);
      await client.waitFor(svc, (d) => codes(d).includes('service-no-matching-pods'));
      await client.open(join(elsewhere, 'deploy.yaml'), DEPLOYMENT('web'));
      await client.waitFor(svc, (d) => d.length === 0);
      await client.open(join(elsewhere, 'notes.md'), 'apiVersion: v1\nkind: Service\n');
      await client.close(join(elsewhere, 'deploy.yaml'));
      await client.waitFor(svc, (d) => d.length > 0);
      await client.close(svc);
      await client.waitFor(svc, (d) => d.length === 0);
      await client.settled();
      assert.equal(client.diagnostics.get(uri(join(elsewhere, 'notes.md'))), undefined);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('points at the other object of a cross-object finding', async () => {
    const svc = (name: string) =>
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 30080\n`;
    writeFileSync(join(dir, 'a.yaml'), svc('a'));
    writeFileSync(join(dir, 'b.yaml'), svc('b'));
    await client.initialize(dir);
    const [d] = await client.waitFor(join(dir, 'b.yaml'), (x) => x.length > 0);
    assert.equal(d?.code, 'node-port-conflict');
    assert.deepEqual(d?.relatedInformation?.[0]?.location, {
      uri: uri(join(dir, 'a.yaml')),
      range: { start: { line: 8, character: 16 }, end: { line: 8, character: 16 } },
    });
  });

  it('offers the fix first, then suggestions and disable comments; applying one makes the finding go', async () => {
    await client.initialize(dir);
    const labels = join(dir, 'labels.yaml');
    await client.open(labels, LABELS);
    const [d] = await client.waitFor(labels, (x) => x.length > 0);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uri(labels) },
      range: d?.range,
      context: { diagnostics: [d] },
    });
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred ?? false]),
      [
        ['Quote the value: "1.10"', 'quickfix', true],
        ['Disable label-values for this line', 'quickfix', false],
        ['Disable label-values for the whole file', 'quickfix', false],
      ],
    );
    const edit = (a: CodeAction | undefined) => applyTextEdits(LABELS, a?.edit?.changes?.[uri(labels)] ?? []);
    assert.equal(
      edit(actions[1]),
      LABELS.replace('    version', '    # k8s-svc-lint-disable-next-line label-values\n    version'),
    );
    assert.equal(edit(actions[2]), `# k8s-svc-lint-disable label-values\n${LABELS}`);
    const fixed = edit(actions[0]);
    assert.equal(fixed, LABELS.replace('1.10', '"1.10"'));
    await client.change(labels, fixed);
    await client.waitFor(labels, (x) => x.length === 0);
    // A disable comment makes it go too.
    await client.change(labels, edit(actions[1]));
    await client.settled();
    assert.deepEqual(client.diagnostics.get(uri(labels)), []);
  });

  it('a suggestion may edit another file: the kind config a node port needs', async () => {
    const kind = join(dir, 'kind.yaml');
    const kindText = 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n- role: control-plane\n';
    writeFileSync(kind, kindText);
    const svc = join(dir, 'node-port.yaml');
    writeFileSync(
      svc,
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: np\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 30080\n',
    );
    await client.initialize(dir);
    const [d] = await client.waitFor(svc, (x) => x.some((y) => y.code === 'kind-port-mapping-missing'));
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uri(svc) },
      range: d?.range,
      context: { diagnostics: [d] },
    });
    const map = actions.find((a) => a.title.startsWith('Map node port 30080'));
    assert.ok(map, JSON.stringify(actions.map((a) => a.title)));
    assert.deepEqual(Object.keys(map.edit?.changes ?? {}), [uri(kind)]);
    const mapped = applyTextEdits(kindText, map.edit?.changes?.[uri(kind)] ?? []);
    assert.equal(mapped, `${kindText}  extraPortMappings:\n  - containerPort: 30080\n    hostPort: 30080\n`);
    writeFileSync(kind, mapped);
    await client.watched(kind, 2);
    await client.waitFor(svc, (x) => !x.some((y) => y.code === 'kind-port-mapping-missing'));
  });

  it('fixes a whole file on request (source.fixAll)', async () => {
    await client.initialize(dir);
    const labels = join(dir, 'labels.yaml');
    const text = `${LABELS}    canary: yes\n    tier: 1 # a number\n`;
    await client.open(labels, text);
    await client.waitFor(labels, (x) => x.length === 3);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uri(labels) },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind]),
      [['Fix all auto-fixable problems', 'source.fixAll.k8s-svc-lint']],
    );
    const fixed = applyTextEdits(text, actions[0]?.edit?.changes?.[uri(labels)] ?? []);
    assert.equal(
      fixed,
      text.replace('1.10', '"1.10"').replace('yes', '"yes"').replace('tier: 1', 'tier: "1"'),
    );
  });

  describe('hover, definition, references', () => {
    const INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
`;
    const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
spec:
  podSelector:
    matchLabels:
      app: web
  ingress:
    - {}
`;
    const STS = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: web
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers: [{name: db, image: postgres}]
`;
    /** The position of the n-th occurrence of `needle` in a text (plus `shift` characters). */
    const pos = (text: string, needle: string, shift = 0, nth = 0) => {
      let i = -1;
      for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
      assert.ok(i >= 0, needle);
      const before = text.slice(0, i + shift).split('\n');
      return { line: before.length - 1, character: (before[before.length - 1] ?? '').length };
    };
    type Location = { uri: string; range: { start: { line: number; character: number } } };
    const where = (l: Location[]) =>
      l.map((x) => `${x.uri.slice(x.uri.lastIndexOf('/') + 1)}:${x.range.start.line + 1}`).sort();

    beforeEach(async () => {
      writeFileSync(join(dir, 'ingress.yaml'), INGRESS);
      writeFileSync(join(dir, 'policy.yaml'), POLICY);
      writeFileSync(join(dir, 'sts.yaml'), STS);
      await client.initialize(dir);
      await client.settled();
    });

    const at = (file: string, position: { line: number; character: number }) => ({
      textDocument: { uri: uri(join(dir, file)) },
      position,
    });

    it('hover draws the route of a Service, from the Service or from what names it', async () => {
      await client.open(join(dir, 'service.yaml'), SERVICE);
      const hover = await client.request<{ contents: { kind: string; value: string } }>(
        'textDocument/hover',
        at('service.yaml', pos(SERVICE, 'web', 1)),
      );
      assert.equal(hover.contents.kind, 'markdown');
      const text = hover.contents.value;
      assert.match(
        text,
        /^✔ \*\*Service default\/web\*\* \(ClusterIP\) — \[service\.yaml:4\]\(file:\/\/.*service\.yaml#L4\)/,
      );
      assert.match(text, /targetPort "http" · pods selected by app=web/);
      assert.match(
        text,
        /Deployment default\/web · container web, image nginx:1\.27 · containerPort "http" = 80\/TCP/,
      );
      assert.match(text, /Ingress default\/web/);
      const fromIngress = await client.request<{ contents: { value: string } }>(
        'textDocument/hover',
        at('ingress.yaml', pos(INGRESS, 'name: web', 7, 1)),
      );
      assert.equal(fromIngress.contents.value, text);
      const nothing = await client.request<unknown>('textDocument/hover', at('sts.yaml', pos(STS, 'image')));
      assert.equal(nothing, null);
      // Broken, the route says where.
      await client.change(join(dir, 'service.yaml'), SERVICE.replace('targetPort: http', 'targetPort: htpp'));
      const broken = await client.request<{ contents: { value: string } }>(
        'textDocument/hover',
        at('service.yaml', pos(SERVICE, 'web', 1)),
      );
      assert.match(broken.contents.value, /^✖ /);
      assert.match(
        broken.contents.value,
        /✖ targetPort "htpp" matches no container port name .* `service-target-port`/,
      );
    });

    it('goes from a selector to the pods, from a targetPort to the container port, from a name to the Service', async () => {
      const def = async (file: string, text: string, needle: string, shift = 0, nth = 0) =>
        where(
          await client.request<Location[]>(
            'textDocument/definition',
            at(file, pos(text, needle, shift, nth)),
          ),
        );
      assert.deepEqual(await def('service.yaml', SERVICE, 'app: web', 5), ['deployment.yaml:11']);
      assert.deepEqual(await def('service.yaml', SERVICE, 'targetPort: http', 13), ['deployment.yaml:18']);
      assert.deepEqual(await def('ingress.yaml', INGRESS, 'name: web', 7, 1), ['service.yaml:4']);
      assert.deepEqual(await def('ingress.yaml', INGRESS, 'number: 80', 9), ['service.yaml:9']);
      assert.deepEqual(await def('sts.yaml', STS, 'serviceName: web', 14), ['service.yaml:4']);
      assert.deepEqual(await def('deployment.yaml', DEPLOYMENT('web'), 'image'), []);
    });

    it('finds the Services and NetworkPolicies that select a pod template, and what names a Service', async () => {
      const refs = async (
        file: string,
        text: string,
        needle: string,
        shift: number,
        nth: number,
        decl: boolean,
      ) =>
        where(
          await client.request<Location[]>('textDocument/references', {
            ...at(file, pos(text, needle, shift, nth)),
            context: { includeDeclaration: decl },
          }),
        );
      const deployment = DEPLOYMENT('web');
      assert.deepEqual(await refs('deployment.yaml', deployment, 'app: web', 5, 1, false), [
        'policy.yaml:6',
        'service.yaml:6',
      ]);
      assert.deepEqual(await refs('deployment.yaml', deployment, 'app: web', 5, 1, true), [
        'deployment.yaml:11',
        'policy.yaml:6',
        'service.yaml:6',
      ]);
      assert.deepEqual(await refs('service.yaml', SERVICE, 'web', 1, 0, false), [
        'ingress.yaml:13',
        'sts.yaml:6',
      ]);
      const hover = await client.request<{ contents: { value: string } }>(
        'textDocument/hover',
        at('deployment.yaml', pos(deployment, 'app: web', 5, 1)),
      );
      assert.match(hover.contents.value, /^\*\*Selected by\*\*/);
      assert.match(hover.contents.value, /- NetworkPolicy default\/web — \[policy\.yaml:6\]/);
    });
  });

  it('survives hostile documents and a burst of edits, and ends where the last edit says', async () => {
    await client.initialize(dir);
    const bad = join(dir, 'bad.yaml');
    await client.open(bad, 'apiVersion: v1\nkind: ConfigMap\ndata: [1, 2\n');
    await client.waitFor(bad, (d) => codes(d).includes('yaml-syntax'));
    const hostile = [
      '[[[[[[[[[[[[[[[[[[[['.repeat(20),
      `a: &a [x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 12 }, (_, i) => `b${i}: &b${i} [*${i ? `b${i - 1}` : 'a'}, *${i ? `b${i - 1}` : 'a'}]`).join('\n')}\n`,
      'apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {ports: [{port: 99999999999999999999}]}\n',
      '\u0000\u0001binary',
      '{{ .Values.x }}',
      '',
    ];
    for (const text of hostile) await client.change(bad, text);
    const deployment = join(dir, 'deployment.yaml');
    await client.open(deployment, DEPLOYMENT('web'));
    for (let i = 0; i < 10; i++) await client.change(deployment, DEPLOYMENT(`v${i}`));
    await client.change(bad, LABELS.replace('settings', 'other'));
    await client.change(deployment, DEPLOYMENT('web'));
    await client.settled();
    assert.deepEqual(codes(client.diagnostics.get(uri(bad)) ?? []), ['label-values']);
    assert.deepEqual(client.diagnostics.get(uri(join(dir, 'service.yaml'))) ?? [], []);
    assert.equal(client.child.exitCode, null);
  });

  it('after each edit publishes once, at once, what the CLI reports (the quick lint agrees with the full one)', async () => {
    const corpus = join(dir, 'corpus');
    generateCorpus(corpus, 80);
    await client.initialize(corpus);
    await client.settled();
    const cliFindings = () => {
      const out = new Map<string, string[]>();
      for (const r of JSON.parse(runCli(['-f', 'json', '.'], { cwd: corpus }).stdout) as Array<{
        filePath: string;
        messages: Array<{ ruleId: string; line: number; column: number; message: string }>;
      }>)
        if (r.messages.length)
          out.set(
            uri(r.filePath),
            r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`),
          );
      return out;
    };
    const serverFindings = () => {
      const out = new Map<string, string[]>();
      for (const [u, d] of client.diagnostics)
        if (d.length)
          out.set(
            u,
            d.map((x) => `${x.range.start.line + 1}:${x.range.start.character + 1} ${x.code} ${x.message}`),
          );
      return out;
    };
    const sorted = (m: Map<string, string[]>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));
    assert.deepEqual(sorted(serverFindings()), sorted(cliFindings()));
    // Edits across namespaces, files and kinds: labels, a selector, a node port shared with another
    // namespace, a port name; each written to disk too, for the CLI.
    const app = (i: number) => join(corpus, `team-0/ns-${Math.floor(i / 20)}/app-${i}`);
    const edits: Array<[string, (t: string) => string]> = [
      [join(app(1), 'workload.yaml'), (t) => t.replaceAll('name: app-1\n', 'name: app-1x\n')],
      [
        join(app(4), 'service.yaml'),
        (t) => t.replace('app.kubernetes.io/name: app-4', 'app.kubernetes.io/name: app-3'),
      ],
      [`${app(24)}.yaml`, (t) => t.replace('nodePort: 30024', 'nodePort: 30003')],
      [join(app(22), 'service.yaml'), (t) => t.replace('targetPort: http', 'targetPort: htpp')],
      [join(app(1), 'workload.yaml'), (t) => t.replaceAll('name: app-1x\n', 'name: app-1\n')],
    ];
    for (const [file, edit] of edits) {
      const before = readFileSync(file, 'utf8');
      const after = edit(before);
      assert.notEqual(after, before, file);
      await client.open(file, before);
      await client.settled();
      const from = client.published.length;
      await client.change(file, after);
      writeFileSync(file, after);
      await client.settled();
      await client.close(file);
      await client.settled();
      assert.deepEqual(sorted(serverFindings()), sorted(cliFindings()), file);
      const counts = new Map<string, number>();
      for (const p of client.published.slice(from)) counts.set(p.uri, (counts.get(p.uri) ?? 0) + 1);
      assert.deepEqual(
        [...counts].filter(([, n]) => n > 1),
        [],
        `files published more than once after editing ${file}`,
      );
    }
    const runs = (await client.settled()) as { quick: number; full: number };
    assert.ok(runs.quick >= edits.length, `quick lints: ${runs.quick}`);
  });

  it('reports what the CLI reports for the examples, after edits too', async () => {
    const examples = join(dir, 'examples');
    cpSync(join(ROOT, 'examples'), examples, { recursive: true });
    await client.initialize(examples);
    await client.settled();
    const cli = () =>
      (
        JSON.parse(runCli(['-f', 'json', '.'], { cwd: examples }).stdout) as Array<{
          filePath: string;
          messages: Array<{
            ruleId: string;
            line: number;
            column: number;
            message: string;
            severity: number;
          }>;
        }>
      )
        .filter((r) => r.messages.length)
        .map((r) => ({
          uri: uri(r.filePath),
          findings: r.messages.map((m) => `${m.line}:${m.column} ${m.severity} ${m.ruleId} ${m.message}`),
        }))
        .sort((a, b) => (a.uri < b.uri ? -1 : 1));
    const server = () =>
      [...client.diagnostics]
        .filter(([, d]) => d.length)
        .map(([u, d]) => ({
          uri: u,
          findings: d.map(
            (x) =>
              `${x.range.start.line + 1}:${x.range.start.character + 1} ${x.severity === 1 ? 2 : 1} ${x.code} ${x.message}`,
          ),
        }))
        .sort((a, b) => (a.uri < b.uri ? -1 : 1));
    assert.deepEqual(server(), cli());
    // An edit in one namespace's file: the quick lint and the full lint that follows agree with the CLI.
    const app = join(examples, 'networking', 'app.yaml');
    const edited = readFileSync(app, 'utf8').replace('db-headles', 'db-headless');
    await client.open(app, edited);
    writeFileSync(app, edited);
    await client.settled();
    assert.deepEqual(server(), cli());
  });
});
