/**
 * A throw from model code (a guard, an action, the events function) becomes one
 * ModelEvaluationError naming the state and the action it happened at, and the path
 * there when known: the CLI prints it and exits 75. Shared by every strategy.
 */
import type { Model } from './model.ts';
import { ModelEvaluationError, type IndexPath } from './result.ts';

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
  const what = cause instanceof Error ? cause.message : String(cause);
  return new ModelEvaluationError(`the model threw: ${what}`, view, actionJson, path, cause);
}
