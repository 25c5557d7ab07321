/**
 * The step of a machine whose context stays objects (no PackedContext): guards and
 * assigns run on the context object, the successor is packed from the stepped head and
 * the new context (object-context.ts).
 */
import type { EventObject } from 'xstate';
import type { Configurations } from './configurations.ts';
import { SEVERAL_EVENTLESS, type SettleEventless } from './eventless.ts';
import type { Fallback } from './fallback.ts';
import type { CompiledAction } from './guards-actions.ts';
import type { Layout } from './layout.ts';
import { NEEDS_FULL, type LocalMicrosteps, type LocalStep } from './local-microstep.ts';
import type { Packing } from './packing.ts';
import { LazyView, noView, type TransitionSelection } from './selection.ts';

export function objectContextStep(parts: {
  layout: Layout;
  hasAlways: boolean;
  usesStateIn: boolean;
  isDone: (state: ArrayLike<number>) => boolean;
  packing: Pick<Packing, 'contextOf' | 'packState'>;
  /** The spawn an assign is given (spawning is not supported). */
  spawn: () => never;
  selection: Pick<TransitionSelection, 'selectionFor' | 'runSelection' | 'selected'>;
  localMicrosteps: LocalMicrosteps;
  configurations: Pick<Configurations, 'configOfSlots' | 'fullMicrostep'>;
  settleEventless: SettleEventless;
  fallback: Fallback;
}): (state: Int32Array, event: EventObject) => Int32Array | undefined {
  const { layout, hasAlways, usesStateIn, isDone, spawn, settleEventless, fallback } = parts;
  const { contextOf, packState } = parts.packing;
  const { selectionFor, runSelection, selected } = parts.selection;
  const { footprintOf, localMicrostep } = parts.localMicrosteps;
  const { configOfSlots, fullMicrostep } = parts.configurations;
  const R = layout.regionCount;
  const CB = layout.contextBase;
  const runObjectActions = (actions: readonly CompiledAction[], context: unknown, event: EventObject): unknown => {
    for (const a of actions) context = a.run(context, event, spawn);
    return context;
  };
  // The slots of the state being built (nextState is not re-entered: guards and
  // actions are model code that never steps the model).
  const scratchHead = new Int32Array(CB);

  const nextState = (state: Int32Array, event: EventObject): Int32Array | undefined => {
    if (isDone(state)) return undefined;
    const context0 = contextOf(state);
    const sel = selectionFor(event.type);
    selected.length = 0;
    if (sel !== null) runSelection(sel, state, context0, event, usesStateIn ? new LazyView(state, configOfSlots) : noView);
    // Without eventless transitions an event no transition takes changes nothing; with
    // them, xstate still re-evaluates their guards against this event.
    if (selected.length === 0 && !hasAlways) return undefined;
    const head = scratchHead;
    for (let i = 0; i < CB; i++) head[i] = state[i];
    let context = context0;
    let changed = false;
    const queue: EventObject[] = [];
    if (selected.length > 0) {
      let local: LocalStep | typeof NEEDS_FULL = NEEDS_FULL;
      const fp = selected.length === 1 ? footprintOf(selected[0]) : null;
      if (fp !== null) local = localMicrostep(selected[0], fp, head);
      if (local !== NEEDS_FULL) {
        for (let i = 0; i < fp!.slots.length; i++) head[fp!.slots[i]] = local.values[i];
        if (local.history) head.set(local.history, R);
        for (const a of local.actions) context = a.run(context, event, spawn);
        changed = local.changed;
        for (const e of local.doneEvents) queue.push(e);
      } else {
        const result = fullMicrostep(configOfSlots(head), head, selected.slice());
        head.set(result.next.slots, 0);
        if (result.history) head.set(result.history, R);
        for (const a of result.actions) context = a.run(context, event, spawn);
        changed = result.changed;
        for (const e of result.doneEvents) queue.push(e);
      }
    }

    if (hasAlways) {
      const settled = settleEventless(state, head, context, event, queue, runObjectActions);
      if (settled === SEVERAL_EVENTLESS) return fallback(state, event, SEVERAL_EVENTLESS);
      context = settled.context;
      changed ||= settled.changed;
    }
    if (!changed) return undefined;
    return packState(head, context, state, context0);
  };
  return nextState;
}
