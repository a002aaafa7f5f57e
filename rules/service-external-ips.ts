/**
 * service-external-ips: spec.externalIPs makes every node accept traffic for those addresses and send it
 * to the Service — any user who can create a Service can capture traffic for any IP (CVE-2020-8554).
 */
import { defineRule } from '../src/engine/rule.js';
import { qualifiedName } from '../src/model/service.js';

export default defineRule({
  meta: {
    id: 'service-external-ips',
    description: 'Disallow spec.externalIPs on Services',
    // A policy (externalIPs is a feature; allowing it is the cluster's choice): strict only.
    severity: 'off',
    strict: { severity: 'warning' },
    messages: {
      externalIPs:
        'externalIPs {{ips}} of Service "{{service}}": any Service may claim an IP this way (CVE-2020-8554)',
    },
    remediation:
      'Use a LoadBalancer or NodePort Service (or an Ingress) instead of externalIPs, and block externalIPs cluster-wide with an admission policy.',
  },
  check(model, ctx) {
    for (const svc of model.services) {
      const ips = svc.raw?.spec?.externalIPs;
      if (!Array.isArray(ips) || ips.length === 0) continue;
      ctx.report({
        object: svc,
        path: ['spec', 'externalIPs'],
        messageId: 'externalIPs',
        data: { service: qualifiedName(svc), ips: ips.map((ip) => JSON.stringify(String(ip))).join(', ') },
      });
    }
  },
});
