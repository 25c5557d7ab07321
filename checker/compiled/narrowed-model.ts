/**
 * The compiled machine over narrow states (narrow.ts): what the checker stores, queues,
 * hashes and hands back is the narrow form; stepping widens a state once (kept while
 * the explorer asks about the same state) and narrows each successor.
 */
import type { AnyMachineSnapshot, EventObject } from 'xstate';
import type { CompiledMachine, CompiledModel, CompiledStats } from './compile-machine.ts';
import type { Layout } from './layout.ts';
import type { NarrowPlan } from './narrow.ts';
import { SameInts } from './same-ints.ts';
import { UnpackCache } from './unpack-cache.ts';
import type { UnpackedSnapshot } from './unpacked-snapshot.ts';

/** `wide` over narrow states, stepped by its transient step (the wide state's buffer is reused). */
export function narrowed(
  plan: NarrowPlan,
  wide: { model: CompiledModel; unpack(s: Int32Array): UnpackedSnapshot; toSnapshot(s: Int32Array): AnyMachineSnapshot; pack(s: AnyMachineSnapshot): Int32Array; layout: Layout; stats: CompiledStats },
  stepTransient: (state: Int32Array, event: EventObject) => Int32Array | undefined,
  isDone: (state: Int32Array) => boolean,
  offered: (state: Int32Array) => readonly EventObject[],
): CompiledMachine {
  // The hot path's wide buffer, keyed by the narrow state's content (explorers reuse buffers),
  // and a second one for properties and traces, which ask about states in between.
  const widenHot = lastWidened(plan);
  const widenCold = lastWidened(plan);
  const narrowFresh = (w: Int32Array) => {
    const out = new Int32Array(plan.words);
    plan.narrow(w, out);
    return out;
  };
  const transientOut = new Int32Array(plan.words);
  const m = wide.model;
  // Each reads its wide state fully before the next widening (snapshots and views are built eagerly).
  const snapshotOf = (n: Int32Array) => wide.toSnapshot(widenCold(n));
  const model: CompiledModel = {
    ...m,
    initialStates: () => m.initialStates().map(narrowFresh),
    actions(state) {
      const w = widenHot(state);
      return isDone(w) ? [] : offered(w);
    },
    // The listed state is the one widenHot holds: nothing widens into it before its steps.
    nextOfListed(_index, event) {
      const next = stepTransient(widenHot.last, event);
      if (next === undefined) return undefined;
      plan.narrow(next, transientOut);
      return transientOut;
    },
    nextState(state, event) {
      const next = stepTransient(widenHot(state), event);
      return next === undefined ? undefined : narrowFresh(next);
    },
    nextStateTransient(state, event) {
      const next = stepTransient(widenHot(state), event);
      if (next === undefined) return undefined;
      plan.narrow(next, transientOut);
      return transientOut;
    },
    process: m.process.length < 2 ? m.process : (event, state) => m.process(event, widenCold(state)),
    isFinal: (state) => m.isFinal(widenCold(state)),
    ...(m.hasUnchangingStep ? { hasUnchangingStep: (state: Int32Array) => m.hasUnchangingStep!(widenCold(state)) } : {}),
    describeStep: (from, event, to) => {
      const before = new Int32Array(plan.wide);
      plan.widen(from, before);
      return m.describeStep(before, event, widenCold(to));
    },
    view: (state) => m.view(widenCold(state)),
    ...(m.transitions ? { transitions: narrowTransitions(m.transitions, widenCold) } : {}),
  };
  // Properties ask about a step's two ends in turn, once per property, and a state comes
  // back as the end of other steps soon after: recent snapshots, keyed by the narrow ints.
  const unpacked = new UnpackCache<UnpackedSnapshot>(1024, plan.words);
  const unpackNarrow = (state: Int32Array): UnpackedSnapshot => wide.unpack(widenCold(state));
  const unpack = (state: Int32Array): UnpackedSnapshot => unpacked.get(state, unpackNarrow);
  return {
    model,
    unpack,
    toSnapshot: snapshotOf,
    pack: (snapshot) => narrowFresh(wide.pack(snapshot)),
    layout: wide.layout,
    narrowing: plan,
    get stats() {
      return wide.stats;
    },
  };
}

/**
 * widen into a buffer of its own, skipped when asked about the same narrow ints again;
 * `last` is that buffer, the wide form of the state it was last asked about.
 */
function lastWidened(plan: NarrowPlan): ((narrow: Int32Array) => Int32Array) & { readonly last: Int32Array } {
  const key = new SameInts();
  const wide = new Int32Array(plan.wide);
  const widen = (narrow: Int32Array) => {
    if (!key.matches(narrow)) {
      plan.widen(narrow, wide);
      key.remember(narrow);
    }
    return wide;
  };
  return Object.assign(widen, { last: wide });
}

/** The wide model's transitions asked about narrow states; its names stay lazy. */
function narrowTransitions(wide: NonNullable<CompiledModel['transitions']>, widen: (narrow: Int32Array) => Int32Array): NonNullable<CompiledModel['transitions']> {
  return {
    get names() {
      return wide.names;
    },
    taken: (state, event) => wide.taken(widen(state), event),
  };
}
