/**
 * The hand-written successor function (successors.ts) as a checker Model: an action is
 * the index of a successor in the order the function writes them, a state its packed
 * words. check() over this model does everything it does for the compiled kernel model
 * (fingerprint table with parents and action indices, packed frontier, trackers) around
 * the cheapest successor function there is.
 *
 * Why: exploreReference is a bare BFS that only counts. Set side by side with it, this
 * model tells what check() itself costs beyond the successor function, and so how fast
 * a compiled successor would have to be for check() to come within a given factor of the
 * reference (bench part `core`).
 */
import type { Model } from '../../checker/model.ts';
import type { ReferenceConfig } from './config.ts';
import { makeSuccessors, maxSuccessors } from './successors.ts';

export function referenceModel(config: ReferenceConfig): Model<Int32Array, number> {
  const W = config.width;
  const successors = makeSuccessors(config);
  const max = maxSuccessors(config);
  const out = new Int32Array(max * W);
  const views = Array.from({ length: max }, (_, i) => out.subarray(i * W, (i + 1) * W));
  const indices = Array.from({ length: max + 1 }, (_, k) => Array.from({ length: k }, (_, i) => i));
  // The state whose successors `out` holds: explorers ask for a state's actions, then for
  // each successor in turn, and hand out reused buffers, so it is kept by content.
  const expanded = new Int32Array(W);
  let count = -1;
  const expand = (state: Int32Array): number => {
    let same = count >= 0;
    for (let k = 0; same && k < W; k++) same = expanded[k] === state[k];
    if (!same) {
      count = successors(state, out, 0);
      expanded.set(state);
    }
    return count;
  };
  const successor = (state: Int32Array, index: number): Int32Array | undefined => (index < expand(state) ? views[index] : undefined);
  return {
    initialStates: () => [config.initial.slice()],
    actions: (state) => indices[expand(state)],
    nextState: (state, index) => successor(state, index)?.slice(),
    nextStateTransient: successor,
    // The successors of the state actions() last expanded, already in `out`.
    nextOfListed: (index) => (index < count ? views[index] : undefined),
    encode: (state) => state.join(','),
    encodeInts: (state) => state,
    process: (index) => `successor ${index}`,
    isFinal: () => false,
    describeStep: (_from, index) => `successor ${index}`,
    view: (state) => ({ words: Array.from(state) }),
    actionJson: (index) => index,
  };
}
