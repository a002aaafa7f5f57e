/**
 * service-monitor-target: a prometheus-operator ServiceMonitor scrapes the Services its selector selects —
 * by the Services' own labels (metadata.labels), in its namespaceSelector's namespaces (its own by default)
 * — on the Service ports its endpoints name. A selector that selects no Service scrapes nothing; an
 * endpoint `port` must be the *name* of a port of the selected Services (a number goes in `targetPort`).
 * Services the input does not hold are judged like every selector's (model/resolve.ts).
 */
import { defineRule } from '../src/engine/rule.js';
import { isEmptySelector, type LabelSelector, labelsMatchSelector, type Model } from '../src/model/model.js';
import {
  describeNamespaces,
  isServiceMonitor,
  monitorEndpoints,
  monitoredServices,
  monitorNamespaces,
  monitorNamespacesWritten,
  monitorSelector,
} from '../src/model/monitoring.js';
import { formatSelector } from '../src/model/network.js';
import { judgeNoServices, type Namespaces, reachesServices } from '../src/model/resolve.js';
import { isNear } from '../src/model/scope.js';
import { qualifiedName, servicePorts, serviceSelector } from '../src/model/service.js';
import type { K8sObject } from '../src/types.js';
import { closest, quoteList } from '../src/util/suggest.js';

/**
 * A Service of the monitor's unit whose pod selector (spec.selector) the monitor's selector matches, while
 * its own labels do not: the monitor was written against the wrong labels.
 */
function selectorMixup(
  model: Model,
  sm: K8sObject,
  spaces: Namespaces,
  sel: LabelSelector,
): K8sObject | undefined {
  return model.services.find((svc) => {
    if (spaces !== 'any' && !spaces.includes(svc.namespace)) return false;
    if (!model.units.together(sm.file, svc.file)) return false;
    const podSel = serviceSelector(svc);
    return podSel !== undefined && labelsMatchSelector(podSel, sel) && !labelsMatchSelector(svc.labels, sel);
  });
}

export default defineRule({
  meta: {
    id: 'service-monitor-target',
    description: 'Disallow ServiceMonitors that select no Service or scrape a port the Services do not name',
    severity: 'error',
    messages: {
      noServices: 'selector {{selector}} selects no Service in {{where}}{{hint}}',
      numericPort:
        'port {{port}} is a number; port takes a Service port name ({{names}}), targetPort a number',
      noPort: 'port "{{port}}" names no port of {{services}}{{names}}{{hint}}',
    },
    remediation:
      'Make the selector match the labels of the Service itself (metadata.labels, not its pod selector), in the namespaces of namespaceSelector, and name one of its named ports in endpoints[].port.',
  },
  check(model, ctx) {
    for (const sm of model.ofKind('ServiceMonitor')) {
      if (!isServiceMonitor(sm)) continue;
      // An empty selector selects every Service of its namespaces: it selects none only where they have none.
      const sel = monitorSelector(sm);
      const spaces = monitorNamespaces(sm);
      const selected = monitoredServices(model, sm);
      const monitor = qualifiedName(sm);
      if (!reachesServices(selected)) {
        const judged = judgeNoServices(model, sm, spaces, sel, monitorNamespacesWritten(sm));
        const mixup = selectorMixup(model, sm, spaces, sel);
        ctx.report({
          object: sm,
          path: ['spec', 'selector'],
          messageId: 'noServices',
          data: {
            selector: isEmptySelector(sel) ? '{} (every Service)' : formatSelector(sel),
            monitor,
            where: describeNamespaces(spaces),
            hint: mixup ? `; Service "${qualifiedName(mixup)}" uses them as pod selector` : judged.hint,
          },
          assumesComplete: !judged.shown && !mixup,
        });
        continue;
      }
      // Ports are judged against Services the input holds near the monitor, with every port name known.
      if (selected.managed.length) continue;
      const services = selected.services.filter((s) => isNear(sm, s));
      if (services.length < selected.services.length) continue;
      const names = new Set<string>(selected.known.flatMap((k) => k.ports));
      for (const s of services) for (const p of servicePorts(s)) if (p.name) names.add(p.name);
      const namesText = names.size ? `port names: ${quoteList(names)}` : 'their ports have no names';
      for (const e of monitorEndpoints(sm)) {
        if (typeof e.port === 'number') {
          ctx.report({
            object: sm,
            path: [...e.path, 'port'],
            messageId: 'numericPort',
            data: { port: e.port, monitor, names: namesText },
          });
          continue;
        }
        if (typeof e.port !== 'string' || names.has(e.port)) continue;
        const near = closest(e.port, names);
        ctx.report({
          object: sm,
          path: [...e.path, 'port'],
          messageId: 'noPort',
          data: {
            port: e.port,
            monitor,
            services: describeServices(services, selected.known.length),
            names: near ? '' : ` (${namesText})`,
            hint: near ? `; did you mean "${near}"?` : '',
          },
          related: services.map((s) => ({
            object: s,
            path: ['spec', 'ports'],
            message: 'the Service ports are defined here',
          })),
        });
      }
    }
  },
});

function describeServices(services: readonly K8sObject[], known: number): string {
  const named = services.slice(0, 3).map((s) => `"${qualifiedName(s)}"`);
  const more = services.length - named.length + known;
  const list = named.join(', ') + (more > 0 ? ` and ${more} more` : '');
  return `${services.length + known === 1 ? 'Service' : 'the Services'} ${list}`;
}
