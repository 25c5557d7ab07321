/**
 * History states in slot terms: the int after the region slots per history node is the
 * index of its remembered node set (layout.ts), read back as xstate's historyValue
 * record and written from one.
 */
import type { AnyStateNode } from 'xstate';
import { Unsupported } from './guards-actions.ts';
import type { Layout } from './layout.ts';
import type { HistoryRecord } from './semantics.ts';

export interface HistorySlots {
  /** The history slots (H ints, -1: nothing remembered) as xstate's historyValue. */
  historyRecord(hist: ArrayLike<number> | null): HistoryRecord;
  /** xstate's historyValue as history slots. */
  historySlots(record: HistoryRecord): Int32Array;
  /** The history slots of a head (after its R region slots) as part of a memo key. */
  histKey(head: ArrayLike<number>): string;
}

export function historySlotsOf(layout: Layout): HistorySlots {
  const R = layout.regionCount;
  const H = layout.histories.length;
  const historyRecord = (hist: ArrayLike<number> | null): HistoryRecord => {
    const record: Record<string, AnyStateNode[]> = {};
    if (!hist) return record;
    for (let h = 0; h < H; h++) {
      if (hist[h] >= 0) record[layout.histories[h].node.id] = layout.histories[h].sets[hist[h]];
    }
    return record;
  };
  const historySlots = (record: HistoryRecord): Int32Array => {
    const out = new Int32Array(H).fill(-1);
    for (const id of Object.keys(record)) {
      const slot = layout.historySlotOf.get(id);
      if (slot === undefined) throw new Unsupported(`history value for unknown node '${id}'`);
      out[slot] = layout.historyValueIndex(slot, record[id]);
    }
    return out;
  };
  const histKey = (head: ArrayLike<number>): string => {
    let key = '';
    for (let h = 0; h < H; h++) key += '|' + head[R + h];
    return key;
  };
  return { historyRecord, historySlots, histKey };
}
