/**
 * Iterative Tarjan strongly connected components over one "block" of a StateGraph.
 *
 * A block is a set of states labelled with the same id in a `block` array; only edges
 * between states of the block count. The fair-SCC search refines blocks (Streett-style
 * removal of states) and re-decomposes them, so the routine works on a member list and
 * resets only the entries it touches: refinements cost the size of the block, not of
 * the graph.
 *
 * No recursion: an explicit call stack of states with a per-state edge cursor. A chain
 * of 1e6 states would overflow the JS stack with the textbook recursive version.
 */
import type { StateGraph } from './graph.ts';

/** Reusable buffers sized for the whole graph (allocate once per search). */
export interface TarjanScratch {
  index: Int32Array;
  low: Int32Array;
  cursor: Int32Array;
  call: Int32Array;
  stack: Int32Array;
  onStack: Uint8Array;
  /** Output: the members of each SCC, grouped; SCC k is out[ends[k-1] .. ends[k]-1]. */
  out: Int32Array;
  ends: Int32Array;
}

export function createTarjanScratch(stateCount: number): TarjanScratch {
  return {
    index: new Int32Array(stateCount).fill(-1),
    low: new Int32Array(stateCount),
    cursor: new Int32Array(stateCount),
    call: new Int32Array(stateCount),
    stack: new Int32Array(stateCount),
    onStack: new Uint8Array(stateCount),
    out: new Int32Array(stateCount),
    ends: new Int32Array(stateCount + 1),
  };
}

/**
 * Decomposes the block `id` into SCCs. `members` (first `memberCount` entries) must be
 * exactly the states s with block[s] === id. Returns the number of SCCs, written to
 * `t.out` / `t.ends` in reverse topological order (Tarjan's order: sinks first).
 */
export function tarjanBlock(
  g: StateGraph,
  block: Int32Array,
  id: number,
  members: Int32Array,
  memberCount: number,
  t: TarjanScratch,
): number {
  const { edgeStart, edgeTarget } = g;
  const { index, low, cursor, call, stack, onStack, out, ends } = t;
  for (let i = 0; i < memberCount; i++) index[members[i]] = -1;

  let counter = 0;
  let sp = 0; // Tarjan's SCC stack
  let cp = 0; // the explicit call stack
  let outLen = 0;
  let sccCount = 0;

  for (let i = 0; i < memberCount; i++) {
    const root = members[i];
    if (index[root] !== -1) continue;
    index[root] = low[root] = counter++;
    cursor[root] = edgeStart[root];
    stack[sp++] = root;
    onStack[root] = 1;
    call[cp++] = root;

    while (cp > 0) {
      const v = call[cp - 1];
      const end = edgeStart[v + 1];
      let descended = false;
      while (cursor[v] < end) {
        const w = edgeTarget[cursor[v]++];
        if (block[w] !== id) continue;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          cursor[w] = edgeStart[w];
          stack[sp++] = w;
          onStack[w] = 1;
          call[cp++] = w;
          descended = true;
          break;
        }
        if (onStack[w] === 1 && index[w] < low[v]) low[v] = index[w];
      }
      if (descended) continue;

      cp--;
      if (low[v] === index[v]) {
        let x: number;
        do {
          x = stack[--sp];
          onStack[x] = 0;
          out[outLen++] = x;
        } while (x !== v);
        ends[sccCount++] = outLen;
      }
      if (cp > 0) {
        const u = call[cp - 1];
        if (low[v] < low[u]) low[u] = low[v];
      }
    }
  }
  return sccCount;
}

/** SCCs of the whole graph: a component id per state (for quotients and tests). */
export function stronglyConnectedComponents(g: StateGraph): { comp: Int32Array; count: number } {
  const n = g.stateCount;
  const block = new Int32Array(n); // all in block 0
  const members = new Int32Array(n);
  for (let s = 0; s < n; s++) members[s] = s;
  const t = createTarjanScratch(n);
  const count = tarjanBlock(g, block, 0, members, n, t);
  const comp = new Int32Array(n);
  let from = 0;
  for (let k = 0; k < count; k++) {
    const to = t.ends[k];
    for (let i = from; i < to; i++) comp[t.out[i]] = k;
    from = to;
  }
  return { comp, count };
}
