/**
 * node-port-conflict: node ports are allocated cluster-wide, across namespaces, by number: a second
 * Service asking for a taken nodePort is rejected whatever the protocols. Within one Service the same
 * nodePort may serve two ports only with different protocols (TCP and UDP for DNS).
 */
import { defineRule } from '../src/engine/rule.js';
import { qualifiedName, type ServicePortInfo, servicePorts, serviceType } from '../src/model/service.js';
import type { K8sObject } from '../src/types.js';
import { push } from '../src/util/maps.js';
import { comparePlaces, type Place, placeFrom, placeOf } from '../src/util/where.js';

interface Use {
  svc: K8sObject;
  port: ServicePortInfo;
  nodePort: number;
}

interface PlacedUse extends Use {
  place: Place;
}

export default defineRule({
  meta: {
    id: 'node-port-conflict',
    description: 'Disallow two Services, or two ports of one protocol, using the same nodePort',
    severity: 'error',
    messages: {
      conflict: 'nodePort {{nodePort}} is already used by Service "{{other}}" at {{where}}',
      samePort:
        'nodePort {{nodePort}} ({{protocol}}) is already used by port {{other}} of this Service at {{where}}',
    },
    remediation:
      'Give each Service its own nodePort (node ports are unique across the cluster, in every namespace; one Service may serve a nodePort twice only with different protocols), or leave nodePort out and let the cluster allocate one.',
  },
  check(model, ctx) {
    const byPort = new Map<number, Use[]>();
    for (const svc of model.services) {
      const t = serviceType(svc);
      if (t !== 'NodePort' && t !== 'LoadBalancer') continue;
      for (const port of servicePorts(svc)) {
        const n = port.nodePort;
        if (n === undefined || n === 0) continue;
        push(byPort, n, { svc, port, nodePort: n });
      }
    }
    for (const [n, found] of byPort) {
      if (found.length < 2) continue;
      // Located only where two uses meet: locating costs a re-parse of the file.
      const uses: PlacedUse[] = found.map((u) => ({
        ...u,
        place: placeOf(u.svc, [...u.port.path, 'nodePort']),
      }));
      uses.sort((a, b) => comparePlaces(a.place, b.place));
      for (const use of uses.slice(1)) {
        // The same Service, another protocol: allowed (one allocation). Same protocol: a duplicate.
        // The same namespace/name defined twice (overlays, alternative environments) is one Service.
        const prior = uses.find(
          (u) =>
            u !== use &&
            comparePlaces(u.place, use.place) < 0 &&
            (u.svc === use.svc
              ? u.port.protocol === use.port.protocol
              : qualifiedName(u.svc) !== qualifiedName(use.svc)),
        );
        if (!prior) continue;
        const portName = (p: ServicePortInfo) => (p.name ? `"${p.name}"` : `#${p.index + 1}`);
        const same = prior.svc === use.svc;
        ctx.report({
          object: use.svc,
          path: [...use.port.path, 'nodePort'],
          messageId: same ? 'samePort' : 'conflict',
          data: {
            nodePort: n,
            protocol: use.port.protocol,
            service: qualifiedName(use.svc),
            other: same ? portName(prior.port) : qualifiedName(prior.svc),
            where: placeFrom(use.svc.file.path, prior.place),
          },
          related: [
            {
              object: prior.svc,
              path: [...prior.port.path, 'nodePort'],
              message: `nodePort ${n} first used by Service "${qualifiedName(prior.svc)}"`,
            },
          ],
        });
      }
    }
  },
});
