/**
 * The model source of a user's model file (default export: defineModel(...)), so a
 * `oomcheck check FILE --workers N` run can rebuild it in each worker.
 */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { whyNotModelDefinition, type ModelDefinition } from '../xstate/define-model.ts';
import type { ModelSource, ModelTarget } from './model-source.ts';

export function userModelSource(file: string): ModelSource {
  return { module: fileURLToPath(import.meta.url), exportName: 'userModelTarget', args: [resolve(file)] };
}

export async function userModelTarget(file: string): Promise<ModelTarget> {
  const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  const why = whyNotModelDefinition(mod.default);
  if (why !== undefined) throw new Error(`${file}: ${why}`);
  const def = mod.default as ModelDefinition;
  return { model: def.model, properties: def.properties, fairness: def.fairness };
}
