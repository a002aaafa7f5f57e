/**
 * How a Service's traffic reaches pods — the one answer the rules and `explain` share: for each Service
 * port, its target (targetPort, or port when omitted) and, for each pod template the selector reaches
 * (nearest first, model/resolve.ts), the container ports the target resolves to, as the endpoints
 * controller resolves it: a name matches a serving container's port name, a number its containerPort.
 * Computed once per Service and model.
 */
import type { K8sObject, Path } from '../types.js';
import type { ContainerInfo, ContainerPortInfo, Model, PodTemplate } from './model.js';
import { servedTemplates } from './resolve.js';
import { type ServicePortInfo, servicePorts, serviceSelector } from './service.js';

/** A container port a Service port's target reaches in a template. */
export interface TargetHit {
  container: ContainerInfo;
  port: ContainerPortInfo;
}

/** What one Service port reaches in one pod template. */
export interface PodReach {
  template: PodTemplate;
  /** The container ports the target names or numbers, of any protocol. */
  hits: TargetHit[];
  /** The hit that carries the Service port's protocol; undefined when none does (or there is no hit). */
  served?: TargetHit;
}

/** One Service port and what it reaches. */
export interface PortRoute {
  port: ServicePortInfo;
  /** targetPort as written, or port when targetPort is omitted; undefined when neither is usable. */
  target: number | string | undefined;
  /** Where the target is written: targetPort, or the port itself when targetPort is omitted. */
  targetPath: Path;
  /** Per selected pod template, in the order of `ServiceRoute.templates`. */
  pods: PodReach[];
}

export interface ServiceRoute {
  /** The equality selector; undefined when the Service has none (or is ExternalName). */
  selector?: Readonly<Record<string, string>>;
  /** The pod templates the selector reaches, nearest first, one per template. */
  templates: PodTemplate[];
  ports: PortRoute[];
}

/**
 * Containers that receive Service traffic: regular containers and sidecars (init containers with
 * `restartPolicy: Always`, which keep running next to the app). Plain init containers have exited by then.
 */
export function servingContainers(t: PodTemplate): ContainerInfo[] {
  return t.containers.filter((c) => !c.init || c.raw?.restartPolicy === 'Always');
}

/** The container ports a target (a port name or number) reaches in a template, every protocol kept. */
export function targetedPorts(t: PodTemplate, target: number | string): TargetHit[] {
  return servingContainers(t).flatMap((container) =>
    container.ports
      .filter((p) => (typeof target === 'string' ? p.name === target : p.containerPort === target))
      .map((port) => ({ container, port })),
  );
}

const routes = new WeakMap<Model, WeakMap<K8sObject, ServiceRoute>>();

/** The route of a Service's traffic to its pods, computed once per model. */
export function serviceRoute(model: Model, svc: K8sObject): ServiceRoute {
  let byService = routes.get(model);
  if (!byService) {
    byService = new WeakMap();
    routes.set(model, byService);
  }
  let route = byService.get(svc);
  if (!route) {
    route = computeRoute(model, svc);
    byService.set(svc, route);
  }
  return route;
}

function computeRoute(model: Model, svc: K8sObject): ServiceRoute {
  const selector = serviceSelector(svc);
  const templates = selector ? servedTemplates(model, svc, selector) : [];
  const ports = servicePorts(svc).map((port) => {
    const target = port.effectiveTarget;
    const targetPath = port.targetPort !== undefined ? [...port.path, 'targetPort'] : [...port.path, 'port'];
    const pods = templates.map((template) => {
      const hits = target === undefined ? [] : targetedPorts(template, target);
      return { template, hits, served: hits.find((h) => h.port.protocol === port.protocol) };
    });
    return { port, target, targetPath, pods };
  });
  return { selector, templates, ports };
}
