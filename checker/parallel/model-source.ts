/**
 * How a worker thread gets the model: functions do not cross threads, so a worker
 * imports a module and calls one of its exports with structured-cloneable arguments,
 * rebuilding the same model and properties the main thread checks. Equal inputs must
 * give the same model in every thread (same initial states, same action order).
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FairnessSpec, Model } from '../model.ts';
import type { Property } from '../property.ts';

export interface ModelSource {
  /** An absolute file path, a file: URL or a package specifier. */
  module: string;
  /** The export to call: `(...args) => ModelTarget | Promise<ModelTarget>`. */
  exportName: string;
  /** Structured-cloneable arguments. */
  args: unknown[];
}

/** What a source's export returns. */
export interface ModelTarget<S = any, A = any> {
  model: Model<S, A>;
  properties: readonly Property<S, A>[];
  fairness?: FairnessSpec<S, A>;
}

export async function loadModelSource(source: ModelSource): Promise<ModelTarget> {
  const specifier = isAbsolute(source.module) ? pathToFileURL(source.module).href : source.module;
  const mod = (await import(specifier)) as Record<string, unknown>;
  const make = mod[source.exportName];
  if (typeof make !== 'function') throw new Error(`model source ${source.module} has no function export "${source.exportName}"`);
  return (await make(...source.args)) as ModelTarget;
}
