/**
 * Iterative Tarjan strongly connected components over one "block" of a StateGraph.
 *
 * A block is a set of states given as a member list; only edges between members count.
 * The fair-SCC search refines blocks (Streett-style removal of states) and re-decomposes
 * them, so a decomposition costs the size of the block, not of the graph.
 *
 * One array says everything about a target state, because on random-looking graphs the
 * cost is the cache misses per edge, not the instructions: `index[w]` is
 *  - the block's marker -(id+2): a member not yet visited;
 *  - >= the run's first index: visited in this run and still on Tarjan's stack;
 *  - DONE: already in an SCC (this run or an earlier one): ignore;
 *  - anything else (-1, another block's marker, an index of an earlier run): not a member.
 * So no separate on-stack flags and no block lookup. Block ids must be unique per scratch.
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
  /** Next DFS index; grows across runs so that old indices never look current. */
  counter: number;
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
    counter: 0,
    out: new Int32Array(stateCount),
    ends: new Int32Array(stateCount + 1),
  };
}

const DONE = 0x7fffffff;

/**
 * Decomposes the block made of the first `memberCount` entries of `members` into SCCs;
 * `id` must differ from every id used before with the same scratch. Returns the number of SCCs, written to
 * `t.out` / `t.ends` in reverse topological order (Tarjan's order: sinks first).
 */
export function tarjanBlock(
  g: StateGraph,
  id: number,
  members: Int32Array,
  memberCount: number,
  t: TarjanScratch,
): number {
  const { edgeStart, edgeTarget } = g;
  const { index, low, cursor, call, stack, out, ends } = t;
  const mark = -(id + 2);
  for (let i = 0; i < memberCount; i++) index[members[i]] = mark;
  if (t.counter > DONE - 1 - memberCount) throw new Error('internal error: Tarjan index overflow');
  const base = t.counter;
  let counter = base;
  let sp = 0; // Tarjan's SCC stack
  let cp = 0; // the explicit call stack
  let outLen = 0;
  let sccCount = 0;

  for (let i = 0; i < memberCount; i++) {
    const root = members[i];
    if (index[root] !== mark) continue;
    index[root] = low[root] = counter++;
    cursor[root] = edgeStart[root];
    stack[sp++] = root;
    call[cp++] = root;

    while (cp > 0) {
      const v = call[cp - 1];
      const end = edgeStart[v + 1];
      let descended = false;
      while (cursor[v] < end) {
        const w = edgeTarget[cursor[v]++];
        const x = index[w];
        if (x === mark) {
          index[w] = low[w] = counter++;
          cursor[w] = edgeStart[w];
          stack[sp++] = w;
          call[cp++] = w;
          descended = true;
          break;
        }
        // On the stack in this run (DONE is never below low[v]); else not ours or finished.
        if (x >= base && x < low[v]) low[v] = x;
      }
      if (descended) continue;

      cp--;
      if (low[v] === index[v]) {
        let x: number;
        do {
          x = stack[--sp];
          index[x] = DONE;
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
  t.counter = counter;
  return sccCount;
}

/** SCCs of the whole graph: a component id per state (for quotients and tests). */
export function stronglyConnectedComponents(g: StateGraph): { comp: Int32Array; count: number } {
  const n = g.stateCount;
  const members = new Int32Array(n);
  for (let s = 0; s < n; s++) members[s] = s;
  const t = createTarjanScratch(n);
  const count = tarjanBlock(g, 0, members, n, t);
  const comp = new Int32Array(n);
  let from = 0;
  for (let k = 0; k < count; k++) {
    const to = t.ends[k];
    for (let i = from; i < to; i++) comp[t.out[i]] = k;
    from = to;
  }
  return { comp, count };
}
