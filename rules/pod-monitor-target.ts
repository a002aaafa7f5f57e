/**
 * pod-monitor-target: a prometheus-operator PodMonitor scrapes the pods its selector selects, in its
 * namespaceSelector's namespaces (its own by default), on the container ports its podMetricsEndpoints
 * name: `port` is a container port *name*, `portNumber` a declared containerPort, and Prometheus drops a
 * pod that declares neither. A selector that selects no pod scrapes nothing. Pods are resolved as every
 * selector's (model/resolve.ts: nearest first, operators' pods included).
 */
import { defineRule } from '../src/engine/rule.js';
import { isEmptySelector, type PodTemplate } from '../src/model/model.js';
import {
  describeNamespaces,
  isPodMonitor,
  monitorEndpoints,
  monitoredPods,
  monitorNamespaces,
  monitorSelector,
} from '../src/model/monitoring.js';
import { formatSelector } from '../src/model/network.js';
import { judgeNoPods, reachesPods } from '../src/model/resolve.js';
import { isNear } from '../src/model/scope.js';
import { qualifiedName } from '../src/model/service.js';
import { distinctOwners, shortName } from '../src/model/workloads.js';
import { closest, quoteList } from '../src/util/suggest.js';

export default defineRule({
  meta: {
    id: 'pod-monitor-target',
    description: 'Disallow PodMonitors that select no pod or scrape a port the pods do not declare',
    severity: 'error',
    messages: {
      noPods: 'selector {{selector}} selects no pod in {{where}}{{hint}}',
      numericPort:
        'port {{port}} is a number; port takes a container port name ({{names}}), portNumber a number',
      noPort: 'port "{{port}}" names no container port of {{pods}}{{names}}{{hint}}',
      noPortNumber: 'portNumber {{port}} is no containerPort of {{pods}} ({{numbers}})',
    },
    remediation:
      'Make the selector match the pod template labels of the workload to scrape, and name one of its named container ports in podMetricsEndpoints[].port (or give its number as portNumber).',
  },
  check(model, ctx) {
    for (const pm of model.ofKind('PodMonitor')) {
      if (!isPodMonitor(pm)) continue;
      const sel = monitorSelector(pm);
      if (isEmptySelector(sel)) continue;
      const monitor = qualifiedName(pm);
      const selected = monitoredPods(model, pm);
      if (!selected.some((s) => reachesPods(s.pods))) {
        const spaces = monitorNamespaces(pm);
        // With `any`, the namespaces of the input's pods are all there is to judge by.
        const judged = selected.map((s) => judgeNoPods(model, pm, s.namespace, sel));
        ctx.report({
          object: pm,
          path: ['spec', 'selector'],
          messageId: 'noPods',
          data: {
            selector: formatSelector(sel),
            monitor,
            where: describeNamespaces(spaces),
            hint: judged.find((j) => j.hint)?.hint ?? '',
          },
          assumesComplete: !judged.some((j) => j.shown),
        });
        continue;
      }
      // Ports are judged against templates the input holds near the monitor, and no operator's pods.
      if (selected.some((s) => s.pods.managed.length || s.pods.customResource)) continue;
      const templates: PodTemplate[] = selected.flatMap((s) => s.pods.templates);
      if (!templates.every((t) => isNear(pm, t.owner))) continue;
      const ports = templates.flatMap((t) => t.containers.flatMap((c) => c.ports));
      const names = new Set(ports.flatMap((p) => (p.name ? [p.name] : [])));
      const numbers = new Set(ports.flatMap((p) => (p.containerPort !== undefined ? [p.containerPort] : [])));
      const owners = distinctOwners(model, templates);
      const pods =
        owners.length === 1 ? shortName(owners[0] as (typeof owners)[0]) : `${owners.length} workloads`;
      const namesText = names.size ? `names: ${quoteList(names)}` : 'they name no container port';
      for (const e of monitorEndpoints(pm)) {
        if (typeof e.port === 'number') {
          ctx.report({
            object: pm,
            path: [...e.path, 'port'],
            messageId: 'numericPort',
            data: { port: e.port, monitor, names: namesText },
          });
        } else if (typeof e.port === 'string' && !names.has(e.port)) {
          const near = closest(e.port, names);
          ctx.report({
            object: pm,
            path: [...e.path, 'port'],
            messageId: 'noPort',
            data: {
              port: e.port,
              monitor,
              pods,
              names: near ? '' : ` (${namesText})`,
              hint: near ? `; did you mean "${near}"?` : '',
            },
          });
        }
        if (typeof e.portNumber === 'number' && !numbers.has(e.portNumber))
          ctx.report({
            object: pm,
            path: [...e.path, 'portNumber'],
            messageId: 'noPortNumber',
            data: {
              port: e.portNumber,
              monitor,
              pods,
              numbers: numbers.size
                ? `containerPorts: ${[...numbers].sort((a, b) => a - b).join(', ')}`
                : 'they declare none',
            },
          });
      }
    }
  },
});
