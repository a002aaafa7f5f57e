/** Drawing routes: a terminal tree, a Mermaid flowchart, a Graphviz digraph, or JSON. */
import type { Explanation, Hop, Problem, Route, Status } from './route.js';

export const EXPLAIN_FORMATS = ['tree', 'mermaid', 'dot', 'json'] as const;
export type ExplainFormat = (typeof EXPLAIN_FORMATS)[number];

const MARK: Record<Status, string> = { ok: '✔', warning: '⚠', broken: '✖' };

function where(x: { filePath?: string; line?: number; column?: number }): string {
  return x.filePath && x.line ? `${x.filePath}:${x.line}:${x.column ?? 1}` : '';
}

function problemText(p: Problem): string {
  return `${p.message}${p.ruleId ? ` [${p.ruleId}]` : ''}`;
}

function serviceTitle(r: Route): string {
  const s = r.service;
  const kind = s.missing ? 'not in the input' : s.headless ? `${s.type}, headless` : s.type;
  return `Service ${s.namespace}/${s.name} (${kind})`;
}

interface Paint {
  mark(s: Status): string;
  dim(s: string): string;
  bold(s: string): string;
}

function paint(color: boolean): Paint {
  const code = (open: number, close: number) => (s: string) =>
    color ? `\u001b[${open}m${s}\u001b[${close}m` : s;
  const byStatus: Record<Status, (s: string) => string> = {
    ok: code(32, 39),
    warning: code(33, 39),
    broken: code(31, 39),
  };
  return { mark: (s) => byStatus[s](MARK[s]), dim: code(2, 22), bold: code(1, 22) };
}

/**
 * The terminal tree: one block per Service, each entry point followed hop by hop. A hop reached again
 * from another entry point is not drawn twice: "(as above)" refers back to it.
 */
export function renderTree(e: Explanation, opts: { color: boolean }): string {
  const p = paint(opts.color);
  const lines: string[] = [];
  for (const route of e.routes) {
    const byId = new Map(route.hops.map((h) => [h.id, h]));
    const drawn = new Set<string>();
    const loc = where(route.service);
    lines.push(`${p.mark(route.status)} ${p.bold(serviceTitle(route))}${loc ? `  ${p.dim(loc)}` : ''}`);
    for (const prob of route.problems) lines.push(problemLine(p, '  ', prob));

    const walk = (hop: Hop, prefix: string, last: boolean) => {
      const branch = last ? '└─ ' : '├─ ';
      const cont = prefix + (last ? '   ' : '│  ');
      if (drawn.has(hop.id)) {
        lines.push(`${prefix}${branch}${p.dim(`↑ ${hop.label} (as above)`)}`);
        return;
      }
      drawn.add(hop.id);
      const detail = hop.detail.length ? `  ${p.dim(hop.detail.join(' · '))}` : '';
      const at = where(hop);
      lines.push(
        `${prefix}${branch}${p.mark(hop.status)} ${hop.label}${detail}${at ? `  ${p.dim(at)}` : ''}`,
      );
      const next = hop.next.map((id) => byId.get(id)).filter((h): h is Hop => !!h);
      for (const prob of hop.problems)
        lines.push(problemLine(p, `${cont}${next.length ? '│  ' : '   '}`, prob));
      next.forEach((n, i) => {
        walk(n, cont, i === next.length - 1);
      });
    };
    const entries = route.entries.map((id) => byId.get(id)).filter((h): h is Hop => !!h);
    entries.forEach((h, i) => {
      walk(h, '', i === entries.length - 1);
    });
    lines.push('');
  }
  lines.push(summary(e, p));
  return `${lines.join('\n')}\n`;
}

function problemLine(p: Paint, indent: string, prob: Problem): string {
  const status: Status = prob.severity === 'error' ? 'broken' : 'warning';
  const at = where(prob);
  return `${indent}${p.mark(status)} ${problemText(prob)}${at ? `  ${p.dim(at)}` : ''}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function summary(e: Explanation, p: Paint): string {
  const broken = e.routes.filter((r) => r.status === 'broken').length;
  const warned = e.routes.filter((r) => r.status === 'warning').length;
  const parts: string[] = [];
  const n = plural(e.routes.length, 'Service');
  if (!e.routes.length) parts.push('no Service in the input');
  else if (broken) parts.push(`${p.mark('broken')} ${n}: ${broken} with a broken route`);
  else parts.push(`${p.mark(warned ? 'warning' : 'ok')} ${n}: every route intact`);
  if (warned) parts.push(`${warned} with warnings`);
  let out = parts.join(', ');
  if (e.unattached)
    out += `\n${p.dim(`${plural(e.unattached, 'finding')} not on these routes: run k8s-svc-lint to list them`)}`;
  return out;
}

/** Text of a hop for a diagram node: mark, label, details, problems — one phrase a line. */
function nodeLines(hop: Hop): string[] {
  return [
    `${MARK[hop.status]} ${hop.label}`,
    ...hop.detail,
    ...hop.problems.map((p) => `${MARK[p.severity === 'error' ? 'broken' : 'warning']} ${problemText(p)}`),
  ];
}

/**
 * Mermaid text inside a quoted label: entity codes for every character that could end the string or
 * be read as markup (`#` first starts an entity itself, so it is always coded).
 */
export function mermaidEscape(s: string): string {
  return s.replace(/["#<>&[\]{}|`\\]/g, (c) => {
    switch (c) {
      case '"':
        return '#quot;';
      case '<':
        return '#lt;';
      case '>':
        return '#gt;';
      case '&':
        return '#amp;';
      default:
        return `#${c.charCodeAt(0)};`;
    }
  });
}

function diagramId(ri: number, hopId: string): string {
  return `r${ri}_${hopId.replace(/[^A-Za-z0-9]/g, '_')}`;
}

export function renderMermaid(e: Explanation): string {
  const out = ['flowchart LR'];
  const classes: Record<Status, string[]> = { ok: [], warning: [], broken: [] };
  e.routes.forEach((route, ri) => {
    const title = [
      `${MARK[route.status]} ${serviceTitle(route)}`,
      ...route.problems.map(
        (p) => `${MARK[p.severity === 'error' ? 'broken' : 'warning']} ${problemText(p)}`,
      ),
    ];
    out.push(`  subgraph r${ri}["${title.map(mermaidEscape).join('<br/>')}"]`);
    out.push('    direction LR');
    for (const hop of route.hops) {
      const id = diagramId(ri, hop.id);
      out.push(`    ${id}["${nodeLines(hop).map(mermaidEscape).join('<br/>')}"]`);
      classes[hop.status].push(id);
    }
    out.push('  end');
    for (const hop of route.hops)
      for (const n of hop.next) out.push(`  ${diagramId(ri, hop.id)} --> ${diagramId(ri, n)}`);
  });
  out.push('  classDef ok fill:#eefbea,stroke:#2e7d32');
  out.push('  classDef warning fill:#fff8e1,stroke:#b26a00');
  out.push('  classDef broken fill:#fdecea,stroke:#c62828,stroke-width:2px');
  for (const s of ['ok', 'warning', 'broken'] as const)
    if (classes[s].length) out.push(`  class ${classes[s].join(',')} ${s}`);
  return `${out.join('\n')}\n`;
}

/** A DOT double-quoted string: backslash and quote escaped, line breaks as \n. */
export function dotString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

const DOT_STYLE: Record<Status, string> = {
  ok: 'color="#2e7d32", fillcolor="#eefbea"',
  warning: 'color="#b26a00", fillcolor="#fff8e1"',
  broken: 'color="#c62828", fillcolor="#fdecea", penwidth=2',
};

export function renderDot(e: Explanation): string {
  const out = [
    'digraph routes {',
    '  rankdir=LR;',
    '  node [shape=box, style="rounded,filled", fontname="Helvetica"];',
  ];
  e.routes.forEach((route, ri) => {
    const title = [
      `${MARK[route.status]} ${serviceTitle(route)}`,
      ...route.problems.map(
        (p) => `${MARK[p.severity === 'error' ? 'broken' : 'warning']} ${problemText(p)}`,
      ),
    ];
    out.push(`  subgraph cluster_r${ri} {`);
    out.push(`    label=${dotString(title.join('\n'))};`);
    for (const hop of route.hops)
      out.push(
        `    ${diagramId(ri, hop.id)} [label=${dotString(nodeLines(hop).join('\n'))}, ${DOT_STYLE[hop.status]}];`,
      );
    out.push('  }');
    for (const hop of route.hops)
      for (const n of hop.next) out.push(`  ${diagramId(ri, hop.id)} -> ${diagramId(ri, n)};`);
  });
  out.push('}');
  return `${out.join('\n')}\n`;
}

/** The JSON shape documented in docs/explain.md. */
export function renderJson(e: Explanation): string {
  const broken = e.routes.filter((r) => r.status === 'broken').length;
  return `${JSON.stringify(
    {
      version: 1,
      routes: e.routes,
      summary: {
        services: e.routes.length,
        broken,
        warnings: e.routes.filter((r) => r.status === 'warning').length,
        unattachedFindings: e.unattached,
      },
    },
    null,
    2,
  )}\n`;
}

export function render(e: Explanation, format: ExplainFormat, opts: { color: boolean }): string {
  switch (format) {
    case 'tree':
      return renderTree(e, opts);
    case 'mermaid':
      return renderMermaid(e);
    case 'dot':
      return renderDot(e);
    case 'json':
      return renderJson(e);
  }
}
