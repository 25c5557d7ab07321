/**
 * Does a saved trace still reproduce against the current model? A kernel developer's
 * regression test: a counterexample saved as JSON or ITF is re-executed step by step
 * through the model (the index path, as checker/trace.ts replays it), and each step is
 * compared with what was recorded: the same event, enabled, leading to the same state
 * view. When the action's index moved (the model offers its events in another order)
 * but the recorded event is still enabled, the step is followed by its event and
 * said so. A lasso must still close: the last state equals the one at `loop`.
 */
import type { Model } from '../model.ts';
import { evaluationError } from '../evaluation-error.ts';
import type { IndexPath } from '../result.ts';
import type { SavedTrace } from './trace-source.ts';
import { eventLabel, eventWithDescription } from './text.ts';

export type StepVerdict =
  /** Same event, same resulting state. */
  | 'same'
  /** The event is still enabled but at another index: followed by event. */
  | 'moved'
  /** The event was taken, but the state differs from the recorded one. */
  | 'state-differs'
  /** The recorded event is not enabled any more: the replay stops here. */
  | 'not-enabled';

export interface FieldDifference {
  field: string;
  recorded: unknown;
  now: unknown;
}

export interface ReplayStep {
  index: number;
  verdict: StepVerdict;
  event?: unknown;
  /** The model's description of the step as it replays now. */
  description?: string;
  /** The index the event has now, when it moved. */
  movedTo?: number;
  differences: FieldDifference[];
}

export interface ReplayOutcome {
  reproduces: boolean;
  steps: ReplayStep[];
  /** For a lasso: whether the last state is still the state at `loop`. */
  loopCloses?: boolean;
  /** One line: why it does not reproduce, or what to note when it does. */
  summary: string;
  /** The states as replayed now (as far as the replay got), for property checks. */
  states: unknown[];
  actions: unknown[];
}

/**
 * Throws ModelEvaluationError when the model throws (a guard, an action, the events):
 * the model's error, exit 75 as for check, naming the event and the state it was taken
 * from, and the path there as replayed.
 */
export function replaySavedTrace<S, A>(model: Model<S, A>, saved: SavedTrace): ReplayOutcome {
  const at: ReplayPosition<S, A> = { state: undefined, action: undefined, path: { init: saved.path.init, actions: [] } };
  try {
    return replaySteps(model, saved, at);
  } catch (cause) {
    throw evaluationError(cause, model, at.state, at.action, at.state === undefined ? undefined : at.path);
  }
}

/** Where a replay is: the state it steps from and the action it takes, for the error a throw becomes. */
interface ReplayPosition<S, A> {
  state: S | undefined;
  action: A | undefined;
  path: IndexPath;
}

function replaySteps<S, A>(model: Model<S, A>, saved: SavedTrace, at: ReplayPosition<S, A>): ReplayOutcome {
  const steps: ReplayStep[] = [];
  const states: S[] = [];
  const actions: A[] = [];
  const initial = model.initialStates()[saved.path.init];
  if (initial === undefined) {
    return { reproduces: false, steps, summary: `the model has no initial state #${saved.path.init}`, states, actions };
  }
  states.push(initial);
  at.state = initial;
  const first: ReplayStep = { index: 0, verdict: 'same', differences: compareViews(saved.steps[0]?.state, model.view(initial)) };
  if (first.differences.length) first.verdict = 'state-differs';
  steps.push(first);

  let state = initial;
  for (let i = 0; i < saved.path.actions.length; i++) {
    const recorded = saved.steps[i + 1];
    at.state = state;
    at.action = undefined;
    const candidates = model.actions(state);
    let index = saved.path.actions[i];
    let action: A | undefined = candidates[index];
    at.action = action;
    let next = action === undefined ? undefined : model.nextState(state, action);
    const sameEvent = (a: A) => recorded?.event === undefined || canonical(model.actionJson(a)) === canonical(recorded.event);
    let moved = false;
    if (action === undefined || next === undefined || !sameEvent(action)) {
      // Follow the recorded event wherever it is now.
      const found = recorded?.event === undefined ? -1 : candidates.findIndex((a) => ((at.action = a), sameEvent(a) && model.nextState(state, a) !== undefined));
      if (found < 0) {
        steps.push({ index: i + 1, verdict: 'not-enabled', event: recorded?.event, differences: [] });
        return { reproduces: false, steps, summary: `step ${i + 1}: ${eventLabel(recorded?.event ?? `action #${index}`)} is not enabled any more`, states, actions };
      }
      moved = found !== index;
      index = found;
      action = candidates[found];
      at.action = action;
      next = model.nextState(state, action)!;
    }
    const step: ReplayStep = {
      index: i + 1,
      verdict: moved ? 'moved' : 'same',
      event: model.actionJson(action!),
      description: model.describeStep(state, action!, next!),
      differences: recorded ? compareViews(recorded.state, model.view(next!)) : [],
    };
    if (moved) step.movedTo = index;
    if (step.differences.length) step.verdict = 'state-differs';
    steps.push(step);
    actions.push(action!);
    states.push(next!);
    state = next!;
    at.path.actions.push(index);
  }
  at.state = state;
  at.action = undefined;

  const outcome: ReplayOutcome = { reproduces: true, steps, summary: '', states, actions };
  if (saved.path.loop !== undefined) {
    const back = states[saved.path.loop];
    outcome.loopCloses = back !== undefined && model.encode(back) === model.encode(state);
  }
  const differing = steps.filter((s) => s.verdict === 'state-differs');
  const movedSteps = steps.filter((s) => s.verdict === 'moved');
  if (differing.length) {
    outcome.reproduces = false;
    outcome.summary = `the events replay, but the state differs at step${differing.length > 1 ? 's' : ''} ${differing.map((s) => s.index).join(', ')}`;
  } else if (outcome.loopCloses === false) {
    outcome.reproduces = false;
    outcome.summary = `the steps replay, but the cycle no longer closes: the last state is not the state of step ${saved.path.loop}`;
  } else {
    outcome.summary =
      `reproduces: ${steps.length - 1} step${steps.length === 2 ? '' : 's'} with the same events and states` +
      (outcome.loopCloses ? `, and the cycle closes back to step ${saved.path.loop}` : '') +
      (movedSteps.length ? ` (the events of steps ${movedSteps.map((s) => s.index).join(', ')} moved to other indices)` : '');
  }
  return outcome;
}

/** The recorded view against the current one: fields that differ, were added or removed. */
export function compareViews(recorded: Record<string, unknown> | undefined, now: Record<string, unknown>): FieldDifference[] {
  if (!recorded) return [];
  const out: FieldDifference[] = [];
  for (const field of new Set([...Object.keys(recorded), ...Object.keys(now)])) {
    if (canonical(recorded[field]) !== canonical(now[field])) out.push({ field, recorded: recorded[field], now: now[field] });
  }
  return out;
}

/** The replay step by step, for people. */
export function renderReplay(outcome: ReplayOutcome): string {
  const lines: string[] = [];
  for (const s of outcome.steps) {
    const what = s.index === 0 ? 'initial state' : eventWithDescription(s.event, s.description);
    const mark = { same: 'ok', moved: 'ok (moved)', 'state-differs': 'DIFFERS', 'not-enabled': 'NOT ENABLED' }[s.verdict];
    lines.push(`Step ${s.index} ${mark}: ${what}${s.movedTo !== undefined ? ` (now action #${s.movedTo})` : ''}`);
    for (const d of s.differences) lines.push(`    ${d.field}: recorded ${show(d.recorded)}, now ${show(d.now)}`);
  }
  if (outcome.loopCloses !== undefined) lines.push(outcome.loopCloses ? 'The cycle closes.' : 'The cycle does NOT close.');
  lines.push(outcome.summary);
  return lines.join('\n') + '\n';
}

function show(v: unknown): string {
  return v === undefined ? 'undefined' : JSON.stringify(v);
}

/** JSON with sorted keys (and Maps, Sets, bigints), so that key order never makes a difference. */
export function canonical(v: unknown): string {
  return JSON.stringify(sortKeys(v));
}

function sortKeys(v: unknown): unknown {
  if (typeof v === 'bigint') return { '#bigint': v.toString() };
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v instanceof Map) return { '#map': [...v.entries()].map(([k, x]) => [sortKeys(k), sortKeys(x)]) };
  if (v instanceof Set) return { '#set': [...v].map(sortKeys) };
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}
