/**
 * service-target-port: every port of a Service must reach a port its selected pods serve. A named
 * targetPort must be declared by every selected template (the endpoints of the others are dropped); a
 * number should be declared by some serving container (declaring is informational: warning); and the
 * protocol must be the container port's. Quoted numbers are service-ports' business.
 */
import { defineRule, type Report } from '../src/engine/rule.js';
import { replaceByClosest } from '../src/fix/builders.js';
import type { ContainerPortInfo, PodTemplate } from '../src/model/model.js';
import { serviceRoute, servingContainers } from '../src/model/routing.js';
import { qualifiedName } from '../src/model/service.js';
import { shortName } from '../src/model/workloads.js';
import { push } from '../src/util/maps.js';
import { ianaServiceNameProblem } from '../src/util/names.js';
import { closest, quoteList } from '../src/util/suggest.js';

function servingPorts(t: PodTemplate): ContainerPortInfo[] {
  return servingContainers(t).flatMap((c) => c.ports);
}

/** "Deployment "web", Pod "web" and 2 more": the owners of some templates, the first three named. */
function describeOwners(templates: PodTemplate[]): string {
  const owners = templates.map((t) => shortName(t.owner));
  return owners.length > 3
    ? `${owners.slice(0, 3).join(', ')} and ${owners.length - 3} more`
    : owners.join(', ');
}

/** "Deployment "web" (names: "http", "metrics")" — what templates lacking a name do have. */
function describeNames(templates: PodTemplate[]): string {
  const names = new Set(templates.flatMap((t) => servingPorts(t).flatMap((p) => (p.name ? [p.name] : []))));
  return `${describeOwners(templates)} (${names.size ? `names: ${quoteList(names)}` : 'no named ports'})`;
}

/** Where a template's serving containers declare their ports: the other end of a finding. */
function portsOf(t: PodTemplate): NonNullable<Report['related']>[number] {
  const containers = servingContainers(t);
  const c = containers.find((x) => x.ports.length) ?? containers[0];
  const path = c ? (c.ports.length ? [...c.path, 'ports'] : c.path) : t.path;
  return { object: t.owner, path, message: `the container ports of ${shortName(t.owner)}` };
}

function describeNumbers(templates: PodTemplate[]): string {
  const nums = new Set<number>();
  for (const t of templates)
    for (const p of servingPorts(t)) if (p.containerPort !== undefined) nums.add(p.containerPort);
  const sorted = [...nums].sort((a, b) => a - b);
  return `${describeOwners(templates)} (${sorted.length ? `ports: ${sorted.join(', ')}` : 'no containerPort declared'})`;
}

export default defineRule({
  meta: {
    id: 'service-target-port',
    description: 'Require Service ports to target a port the selected pods declare, with the same protocol',
    severity: 'error',
    options: {
      schema: {
        type: 'object',
        properties: {
          reportUndeclared: {
            type: 'boolean',
            description:
              'Also warn about a numeric targetPort when the selected pods declare no container port at all',
          },
        },
        additionalProperties: false,
      },
      defaults: { reportUndeclared: false },
    },
    messages: {
      nameMissing: 'targetPort "{{target}}" matches no container port name in {{lacking}}{{hint}}',
      numberMissing: '{{field}} {{target}} matches no containerPort of {{templates}}',
      protocol:
        'port {{target}} uses protocol {{protocol}}, but {{templates}} serves it over {{containerProtocol}} only',
    },
    remediation:
      'Point targetPort at a containerPort (number or name) that every selected pod template declares, with the same protocol.',
  },
  check(model, ctx) {
    const reportUndeclared = ctx.options.reportUndeclared === true;
    for (const svc of model.services) {
      const route = serviceRoute(model, svc);
      const templates = route.templates;
      if (!templates.length) continue;
      for (const { port: p, target, targetPath, pods } of route.ports) {
        if (target === undefined) continue;
        const protocolPath = p.raw.protocol !== undefined ? [...p.path, 'protocol'] : targetPath;
        if (typeof target === 'string') {
          // A quoted number or another invalid name: service-ports reports it.
          if (ianaServiceNameProblem(target)) continue;
          const lacking = pods.filter((r) => !r.hits.length).map((r) => r.template);
          if (lacking.length) {
            const names = lacking.flatMap((t) => servingPorts(t).flatMap((cp) => (cp.name ? [cp.name] : [])));
            const guess = closest(target, names);
            ctx.report({
              object: svc,
              path: targetPath,
              messageId: 'nameMissing',
              data: {
                target,
                service: qualifiedName(svc),
                lacking: guess ? describeOwners(lacking) : describeNames(lacking),
                hint: guess ? `; did you mean "${guess}"?` : '',
              },
              suggestions: () => [replaceByClosest(svc, targetPath, target, names)],
              related: lacking.map(portsOf),
            });
          }
        } else {
          const declaresAny = templates.some((t) =>
            servingPorts(t).some((cp) => cp.containerPort !== undefined),
          );
          if (!pods.some((r) => r.hits.length) && (declaresAny || reportUndeclared)) {
            ctx.report({
              object: svc,
              path: targetPath,
              messageId: 'numberMissing',
              severity: 'warning',
              data: {
                field: p.targetPort !== undefined ? 'targetPort' : 'port',
                target,
                service: qualifiedName(svc),
                templates: describeNumbers(templates),
              },
              related: templates.map(portsOf),
            });
          }
        }
        // Protocol: a template whose ports for the target all use another protocol drops the traffic.
        const wrong = new Map<string, PodTemplate[]>();
        for (const r of pods) {
          if (!r.hits.length || r.served) continue;
          const key = [...new Set(r.hits.map((h) => h.port.protocol))].sort().join('/');
          push(wrong, key, r.template);
        }
        for (const [containerProtocol, wrongTemplates] of wrong) {
          ctx.report({
            object: svc,
            path: protocolPath,
            messageId: 'protocol',
            data: {
              protocol: p.raw.protocol !== undefined ? p.protocol : `${p.protocol} (the default)`,
              service: qualifiedName(svc),
              target: typeof target === 'string' ? `"${target}"` : target,
              containerProtocol,
              templates: wrongTemplates.map((t) => shortName(t.owner)).join(', '),
            },
            related: templates.map(portsOf),
          });
        }
      }
    }
  },
});
