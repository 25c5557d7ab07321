/**
 * The step with a PackedContext: guards read the packed state itself, the successor
 * is a copy of it whose region slots the microstep sets and whose context ints the
 * twins update in place. Same control as the object step (step-objects.ts), no objects.
 *
 * The hot path is generated code: per event type a selector (generated-select.ts), per
 * transition a read of its memoised local microsteps (memo-lookup.ts), per local step
 * one function that writes its slots and runs its twins (runOf).
 */
import type { AnyStateMachine, EventObject } from 'xstate';
import type { Candidate, CandidateTable } from './candidates.ts';
import type { Configurations } from './configurations.ts';
import { SEVERAL_EVENTLESS, type SettleEventless } from './eventless.ts';
import type { Fallback } from './fallback.ts';
import { generateSelect, type GeneratedSelect } from './generated-select.ts';
import type { CompiledAction } from './guards-actions.ts';
import type { Layout } from './layout.ts';
import { NEEDS_FULL, type LocalMicrosteps, type LocalStep } from './local-microstep.ts';
import { generateMemoLookup, type MemoLookup } from './memo-lookup.ts';
import type { PackedContext } from './packed-context.ts';
import { noView, type TransitionSelection } from './selection.ts';
import { twinGuardCode } from './twins.ts';

// Per event type: its generated selector, NO_CANDIDATES, or GENERIC (the tree walk).
const NO_CANDIDATES = 0;
const GENERIC = 1;

export interface PackedSteps {
  /**
   * The machine's transitions `event` selects in `state` (xstate's getTransitionData,
   * by the same selection the step makes), for coverage.
   */
  selectedTransitions(state: Int32Array, event: EventObject): readonly unknown[];
  /** The successor in a fresh array. */
  nextState(state: Int32Array, event: EventObject): Int32Array | undefined;
  /** The successor in a buffer reused by the next call. */
  nextStateTransient(state: Int32Array, event: EventObject): Int32Array | undefined;
}

export function packedSteps(parts: {
  machine: AnyStateMachine;
  layout: Layout;
  twins: PackedContext;
  hasAlways: boolean;
  isDone: (state: ArrayLike<number>) => boolean;
  /** The spawn an assign is given (spawning is not supported). */
  spawn: () => never;
  candidates: CandidateTable['candidates'];
  selection: Pick<TransitionSelection, 'selectionFor' | 'runSelection' | 'selected'>;
  localMicrosteps: LocalMicrosteps;
  configurations: Pick<Configurations, 'configOfSlots' | 'fullMicrostep'>;
  settleEventless: SettleEventless;
  fallback: Fallback;
}): PackedSteps {
  const { machine, layout, twins, hasAlways, isDone, spawn, candidates, settleEventless, fallback } = parts;
  const { selectionFor, runSelection, selected } = parts.selection;
  const { footprintOf, localMicrostep } = parts.localMicrosteps;
  const { configOfSlots, fullMicrostep } = parts.configurations;
  const R = layout.regionCount;
  const H = layout.histories.length;
  const CB = layout.contextBase;
  const runPackedActions = (actions: readonly CompiledAction[], s: Int32Array, event: EventObject): Int32Array => {
    for (const a of actions) a.run(s, event, spawn);
    return s;
  };

  let transientOut = new Int32Array(0);
  const selectors = new Map<string, GeneratedSelect | typeof NO_CANDIDATES | typeof GENERIC>();
  const selectorFor = (type: string) => {
    let g = selectors.get(type);
    if (g === undefined) {
      const sel = selectionFor(type);
      g = sel === null ? NO_CANDIDATES : (generateSelect(sel, (c, leaves) => (c.guard === undefined ? null : twinGuardCode(machine, c.t.guard, twins, leaves)), CB) ?? GENERIC);
      selectors.set(type, g);
    }
    return g;
  };
  const runOf = (local: LocalStep, slots: Int32Array): ((s: Int32Array, event: EventObject) => void) => {
    if (local.packedRun === undefined) {
      const updates = local.actions.map((a) => a.packed!);
      const body = [
        ...Array.from(slots, (slot, i) => `  o[${slot}] = ${local.values[i]};`),
        ...Array.from(local.history ?? [], (value, h) => `  o[${R + h}] = ${value};`),
        ...updates.map((_, i) => `  u${i}(o, AT, e);`),
      ];
      local.packedRun = new Function('U', 'AT', `"use strict";\n${updates.map((_, i) => `const u${i} = U[${i}];`).join('\n')}\nreturn function run(o, e) {\n${body.join('\n')}\n};`)(updates, CB) as (s: Int32Array, event: EventObject) => void;
    }
    return local.packedRun;
  };
  /**
   * The transitions `event` selects in `state`, by the generated selector when there is
   * one, else by the tree walk. Returns how many; with one, it is `chosen`, kept out of
   * `selected` (resetting an array's length costs a runtime call per step); with several,
   * they are in `selected`.
   */
  let chosen: Candidate | undefined;
  const select = (state: Int32Array, event: EventObject): number => {
    chosen = undefined;
    const selector = selectorFor(event.type);
    if (selector === NO_CANDIDATES) return 0;
    if (selector === GENERIC) {
      selected.length = 0;
      runSelection(selectionFor(event.type)!, state, state, event, noView);
      if (selected.length === 1) chosen = selected[0];
      return selected.length;
    }
    let id: number;
    try {
      id = selector(state, event);
    } catch {
      // Let the tree walk throw the same error, naming the guard and the state node.
      selected.length = 0;
      runSelection(selectionFor(event.type)!, state, state, event, noView);
      throw new Error('internal: a generated selector threw where the tree walk did not');
    }
    if (id < 0) return 0;
    chosen = candidates[id];
    return 1;
  };
  const stepPacked = (state: Int32Array, event: EventObject, transient: boolean): Int32Array | undefined => {
    if (isDone(state)) return undefined;
    const count = select(state, event);
    if (count === 0 && !hasAlways) return undefined;
    // `out` is both the head (its first CB ints) and the context the actions update.
    let out: Int32Array;
    if (transient) {
      if (transientOut.length !== state.length) transientOut = new Int32Array(state.length);
      out = transientOut;
      out.set(state);
    } else out = state.slice();
    let changed = false;
    let queue: EventObject[] | null = null;
    if (count > 0) {
      let local: LocalStep | typeof NEEDS_FULL = NEEDS_FULL;
      const fp = count === 1 ? footprintOf(chosen!) : null;
      if (fp !== null) local = localMicrostep(chosen!, fp, out);
      if (local !== NEEDS_FULL) {
        runOf(local, fp!.slots)(out, event);
        changed = local.changed;
        // Done events matter only to eventless transitions, which then run below.
        if (hasAlways && local.doneEvents.length > 0) (queue ??= []).push(...local.doneEvents);
      } else {
        const result = fullMicrostep(configOfSlots(out), out, count === 1 ? [chosen!] : selected.slice());
        out.set(result.next.slots, 0);
        if (result.history) out.set(result.history, R);
        for (const a of result.actions) a.run(out, event, spawn);
        changed = result.changed;
        if (result.doneEvents.length > 0) (queue ??= []).push(...result.doneEvents);
      }
    }
    if (hasAlways) {
      // `out` is both the head and the context: the twins update it in place.
      const settled = settleEventless(state, out, out, event, queue ?? [], runPackedActions);
      if (settled === SEVERAL_EVENTLESS) return fallback(state, event, SEVERAL_EVENTLESS);
      changed ||= settled.changed;
    }
    return changed ? out : undefined;
  };

  /**
   * stepPacked(state, event, true) for machines with packed twins, no history and no
   * eventless transitions, on the path every kernel step takes: a generated selector, a
   * transition with a small footprint key whose local microstep is already memoised.
   * Anything else (a first visit to a key, a tree walk, a selector that throws) goes to
   * stepPacked, which stays the one definition of a step.
   */
  const fastLookup = (c: Candidate): MemoLookup<LocalStep | typeof NEEDS_FULL> | null => {
    const fp = footprintOf(c);
    if (fp === null || !fp.smallKeys) return null;
    return generateMemoLookup(fp, layout.finalPath, (c.memoArray ??= new Array(fp.keySpace)));
  };
  const stepFast = (state: Int32Array, event: EventObject): Int32Array | undefined => {
    if (isDone(state)) return undefined;
    const selector = selectorFor(event.type);
    if (selector === NO_CANDIDATES) return undefined;
    if (selector === GENERIC) return stepPacked(state, event, true);
    let id: number;
    try {
      id = selector(state, event);
    } catch {
      return stepPacked(state, event, true);
    }
    if (id < 0) return undefined;
    const c = candidates[id];
    let lookup = c.lookup;
    if (lookup === undefined) lookup = c.lookup = fastLookup(c);
    const local = lookup === null ? undefined : lookup(state);
    if (local === undefined || local === NEEDS_FULL) return stepPacked(state, event, true);
    if (!local.changed) return undefined;
    if (transientOut.length !== state.length) transientOut = new Int32Array(state.length);
    const out = transientOut;
    out.set(state);
    (local.packedRun ?? runOf(local, c.fp!.slots))(out, event);
    return out;
  };
  const selectedTransitions = (state: Int32Array, event: EventObject): readonly unknown[] => {
    if (isDone(state)) return [];
    const count = select(state, event);
    return count === 0 ? [] : count === 1 ? [chosen!.t] : selected.map((c) => c.t);
  };
  return {
    selectedTransitions,
    nextState: (state, event) => stepPacked(state, event, false),
    nextStateTransient: H === 0 && !hasAlways ? stepFast : (state, event) => stepPacked(state, event, true),
  };
}
