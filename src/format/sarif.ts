/**
 * SARIF 2.1.0 as GitHub code scanning reads it: every rule described (help text and link), relative
 * artifact URIs under %SRCROOT%, regions with start and end, related locations, and fingerprints that do
 * not depend on line numbers, so that moving a finding does not make it a new alert.
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { docsUrl } from '../engine/rule.js';
import type { Finding, Fix, Path } from '../types.js';
import { type FormatContext, relativePath, uncheckedSummary } from './results.js';

const INFORMATION_URI = 'https://github.com/k8s-svc-lint/k8s-svc-lint';
/** The partialFingerprints key; bump the version if the identity below ever changes. */
export const FINGERPRINT_KEY = 'k8sSvcLintIdentity/v1';

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

function artifactLocation(filePath: string, cwd: string): ArtifactLocation {
  const { path, inside } = relativePath(filePath, cwd);
  if (inside) return { uri: path.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  if (filePath.startsWith('<')) return { uri: encodeURIComponent(filePath) };
  return { uri: pathToFileURL(path).href };
}

function pascal(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, _d: string, c: string) => c.toUpperCase());
}

/** `spec.ports[0].targetPort`: a readable, line-independent form of a path. */
export function pathString(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** `deploy/web.yaml:12` or `<stdin>:12:5` in a message: a cross reference whose line moves with edits. */
const FILE_POSITION = /(<[^<>\s]+>|[^\s"'`()<>,;]+\.(?:ya?ml|json)):\d+(?::\d+)?\b/g;

/** `line 6, column 5` or `line 6` in a message (the same-file form of a cross reference). */
const LINE_POSITION = /\bline \d+(?:, col(?:umn)? \d+)?/g;

/**
 * What identifies a finding across pushes: rule, file, the object and the node inside it, and the message
 * with positions of other places taken out (they move when lines are added above them).
 */
export function fingerprintOf(f: Finding, cwd: string): string {
  let message = f.message;
  for (const r of f.related ?? []) {
    message = message.split(`${r.filePath}:${r.line}:${r.column}`).join(r.filePath);
    message = message.split(`${r.filePath}:${r.line}`).join(r.filePath);
  }
  message = message.replace(FILE_POSITION, '$1').replace(LINE_POSITION, 'line');
  const t = f.target;
  const object = t ? `${t.apiVersion}/${t.kind}/${t.namespace}/${t.name}` : '';
  const identity = [
    f.ruleId,
    relativePath(f.filePath, cwd).path,
    object,
    t ? pathString(t.path) : '',
    message,
  ];
  return createHash('sha256').update(identity.join('\0')).digest('hex').slice(0, 32);
}

/**
 * A fix or suggestion as a SARIF fix: its edits grouped by file, each a replacement of a character range
 * (offsets in UTF-16 code units, as the run's columnKind says).
 */
function sarifFix(fix: Fix, filePath: string, cwd: string) {
  const byFile = new Map<string, Fix['edits']>();
  for (const e of fix.edits) {
    const file = e.filePath ?? filePath;
    byFile.set(file, [...(byFile.get(file) ?? []), e]);
  }
  return {
    description: { text: fix.desc },
    artifactChanges: [...byFile].map(([file, edits]) => ({
      artifactLocation: artifactLocation(file, cwd),
      replacements: edits.map((e) => ({
        deletedRegion: { charOffset: e.range[0], charLength: e.range[1] - e.range[0] },
        insertedContent: { text: e.text },
      })),
    })),
  };
}

export default function sarif(findings: Finding[], ctx: FormatContext): string {
  const version = ctx.version ?? '0.0.0';
  const ruleIndex = new Map(ctx.rules.map((r, i) => [r.meta.id, i]));
  const rules = ctx.rules.map(({ meta }) => {
    const url = docsUrl(meta.id);
    return {
      id: meta.id,
      name: pascal(meta.id),
      shortDescription: { text: meta.description },
      fullDescription: { text: `${meta.description}. ${meta.remediation}` },
      helpUri: url,
      help: {
        text: `${meta.remediation}\n\nDocumentation: ${url}`,
        markdown: `${meta.remediation}\n\n[Documentation](${url})`,
      },
      defaultConfiguration:
        meta.severity === 'off' ? { enabled: false, level: 'warning' } : { level: meta.severity },
      properties: { tags: ['kubernetes'] },
    };
  });

  const seen = new Map<string, number>();
  const results = findings.map((f) => {
    const hash = fingerprintOf(f, ctx.cwd);
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    const index = ruleIndex.get(f.ruleId);
    const fixes = [...(f.fix ? [f.fix] : []), ...(f.suggestions ?? [])];
    return {
      ruleId: f.ruleId,
      ...(index === undefined ? {} : { ruleIndex: index }),
      level: f.severity,
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifactLocation(f.filePath, ctx.cwd),
            region: {
              startLine: f.line,
              startColumn: f.column,
              endLine: f.endLine,
              endColumn: f.endColumn,
            },
          },
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: `${hash}:${occurrence}` },
      ...(f.related?.length
        ? {
            relatedLocations: f.related.map((r, i) => ({
              id: i + 1,
              physicalLocation: {
                artifactLocation: artifactLocation(r.filePath, ctx.cwd),
                region: { startLine: r.line, startColumn: r.column },
              },
              message: { text: r.message },
            })),
          }
        : {}),
      ...(fixes.length ? { fixes: fixes.map((x) => sarifFix(x, f.filePath, ctx.cwd)) } : {}),
    };
  });

  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'k8s-svc-lint',
            version,
            semanticVersion: version,
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        originalUriBaseIds: {
          '%SRCROOT%': { uri: pathToFileURL(ctx.cwd.endsWith('/') ? ctx.cwd : `${ctx.cwd}/`).href },
        },
        columnKind: 'utf16CodeUnits',
        results,
        ...uncheckedNotes(ctx),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/**
 * References that could not be checked: one notification saying how many and why, and the count per rule
 * in the run's properties, so that code scanning shows no alert for them and tools can still read them.
 */
function uncheckedNotes(ctx: FormatContext): Record<string, unknown> {
  const text = uncheckedSummary(ctx.unchecked);
  if (!text) return {};
  const byRule: Record<string, number> = {};
  for (const f of ctx.unchecked ?? []) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
  return {
    invocations: [
      {
        executionSuccessful: true,
        toolExecutionNotifications: [{ level: 'note', message: { text } }],
      },
    ],
    properties: { uncheckedReferences: { total: ctx.unchecked?.length ?? 0, byRule } },
  };
}
