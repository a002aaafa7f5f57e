/**
 * Parses one source text into documents: values as kubectl reads them (YAML 1.1) and a locator that maps a
 * JSON path back to the source range of its node.
 */
import type { Node, Document as YamlDocument } from 'yaml';
import type { Document, Finding, Path, Range, SourceFile } from '../types.js';
import { duplicateKeys } from './duplicates.js';
import { depthGuardedTokens, MAX_ALIAS_COUNT, MAX_DEPTH, plainDataTags, recursiveAlias } from './limits.js';
import { LineIndex } from './positions.js';
import { yamlLib } from './yaml-lib.js';

export interface ParseOptions {
  /** The file was named by the user (not found by walking a directory): report problems even if it does not look like a manifest. */
  explicit?: boolean;
  /**
   * For the fast path of a large run: what locating the file computes is kept only while it is the file
   * located last, and a reference parse keeps values only (see lazySourceFile in fast.ts).
   */
  lean?: boolean;
  /** Every character of the text is ASCII (known from its bytes): checks for others are skipped. */
  ascii?: boolean;
}

const TEMPLATE_LINE = /^[ \t]*(?:-[ \t]+)?\{\{/m;
const TEMPLATE_VALUE = /:[ \t]+\{\{/;
/** Both words anywhere, in either order; two scans instead of one backtracking regex (quadratic on hostile text). */
export const looksLikeManifest = (text: string) => /\bapiVersion\b/.test(text) && /\bkind\b/.test(text);

/** How the reference parse reads YAML: 1.1 as kubectl, merge keys, repeated keys kept (a rule reports them). */
export const COMPOSE_OPTIONS = {
  version: '1.1',
  merge: true,
  uniqueKeys: false,
  prettyErrors: false,
  keepSourceTokens: false,
  customTags: plainDataTags,
  logLevel: 'error',
} as const;

export function parseSource(path: string, input: string, opts: ParseOptions = {}): SourceFile {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const lines = new LineIndex(text);
  const file: SourceFile = { path, text, documents: [], problems: [] };

  const hasTemplate = text.includes('{{') && (TEMPLATE_LINE.test(text) || TEMPLATE_VALUE.test(text));
  if (hasTemplate) {
    file.skipped =
      'contains template syntax ({{ … }}); skipped — lint the rendered output instead, e.g. `helm template . | k8s-svc-lint -`';
    return file;
  }

  let yamlDocs: YamlDocument.Parsed[];
  let tooDeep: number | undefined;
  try {
    const composer = new (yamlLib().Composer)(COMPOSE_OPTIONS);
    const tokens = depthGuardedTokens(text, (offset) => {
      tooDeep = offset;
    });
    yamlDocs = Array.from(composer.compose(tokens)) as YamlDocument.Parsed[];
  } catch (err) {
    file.problems.push(fileProblem(file, 'yaml-syntax', `cannot parse file: ${(err as Error).message}`));
    return file;
  }

  const reportErrors = opts.explicit || looksLikeManifest(text);
  if (tooDeep !== undefined && reportErrors) {
    file.problems.push({
      ruleId: 'yaml-syntax',
      severity: 'error',
      message: `collections nest deeper than ${MAX_DEPTH} levels; the rest of the file is not linted`,
      filePath: path,
      ...lines.range(tooDeep, tooDeep + 1),
    });
  }
  yamlDocs.forEach((yd, index) => {
    const err = yd.errors[0];
    if (err) {
      if (reportErrors) {
        const [s, e] = err.pos;
        file.problems.push({
          ruleId: 'yaml-syntax',
          severity: 'error',
          message: yamlMessage(err.message),
          filePath: path,
          ...lines.range(s, Math.max(e, s + 1)),
        });
      }
      return;
    }
    let value: unknown;
    const cycle = text.includes('*') ? recursiveAlias(yd) : undefined;
    try {
      if (cycle) throw new Error(`alias *${cycle.source} refers to a collection that contains it`);
      value = yd.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      if (reportErrors) {
        const r = cycle?.range ?? yd.contents?.range ?? [0, 0, 0];
        const msg = (e as Error).message;
        file.problems.push({
          ruleId: 'yaml-syntax',
          severity: 'error',
          message: /excessive alias count/i.test(msg)
            ? `aliases expand to more than ${MAX_ALIAS_COUNT} nodes (an alias bomb); document not linted`
            : `${yamlMessage(msg)}; document not linted`,
          filePath: path,
          ...lines.range(r[0], r[0] + 1),
        });
      }
      return;
    }
    if (reportErrors) file.problems.push(...duplicateKeys(yd.contents as Node | null, lines, path));
    file.documents.push(makeDocument(yd, index, value, lines));
  });
  return file;
}

function yamlMessage(msg: string): string {
  const first = msg.split('\n')[0] ?? msg;
  return first
    .replace(/ at line \d+, column \d+:?$/, '')
    .replace(/\.$/, '')
    .replace(/^./, (c) => c.toLowerCase());
}

export function fileProblem(file: Pick<SourceFile, 'path'>, ruleId: string, message: string): Finding {
  return {
    ruleId,
    severity: 'error',
    message,
    filePath: file.path,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
  };
}

function makeDocument(yd: YamlDocument.Parsed, index: number, value: unknown, lines: LineIndex): Document {
  return {
    index,
    value,
    locate(path: Path, opts?: { key?: boolean }): Range {
      const { isCollection } = yamlLib();
      const { node, key, complete } = findNode(yd, path);
      // A missing child is reported at its closest ancestor's key, so the user sees where it belongs.
      const target = (opts?.key || !complete) && key ? key : node;
      const start = (key && isCollection(node) && !isFlow(node)) || (opts?.key && key) ? key : target;
      const s = start?.range?.[0] ?? target?.range?.[0] ?? 0;
      const e = target?.range?.[1] ?? s;
      return lines.range(s, lines.trimEnd(s, e));
    },
    sourceText(path: Path): string | undefined {
      const { node, complete } = findNode(yd, path);
      if (!complete || !yamlLib().isScalar(node) || !node.range) return undefined;
      return lines.text.slice(node.range[0], node.range[1]);
    },
  };
}

function isFlow(node: Node): boolean {
  return yamlLib().isCollection(node) && node.flow === true;
}

interface Found {
  node: Node | null;
  key: Node | null;
  complete: boolean;
}

function findNode(yd: YamlDocument.Parsed, path: Path): Found {
  let node: Node | null = yd.contents as Node | null;
  let key: Node | null = null;
  for (const seg of path) {
    const next = child(yd, node, seg);
    if (!next) return { node, key, complete: false };
    node = next.value;
    key = next.key;
    if (!node) return { node: key, key, complete: true };
  }
  return { node, key, complete: true };
}

function resolve(yd: YamlDocument.Parsed, node: unknown): Node | null {
  const { isAlias } = yamlLib();
  let n = node as Node | null;
  for (let i = 0; i < 100 && n && isAlias(n); i++) n = n.resolve(yd) ?? null;
  return n;
}

function child(
  yd: YamlDocument.Parsed,
  parent: Node | null,
  seg: string | number,
): { key: Node | null; value: Node | null } | undefined {
  const { isMap, isPair, isScalar, isSeq } = yamlLib();
  const p = resolve(yd, parent);
  if (!p) return undefined;
  if (isSeq(p) && typeof seg === 'number') {
    const v = p.items[seg];
    return v === undefined ? undefined : { key: null, value: (v as Node) ?? null };
  }
  if (isMap(p)) {
    let merged: Node | null = null;
    // Later keys win, as in the parsed value.
    for (let i = p.items.length - 1; i >= 0; i--) {
      const pair = p.items[i];
      if (!isPair(pair)) continue;
      const k = pair.key as Node | null;
      const kv = isScalar(k) ? k.value : k;
      const isMerge = kv === '<<' || (typeof kv === 'symbol' && isScalar(k) && k.source === '<<');
      if (isMerge) {
        merged ??= pair.value as Node;
      } else if (kv !== null && typeof kv !== 'symbol' && String(kv) === String(seg))
        return { key: k, value: resolve(yd, pair.value) };
    }
    if (merged) {
      const m = resolve(yd, merged);
      const sources = isSeq(m) ? m.items.map((it) => resolve(yd, it)) : [m];
      for (const src of sources) {
        const found = child(yd, src, seg);
        if (found) return found;
      }
    }
  }
  return undefined;
}
