/**
 * Fixes and suggestions that rules attach to their findings. Each builder reads the file's syntax tree,
 * makes the smallest edit that says what is meant (a scalar replaced, a key or an item inserted with the
 * indentation and style around it), and keeps the fix only when parsing the edited text gives exactly the
 * intended values (tree.ts `checked`). Anything unusual on the way (an alias, a merge key, a block scalar,
 * a file that does not parse) means no fix: undefined.
 */
import type { Node } from 'yaml';
import { kindMappings, kindNodes } from '../model/kind.js';
import type { ServicePortInfo } from '../model/service.js';
import type { Fix, K8sObject, Path, SourceFile, TextEdit } from '../types.js';
import { dnsLabelProblem, ianaServiceNameProblem, isQuotedNumber } from '../util/names.js';
import { closest } from '../util/suggest.js';
import { yamlLib } from '../util/yaml-lib.js';
import {
  type Change,
  changesExactly,
  checked,
  type Found,
  isFlow,
  jsonStyle,
  lineEnd,
  lineStart,
  newline,
  nodeAt,
  type Tree,
  treeOf,
  yamlString,
} from './tree.js';

interface At {
  tree: Tree;
  found: Found;
  /** The path from the document's root. */
  path: Path;
  doc: number;
}

function at(obj: K8sObject, path: Path): At | undefined {
  const tree = treeOf(obj.file);
  if (!tree) return undefined;
  const full = [...obj.path, ...path];
  const found = nodeAt(tree, obj.doc.index, full);
  return found && { tree, found, path: full, doc: obj.doc.index };
}

/** A one-line plain or quoted scalar and its source text; block scalars and multi-line ones are left alone. */
function scalarSource(a: At): { s: number; e: number; source: string; type: string } | undefined {
  const { isScalar } = yamlLib();
  const node = a.found.node;
  if (!isScalar(node) || !node.range) return undefined;
  const type = String(node.type);
  if (type !== 'PLAIN' && type !== 'QUOTE_DOUBLE' && type !== 'QUOTE_SINGLE') return undefined;
  const [s, e] = node.range;
  const source = a.tree.text.slice(s, e);
  if (/[\r\n]/.test(source)) return undefined;
  return { s, e, source, type };
}

/**
 * Quotes a plain scalar that YAML reads as a number or boolean (`version: 1.10`), so that it stays the
 * string written: `version: "1.10"`.
 */
export function quoteValue(obj: K8sObject, path: Path): Fix | undefined {
  const a = at(obj, path);
  const scalar = a && scalarSource(a);
  if (!a || !scalar || scalar.type !== 'PLAIN') return undefined;
  const text = JSON.stringify(scalar.source);
  return checked(
    a.tree,
    `Quote the value: ${text}`,
    [{ range: [scalar.s, scalar.e], text }],
    [{ doc: a.doc, path: a.path, value: scalar.source }],
  );
}

/** The text of a scalar that replaces another, in the same quoting where it can. */
function scalarText(value: string | number, type: string, json: boolean): string {
  if (typeof value === 'number') return String(value);
  if (type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  if (type === 'QUOTE_DOUBLE') return JSON.stringify(value);
  return yamlString(value, json);
}

/** Replaces a scalar's value (a misspelled name by the name meant), keeping its quoting style. */
export function replaceValue(
  obj: K8sObject,
  path: Path,
  value: string | number,
  desc: string,
): Fix | undefined {
  const a = at(obj, path);
  const scalar = a && scalarSource(a);
  if (!a || !scalar) return undefined;
  const text = scalarText(value, scalar.type, isJsonFile(obj.file));
  return checked(
    a.tree,
    desc,
    [{ range: [scalar.s, scalar.e], text }],
    [{ doc: a.doc, path: a.path, value }],
  );
}

/** `"8080"` → `8080`: a port written as a quoted number is a (bad) name; the number is meant. */
export function unquoteNumber(obj: K8sObject, path: Path): Fix | undefined {
  const a = at(obj, path);
  const scalar = a && scalarSource(a);
  const value = a && (a.found.node as { value?: unknown }).value;
  if (!scalar || typeof value !== 'string' || !isQuotedNumber(value)) return undefined;
  const n = Number(value);
  const field = path[path.length - 1];
  return replaceValue(obj, path, n, `Write ${String(field)} as the number ${n}`);
}

/** Did-you-mean for a name a reference uses: the closest of `names`, as a replacement of the scalar. */
export function replaceByClosest(
  obj: K8sObject,
  path: Path,
  written: string,
  names: Iterable<string>,
): Fix | undefined {
  const near = closest(written, names);
  return near === undefined
    ? undefined
    : replaceValue(obj, path, near, `Change ${JSON.stringify(written)} to ${JSON.stringify(near)}`);
}

/**
 * Suggestions for a reference to a Service port that matches none (an Ingress backend, a route
 * backendRef): the port name meant, or the Service port whose targetPort the number is.
 */
export function servicePortSuggestions(
  obj: K8sObject,
  path: Path,
  ports: readonly ServicePortInfo[],
  ref: unknown,
): Fix[] {
  if (typeof ref === 'string') {
    const fix = replaceByClosest(
      obj,
      path,
      ref,
      ports.flatMap((p) => (p.name ? [p.name] : [])),
    );
    return fix ? [fix] : [];
  }
  if (typeof ref !== 'number') return [];
  const p = ports.find((x) => x.effectiveTarget === ref && x.port !== undefined && x.port !== ref);
  const fix =
    p?.port !== undefined
      ? replaceValue(obj, path, p.port, `Refer to Service port ${p.port} (whose targetPort is ${ref})`)
      : undefined;
  return fix ? [fix] : [];
}

function isJsonFile(file: SourceFile): boolean {
  return /\.json$/i.test(file.path) || /^\s*[[{]/.test(file.text);
}

/** The indentation before `offset` when only spaces and sequence dashes precede it on its line. */
function indentAt(text: string, offset: number): string | undefined {
  const before = text.slice(lineStart(text, offset), offset);
  return /^[ -]*$/.test(before) ? ' '.repeat(before.length) : undefined;
}

/** The offset after the last character of a node that is not white space. */
function trimmedEnd(text: string, node: Node): number {
  let e = node.range?.[1] ?? 0;
  const s = node.range?.[0] ?? 0;
  while (e > s + 1 && /\s/.test(text[e - 1] ?? '')) e--;
  return e;
}

/** An edit that adds `key: value` to a mapping, first, in its style (block or flow, YAML or JSON). */
function insertFirstKey(tree: Tree, map: Node, key: string, value: string | number): TextEdit | undefined {
  const { isMap } = yamlLib();
  if (!isMap(map) || !map.range) return undefined;
  const text = tree.text;
  if (isFlow(map)) {
    const json = jsonStyle(map);
    const first = map.items[0];
    const open = map.range[0];
    if (text[open] !== '{') return undefined;
    const k = json ? JSON.stringify(key) : key;
    const v =
      typeof value === 'number' ? String(value) : json ? JSON.stringify(value) : yamlString(value, false);
    const firstKey = (first?.key as Node | undefined)?.range?.[0];
    if (first && firstKey === undefined) return undefined;
    return firstKey !== undefined
      ? { range: [firstKey, firstKey], text: `${k}: ${v}, ` }
      : { range: [open + 1, open + 1], text: `${k}: ${v}` };
  }
  const start = map.range[0];
  const indent = indentAt(text, start);
  if (indent === undefined) return undefined;
  const v = typeof value === 'number' ? String(value) : yamlString(value, false);
  return { range: [start, start], text: `${key}: ${v}${newline(text)}${indent}` };
}

const WELL_KNOWN: Record<number, string> = {
  22: 'ssh',
  53: 'dns',
  80: 'http',
  443: 'https',
  3306: 'mysql',
  5432: 'postgresql',
  6379: 'redis',
  8080: 'http',
  8443: 'https',
  9090: 'metrics',
  27017: 'mongodb',
};

/**
 * Names for the unnamed ports of a Service's port list, by index: the targetPort's name when it is one,
 * else a well-known service name for the port number, else `port-<number>`; `-udp` or `-sctp` for other
 * protocols; made unique among the list's names.
 */
export function portNames(ports: readonly unknown[]): Map<number, string> {
  const entries = ports.map((p) => (p && typeof p === 'object' ? (p as Record<string, unknown>) : {}));
  const taken = new Set(entries.flatMap((p) => (typeof p.name === 'string' && p.name ? [p.name] : [])));
  const out = new Map<number, string>();
  entries.forEach((p, i) => {
    if (typeof p.name === 'string' && p.name !== '') return;
    const port = typeof p.port === 'number' ? p.port : undefined;
    const target =
      typeof p.targetPort === 'string' && !ianaServiceNameProblem(p.targetPort) ? p.targetPort : '';
    let base = target || (port !== undefined ? (WELL_KNOWN[port] ?? `port-${port}`) : `port-${i + 1}`);
    const protocol = typeof p.protocol === 'string' ? p.protocol.toLowerCase() : 'tcp';
    if (protocol !== 'tcp' && /^[a-z]+$/.test(protocol) && !base.endsWith(`-${protocol}`))
      base += `-${protocol}`;
    let name = base;
    for (let n = 2; taken.has(name) || dnsLabelProblem(name); n++) name = `${base}-${n}`;
    taken.add(name);
    out.set(i, name);
  });
  return out;
}

/** Names port `index` of a multi-port Service that has none (`name: http` as its first key). */
export function nameUnnamedPort(svc: K8sObject, index: number): Fix | undefined {
  const ports = svc.raw?.spec?.ports;
  if (!Array.isArray(ports)) return undefined;
  const name = portNames(ports).get(index);
  const a = at(svc, ['spec', 'ports', index]);
  if (!name || !a) return undefined;
  const edit = insertFirstKey(a.tree, a.found.node, 'name', name);
  return (
    edit &&
    checked(
      a.tree,
      `Name the port ${JSON.stringify(name)}`,
      [edit],
      [{ doc: a.doc, path: [...a.path, 'name'], value: name }],
    )
  );
}

interface MappingEdit {
  edit: TextEdit;
  change: Change;
  node: string;
}

/** The edit that adds a port mapping `entry` to a kind config: to a node's list, a new list, or new nodes. */
function mappingEdit(config: K8sObject, entry: Record<string, string | number>): MappingEdit | undefined {
  const { isMap, isSeq } = yamlLib();
  const root = at(config, []);
  if (!root || !isMap(root.found.node) || isFlow(root.found.node)) return undefined;
  const { tree } = root;
  const text = tree.text;
  const nl = newline(text);
  const block = (indent: string) =>
    Object.entries(entry)
      .map(([k, v], i) => `${indent}${i ? '  ' : '- '}${k}: ${v}`)
      .join(nl);
  const flow = (json: boolean) =>
    `{${Object.entries(entry)
      .map(
        ([k, v]) =>
          `${json ? JSON.stringify(k) : k}: ${json && typeof v === 'string' ? JSON.stringify(v) : v}`,
      )
      .join(', ')}}`;
  const nodes = config.raw?.nodes;
  const nodeNames = kindNodes(config);
  if (nodes === undefined) {
    const indent = indentAt(text, root.found.node.range?.[0] ?? 0);
    if (indent === undefined) return undefined;
    const end = lineEnd(text, trimmedEnd(text, root.found.node));
    const added = `${nl}${indent}nodes:${nl}${indent}- role: control-plane${nl}${indent}  extraPortMappings:${nl}${block(`${indent}  `)}`;
    return {
      edit: { range: [end, end], text: added },
      change: {
        doc: root.doc,
        path: [...root.path, 'nodes'],
        value: [{ role: 'control-plane', extraPortMappings: [entry] }],
      },
      node: nodeNames[0]?.name ?? 'control-plane',
    };
  }
  if (!Array.isArray(nodes) || nodes.length === 0) return undefined;
  // A node that has mappings already, else the first (a node port is open on every node).
  let k = nodes.findIndex((n) => Array.isArray(n?.extraPortMappings) && n.extraPortMappings.length > 0);
  if (k < 0) k = 0;
  const node = at(config, ['nodes', k]);
  if (!node || !isMap(node.found.node)) return undefined;
  const nodeName = nodeNames[k]?.name ?? `#${k + 1}`;
  const list = nodes[k]?.extraPortMappings;
  if (Array.isArray(list)) {
    const seq = at(config, ['nodes', k, 'extraPortMappings']);
    if (!seq || !isSeq(seq.found.node) || !seq.found.node.range) return undefined;
    const s = seq.found.node;
    const change = { doc: seq.doc, path: [...seq.path, list.length], value: entry };
    if (isFlow(s)) {
      const close = text.lastIndexOf(']', s.range?.[1] ?? 0);
      if (close < (s.range?.[0] ?? 0)) return undefined;
      const json = s.items[0] ? jsonStyle(s.items[0] as Node) : false;
      const added = `${s.items.length ? ', ' : ''}${flow(json)}`;
      return { edit: { range: [close, close], text: added }, change, node: nodeName };
    }
    const indent = indentAt(text, s.range?.[0] ?? 0);
    const last = s.items[s.items.length - 1] as Node | undefined;
    if (indent === undefined || !last?.range) return undefined;
    const end = lineEnd(text, trimmedEnd(text, last));
    const added = isFlow(last) ? `${nl}${indent}- ${flow(jsonStyle(last))}` : `${nl}${block(indent)}`;
    return { edit: { range: [end, end], text: added }, change, node: nodeName };
  }
  if (list !== undefined) return undefined;
  const map = node.found.node;
  const change = { doc: node.doc, path: [...node.path, 'extraPortMappings'], value: [entry] };
  if (isFlow(map)) {
    const close = text.lastIndexOf('}', map.range?.[1] ?? 0);
    if (close < (map.range?.[0] ?? 0)) return undefined;
    const json = jsonStyle(map);
    const key = json ? '"extraPortMappings"' : 'extraPortMappings';
    const added = `${map.items.length ? ', ' : ''}${key}: [${flow(json)}]`;
    return { edit: { range: [close, close], text: added }, change, node: nodeName };
  }
  const indent = indentAt(text, map.range?.[0] ?? 0);
  if (indent === undefined) return undefined;
  const end = lineEnd(text, trimmedEnd(text, map));
  const added = `${nl}${indent}extraPortMappings:${nl}${block(indent)}`;
  return { edit: { range: [end, end], text: added }, change, node: nodeName };
}

/**
 * Suggests the extraPortMappings entry that maps `nodePort` (as hostPort too) in a kind config, and, for a
 * Service port that sets no nodePort (`setNodePort`), that nodePort as well. None when the host port is
 * taken in the config already.
 */
export function kindMappingSuggestion(
  from: K8sObject,
  config: K8sObject,
  nodePort: number,
  protocol: string,
  setNodePort?: { service: K8sObject; portPath: Path },
): Fix | undefined {
  const proto = protocol.toUpperCase();
  const mappings = kindMappings(config);
  const cluster = `kind cluster "${config.name || 'kind'}"`;
  // The node port is mapped already (a free mapping the rule proposes): only the nodePort is missing.
  const mapped = mappings.find((m) => m.containerPort === nodePort && m.protocol === proto);
  if (mapped && !setNodePort) return undefined;
  if (!mapped && mappings.some((m) => m.hostPort === nodePort)) return undefined;
  const entry: Record<string, string | number> = { containerPort: nodePort, hostPort: nodePort };
  if (proto !== 'TCP') entry.protocol = proto;
  const m = mapped ? undefined : mappingEdit(config, entry);
  if (!mapped && !m) return undefined;
  const byFile = new Map<SourceFile, { tree: Tree; edits: TextEdit[]; changes: Change[] }>();
  const add = (obj: K8sObject, tree: Tree, edit: TextEdit, change: Change) => {
    const group = byFile.get(obj.file) ?? { tree, edits: [], changes: [] };
    byFile.set(obj.file, group);
    group.edits.push(obj.file === from.file ? edit : { ...edit, filePath: obj.file.path });
    group.changes.push(change);
  };
  let desc = '';
  if (m) {
    add(config, treeOf(config.file) as Tree, m.edit, m.change);
    desc = `Map node port ${nodePort} in ${cluster} (node "${m.node}"): extraPortMappings ${JSON.stringify(entry).replace(/"/g, '')}`;
  }
  if (setNodePort) {
    const port = at(setNodePort.service, setNodePort.portPath);
    const edit = port && insertFirstKey(port.tree, port.found.node, 'nodePort', nodePort);
    if (!port || !edit) return undefined;
    add(setNodePort.service, port.tree, edit, {
      doc: port.doc,
      path: [...port.path, 'nodePort'],
      value: nodePort,
    });
    desc = m
      ? `Set nodePort: ${nodePort} and map it in ${cluster} (node "${m.node}")`
      : `Set nodePort: ${nodePort}, which ${cluster} maps already`;
  }
  for (const g of byFile.values()) if (!changesExactly(g.tree, g.edits, g.changes)) return undefined;
  return { desc, edits: [...byFile.values()].flatMap((g) => g.edits) };
}
