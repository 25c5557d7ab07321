/**
 * A bare BFS over a compiled model that fingerprints packed states as ints
 * (fingerprintInts): no property trackers, no traces, no yielding. Used by the
 * benchmark to measure the compiled successor function alone, the ceiling of check()
 * on the same model.
 */
import { StateStore } from '../store/state-store.ts';
import type { CompiledModel } from './compile-machine.ts';
import { fingerprintInts, fpHi, fpLo } from '../fingerprint.ts';

export interface PackedRun {
  distinctStates: number;
  transitions: number;
  deadlocks: number;
  elapsedMs: number;
  /** Whether the search ended by itself (false: stopped at maxStates). */
  complete: boolean;
}

export function explorePacked(model: CompiledModel, options: { maxStates?: number } = {}): PackedRun {
  const started = performance.now();
  const maxStates = options.maxStates ?? Infinity;
  const store = new StateStore();
  let queue: Int32Array[] = [];
  let transitions = 0;
  let deadlocks = 0;
  const initial = model.initialStates();
  for (let i = 0; i < initial.length; i++) {
    fingerprintInts(initial[i]);
    store.findOrInsert(fpHi, fpLo, -1, i);
    if (store.isNew) queue.push(initial[i]);
  }
  let complete = true;
  while (queue.length > 0) {
    const next: Int32Array[] = [];
    for (let q = 0; q < queue.length; q++) {
      const state = queue[q];
      const actions = model.actions(state);
      let enabled = 0;
      for (let i = 0; i < actions.length; i++) {
        const to = model.nextState(state, actions[i]);
        if (to === undefined) continue;
        enabled++;
        transitions++;
        fingerprintInts(to);
        store.findOrInsert(fpHi, fpLo, 0, i);
        if (store.isNew) next.push(to);
      }
      if (enabled === 0 && !model.isFinal(state)) deadlocks++;
      if (store.size >= maxStates) {
        complete = false;
        break;
      }
    }
    if (!complete) break;
    queue = next;
  }
  return { distinctStates: store.size, transitions, deadlocks, elapsedMs: performance.now() - started, complete };
}
