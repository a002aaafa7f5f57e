/**
 * kind-config: kind decodes its config strictly, so a misspelt field (`extraPortMapping`) or a value
 * kind does not know (`protocol: udp`) makes `kind create cluster` fail — or, in other tools that read the
 * file loosely, silently drops the setting. Validates against schemas/kind-cluster.schema.json.
 */
import { defineRule } from '../src/engine/rule.js';
import { clusterName, kindConfigs, kindNodes } from '../src/model/kind.js';
import { validateKindConfig } from '../src/model/kind-schema.js';

export default defineRule({
  meta: {
    id: 'kind-config',
    description: 'Require kind cluster configs to follow the kind.x-k8s.io/v1alpha4 schema',
    severity: 'error',
    messages: {
      schema: '{{message}}',
      noControlPlane: 'kind cluster "{{cluster}}" has no control-plane node; kind requires at least one',
    },
    remediation:
      'Fix the field as the message says; kind rejects unknown fields and values (see https://kind.sigs.k8s.io/docs/user/configuration/).',
  },
  check(model, ctx) {
    for (const config of kindConfigs(model)) {
      for (const p of validateKindConfig(config.raw, ctx.validators.kindConfig())) {
        ctx.report({
          object: config,
          path: p.path,
          key: p.key,
          messageId: 'schema',
          data: { message: p.message },
        });
      }
      const nodes = kindNodes(config);
      if (!nodes.some((n) => n.role === 'control-plane') && nodes.every((n) => n.role === 'worker')) {
        ctx.report({
          object: config,
          path: ['nodes'],
          key: true,
          messageId: 'noControlPlane',
          data: { cluster: clusterName(config) },
        });
      }
    }
  },
});
