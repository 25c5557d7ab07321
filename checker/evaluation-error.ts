/**
 * A throw from model code (a guard, an action, the events function, a property's
 * predicate) becomes one ModelEvaluationError naming the state and the action it
 * happened at, and the path there when known: the CLI prints it and exits 75. Shared
 * by every strategy.
 */
import type { Model } from './model.ts';
import { ModelEvaluationError, type IndexPath } from './result.ts';

/**
 * A property's predicate (or its premise, witness or obligation) threw: thrown by the
 * property trackers (property-tracker.ts) around the predicate call only, so that the
 * search can tell the model's throw from its own, and name the property.
 */
export class PropertyThrew extends Error {
  constructor(
    readonly property: string,
    override readonly cause: unknown,
  ) {
    super(`property '${property}' threw: ${reasonOf(cause)}`);
    this.name = 'PropertyThrew';
  }
}

export function evaluationError<S, A>(cause: unknown, model: Model<S, A>, state: S | undefined, action: A | undefined, path: IndexPath | undefined): ModelEvaluationError {
  if (cause instanceof ModelEvaluationError) return cause;
  let view: Record<string, unknown> | undefined;
  let actionJson: unknown;
  try {
    view = state === undefined ? undefined : model.view(state);
    actionJson = action === undefined ? undefined : model.actionJson(action);
  } catch {
    // The view itself may be what throws: report without it.
    view = undefined;
  }
  if (cause instanceof PropertyThrew) {
    // A state predicate threw on the state printed below; a step predicate on the step
    // from it, which the CLI introduces with the event ("while taking event ...").
    const where = action === undefined ? ' on the state below' : '';
    return new ModelEvaluationError(`the model threw: property '${cause.property}' threw${where}: ${reasonOf(cause.cause)}`, view, actionJson, path, cause.cause);
  }
  return new ModelEvaluationError(`the model threw: ${reasonOf(cause)}`, view, actionJson, path, cause);
}

/**
 * What a throw out of the property trackers becomes: a ModelEvaluationError at `state`
 * (and `action`) when a property's predicate threw (PropertyThrew), else itself (a bug of
 * the checker stays one). The path is asked only then: it walks the parents.
 */
export function propertyError<S, A>(cause: unknown, model: Model<S, A>, state: S, action: A | undefined, path: () => IndexPath): unknown {
  return cause instanceof PropertyThrew ? evaluationError(cause, model, state, action, path()) : cause;
}

function reasonOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
