import {
  DEFAULT_NODE_PORT_RANGE,
  getsNodePorts,
  type KindMapping,
  kindScope,
  mappingsOf,
} from '../model/kind.js';
import { type ContainerInfo, type ContainerPortInfo, type Model, toLabelSelector } from '../model/model.js';
import { isPlainObject } from '../model/objects.js';
import { ingressServiceBackend } from '../model/references.js';
import { selectPods } from '../model/resolve.js';
import { type PodReach, serviceRoute, servingContainers } from '../model/routing.js';
import {
  isHeadless,
  manualEndpoints,
  type ServicePortInfo,
  servicePorts,
  serviceSelector,
  serviceType,
} from '../model/service.js';
import type { Finding, K8sObject, Path, Severity } from '../types.js';
import { push } from '../util/maps.js';
import { type Place, placeOf } from '../util/where.js';
import { besidePods, closeSubsets, linkPod, portEntries, strayMonitorEntries, subsetHops } from './around.js';

export type HopKind =
  | 'host'
  | 'load-balancer'
  | 'external-ip'
  | 'ingress'
  | 'in-cluster'
  | 'node-port'
  | 'service-port'
  | 'external-name'
  | 'target-port'
  | 'pod'
  | 'endpoints'
  | 'monitor'
  | 'mesh-route'
  | 'subset';

export type Status = 'ok' | 'warning' | 'broken';

/** Where a hop or problem is in the input. */
export type Location = Place;

/** Why a hop is marked: a rule finding (ruleId set) or a fact of the route itself (ruleId null). */
export interface Problem extends Partial<Location> {
  ruleId: string | null;
  severity: Severity;
  message: string;
}

export interface Hop extends Partial<Location> {
  /** Unique within its route. */
  id: string;
  kind: HopKind;
  label: string;
  /** Further facts, one short phrase each. */
  detail: string[];
  status: Status;
  problems: Problem[];
  /** Ids of the hops a request goes to next. */
  next: string[];
}

export interface Route {
  service: {
    namespace: string;
    name: string;
    type: string;
    headless: boolean;
    /** Referenced (by an Ingress) but not in the input. */
    missing: boolean;
  } & Partial<Location>;
  status: Status;
  /** Findings about the Service that concern no particular hop. */
  problems: Problem[];
  /** Ids of the hops where requests enter, in display order. */
  entries: string[];
  hops: Hop[];
}

export interface Explanation {
  routes: Route[];
  /** Findings of the lint run that concern no hop of the routes shown. */
  unattached: number;
}

interface Anchor {
  prefix: Path;
  hop: Hop | 'service';
}

interface Draft {
  route: Route;
  svc?: K8sObject;
  /** object key → anchors in this route */
  anchors: Map<string, Anchor[]>;
  /** Hops that stand for a missing kind mapping: which Service port and node port they are for. */
  missingHosts: Map<Hop, { svcPortIndex: number; nodePort?: number }>;
}

function objectKey(apiVersion: string, kind: string, namespace: string, name: string): string {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return `${group}\u0000${kind}\u0000${namespace}\u0000${name}`;
}

function keyOf(obj: K8sObject): string {
  return objectKey(obj.apiVersion, obj.kind, obj.namespace, obj.name);
}

function worst(a: Status, b: Status): Status {
  const rank = { ok: 0, warning: 1, broken: 2 } as const;
  return rank[a] >= rank[b] ? a : b;
}

function statusOf(problems: Problem[]): Status {
  let s: Status = 'ok';
  for (const p of problems) s = worst(s, p.severity === 'error' ? 'broken' : 'warning');
  return s;
}

function isPrefix(prefix: Path, path: Path): boolean {
  return prefix.length <= path.length && prefix.every((seg, i) => seg === path[i]);
}

function portName(p: ServicePortInfo): string {
  return `${p.port ?? '?'}/${p.protocol}${p.name ? ` ("${p.name}")` : ''}`;
}

/** Builds hops into one route, with the anchors that findings attach by. */
class RouteBuilder {
  readonly draft: Draft;
  private n = 0;

  constructor(route: Route, svc?: K8sObject) {
    this.draft = { route, svc, anchors: new Map(), missingHosts: new Map() };
  }

  hop(kind: HopKind, label: string, at?: Location, detail: string[] = []): Hop {
    const h: Hop = {
      id: `${kind}-${this.n++}`,
      kind,
      label,
      ...at,
      detail,
      status: 'ok',
      problems: [],
      next: [],
    };
    this.draft.route.hops.push(h);
    return h;
  }

  link(from: Hop, to: Hop): void {
    if (!from.next.includes(to.id)) from.next.push(to.id);
  }

  anchor(obj: K8sObject, prefix: Path, hop: Hop | 'service'): void {
    push(this.draft.anchors, keyOf(obj), { prefix, hop });
  }
}

/** The extraPortMappings of the kind configs that apply to a Service, as the kind rules read them. */
function kindMappings(model: Model, svc: K8sObject): KindMapping[] {
  return kindScope(model)
    .configsOf(svc)
    .flatMap((cluster) => mappingsOf(cluster));
}

function hostLabel(m: KindMapping): string {
  const listen = m.listenAddress ?? '0.0.0.0';
  const addr = listen === '0.0.0.0' ? 'localhost' : listen.includes(':') ? `[${listen}]` : listen;
  const port = m.hostPort && m.hostPort > 0 ? String(m.hostPort) : '<random port>';
  return `${addr}:${port}${m.protocol === 'TCP' ? '' : `/${m.protocol}`}`;
}

/** The container and port a hop shows for one pod template, and the words for them. */
function describeReach(
  r: PodReach,
  target: number | string,
): {
  container?: ContainerInfo;
  port?: ContainerPortInfo;
  detail: string[];
} {
  const containers = servingContainers(r.template);
  const describeContainer = (c: ContainerInfo) => `container ${c.name}, image ${c.image || '(none)'}`;
  const hit = r.served ?? r.hits[0];
  if (!hit) {
    const only = containers.length === 1 ? containers[0] : undefined;
    const missing =
      typeof target === 'string' ? `no container port named "${target}"` : `port ${target} (not declared)`;
    return { container: only, detail: [...(only ? [describeContainer(only)] : []), missing] };
  }
  const port =
    typeof target === 'string'
      ? `containerPort "${target}" = ${hit.port.containerPort ?? '?'}/${hit.port.protocol}`
      : `containerPort ${target}/${hit.port.protocol}`;
  return { container: hit.container, port: hit.port, detail: [describeContainer(hit.container), port] };
}

function fmtSelector(sel: Record<string, string>): string {
  return Object.entries(sel)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** The chain Service port → targetPort → pods (or external name, or hand-made endpoints). */
function buildBackend(b: RouteBuilder, model: Model, svc: K8sObject, p: ServicePortInfo): Hop {
  const type = serviceType(svc);
  const headless = isHeadless(svc);
  const label = `Service ${svc.namespace}/${svc.name} port ${portName(p)}`;
  const kindDetail =
    type === 'ExternalName'
      ? 'ExternalName: no cluster IP'
      : headless
        ? 'headless: no cluster IP, DNS returns the pod IPs'
        : 'cluster IP';
  const portHop = b.hop('service-port', label, placeOf(svc, p.path), [
    kindDetail,
    ...(p.port === undefined ? ['no port number'] : []),
  ]);
  b.anchor(svc, p.path, portHop);

  const target = p.effectiveTarget;
  const targetLabel =
    target === undefined
      ? 'targetPort ?'
      : `targetPort ${typeof target === 'string' ? `"${target}"` : target}`;
  const targetPath = p.targetPort !== undefined ? [...p.path, 'targetPort'] : p.path;
  const sel = serviceSelector(svc);
  const targetHop = b.hop(
    'target-port',
    targetLabel,
    placeOf(svc, targetPath),
    sel ? [`pods selected by ${fmtSelector(sel)}`] : [],
  );
  b.link(portHop, targetHop);
  if (p.targetPort !== undefined) b.anchor(svc, [...p.path, 'targetPort'], targetHop);
  b.anchor(svc, ['spec', 'selector'], targetHop);

  if (!sel) {
    // The Endpoints of its name and the EndpointSlices labelled with it (model/service.ts).
    const found = manualEndpoints(model, svc);
    targetHop.detail.push('no selector: endpoints are managed by hand');
    if (found.length) {
      for (const e of found) {
        const h = b.hop('endpoints', `${e.kind} ${e.namespace}/${e.name}`, placeOf(e, []), [
          'endpoints managed by hand',
        ]);
        b.link(targetHop, h);
        b.anchor(e, [], h);
      }
    } else {
      targetHop.detail.push('the input has no Endpoints or EndpointSlice for it');
    }
    return portHop;
  }

  // The pods the rules judge, and what the target reaches in each (model/routing.ts).
  const reach = serviceRoute(model, svc).ports.find((r) => r.port === p);
  if (!reach?.pods.length) {
    targetHop.detail.push('no pod template of the input matches');
    return portHop;
  }
  const subsets = subsetHops(b, model, svc, targetHop);
  for (const r of reach.pods) {
    const d = target === undefined ? { detail: [] } : describeReach(r, target);
    const owner = r.template.owner;
    const at = placeOf(owner, d.port?.path ?? d.container?.path ?? r.template.path);
    const podHop = b.hop('pod', `${owner.kind} ${owner.namespace}/${owner.name}`, at, d.detail);
    linkPod(b, subsets, r.template, targetHop, podHop);
    besidePods(b, model, r.template, podHop);
    b.anchor(owner, [], podHop);
    if (d.container) b.anchor(owner, d.container.path, podHop);
    if (d.port) b.anchor(owner, d.port.path, podHop);
  }
  closeSubsets(subsets);
  return portHop;
}

function buildServiceRoute(model: Model, svc: K8sObject, ingressEntries: IngressEntry[]): Draft {
  const mappings = kindMappings(model, svc);
  const type = serviceType(svc);
  const route: Route = {
    service: {
      namespace: svc.namespace,
      name: svc.name,
      type,
      headless: isHeadless(svc),
      missing: false,
      ...placeOf(svc, ['metadata', 'name']),
    },
    status: 'ok',
    problems: [],
    entries: [],
    hops: [],
  };
  const b = new RouteBuilder(route, svc);
  b.anchor(svc, [], 'service');
  const dns = `${svc.name}.${svc.namespace}.svc`;

  if (type === 'ExternalName') {
    const ext = svc.raw?.spec?.externalName;
    const client = b.hop('in-cluster', dns, undefined, ['from inside the cluster: a DNS CNAME, no proxying']);
    const target = b.hop(
      'external-name',
      typeof ext === 'string' && ext ? `external name ${ext}` : 'external name (none set)',
      placeOf(svc, ['spec', 'externalName']),
      ['outside the cluster: no cluster IP, no pods, ports are not remapped'],
    );
    b.anchor(svc, ['spec', 'externalName'], target);
    b.link(client, target);
    route.entries.push(client.id);
    return b.draft;
  }

  const ports = servicePorts(svc);
  const externalIPs: unknown[] = Array.isArray(svc.raw?.spec?.externalIPs) ? svc.raw.spec.externalIPs : [];
  for (const p of ports) {
    const portHop = buildBackend(b, model, svc, p);
    const entries: Hop[] = [];

    let nodeHop: Hop | undefined;
    if (getsNodePorts(svc)) {
      const fixed = p.nodePort;
      nodeHop = b.hop(
        'node-port',
        fixed ? `node port ${fixed}` : 'node port (assigned by the cluster)',
        placeOf(svc, fixed ? [...p.path, 'nodePort'] : p.path),
        [fixed ? 'open on every node' : `a free port in ${DEFAULT_NODE_PORT_RANGE}, open on every node`],
      );
      b.link(nodeHop, portHop);
      if (fixed) b.anchor(svc, [...p.path, 'nodePort'], nodeHop);
      b.anchor(svc, ['spec', 'externalTrafficPolicy'], nodeHop);

      if (kindScope(model).configsOf(svc).length) {
        const hits = mappings.filter((m) => fixed !== undefined && m.containerPort === fixed);
        for (const m of hits) {
          const host = b.hop('host', hostLabel(m), placeOf(m.node.cluster, m.path), [
            `kind extraPortMappings on node "${m.node.name}"`,
          ]);
          b.link(host, nodeHop);
          b.anchor(m.node.cluster, m.path, host);
          entries.push(host);
        }
        if (!hits.some((m) => m.protocol === p.protocol)) {
          const host = b.hop('host', 'host: no port mapped', undefined, ['kind extraPortMappings']);
          b.link(host, nodeHop);
          b.draft.missingHosts.set(host, { svcPortIndex: p.index, nodePort: fixed });
          entries.push(host);
        }
      }
    }

    if (type === 'LoadBalancer') {
      const lb = b.hop(
        'load-balancer',
        `cloud load balancer :${p.port ?? '?'}`,
        placeOf(svc, ['spec', 'type']),
        [
          'outside the cluster',
          'delete this Service before deleting the cluster, or the load balancer outlives it and keeps costing money',
        ],
      );
      b.link(lb, nodeHop ?? portHop);
      b.anchor(svc, ['spec', 'loadBalancerSourceRanges'], lb);
      b.anchor(svc, ['spec', 'loadBalancerIP'], lb);
      entries.push(lb);
    }

    externalIPs.forEach((ip, j) => {
      const h = b.hop(
        'external-ip',
        `external IP ${String(ip)}:${p.port ?? '?'}`,
        placeOf(svc, ['spec', 'externalIPs', j]),
        ['any node that receives traffic for this IP forwards it'],
      );
      b.link(h, portHop);
      b.anchor(svc, ['spec', 'externalIPs', j], h);
      entries.push(h);
    });

    for (const e of ingressEntries) {
      if (!e.matches(p)) continue;
      const h = e.add(b);
      b.link(h, portHop);
      entries.push(h);
    }

    entries.push(...portEntries(b, model, svc, p, ports.length, portHop));

    const client = b.hop('in-cluster', `${dns}:${p.port ?? '?'}`, undefined, [
      isHeadless(svc) ? 'from inside the cluster: DNS gives the pod IPs' : 'from inside the cluster',
    ]);
    b.link(client, portHop);
    entries.push(client);
    route.entries.push(...entries.map((h) => h.id));
  }

  // Ingress paths that name a port the Service does not have: an entry that leads nowhere.
  for (const e of ingressEntries) {
    if (ports.some((p) => e.matches(p))) continue;
    const h = e.add(b);
    h.detail.push(`the Service has no port ${e.portText}`);
    route.entries.push(h.id);
  }
  const portNames = new Set(ports.flatMap((p) => (p.name ? [p.name] : [])));
  for (const h of strayMonitorEntries(b, model, svc, portNames)) route.entries.push(h.id);
  return b.draft;
}

interface IngressEntry {
  namespace: string;
  service: string;
  portText: string;
  at: Location;
  matches(p: ServicePortInfo): boolean;
  add(b: RouteBuilder): Hop;
}

/** Backends of every Ingress (networking.k8s.io/v1 and the v1beta1 shapes), by Service. */
function ingressEntries(model: Model): Map<string, IngressEntry[]> {
  const out = new Map<string, IngressEntry[]>();
  for (const ing of model.ingresses) {
    const spec = ing.raw?.spec;
    if (!isPlainObject(spec)) continue;
    const tlsHosts = new Set<string>();
    if (Array.isArray(spec.tls))
      for (const t of spec.tls)
        if (isPlainObject(t) && Array.isArray(t.hosts)) for (const h of t.hosts) tlsHosts.add(String(h));
    const addBackend = (backend: unknown, backendPath: Path, entryPath: Path, where: string) => {
      if (!isPlainObject(backend)) return;
      // Either shape, whatever the apiVersion: the route shows where a backend would go.
      const be = ingressServiceBackend(backendPath, backend, isPlainObject(backend.service));
      const name = be?.name;
      if (!be || typeof name !== 'string' || !name) return;
      const port = be.port;
      const portValue = typeof port === 'number' || typeof port === 'string' ? port : undefined;
      const at = placeOf(ing, be.portPath);
      const entry: IngressEntry = {
        namespace: ing.namespace,
        service: name,
        portText:
          portValue === undefined
            ? '(none given)'
            : typeof portValue === 'string'
              ? `"${portValue}"`
              : String(portValue),
        at,
        matches: (p) =>
          typeof portValue === 'number'
            ? p.port === portValue
            : typeof portValue === 'string' && p.name === portValue,
        add: (b) => {
          const h = b.hop(
            'ingress',
            `Ingress ${ing.namespace}/${ing.name}: ${where}`,
            placeOf(ing, entryPath),
            [`to Service port ${entry.portText}`],
          );
          b.anchor(ing, entryPath, h);
          b.anchor(ing, [], h);
          return h;
        },
      };
      push(out, `${ing.namespace}/${name}`, entry);
    };
    const rules: unknown[] = Array.isArray(spec.rules) ? spec.rules : [];
    rules.forEach((rule, r) => {
      if (!isPlainObject(rule)) return;
      const host = typeof rule.host === 'string' && rule.host ? rule.host : '*';
      const scheme = tlsHosts.has(host) ? 'https' : 'http';
      const paths = isPlainObject(rule.http) && Array.isArray(rule.http.paths) ? rule.http.paths : [];
      paths.forEach((pth: unknown, i: number) => {
        if (!isPlainObject(pth)) return;
        const path = typeof pth.path === 'string' ? pth.path : '/';
        const type = typeof pth.pathType === 'string' ? ` (${pth.pathType})` : '';
        const entryPath: Path = ['spec', 'rules', r, 'http', 'paths', i];
        addBackend(pth.backend, [...entryPath, 'backend'], entryPath, `${scheme}://${host}${path}${type}`);
      });
    });
    if (isPlainObject(spec.defaultBackend))
      addBackend(
        spec.defaultBackend,
        ['spec', 'defaultBackend'],
        ['spec', 'defaultBackend'],
        'default backend',
      );
    else if (isPlainObject(spec.backend))
      addBackend(spec.backend, ['spec', 'backend'], ['spec', 'backend'], 'default backend');
  }
  return out;
}

/** A Service an Ingress names but the input lacks: a route that ends at once. */
function missingServiceRoute(namespace: string, name: string, entries: IngressEntry[]): Draft {
  const route: Route = {
    service: { namespace, name, type: 'unknown', headless: false, missing: true },
    status: 'ok',
    problems: [],
    entries: [],
    hops: [],
  };
  const b = new RouteBuilder(route);
  for (const e of entries) {
    const h = e.add(b);
    h.detail.push(`Service "${namespace}/${name}" is not in the input`);
    route.entries.push(h.id);
  }
  return b.draft;
}

function toProblem(f: Finding): Problem {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    filePath: f.filePath,
    line: f.line,
    column: f.column,
  };
}

/** The length of the longest prefix of `path` anchored in a draft (-1: none). */
function bestPrefix(d: Draft, key: string, path: Path): number {
  let best = -1;
  for (const a of d.anchors.get(key) ?? [])
    if (isPrefix(a.prefix, path)) best = Math.max(best, a.prefix.length);
  return best;
}

/**
 * The hops of a draft a finding concerns: the longest anchored prefix of its path wins, across all
 * routes — an Ingress path that leads to another Service's route is not this route's business just
 * because both hang off the same Ingress.
 */
function hopsFor(d: Draft, key: string, path: Path, globalBest: number): Array<Hop | 'service'> {
  const anchors = d.anchors.get(key);
  if (!anchors) return [];
  const best = bestPrefix(d, key, path);
  if (best < globalBest) return [];
  return [
    ...new Set(anchors.filter((a) => a.prefix.length === best && isPrefix(a.prefix, path)).map((a) => a.hop)),
  ];
}

/** A kind-port-mapping-missing finding belongs on the missing-host hop, wherever the rule reports it. */
function missingMappingHops(d: Draft, f: Finding, key: string): Hop[] {
  const t = f.target;
  if (!t) return [];
  const hosts = [...d.missingHosts.keys()];
  if (!hosts.length) return [];
  if (d.svc && key === keyOf(d.svc)) {
    const i = t.path[0] === 'spec' && t.path[1] === 'ports' ? t.path[2] : undefined;
    return hosts.filter((h) => i === undefined || d.missingHosts.get(h)?.svcPortIndex === i);
  }
  if (t.kind === 'Cluster')
    return hosts.filter((h) => {
      const np = d.missingHosts.get(h)?.nodePort;
      return np !== undefined && new RegExp(`\\b${np}\\b`).test(f.message);
    });
  return [];
}

export interface ExplainOptions {
  /** "ns/name" of the one Service to explain. */
  service?: string;
}

/** Every Service's route, with rule findings attached to their hops. */
export function explain(model: Model, findings: readonly Finding[], opts: ExplainOptions = {}): Explanation {
  const byService = ingressEntries(model);
  const drafts: Draft[] = [];
  const seen = new Set<string>();
  const services = [...model.services].sort(
    (a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
  );
  for (const svc of services) {
    const qn = `${svc.namespace}/${svc.name}`;
    if (seen.has(qn)) continue;
    seen.add(qn);
    if (opts.service && opts.service !== qn) continue;
    drafts.push(buildServiceRoute(model, svc, byService.get(qn) ?? []));
  }
  for (const [qn, entries] of [...byService].sort(([a], [b]) => a.localeCompare(b))) {
    if (seen.has(qn) || (opts.service && opts.service !== qn)) continue;
    const [ns, name] = [qn.slice(0, qn.indexOf('/')), qn.slice(qn.indexOf('/') + 1)];
    drafts.push(missingServiceRoute(ns, name, entries));
  }

  // Attach findings: by target object and path, except the few whose natural hop is a synthetic one.
  const netpolTargets = new Map<string, Set<string>>();
  let unattached = 0;
  for (const f of findings) {
    const t = f.target;
    let attached = false;
    if (t) {
      const key = objectKey(t.apiVersion, t.kind, t.namespace, t.name);
      const globalBest = Math.max(...drafts.map((d) => bestPrefix(d, key, t.path)));
      for (const d of drafts) {
        let hops: Array<Hop | 'service'> = [];
        if (f.ruleId === 'kind-port-mapping-missing') hops = missingMappingHops(d, f, key);
        if (!hops.length) hops = hopsFor(d, key, t.path, globalBest);
        if (!hops.length && t.kind === 'NetworkPolicy') hops = networkPolicyHops(model, d, t, netpolTargets);
        for (const h of hops) {
          if (h === 'service') d.route.problems.push(toProblem(f));
          else h.problems.push(toProblem(f));
          attached = true;
        }
      }
    }
    if (!attached) unattached++;
  }

  for (const d of drafts) {
    for (const h of d.route.hops) {
      h.status = statusOf(h.problems);
      d.route.status = worst(d.route.status, h.status);
    }
    d.route.status = worst(d.route.status, statusOf(d.route.problems));
    d.route.hops = inRouteOrder(d.route);
  }
  return { routes: drafts.map((d) => d.route), unattached };
}

/** Hops in the order a reader follows them: depth first from each entry point. */
function inRouteOrder(route: Route): Hop[] {
  const byId = new Map(route.hops.map((h) => [h.id, h]));
  const out: Hop[] = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    const h = byId.get(id);
    if (!h || seen.has(id)) return;
    seen.add(id);
    out.push(h);
    for (const n of h.next) visit(n);
  };
  for (const id of route.entries) visit(id);
  for (const h of route.hops) visit(h.id);
  return out;
}

/** A NetworkPolicy finding concerns the pods the policy selects. */
function networkPolicyHops(
  model: Model,
  d: Draft,
  t: NonNullable<Finding['target']>,
  cache: Map<string, Set<string>>,
): Hop[] {
  const ck = `${t.namespace}/${t.name}`;
  let owners = cache.get(ck);
  if (!owners) {
    owners = new Set();
    for (const np of model.lookup('NetworkPolicy', t.namespace, t.name)) {
      // An empty podSelector selects every pod of the namespace; a policy covers the nearest it selects.
      const sel = toLabelSelector(np.raw?.spec?.podSelector) ?? {};
      for (const tpl of selectPods(model, np, t.namespace, sel).templates) owners.add(keyOf(tpl.owner));
    }
    cache.set(ck, owners);
  }
  const hops: Hop[] = [];
  for (const key of owners)
    for (const a of d.anchors.get(key) ?? [])
      if (a.prefix.length === 0 && a.hop !== 'service') hops.push(a.hop);
  return hops;
}

/** "ns/name" for every Service in the input (for did-you-mean). */
export function serviceNames(model: Model): string[] {
  return [...new Set(model.services.map((s) => `${s.namespace}/${s.name}`))].sort();
}

/** The worst status over all routes. */
export function overallStatus(e: Explanation): Status {
  return e.routes.reduce<Status>((s, r) => worst(s, r.status), 'ok');
}
