/**
 * service-endpoints: a Service without a selector gets the endpoints its user writes — an Endpoints object
 * of its name, or EndpointSlices labelled kubernetes.io/service-name. kube-proxy pairs each Service port
 * with the endpoint ports of the same *name* and protocol (an unnamed port pairs with an unnamed one), so an
 * endpoint port named otherwise carries no traffic, and the Service port it was meant for has no endpoint.
 * Endpoints written for a Service that has a selector are replaced by the endpoints controller.
 */
import { defineRule } from '../src/engine/rule.js';
import { isPlainObject } from '../src/model/objects.js';
import { isNear } from '../src/model/scope.js';
import {
  manualEndpoints,
  qualifiedName,
  servicePorts,
  serviceSelector,
  serviceType,
} from '../src/model/service.js';
import type { K8sObject, Path } from '../src/types.js';
import { closest } from '../src/util/suggest.js';

interface EndpointPort {
  name: string;
  port: unknown;
  protocol: string;
  path: Path;
}

/** The ports an Endpoints object (subsets[].ports[]) or an EndpointSlice (ports[]) declares. */
function endpointPorts(e: K8sObject): EndpointPort[] {
  const read = (list: unknown, base: Path): EndpointPort[] =>
    Array.isArray(list)
      ? list.flatMap((p, i) =>
          isPlainObject(p)
            ? [
                {
                  name: typeof p.name === 'string' ? p.name : '',
                  port: p.port,
                  protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP',
                  path: [...base, i],
                },
              ]
            : [],
        )
      : [];
  if (e.kind === 'EndpointSlice') return read(e.raw?.ports, ['ports']);
  const subsets = e.raw?.subsets;
  if (!Array.isArray(subsets)) return [];
  return subsets.flatMap((s, i) => (isPlainObject(s) ? read(s.ports, ['subsets', i, 'ports']) : []));
}

function portText(name: string, port: unknown): string {
  return name ? `"${name}"` : `${typeof port === 'number' ? port : '?'} (unnamed)`;
}

export default defineRule({
  meta: {
    id: 'service-endpoints',
    description:
      'Disallow hand-written Endpoints and EndpointSlices whose ports do not pair with their Service ports',
    severity: 'error',
    messages: {
      noPort: 'port {{port}} pairs with no port of Service "{{service}}" by name{{names}}{{hint}}',
      protocol:
        'port {{port}} is {{protocol}}, but the Service port of that name is {{expected}}, so they do not pair',
      replaced:
        'subsets are written by hand, but Service "{{service}}" has a selector, and its controller replaces them',
    },
    remediation:
      'Give each endpoint port the name (and protocol) of the Service port it serves — both unnamed for a Service with one unnamed port — or drop the Service selector if the endpoints are yours to manage.',
  },
  check(model, ctx) {
    for (const svc of model.services) {
      if (serviceType(svc) === 'ExternalName') continue;
      const written = manualEndpoints(model, svc).filter((e) => isNear(svc, e));
      if (!written.length) continue;
      const service = qualifiedName(svc);
      if (serviceSelector(svc)) {
        // A dump of a live cluster holds the controller's Endpoints: those are not written by hand.
        for (const e of written)
          if (e.kind === 'Endpoints' && !isLiveCopy(e))
            ctx.report({
              object: e,
              path: ['subsets'],
              key: true,
              messageId: 'replaced',
              severity: 'warning',
              data: { endpoints: qualifiedName(e), service },
              related: [{ object: svc, path: ['spec', 'selector'], message: 'the Service selector is here' }],
            });
        continue;
      }
      const ports = servicePorts(svc);
      if (!ports.length) continue;
      const byName = new Map(ports.map((p) => [p.name ?? '', p]));
      const names = ports.map((p) => (p.name ? `"${p.name}"` : `${p.port ?? '?'} (unnamed)`)).join(', ');
      for (const e of written) {
        const data = { kind: e.kind, endpoints: qualifiedName(e), service };
        for (const p of endpointPorts(e)) {
          const match = byName.get(p.name);
          if (!match) {
            const near = p.name ? closest(p.name, [...byName.keys()].filter(Boolean)) : undefined;
            const hint = near
              ? `; did you mean "${near}"?`
              : !p.name && ports.length === 1 && ports[0]?.name
                ? `; name it "${ports[0].name}"`
                : p.name && ports.length === 1 && !ports[0]?.name
                  ? '; the Service port is unnamed, so this one must be too'
                  : '';
            ctx.report({
              object: e,
              path: p.name ? [...p.path, 'name'] : p.path,
              messageId: 'noPort',
              data: {
                ...data,
                port: portText(p.name, p.port),
                names: hint ? '' : ` (ports: ${names})`,
                hint,
              },
              related: [
                { object: svc, path: ['spec', 'ports'], message: 'the Service ports are defined here' },
              ],
            });
          } else if (match.protocol !== p.protocol)
            ctx.report({
              object: e,
              path: [...p.path, 'protocol'],
              messageId: 'protocol',
              data: {
                ...data,
                port: portText(p.name, p.port),
                protocol: p.protocol,
                expected: match.protocol,
              },
              related: [{ object: svc, path: match.path, message: 'the Service port is defined here' }],
            });
        }
      }
    }
  },
});

/** An object read back from a cluster (`kubectl get -o yaml`) rather than written: it has a uid. */
function isLiveCopy(obj: K8sObject): boolean {
  const meta = obj.raw?.metadata;
  return isPlainObject(meta) && (meta.uid !== undefined || meta.resourceVersion !== undefined);
}
