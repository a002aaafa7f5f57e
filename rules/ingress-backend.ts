/**
 * ingress-backend: every Service backend of an Ingress (defaultBackend and each rules[].http.paths[]) must
 * name a Service of the Ingress's namespace and one of its ports — a number is a Service `port`, a name a
 * Service port `name`. `resource` backends are not Services and are skipped. Both the v1 shape
 * (service.name, service.port.number|name) and the v1beta1 shape (serviceName, servicePort) are read;
 * the wrong shape for the apiVersion is reported, since the API server drops the unknown fields.
 */
import { defineRule, type Report } from '../src/engine/rule.js';
import { servicePortSuggestions } from '../src/fix/builders.js';
import { isLoadBalancerAction } from '../src/model/conventions.js';
import { findServicePort, operatorOwner, portsOrHint } from '../src/model/network.js';
import { ingressBackends, ingressServiceBackend } from '../src/model/references.js';
import { judgeMissingName, nearestNamed } from '../src/model/resolve.js';
import { qualifiedName, servicePorts, serviceType } from '../src/model/service.js';
import type { K8sObject, Path } from '../src/types.js';

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
      noService: 'backend Service "{{service}}" is not in namespace "{{namespace}}"{{hint}}',
      noPort: 'backend port {{port}} matches no {{what}} of Service "{{service}}"{{ports}}{{hint}}',
      wrongShape: 'field "{{field}}" does not exist in {{apiVersion}} Ingress (use {{expected}})',
    },
    remediation:
      'Point the backend at a Service of the Ingress namespace and at one of its ports: a number is the Service port (not the targetPort), a name is the Service port name.',
  },
  check(model, ctx) {
    for (const ing of model.ingresses) {
      if (ing.group !== 'networking.k8s.io' && ing.group !== 'extensions') continue;
      const v1 = ing.apiVersion === 'networking.k8s.io/v1';
      for (const [path, b] of ingressBackends(ing)) {
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
        // The AWS Load Balancer Controller's actions are named like Services but are not.
        if (isLoadBalancerAction(ing, be.name, be.port)) continue;
        const report = (r: Omit<Report, 'object'>) => ctx.report({ object: ing, ...r });
        const ref = {
          kind: 'Service',
          group: '',
          namespace: ing.namespace,
          name: be.name,
          namespaceWritten: ing.explicitNamespace,
        };
        const candidates = nearestNamed(model, ing, ref);
        const svc = candidates[0];
        if (!svc && operatorOwner(model, ing.namespace, be.name)) continue;
        if (!svc) {
          const judged = judgeMissingName(model, ing, ref);
          report({
            path: be.namePath,
            messageId: 'noService',
            data: {
              service: be.name,
              ingress: qualifiedName(ing),
              namespace: ing.namespace,
              hint: judged.hint,
            },
            assumesComplete: !judged.shown,
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
            ...portsOrHint(ports, port),
          },
          related: [{ object: svc, path: ['spec', 'ports'], message: 'Service ports are defined here' }],
          suggestions: () => servicePortSuggestions(ing, be.portPath, ports, port),
        });
      }
    }
  },
});
