/**
 * The XState v5 front end: an XState machine as a checker Model. A state is an
 * xstate snapshot, an action is an event object, a step is xstate's own pure
 * transition. Xstate returns the very same snapshot object for an event it does not
 * take, which is how "not enabled" is seen; it does the same for a transition it takes
 * that changes nothing (a self-transition without actions), which is then no step either,
 * but keeps the state from being a deadlock (hasUnchangingStep, xstate's snapshot.can).
 */
import type { AnyMachineSnapshot, AnyStateMachine, EventFromLogic, EventObject, InputFrom, SnapshotFrom } from 'xstate';
import type { Model } from '../model.ts';
import { createReusableActorScope } from './actor-scope.ts';
import { encodeSnapshot } from './encode-snapshot.ts';
import { HandledEventsCache, isHandled } from './handled-events.ts';
import { boundIterations, explainUnsettled } from './iteration-bound.ts';
import { assertMachineSupported, spawnedChildError } from './unsupported-features.ts';
import { viewSnapshot } from './view-snapshot.ts';
import { machineTransitions } from './transition-names.ts';

/** Candidate events: a fixed list, or computed from the snapshot (xstate/graph's option name and shape). */
export type EventSource<S, E> = readonly E[] | ((snapshot: S) => readonly E[]);

export interface FromMachineOptions<M extends AnyStateMachine> {
  // NoInfer: only the machine argument decides M (see DefineModelConfig).
  events: EventSource<NoInfer<SnapshotFrom<M>>, NoInfer<EventFromLogic<M>>>;
  input?: NoInfer<InputFrom<M>>;
  /** The fairness unit ("process") taking an event; default: the event type. */
  process?: (event: NoInfer<EventFromLogic<M>>, snapshot: NoInfer<SnapshotFrom<M>>) => string;
  /**
   * Skip events certain to be ignored (default true): offer only events some active
   * state node handles, and answer "not enabled" from transition selection alone when
   * no transition is selected. Turning it off never changes results, only speed; it
   * exists for tests that prove exactly that.
   */
  skipUnhandledEvents?: boolean;
  /**
   * The machine's actions never mutate context objects in place (they build new ones, as
   * assign does): the encoding of unchanged sub-objects is then remembered by identity.
   * Default false, because a model that mutates in place would be mis-encoded.
   */
  immutableContext?: boolean;
}

export function fromMachine<M extends AnyStateMachine>(
  machine: M,
  options: FromMachineOptions<M>,
): Model<SnapshotFrom<M>, EventFromLogic<M>> {
  type S = SnapshotFrom<M>;
  type E = EventFromLogic<M>;
  assertMachineSupported(machine);
  // Before any step: an `always` loop must throw, not hang (iteration-bound.ts).
  boundIterations(machine);
  const scope = createReusableActorScope();
  const transitions = machineTransitions(machine);
  const handledCache = new HandledEventsCache();
  const skipUnhandled = options.skipUnhandledEvents ?? true;
  const { events } = options;
  const processOf = options.process;
  const encodingCache = options.immutableContext ? new WeakMap<object, string>() : undefined;
  // A fixed event list filtered by configuration gives the same list again and again:
  // remember it per configuration so the hot path allocates nothing.
  const offeredByHandled = new WeakMap<object, readonly E[]>();

  function offered(snapshot: AnyMachineSnapshot): readonly E[] {
    if (typeof events === 'function') {
      const all = events(snapshot as S);
      if (!skipUnhandled) return all;
      const handled = handledCache.forConfiguration(snapshot._nodes);
      return handled.all ? all : all.filter((e) => isHandled(handled, e));
    }
    if (!skipUnhandled) return events;
    const handled = handledCache.forConfiguration(snapshot._nodes);
    let list = offeredByHandled.get(handled);
    if (!list) {
      list = handled.all ? events : events.filter((e) => isHandled(handled, e));
      offeredByHandled.set(handled, list);
    }
    return list;
  }

  /**
   * Selecting transitions alone (what `snapshot.can` does) is cheaper than a full step,
   * which also re-scans eventless transitions and builds a macrostep even for an event
   * it ignores. On parallel machines most candidates are ignored (a guard on the
   * process id fails), so selection is all they cost; a taken event pays selection
   * twice, as it does in xstate/graph with `filterEvents: s.can(e)`.
   */
  function certainlyIgnored(snapshot: AnyMachineSnapshot, event: E): boolean {
    if (handledCache.forConfiguration(snapshot._nodes).eventlessMayReadEvent) return false;
    const transitions = machine.getTransitionData(snapshot, event);
    for (let i = 0; i < transitions.length; i++) {
      const t = transitions[i];
      // A "forbidden" transition (no target, no actions) changes nothing when taken.
      if (t.target || t.actions.length > 0 || t.reenter) return false;
    }
    return true;
  }

  return {
    initialStates() {
      const snapshot = machine.getInitialSnapshot(scope, options.input) as AnyMachineSnapshot;
      // xstate catches errors of the initial step into the snapshot; surface them as
      // the evaluation error they are.
      if (snapshot.status === 'error') throw explainUnsettled(machine, snapshot.error);
      assertNoChildren(machine, snapshot);
      return [snapshot as S];
    },
    actions(snapshot) {
      if ((snapshot as AnyMachineSnapshot).status !== 'active') return [];
      return offered(snapshot as AnyMachineSnapshot);
    },
    nextState(snapshot, event) {
      if (skipUnhandled && certainlyIgnored(snapshot as AnyMachineSnapshot, event)) return undefined;
      let next: AnyMachineSnapshot;
      try {
        next = machine.transition(snapshot, event, scope) as AnyMachineSnapshot;
      } catch (e) {
        // xstate throws when the bound is hit: say which step, and how to raise it.
        throw explainUnsettled(machine, e, { from: (snapshot as AnyMachineSnapshot).value, event: describeEvent(event) });
      }
      if (next === snapshot) return undefined;
      if (next.status === 'error') throw next.error;
      assertNoChildren(machine, next);
      return next as S;
    },
    hasUnchangingStep: (snapshot) => {
      const s = snapshot as AnyMachineSnapshot;
      return s.status === 'active' && offered(s).some((event) => s.can(event));
    },
    encode: (snapshot) => encodeSnapshot(snapshot as AnyMachineSnapshot, encodingCache),
    process: processOf ? (event, snapshot) => processOf(event, snapshot) : (event) => event.type,
    isFinal: (snapshot) => (snapshot as AnyMachineSnapshot).status === 'done',
    describeStep: (_from, event) => describeEvent(event),
    view: (snapshot) => viewSnapshot(snapshot as AnyMachineSnapshot),
    actionJson: (event) => ({ ...event }),
    transitions: {
      get names() {
        return transitions.names; // named on first use (transition-names.ts)
      },
      taken: (snapshot, event) => transitions.taken(snapshot as AnyMachineSnapshot, event),
    },
  };
}

/** "TRY_ENTER" or, with a payload, 'TRY_ENTER {"pid":1}'. */
export function describeEvent(event: EventObject): string {
  const { type, ...payload } = event;
  return Object.keys(payload).length === 0 ? type : `${type} ${JSON.stringify(payload)}`;
}

function assertNoChildren(machine: AnyStateMachine, snapshot: AnyMachineSnapshot): void {
  // `for in` instead of Object.keys: no allocation when, as always, there are none.
  for (const _id in snapshot.children) throw spawnedChildError(machine, Object.keys(snapshot.children));
}
