/**
 * Whether a replayed liveness counterexample still shows a violation under the current
 * model, decided on the trace alone as the liveness analysis decides it on the graph:
 *   - some obligation's q stays false from a state where its p holds (from the start for
 *     "eventually") through the end, which repeats (the cycle back to `loop`, or the last
 *     state forever when the trace ends in a stutter);
 *   - and that repetition is fair: a weakly fair unit (a process, or a per-action unit)
 *     enabled in every state of the cycle takes a step in it; a strongly fair one enabled
 *     in some state of it takes a step in it. An unfair cycle is no counterexample.
 * The lasso closing again is not enough: after a fix, q may hold inside the cycle.
 */
import type { FairnessSpec, Model } from '../model.ts';
import type { Liveness } from '../property.ts';

type Kind = 'weak' | 'strong' | 'none';

export function lassoViolates<S, A>(model: Model<S, A>, property: Liveness<S, A>, states: readonly S[], actions: readonly A[], loop: number | undefined, fairness?: FairnessSpec<S, A>): boolean {
  const n = states.length;
  // The states that repeat forever: the cycle (its last state is the one at `loop`), or the last one.
  const cycleFrom = loop ?? n - 1;
  const qFailsFrom = (o: Liveness<S, A>['obligations'][number], from: number) => {
    for (let k = from; k < n; k++) if (o.q(states[k])) return false;
    return true;
  };
  const unmet = property.obligations.some((o) => {
    if (o.p === 'initial') return qFailsFrom(o, 0);
    const p = o.p;
    // From a p-state in the cycle, every cycle state comes after it again.
    for (let i = 0; i < n; i++) if (p(states[i]) && qFailsFrom(o, Math.min(i, cycleFrom))) return true;
    return false;
  });
  return unmet && isFair(model, states, actions, loop, fairness);
}

function isFair<S, A>(model: Model<S, A>, states: readonly S[], actions: readonly A[], loop: number | undefined, fairness?: FairnessSpec<S, A>): boolean {
  const kindOf = (unit: string): Kind => (fairness?.unfair?.includes(unit) ? 'none' : fairness?.strong?.includes(unit) ? 'strong' : 'weak');
  // As the search names them (fairness-units.ts): the process, and the action's first extra unit, weakly fair.
  const unitsOf = (a: A, s: S): [string, Kind][] => [[model.process(a, s), kindOf(model.process(a, s))], ...(fairness?.actionUnits?.(a, s) ?? []).slice(0, 1).map((u): [string, Kind] => [u, 'weak'])];
  // The cycle's states (its closing state, equal to the one at `loop`, left out) and the steps
  // between them; a stutter is the last state alone, with no step.
  const cycleStates = loop === undefined ? [states[states.length - 1]] : states.slice(loop, states.length - 1);
  const cycleSteps = loop === undefined ? [] : actions.slice(loop).map((a, k) => unitsOf(a, states[loop + k]));
  const taken = new Set(cycleSteps.flat().map(([u]) => u));
  const enabledIn = cycleStates.map((s) => {
    const units = new Map<string, Kind>();
    for (const a of model.actions(s)) if (model.nextState(s, a) !== undefined) for (const [u, k] of unitsOf(a, s)) units.set(u, k);
    return units;
  });
  const all = new Map<string, Kind>();
  for (const units of enabledIn) for (const [u, k] of units) all.set(u, k);
  for (const [unit, kind] of all) {
    if (kind === 'none' || taken.has(unit)) continue;
    const everywhere = enabledIn.every((units) => units.has(unit));
    if (kind === 'weak' && everywhere) return false;
    if (kind === 'strong') return false; // enabled in some cycle state, never taken
  }
  return true;
}
