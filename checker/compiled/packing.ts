/**
 * A packed state's context and a snapshot's packing, in either context form: the ints
 * of a PackedContext (its decode and encode), or interned objects (object-context.ts).
 */
import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode } from 'xstate';
import { spawnedChildError } from '../xstate/unsupported-features.ts';
import { Unsupported } from './guards-actions.ts';
import type { HistorySlots } from './history-slots.ts';
import type { ValueInterner } from './intern.ts';
import type { Layout } from './layout.ts';
import { objectContexts, type ObjectContexts } from './object-context.ts';
import type { PackedContext } from './packed-context.ts';
import { SameInts } from './same-ints.ts';
import type { HistoryRecord } from './semantics.ts';

export interface Packing {
  /** The context of a packed state (decoded once while the explorer asks about the same state). */
  contextOf(state: Int32Array): any;
  /** A snapshot as a packed state. */
  pack(snapshot: AnyMachineSnapshot): Int32Array;
  /** Object contexts only: a head and a context packed (object-context.ts). */
  packState: ObjectContexts['packState'];
}

export function packing(parts: {
  machine: AnyStateMachine;
  layout: Layout;
  interner: ValueInterner;
  twins: PackedContext | undefined;
  slotsOfNodes: (active: ReadonlySet<AnyStateNode>) => Int32Array;
  historySlots: HistorySlots['historySlots'];
  isDone: (state: ArrayLike<number>) => boolean;
}): Packing {
  const { machine, layout, interner, twins, slotsOfNodes, historySlots, isDone } = parts;
  const R = layout.regionCount;
  const H = layout.histories.length;
  const CB = layout.contextBase;
  const { decodeContext, packState } = objectContexts(layout, interner);

  // ---- loading a packed state (one-entry cache: the explorer asks about one state at a time) ----
  // Keyed by content, not identity: explorers hand out reused buffers (packed-bfs.ts).
  const lastState = new SameInts();
  let lastContext: any;
  const contextOf = (state: Int32Array): any => {
    if (!lastState.matches(state)) {
      lastContext = twins ? twins.decode(state, CB) : decodeContext(state);
      lastState.remember(state);
    }
    return lastContext;
  };

  const pack = (snapshot: AnyMachineSnapshot): Int32Array => {
    if (snapshot.status === 'error') throw snapshot.error;
    for (const id in snapshot.children) throw spawnedChildError(machine, [id]);
    const head = new Int32Array(CB);
    head.set(slotsOfNodes(new Set(snapshot._nodes)), 0);
    if (H > 0) head.set(historySlots((snapshot.historyValue ?? {}) as HistoryRecord), R);
    const status = isDone(head) ? 'done' : 'active';
    if (snapshot.status !== status) throw new Unsupported(`snapshot status '${snapshot.status}' in a configuration whose status is '${status}'`);
    if (twins) {
      const out = new Int32Array(CB + twins.width);
      out.set(head, 0);
      twins.encode(snapshot.context, out, CB);
      return out;
    }
    return packState(head, snapshot.context, undefined, undefined);
  };
  return { contextOf, pack, packState };
}
