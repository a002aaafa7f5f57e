/**
 * load-balancer-source-ranges: a LoadBalancer Service without loadBalancerSourceRanges accepts traffic
 * from every address the load balancer is reachable from — on a cloud, the internet. Internal load
 * balancers (by their providers' annotations) and the legacy source-ranges annotation are exempt.
 */
import { defineRule } from '../src/engine/rule.js';
import { qualifiedName, serviceType } from '../src/model/service.js';

/** Annotations that make a cloud load balancer internal, with the value that does so (undefined: any). */
const INTERNAL: Array<[string, RegExp]> = [
  ['networking.gke.io/load-balancer-type', /^internal$/i],
  ['cloud.google.com/load-balancer-type', /^internal$/i],
  ['service.beta.kubernetes.io/aws-load-balancer-internal', /^(true|0\.0\.0\.0\/0)$/i],
  ['service.beta.kubernetes.io/aws-load-balancer-scheme', /^internal$/i],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', /^true$/i],
  ['service.beta.kubernetes.io/oci-load-balancer-internal', /^true$/i],
  ['service.beta.kubernetes.io/openstack-internal-load-balancer', /^true$/i],
  ['service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type', /^private$/i],
  ['service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type', /^intranet$/i],
];

export default defineRule({
  meta: {
    id: 'load-balancer-source-ranges',
    description: 'Require loadBalancerSourceRanges on LoadBalancer Services',
    // A policy (public entry points, ingress controllers and storefronts, want no ranges): strict only.
    severity: 'off',
    strict: { severity: 'warning' },
    messages: {
      open: 'type LoadBalancer without loadBalancerSourceRanges accepts traffic from any address',
    },
    remediation:
      "List the client CIDRs in spec.loadBalancerSourceRanges, or make the load balancer internal with your provider's annotation.",
  },
  check(model, ctx) {
    for (const svc of model.services) {
      if (serviceType(svc) !== 'LoadBalancer') continue;
      const ranges = svc.raw?.spec?.loadBalancerSourceRanges;
      if (Array.isArray(ranges) && ranges.length) continue;
      if (svc.annotations['service.beta.kubernetes.io/load-balancer-source-ranges']) continue;
      if (INTERNAL.some(([k, re]) => re.test(svc.annotations[k] ?? ''))) continue;
      ctx.report({
        object: svc,
        path: ['spec', 'type'],
        messageId: 'open',
        data: { service: qualifiedName(svc) },
      });
    }
  },
});
