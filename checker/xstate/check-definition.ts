/**
 * `check(definition, options)`: a model file's default export checked in one call, with
 * its properties and its declared fairness; or the plain `check(model, properties, options)`.
 */
import { check as checkModel } from '../check.ts';
import type { Model } from '../model.ts';
import type { CheckOptions } from '../options.ts';
import type { Property } from '../property.ts';
import type { CheckResult } from '../result.ts';
import { isModelDefinition, type ModelDefinition } from './define-model.ts';

export function check<S, A>(definition: ModelDefinition<S, A>, options?: CheckOptions<S, A>): Promise<CheckResult>;
export function check<S, A>(model: Model<S, A>, properties: readonly Property<S, A>[], options?: CheckOptions<S, A>): Promise<CheckResult>;
export function check<S, A>(
  target: ModelDefinition<S, A> | Model<S, A>,
  propertiesOrOptions?: readonly Property<S, A>[] | CheckOptions<S, A>,
  options: CheckOptions<S, A> = {},
): Promise<CheckResult> {
  if (isModelDefinition(target)) {
    const opts = (propertiesOrOptions as CheckOptions<S, A> | undefined) ?? {};
    const fairness = opts.fairness ?? target.fairness;
    return checkModel(target.model, target.properties, fairness ? { ...opts, fairness } : opts);
  }
  return checkModel(target as Model<S, A>, (propertiesOrOptions as readonly Property<S, A>[] | undefined) ?? [], options);
}
