/**
 * The one rule for a state without successors: it is a deadlock unless it is a valid end
 * (the model's final states) or some event is enabled there that changes nothing (an
 * xstate self-transition, Model.hasUnchangingStep: TLC and SPIN see a self-loop there).
 * Every strategy and replay ask this, so they cannot disagree on what a deadlock is.
 */
import type { Model } from './model.ts';

export function endsWithoutDeadlock<S, A>(model: Model<S, A>, state: S): boolean {
  return model.isFinal(state) || model.hasUnchangingStep?.(state) === true;
}
