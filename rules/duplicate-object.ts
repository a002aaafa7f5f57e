/**
 * duplicate-object: the same group, kind, namespace and name defined twice where both are applied together.
 * In one file, `kubectl apply -f` applies both and the later one wins, so half of the definition is lost;
 * in two files that one kustomization lists, `kustomize build` fails. Copies in two files of a directory
 * are usually alternatives kept side by side (deployment-gpu.yaml, deployment-cpu.yaml) and copies in
 * different directories variants (overlays, separate samples), which are never applied together: the
 * `acrossFiles` option (on in the strict preset) reports the first kind too, as a warning.
 */
import { defineRule } from '../src/engine/rule.js';
import { directoryOf } from '../src/model/scope.js';
import type { K8sObject } from '../src/types.js';
import { mapAt } from '../src/util/maps.js';
import { where } from '../src/util/where.js';

export default defineRule({
  meta: {
    id: 'duplicate-object',
    description:
      'Disallow two objects with the same group, kind, namespace and name in one file or directory',
    severity: 'error',
    strict: { options: { acrossFiles: true } },
    options: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          acrossFiles: {
            type: 'boolean',
            description:
              'Also warn about two files of one directory that define the same object (alternatives kept side by side are reported too)',
          },
        },
      },
      defaults: { acrossFiles: false },
    },
    messages: {
      duplicate: '{{kind}} "{{name}}" is defined twice; first at {{where}}',
    },
    remediation: 'Delete one of the two objects, or give them different names.',
  },
  check(model, ctx) {
    const acrossFiles = ctx.options.acrossFiles === true;
    // directory → group, kind, namespace and name → the first such object.
    const first = new Map<string, Map<string, K8sObject>>();
    for (const obj of model.objects) {
      // Without a name (generateName) every apply creates a new object; kind configs are not API objects.
      if (!obj.name || obj.group === 'kind.x-k8s.io') continue;
      const inDir = mapAt(first, directoryOf(obj.file));
      const key = `${obj.group}\u0000${obj.kind}\u0000${obj.namespace}\u0000${obj.name}`;
      const prev = inDir.get(key);
      if (!prev) {
        inDir.set(key, obj);
        continue;
      }
      const together = prev.file === obj.file || model.kustomize?.listsBoth(prev.file, obj.file) === true;
      if (!together && !acrossFiles) continue;
      ctx.report({
        object: obj,
        path: ['metadata', 'name'],
        messageId: 'duplicate',
        data: {
          kind: obj.kind,
          name: obj.namespace ? `${obj.namespace}/${obj.name}` : obj.name,
          where: where(obj, prev, ['metadata', 'name']),
        },
        related: [{ object: prev, path: ['metadata', 'name'], message: 'first definition' }],
        severity: together ? undefined : 'warning',
      });
    }
  },
});
