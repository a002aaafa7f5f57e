/**
 * service-ports: the port lists the API server validates, checked before `kubectl apply` fails on them:
 * Service ports (names, uniqueness, numbers in range, targetPort syntax) and the container ports of pod
 * templates that Services target by name (IANA service names, unique within a pod, numbers in range).
 * Types, enums and missing fields of the built-in kinds are schema's to report.
 */
import { defineRule, type RuleContext } from '../src/engine/rule.js';
import { nameUnnamedPort, unquoteNumber } from '../src/fix/builders.js';
import { type ContainerInfo, isCustomResource, type PodTemplate } from '../src/model/model.js';
import { isPlainObject } from '../src/model/objects.js';
import { qualifiedName, writtenTargetPort } from '../src/model/service.js';
import type { K8sObject, Path } from '../src/types.js';
import { describe } from '../src/types.js';
import {
  dnsLabelProblem,
  ianaServiceNameProblem,
  isQuotedNumber,
  isValidPortNumber,
} from '../src/util/names.js';
import { where } from '../src/util/where.js';

const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);

function fmt(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function checkService(svc: K8sObject, ctx: RuleContext): void {
  const ports = svc.raw?.spec?.ports;
  if (!Array.isArray(ports)) return;
  const service = qualifiedName(svc);
  const names = new Map<string, number>();
  const pairs = new Map<string, number>();
  ports.forEach((p, i) => {
    const path = ['spec', 'ports', i];
    if (!isPlainObject(p)) return;
    const { name, port, protocol } = p;
    const targetPort = writtenTargetPort(p.targetPort);
    if (ports.length > 1 && (name === undefined || name === null || name === '')) {
      ctx.report({
        object: svc,
        path,
        messageId: 'unnamed',
        data: {
          port: port === undefined || port === null ? `#${i + 1}` : fmt(port),
          service,
          count: ports.length,
        },
        fix: () => nameUnnamedPort(svc, i),
      });
    } else if (typeof name === 'string' && name !== '') {
      const problem = dnsLabelProblem(name);
      if (problem)
        ctx.report({
          object: svc,
          path: [...path, 'name'],
          messageId: 'badName',
          data: { name, service, problem },
        });
      const prev = names.get(name);
      if (prev !== undefined)
        ctx.report({
          object: svc,
          path: [...path, 'name'],
          messageId: 'duplicateName',
          data: { name, service, where: where(svc, svc, ['spec', 'ports', prev, 'name']) },
        });
      else names.set(name, i);
    }
    // A missing port, a value that is no number and an unknown protocol are schema's findings.
    if (typeof port === 'number' && !isValidPortNumber(port)) {
      ctx.report({
        object: svc,
        path: [...path, 'port'],
        messageId: 'badNumber',
        data: { field: 'port', value: fmt(port), service },
      });
    }
    if (typeof targetPort === 'string') {
      if (isQuotedNumber(targetPort)) {
        ctx.report({
          object: svc,
          path: [...path, 'targetPort'],
          messageId: 'quotedNumber',
          data: { value: targetPort, service, unquoted: String(Number(targetPort)) },
          fix: () => unquoteNumber(svc, [...path, 'targetPort']),
        });
      } else {
        const problem = ianaServiceNameProblem(targetPort);
        if (problem)
          ctx.report({
            object: svc,
            path: [...path, 'targetPort'],
            messageId: 'badTargetName',
            data: { name: targetPort, service, problem },
          });
      }
    } else if (typeof targetPort === 'number' && !isValidPortNumber(targetPort)) {
      ctx.report({
        object: svc,
        path: [...path, 'targetPort'],
        messageId: 'badNumber',
        data: { field: 'targetPort', value: fmt(targetPort), service },
      });
    }
    const proto = protocol === undefined || protocol === null ? 'TCP' : String(protocol);
    if (PROTOCOLS.has(proto) && typeof port === 'number') {
      const key = `${port}/${proto}`;
      const prev = pairs.get(key);
      if (prev !== undefined)
        ctx.report({
          object: svc,
          path: [...path, 'port'],
          messageId: 'duplicatePort',
          data: { port, protocol: proto, service, where: where(svc, svc, ['spec', 'ports', prev, 'port']) },
        });
      else pairs.set(key, i);
    }
  });
}

function checkTemplate(t: PodTemplate, ctx: RuleContext): void {
  const obj = t.owner;
  // name → first declaration (container and index), across the pod's containers. Paths and descriptions
  // are made only for a report: every port of every template comes through here.
  const seen = new Map<string, { c: ContainerInfo; j: number }>();
  // schema reports a value that is no number in the built-in kinds; custom resources have no schema.
  const badNumber = (v: unknown) =>
    v !== undefined && v !== null && (typeof v === 'number' || custom) && !isValidPortNumber(v);
  const custom = isCustomResource(obj);
  for (const c of t.containers) {
    const raw = c.raw?.ports;
    if (!Array.isArray(raw)) continue;
    for (let j = 0; j < raw.length; j++) {
      const p: unknown = raw[j];
      if (!isPlainObject(p)) continue;
      const { name, containerPort, hostPort } = p;
      if (badNumber(containerPort))
        ctx.report({
          object: obj,
          path: portPath(c, j, 'containerPort'),
          messageId: 'badContainerNumber',
          data: {
            field: 'containerPort',
            value: fmt(containerPort),
            container: c.name,
            workload: describe(obj),
          },
        });
      if (hostPort !== 0 && badNumber(hostPort))
        ctx.report({
          object: obj,
          path: portPath(c, j, 'hostPort'),
          messageId: 'badContainerNumber',
          data: { field: 'hostPort', value: fmt(hostPort), container: c.name, workload: describe(obj) },
        });
      if (name === undefined || name === null || name === '') continue;
      const n = String(name);
      const problem = ianaServiceNameProblem(n);
      if (problem) {
        ctx.report({
          object: obj,
          path: portPath(c, j, 'name'),
          messageId: 'badContainerName',
          data: { name: n, container: c.name, workload: describe(obj), problem },
        });
        continue;
      }
      const prev = seen.get(n);
      if (prev) {
        const other = prev.c.name;
        ctx.report({
          object: obj,
          path: portPath(c, j, 'name'),
          messageId: other === c.name ? 'duplicateContainerName' : 'ambiguousContainerName',
          // The API server rejects a duplicate within a container; across containers it is accepted, but
          // a Service targeting the name reaches only the first.
          severity: other === c.name ? undefined : 'warning',
          data: {
            name: n,
            container: c.name,
            other,
            workload: describe(obj),
            where: where(obj, obj, portPath(prev.c, prev.j, 'name')),
          },
        });
      } else seen.set(n, { c, j });
    }
  }
}

/** The path of a field of a container's port `j`, relative to the owning object. */
function portPath(c: ContainerInfo, j: number, field: string): Path {
  return [...c.path, 'ports', j, field];
}

export default defineRule({
  meta: {
    id: 'service-ports',
    description: 'Disallow invalid Service port lists and container port names',
    severity: 'error',
    messages: {
      unnamed:
        'port {{port}} of Service "{{service}}" has no name; each of its {{count}} ports needs a unique name',
      badName: 'port name "{{name}}" of Service "{{service}}" is not a valid DNS label: {{problem}}',
      duplicateName: 'port name "{{name}}" of Service "{{service}}" is already used by the port at {{where}}',
      duplicatePort: 'port {{port}}/{{protocol}} of Service "{{service}}" is already declared at {{where}}',
      badNumber: '{{field}} {{value}} of Service "{{service}}" is not a port number (1-65535)',
      quotedNumber:
        'targetPort "{{value}}" of Service "{{service}}" is a string, so it names a port, and a name needs a letter',
      badTargetName: 'targetPort "{{name}}" of Service "{{service}}" is not a valid port name: {{problem}}',
      badContainerName:
        'port name "{{name}}" of container "{{container}}" is not a valid IANA service name: {{problem}}',
      duplicateContainerName:
        'container port name "{{name}}" is declared twice in container "{{container}}" (first at {{where}})',
      ambiguousContainerName:
        'container port name "{{name}}" of container "{{container}}" is also declared by container "{{other}}" at {{where}}',
      badContainerNumber: '{{field}} {{value}} of container "{{container}}" is not a port number (1-65535)',
    },
    remediation:
      'Give every port of a multi-port Service a unique lower-case name, keep numbers in 1-65535, write targetPort numbers unquoted, and name container ports with at most 15 lower-case letters, digits and dashes.',
  },
  check(model, ctx) {
    for (const svc of model.services) checkService(svc, ctx);
    for (const t of model.podTemplates) checkTemplate(t, ctx);
  },
});
