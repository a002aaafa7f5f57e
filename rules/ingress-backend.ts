/**
 * ingress-backend: every Service backend of an Ingress (defaultBackend and each rules[].http.paths[]) must
 * name a Service of the Ingress's namespace and one of its ports — a number is a Service `port`, a name a
 * Service port `name`. `resource` backends are not Services and are skipped. Both the v1 shape
 * (service.name, service.port.number|name) and the v1beta1 shape (serviceName, servicePort) are read;
 * the wrong shape for the apiVersion is reported, since the API server drops the unknown fields.
 */
import { defineRule, type Report } from '../src/engine/rule.js';
import { servicePortSuggestions } from '../src/fix/builders.js';
import {
  describeServicePorts,
  findServicePort,
  findServices,
  ingressServiceBackend,
  missingServiceHint,
  operatorOwner,
  servicePortHint,
} from '../src/model/network.js';
import { isPlainObject } from '../src/model/objects.js';
import { qualifiedName, servicePorts, serviceType } from '../src/model/service.js';
import type { K8sObject, Path } from '../src/types.js';

/** Backends of an Ingress with their paths: [path of the backend object, backend value]. */
function backendsOf(ing: K8sObject): Array<[Path, Record<string, unknown>]> {
  const spec = ing.raw?.spec;
  if (!isPlainObject(spec)) return [];
  const out: Array<[Path, Record<string, unknown>]> = [];
  for (const key of ['defaultBackend', 'backend']) {
    const b = spec[key];
    if (isPlainObject(b)) out.push([['spec', key], b]);
  }
  if (Array.isArray(spec.rules)) {
    spec.rules.forEach((rule, i) => {
      const paths = isPlainObject(rule) && isPlainObject(rule.http) ? rule.http.paths : undefined;
      if (!Array.isArray(paths)) return;
      paths.forEach((p, j) => {
        if (isPlainObject(p) && isPlainObject(p.backend))
          out.push([['spec', 'rules', i, 'http', 'paths', j, 'backend'], p.backend]);
      });
    });
  }
  return out;
}

/** A field of the other apiVersion's backend shape, which the API server would drop. */
function strayField(
  path: Path,
  b: Record<string, unknown>,
  v1: boolean,
): { path: Path; field: string; expected: string } | undefined {
  const top = path[1] === 'defaultBackend' || path[1] === 'backend' ? path[1] : undefined;
  if (top && top !== (v1 ? 'defaultBackend' : 'backend'))
    return { path, field: top, expected: v1 ? 'defaultBackend' : 'backend' };
  if (b.resource !== undefined) return undefined;
  if (v1 && b.service === undefined && b.serviceName !== undefined)
    return {
      path: [...path, 'serviceName'],
      field: 'serviceName',
      expected: 'service.name and service.port',
    };
  if (!v1 && b.serviceName === undefined && b.service !== undefined)
    return { path: [...path, 'service'], field: 'service', expected: 'serviceName and servicePort' };
  return undefined;
}

export default defineRule({
  meta: {
    id: 'ingress-backend',
    description: 'Disallow Ingress backends that name a missing Service or a port the Service does not have',
    severity: 'error',
    messages: {
      noService:
        'backend Service "{{service}}" of Ingress "{{ingress}}" does not exist in namespace "{{namespace}}"{{hint}}',
      noPort: 'backend port {{port}} matches no {{what}} of Service "{{service}}" (ports: {{ports}}){{hint}}',
      wrongShape:
        'field "{{field}}" does not exist in an Ingress of {{apiVersion}}: the API server drops it, so the backend reaches no Service (use {{expected}})',
    },
    remediation:
      'Point the backend at a Service of the Ingress namespace and at one of its ports: a number is the Service port (not the targetPort), a name is the Service port name.',
  },
  check(model, ctx) {
    for (const ing of model.ingresses) {
      if (ing.group !== 'networking.k8s.io' && ing.group !== 'extensions') continue;
      const v1 = ing.apiVersion === 'networking.k8s.io/v1';
      for (const [path, b] of backendsOf(ing)) {
        const stray = strayField(path, b, v1);
        if (stray) {
          ctx.report({
            object: ing,
            path: stray.path,
            key: true,
            messageId: 'wrongShape',
            data: { field: stray.field, apiVersion: ing.apiVersion, expected: stray.expected },
          });
          continue;
        }
        const be = ingressServiceBackend(path, b, v1);
        if (!be || typeof be.name !== 'string' || be.name === '') continue;
        const report = (r: Omit<Report, 'object'>) => ctx.report({ object: ing, ...r });
        const candidates = findServices(model, ing.namespace, be.name);
        const svc = candidates[0];
        if (!svc && operatorOwner(model, ing.namespace, be.name)) continue;
        if (!svc) {
          report({
            path: be.namePath,
            messageId: 'noService',
            data: {
              service: be.name,
              ingress: qualifiedName(ing),
              namespace: ing.namespace,
              hint: missingServiceHint(model, ing.namespace, be.name),
            },
          });
          continue;
        }
        const port = be.port;
        if (typeof port !== 'number' && typeof port !== 'string') continue;
        // An ExternalName Service without ports is routed by name by the controllers that support it.
        const portless = (s: K8sObject) => servicePorts(s).length === 0 && serviceType(s) === 'ExternalName';
        if (candidates.some((s) => portless(s) || findServicePort(s, port))) continue;
        const ports = servicePorts(svc);
        report({
          path: be.portPath,
          messageId: 'noPort',
          data: {
            port: typeof port === 'number' ? port : JSON.stringify(port),
            what: typeof port === 'number' ? 'port number' : 'port name',
            service: qualifiedName(svc),
            ports: describeServicePorts(ports),
            hint: servicePortHint(ports, port),
          },
          related: [{ object: svc, path: ['spec', 'ports'], message: 'Service ports are defined here' }],
          suggestions: servicePortSuggestions(ing, be.portPath, ports, port),
        });
      }
    }
  },
});
