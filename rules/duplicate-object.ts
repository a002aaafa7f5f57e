/**
 * duplicate-object: the same group, kind, namespace and name defined twice in one file or one directory.
 * `kubectl apply -f` applies both and the later one wins, so half of the definition is lost. Copies in
 * different directories are variants (kustomize overlays, alternative setups, separate samples), which are
 * never applied together.
 */
import { defineRule } from '../src/engine/rule.js';
import { directoryOf } from '../src/model/workloads.js';
import type { K8sObject } from '../src/types.js';
import { mapAt } from '../src/util/maps.js';
import { formatPlace, placeOf } from '../src/util/where.js';

export default defineRule({
  meta: {
    id: 'duplicate-object',
    description:
      'Disallow two objects with the same group, kind, namespace and name in one file or directory',
    severity: 'error',
    messages: {
      duplicate: '{{kind}} "{{name}}" is defined twice; previously defined at {{where}}',
    },
    remediation: 'Delete one of the two objects, or give them different names.',
  },
  check(model, ctx) {
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
      ctx.report({
        object: obj,
        path: ['metadata', 'name'],
        messageId: 'duplicate',
        data: {
          kind: obj.kind,
          name: obj.namespace ? `${obj.namespace}/${obj.name}` : obj.name,
          where: formatPlace(placeOf(prev, ['metadata', 'name']), true),
        },
        related: [{ object: prev, path: ['metadata', 'name'], message: 'first definition' }],
        // In one file it is a mistake; in two files of a folder it may be two alternatives kept side by
        // side (deployment-gpu.yaml, deployment-cpu.yaml) that are never applied together.
        severity: prev.file === obj.file ? undefined : 'warning',
      });
    }
  },
});
