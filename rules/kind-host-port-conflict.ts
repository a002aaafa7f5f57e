/**
 * kind-host-port-conflict: every extraPortMappings entry (on any node of one cluster) binds a port on the
 * machine running Docker; two bindings of the same port and protocol on the same address — or one on the
 * wildcard 0.0.0.0 (::) and one on any address — cannot both succeed, and the cluster fails to create.
 */
import { defineRule } from '../src/engine/rule.js';
import { clusterName, type KindMapping, kindConfigs, mappingsOf } from '../src/model/kind.js';
import { isPlainObject } from '../src/model/objects.js';
import type { Path } from '../src/types.js';
import { comparePlaces, type Place, placeFrom, placeOf } from '../src/util/where.js';

interface Binding {
  hostPort: number;
  protocol: string;
  /** Normalised: "0.0.0.0" for both wildcards. */
  address: string;
  shown: string;
  what: string;
  path: Path;
  /** Located only when two bindings are compared: locating costs a re-parse of the file. */
  place?: Place;
}

function isWildcard(a: string): boolean {
  return a === '0.0.0.0' || a === '::' || a === '[::]' || a === '0:0:0:0:0:0:0:0';
}

export default defineRule({
  meta: {
    id: 'kind-host-port-conflict',
    description: 'Disallow two kind port bindings on the same host port, address and protocol',
    severity: 'error',
    messages: {
      conflict:
        'hostPort {{hostPort}}/{{protocol}} on {{address}} is already bound by {{other}} at {{where}}',
    },
    remediation:
      'Give each mapping its own hostPort, or bind them to different specific listenAddress values (not 0.0.0.0).',
  },
  check(model, ctx) {
    for (const config of kindConfigs(model)) {
      const bindings: Binding[] = [];
      const ipv6 = config.raw.networking?.ipFamily === 'ipv6';
      for (const m of mappingsOf(config)) {
        // No hostPort, 0 and -1 pick a random free port: never a conflict.
        if (m.hostPort === undefined || m.hostPort <= 0) continue;
        bindings.push(bindingOf(m, ipv6));
      }
      const net = config.raw.networking;
      if (isPlainObject(net) && typeof net.apiServerPort === 'number' && net.apiServerPort > 0) {
        const shown = typeof net.apiServerAddress === 'string' ? net.apiServerAddress : '127.0.0.1';
        const path = ['networking', 'apiServerPort'];
        bindings.push({
          hostPort: net.apiServerPort,
          protocol: 'TCP',
          address: isWildcard(shown) ? '0.0.0.0' : shown,
          shown,
          what: 'the API server (networking.apiServerPort)',
          path,
        });
      }
      if (bindings.length > 1) for (const b of bindings) b.place = placeOf(config, b.path);
      bindings.sort((a, b) => comparePlaces(a.place as Place, b.place as Place));
      const seen = new Map<string, Binding[]>();
      for (const b of bindings) {
        const key = `${b.hostPort}/${b.protocol}`;
        const prior = seen.get(key) ?? [];
        const clash = prior.find(
          (p) => p.address === b.address || p.address === '0.0.0.0' || b.address === '0.0.0.0',
        );
        if (clash) {
          ctx.report({
            object: config,
            path: b.path,
            messageId: 'conflict',
            data: {
              hostPort: b.hostPort,
              protocol: b.protocol,
              address: b.shown,
              what: b.what,
              other: clash.what,
              where: placeFrom(config.file.path, clash.place as Place),
              cluster: clusterName(config),
            },
            related: [
              { object: config, path: clash.path, message: `hostPort ${b.hostPort} first bound here` },
            ],
          });
          continue;
        }
        prior.push(b);
        seen.set(key, prior);
      }
    }
  },
});

function bindingOf(m: KindMapping, ipv6: boolean): Binding {
  const shown = m.listenAddress ?? (ipv6 ? '::' : '0.0.0.0');
  const path = [...m.path, 'hostPort'];
  return {
    hostPort: m.hostPort as number,
    protocol: m.protocol,
    address: isWildcard(shown) ? '0.0.0.0' : shown,
    shown,
    what: `a mapping on node "${m.node.name}"`,
    path,
  };
}
