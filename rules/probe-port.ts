/**
 * probe-port: a probe (liveness, readiness, startup) or lifecycle hook whose httpGet or tcpSocket port is a
 * name is resolved by the kubelet against the ports of the same container. A name the container does not
 * declare fails the probe on every attempt: liveness restarts the container forever, readiness keeps it
 * out of every Service. A number needs no declaration (containerPort is informational). grpc.port is a
 * number only.
 */
import { defineRule } from '../src/engine/rule.js';
import { isPlainObject } from '../src/model/objects.js';
import { qualifiedName } from '../src/model/service.js';
import { isQuotedNumber, QUOTED_NUMBER_HINT } from '../src/util/names.js';
import { closest, quoteList } from '../src/util/suggest.js';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;

/** Does a handler of this probe (or lifecycle hook) give its port as a string? */
function handlerNamesAPort(probe: unknown): boolean {
  if (!isPlainObject(probe)) return false;
  for (const handler of HANDLERS) {
    const h = probe[handler];
    if (isPlainObject(h) && typeof h.port === 'string') return true;
  }
  return false;
}

/** Does a probe or lifecycle hook of the container give a port as a string (the only ones checked)? */
function namesAPort(container: unknown): boolean {
  if (!isPlainObject(container)) return false;
  for (const p of PROBES) if (handlerNamesAPort(container[p])) return true;
  const lifecycle = container.lifecycle;
  return (
    isPlainObject(lifecycle) &&
    (handlerNamesAPort(lifecycle.postStart) || handlerNamesAPort(lifecycle.preStop))
  );
}

export default defineRule({
  meta: {
    id: 'probe-port',
    description: 'Disallow probes that name a port the container does not declare',
    severity: 'error',
    messages: {
      unknownName:
        '{{probe}} {{handler}}.port {{port}} matches no port name of container "{{container}}"{{names}}{{hint}}',
      grpcName: '{{probe}} grpc.port {{port}} must be a number: gRPC probes do not resolve port names',
    },
    remediation: 'Use a port name declared in the container ports (ports[].name), or the port number itself.',
  },
  check(model, ctx) {
    for (const t of model.podTemplates) {
      for (const c of t.containers) {
        // Most containers name no port in a probe: nothing to allocate for them.
        if (!namesAPort(c.raw)) continue;
        const names = c.ports.flatMap((p) => (p.name ? [p.name] : []));
        const probes: Array<[string[], unknown]> = PROBES.map((p) => [[p], c.raw[p]]);
        const lifecycle = c.raw.lifecycle;
        if (isPlainObject(lifecycle))
          for (const hook of ['postStart', 'preStop']) probes.push([['lifecycle', hook], lifecycle[hook]]);
        for (const [probePath, probe] of probes) {
          if (!isPlainObject(probe)) continue;
          for (const handler of HANDLERS) {
            const h = probe[handler];
            if (!isPlainObject(h) || typeof h.port !== 'string') continue;
            const path = [...c.path, ...probePath, handler, 'port'];
            const where = probePath.join('.');
            const port = JSON.stringify(h.port);
            if (handler === 'grpc') {
              ctx.report({ object: t.owner, path, messageId: 'grpcName', data: { probe: where, port } });
              continue;
            }
            if (names.includes(h.port)) continue;
            const near = closest(h.port, names);
            const sibling = t.containers.find((o) => o !== c && o.ports.some((p) => p.name === h.port));
            ctx.report({
              object: t.owner,
              path,
              messageId: 'unknownName',
              data: {
                probe: where,
                handler,
                port,
                container: c.name,
                kind: t.owner.kind,
                owner: qualifiedName(t.owner),
                ...namesOrHint(
                  names,
                  sibling
                    ? `; it is a port of container "${sibling.name}"`
                    : near !== undefined
                      ? `; did you mean "${near}"?`
                      : isQuotedNumber(h.port)
                        ? QUOTED_NUMBER_HINT
                        : '',
                ),
              },
            });
          }
        }
      }
    }
  },
});

/** The container's port names for the message, unless the hint names the likely answer. */
function namesOrHint(names: string[], hint: string): { names: string; hint: string } {
  if (hint) return { names: '', hint };
  return { names: names.length ? ` (names: ${quoteList(names)})` : ' (it declares no named port)', hint };
}
