/** From parsed sources to the model: objects, what kustomizations do to them, then the index. */
import type { SchemaValidators } from '../schema/validators.js';
import type { K8sObject, SourceFile } from '../types.js';
import { push } from '../util/maps.js';
import {
  isKustomizationFile,
  isPatchFileName,
  KustomizeLayout,
  looksPartial,
  mergeTemplatePatch,
} from './kustomize.js';
import { Model } from './model.js';
import { objectsOf } from './objects.js';
import { scopeDistance } from './scope.js';

/** `validators`: the schemas, which kind configs are read with (see objectsOf). */
export function buildModel(
  sources: readonly SourceFile[],
  defaultNamespace: string,
  validators?: SchemaValidators,
): Model {
  const objects: K8sObject[] = [];
  for (const file of sources) objectsOf(file, defaultNamespace, objects, validators);
  const layout = sources.some((f) => isKustomizationFile(f.path)) ? new KustomizeLayout(sources) : undefined;
  const patches: K8sObject[] = [];
  for (const obj of objects) {
    // A kustomization's patch, or an incomplete object in a file named as a patch that no kustomization lists
    // as a resource (kubebuilder keeps its optional patches beside the kustomization, commented out;
    // `kubectl patch` files).
    const patchNamed = isPatchFileName(obj.file.path) && !layout?.isIncluded(obj.file) && looksPartial(obj);
    if (layout?.isPatch(obj.file) || patchNamed) {
      obj.partial = true;
      patches.push(obj);
    } else layout?.apply(obj);
  }
  if (patches.length) mergePatches(objects, patches);
  const model = new Model(objects, defaultNamespace);
  if (layout && !layout.empty) model.kustomize = layout;
  return model;
}

/** A patch completes the nearest object of its kind and name (kustomize renames namespaces alike). */
function mergePatches(objects: readonly K8sObject[], patches: readonly K8sObject[]): void {
  const byKindName = new Map<string, K8sObject[]>();
  for (const o of objects) if (!o.partial) push(byKindName, `${o.kind}\u0000${o.name}`, o);
  for (const patch of patches) {
    let target: K8sObject | undefined;
    let best = 4;
    for (const o of byKindName.get(`${patch.kind}\u0000${patch.name}`) ?? []) {
      const d = scopeDistance(patch, o);
      if (d < best) {
        best = d;
        target = o;
      }
    }
    if (target) mergeTemplatePatch(target, patch);
  }
}
