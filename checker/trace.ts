/**
 * Counterexamples as index paths, replayed through the model before anyone sees them:
 * every step must be enabled and lead to the state whose fingerprint the search stored.
 * A path that does not replay is a checker bug or a fingerprint collision, and is
 * reported as such rather than printed.
 */
import type { Model } from './model.ts';
import type { IndexPath, Trace, TraceStep } from './result.ts';
import { TraceReplayError } from './result.ts';
import { fingerprint, fingerprintInts, fpHi, fpLo } from './fingerprint.ts';
import type { StoreView } from './store/store-view.ts';

export function pathToState(store: StoreView, id: number): IndexPath {
  const ids = store.pathTo(id);
  return { init: store.actions.get(ids[0]), actions: ids.slice(1).map((s) => store.actions.get(s)) };
}

/** Replays an index path; returns the states along it (initial state first). */
export function replay<S, A>(model: Model<S, A>, path: IndexPath): { states: S[]; actions: A[] } {
  const initial = model.initialStates();
  const first = initial[path.init];
  if (first === undefined) throw new TraceReplayError(`trace starts at initial state ${path.init}, but the model has ${initial.length}`, path);
  const states: S[] = [first];
  const actions: A[] = [];
  let state = first;
  path.actions.forEach((index, step) => {
    const candidates = model.actions(state);
    const action = candidates[index];
    if (action === undefined) {
      throw new TraceReplayError(`step ${step + 1}: action #${index} does not exist (the state offers ${candidates.length})`, path);
    }
    const next = model.nextState(state, action);
    if (next === undefined) {
      throw new TraceReplayError(`step ${step + 1}: action ${JSON.stringify(model.actionJson(action))} is not enabled on replay`, path);
    }
    actions.push(action);
    states.push(next);
    state = next;
  });
  return { states, actions };
}

/**
 * Checks that the replayed states have the fingerprints the search recorded for the
 * given state ids (the ids along the path, initial state first).
 */
export function verifyFingerprints<S>(model: Model<S, unknown>, states: S[], ids: number[], store: StoreView, path: IndexPath): void {
  for (let i = 0; i < ids.length; i++) {
    if (model.encodeInts) fingerprintInts(model.encodeInts(states[i]));
    else fingerprint(model.encode(states[i]));
    if (store.find(fpHi, fpLo) !== ids[i]) {
      throw new TraceReplayError(
        `step ${i}: the replayed state's fingerprint differs from the stored one (a nondeterministic model, or a fingerprint collision)`,
        path,
      );
    }
  }
}

/** Renders replayed states into trace steps with full views and diffs. */
export function toTrace<S, A>(model: Model<S, A>, path: IndexPath, states: S[], actions: A[]): Trace {
  const steps: TraceStep[] = [];
  let previous: Record<string, unknown> | undefined;
  states.forEach((state, index) => {
    const view = model.view(state);
    const step: TraceStep = { index, state: view, changed: previous ? diff(previous, view) : view };
    if (index > 0) {
      const action = actions[index - 1];
      step.event = model.actionJson(action);
      step.description = model.describeStep(states[index - 1], action, state);
      step.process = model.process(action, states[index - 1]);
    }
    steps.push(step);
    previous = view;
  });
  const trace: Trace = { path, steps };
  if (path.loop !== undefined) trace.loop = path.loop;
  return trace;
}

function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changed[key] = after[key];
  }
  for (const key of Object.keys(before)) if (!(key in after)) changed[key] = undefined;
  return changed;
}
