import { explain, type Hop, type Problem, type Route, type Status } from '../explain/route.js';
import type { Model } from '../model/model.js';
import type { Finding } from '../types.js';
import { describeObject, type Here, references, serviceAt } from './navigate.js';

const MARK: Record<Status, string> = { ok: '✔', warning: '⚠', broken: '✖' };

/** Markdown's special characters escaped, for text from manifests. */
function md(s: string): string {
  return s.replace(/[\\`*_{}[\]<>()#+!|]/g, (c) => `\\${c}`);
}

type Link = (filePath: string, line: number) => string;

function at(x: { filePath?: string; line?: number }, link: Link): string {
  if (!x.filePath || !x.line) return '';
  const name = x.filePath.slice(x.filePath.lastIndexOf('/') + 1);
  return ` — [${md(name)}:${x.line}](${link(x.filePath, x.line)})`;
}

function problemLine(p: Problem, indent: string, link: Link): string {
  const mark = p.severity === 'error' ? MARK.broken : MARK.warning;
  return `${indent}- ${mark} ${md(p.message)}${p.ruleId ? ` \`${p.ruleId}\`` : ''}${at(p, link)}`;
}

/** A route as nested Markdown lists, following each entry point hop by hop. */
export function routeMarkdown(route: Route, link: Link): string {
  const s = route.service;
  const kind = s.missing ? 'not in the input' : s.headless ? `${s.type}, headless` : s.type;
  const lines = [
    `${MARK[route.status]} **Service ${md(`${s.namespace}/${s.name}`)}** (${kind})${at(s, link)}`,
    '',
  ];
  for (const p of route.problems) lines.push(problemLine(p, '', link));
  const byId = new Map(route.hops.map((h) => [h.id, h]));
  const drawn = new Set<string>();
  const walk = (hop: Hop, depth: number) => {
    const indent = '  '.repeat(depth);
    if (drawn.has(hop.id)) {
      lines.push(`${indent}- ↑ ${md(hop.label)} (as above)`);
      return;
    }
    drawn.add(hop.id);
    const detail = hop.detail.length ? ` · ${md(hop.detail.join(' · '))}` : '';
    lines.push(`${indent}- ${MARK[hop.status]} ${md(hop.label)}${detail}${at(hop, link)}`);
    for (const p of hop.problems) lines.push(problemLine(p, `${indent}  `, link));
    for (const id of hop.next) {
      const next = byId.get(id);
      if (next) walk(next, depth + 1);
    }
  };
  for (const id of route.entries) {
    const h = byId.get(id);
    if (h) walk(h, 0);
  }
  return lines.join('\n');
}

export function hoverMarkdown(
  model: Model,
  here: Here,
  findings: readonly Finding[],
  link: Link,
): string | undefined {
  const svc = serviceAt(model, here);
  if (svc) {
    const { routes } = explain(model, findings, { service: `${svc.namespace}/${svc.name}` });
    return routes.length ? routes.map((r) => routeMarkdown(r, link)).join('\n\n---\n\n') : undefined;
  }
  const selecting = references(model, here, false);
  if (!selecting.length) return undefined;
  const list = selecting.map((t) => {
    const r = t.object.doc.locate([...t.object.path, ...t.path]);
    return `- ${md(describeObject(t.object))}${at({ filePath: t.object.file.path, line: r.line }, link)}`;
  });
  return [`**Selected by** (these pods receive their traffic or are governed by them):`, '', ...list].join(
    '\n',
  );
}
