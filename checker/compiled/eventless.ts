/**
 * Eventless (`always`) transitions, run until stable after an event's microstep as in
 * xstate's macrostep, on whole configurations (a cold path: per configuration, the
 * eventless candidates of each atomic node and its ancestors, found once).
 */
import type { AnyStateMachine, AnyStateNode, EventObject } from 'xstate';
import { describeEvent } from '../xstate/from-machine.ts';
import { unsettledError } from '../xstate/iteration-bound.ts';
import type { Candidate, CandidateTable } from './candidates.ts';
import type { ConfigInfo, Configurations } from './configurations.ts';
import type { CompiledAction } from './guards-actions.ts';
import type { Layout } from './layout.ts';
import type { TransitionSelection } from './selection.ts';
import { isAtomic, type XTransition } from './semantics.ts';
import type { UnpackedSnapshot } from './unpacked-snapshot.ts';

/** Why a step falls back to xstate's transition: its order for several eventless transitions is its node list's. */
export const SEVERAL_EVENTLESS = 'several eventless transitions enabled in one microstep (xstate orders them by its node list)';

/**
 * xstate's macrostep loop after an event's microstep, shared by both context forms:
 * eventless transitions until stable, then the internal queue (done events, which no
 * transition handles here: checked statically). Steps `head` in place; `run` applies a
 * microstep's actions to the context and returns it (a new object, or the packed state
 * itself, updated in place).
 */
export type SettleEventless = <C>(
  /** The state the step started from, intact (for the error of a loop that never settles). */
  from: Int32Array,
  head: Int32Array,
  context: C,
  event: EventObject,
  queue: EventObject[],
  run: (actions: readonly CompiledAction[], context: C, event: EventObject) => C,
) => { context: C; changed: boolean } | typeof SEVERAL_EVENTLESS;

export function eventlessSettling(parts: {
  machine: AnyStateMachine;
  layout: Layout;
  /** The same bound xstate's own steps use (iteration-bound.ts). */
  maxIterations: number;
  candidate: CandidateTable['candidate'];
  passes: TransitionSelection['passes'];
  configurations: Pick<Configurations, 'configOfSlots' | 'fullMicrostep'>;
  isDone: (state: ArrayLike<number>) => boolean;
  unpack: (state: Int32Array) => UnpackedSnapshot;
}): SettleEventless {
  const { machine, layout, maxIterations, candidate, passes, isDone, unpack } = parts;
  const { configOfSlots, fullMicrostep } = parts.configurations;
  const R = layout.regionCount;
  const eventlessOf = (config: ConfigInfo) => {
    if (config.eventless === undefined) {
      const perAtomic: (readonly Candidate[])[][] = [];
      for (const atomic of config.nodes.filter(isAtomic)) {
        const chain: Candidate[][] = [];
        for (let s: AnyStateNode | undefined = atomic; s; s = s.parent) if (s.always?.length) chain.push((s.always as unknown as XTransition[]).map(candidate));
        if (chain.length > 0) perAtomic.push(chain);
      }
      config.eventless = perAtomic.length > 0 ? perAtomic : null;
    }
    return config.eventless;
  };
  const selectEventless = (config: ConfigInfo, context: unknown, event: EventObject): Candidate[] => {
    const out: Candidate[] = [];
    const plan = eventlessOf(config);
    if (!plan) return out;
    for (const chain of plan) {
      found: for (const list of chain) {
        for (const c of list) {
          if (c.guard === undefined || passes(c, context, event, config)) {
            if (!out.includes(c)) out.push(c);
            break found;
          }
        }
      }
    }
    return out;
  };
  const settleEventless: SettleEventless = (from, head, context, event, queue, run) => {
    let changed = false;
    let nextEvent = event;
    let selectEventlessNow = true;
    for (let iteration = 1; !isDone(head); iteration++) {
      if (iteration > maxIterations) throw unsettledError(machine, { from: unpack(from).value, event: describeEvent(event) });
      const config = configOfSlots(head);
      const enabled = selectEventlessNow ? selectEventless(config, context, nextEvent) : [];
      if (enabled.length > 1) return SEVERAL_EVENTLESS;
      if (enabled.length === 0) {
        if (queue.length === 0) break;
        nextEvent = queue.shift()!;
        selectEventlessNow = true;
        continue;
      }
      const step = fullMicrostep(config, head, enabled);
      context = run(step.actions, context, nextEvent);
      head.set(step.next.slots, 0);
      if (step.history) head.set(step.history, R);
      for (const e of step.doneEvents) queue.push(e);
      selectEventlessNow = step.changed;
      changed ||= step.changed;
    }
    return { context, changed };
  };
  return settleEventless;
}
