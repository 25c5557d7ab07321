/**
 * A concrete fair cycle through one fair SCC, from and back to a given entry state.
 *
 * The shortest cycle through the entry may be unfair (it may dodge the one edge a weakly
 * fair unit needs: TLC issue #201), so the cycle is built from requirements, one
 * breadth-first hop inside the SCC at a time, always to the nearest place that meets a
 * requirement not yet met:
 *  - weak u: take an edge labelled u, or visit a state where u is disabled;
 *  - strong u enabled somewhere in the SCC: take an edge labelled u (the fair-SCC search
 *    guarantees one inside);
 * then the shortest way back to the entry. Both requirements are monotone (more edges
 * and more states never break them), so the closing hop keeps the cycle fair.
 */
import type { StateGraph } from './graph.ts';
import { KIND_STRONG, KIND_WEAK, isEnabled, unitKinds } from './fairness.ts';

const NEED_NOTHING = 0;
const NEED_WEAK = 1; // edge labelled u, or a state with u disabled
const NEED_EDGE = 2; // edge labelled u

export function buildFairCycle(g: StateGraph, comp: Int32Array, id: number, entry: number): number[] {
  const n = g.stateCount;
  const { edgeStart, edgeTarget, edgeProcess, edgeExtraUnit } = g;
  const U = g.units.length;
  const kinds = unitKinds(g.units);

  const need = new Uint8Array(U);
  let open = 0;
  for (let u = 0; u < U; u++) {
    if (kinds[u] === KIND_WEAK) { need[u] = NEED_WEAK; open++; }
  }
  // Strong units only matter when enabled somewhere in the SCC.
  for (let s = 0; s < n; s++) {
    if (comp[s] !== id) continue;
    for (let e = edgeStart[s], end = edgeStart[s + 1]; e < end; e++) {
      const a = edgeProcess[e];
      const b = edgeExtraUnit[e];
      if (kinds[a] === KIND_STRONG && need[a] === NEED_NOTHING) { need[a] = NEED_EDGE; open++; }
      if (b >= 0 && kinds[b] === KIND_STRONG && need[b] === NEED_NOTHING) { need[b] = NEED_EDGE; open++; }
    }
  }

  const meet = (u: number) => {
    if (need[u] !== NEED_NOTHING) { need[u] = NEED_NOTHING; open--; }
  };
  const visitState = (s: number) => {
    for (let u = 0; u < U; u++) if (need[u] === NEED_WEAK && !isEnabled(g, s, u)) meet(u);
  };
  const takeEdge = (e: number) => {
    meet(edgeProcess[e]);
    if (edgeExtraUnit[e] >= 0) meet(edgeExtraUnit[e]);
  };
  const stateMeets = (s: number) => {
    for (let u = 0; u < U; u++) if (need[u] === NEED_WEAK && !isEnabled(g, s, u)) return true;
    return false;
  };
  const edgeMeets = (e: number) => {
    const b = edgeExtraUnit[e];
    return need[edgeProcess[e]] !== NEED_NOTHING || (b >= 0 && need[b] !== NEED_NOTHING);
  };

  const hop = new InsideBfs(g, comp, id);
  const cycle: number[] = [];
  let cur = entry;
  const follow = (path: number[]) => {
    for (const e of path) {
      takeEdge(e);
      cycle.push(e);
      cur = edgeTarget[e];
      visitState(cur);
    }
  };

  visitState(entry);
  while (open > 0) {
    const path = hop.search(cur, stateMeets, edgeMeets);
    if (!path) throw new Error(`internal error: fair SCC ${id} cannot meet its fairness requirements from state ${cur}`);
    follow(path);
  }
  if (cur !== entry || cycle.length === 0) {
    const back = hop.search(cur, null, (e) => edgeTarget[e] === entry);
    if (!back) throw new Error(`internal error: no way back to state ${entry} inside fair SCC ${id}`);
    follow(back);
  }
  return cycle;
}

/** Breadth-first search restricted to one SCC, with buffers reused across hops. */
class InsideBfs {
  private readonly stamp: Int32Array;
  private readonly via: Int32Array;
  private readonly from: Int32Array;
  private readonly queue: Int32Array;
  private gen = 0;

  constructor(
    private readonly g: StateGraph,
    private readonly comp: Int32Array,
    private readonly id: number,
  ) {
    const n = g.stateCount;
    this.stamp = new Int32Array(n);
    this.via = new Int32Array(n);
    this.from = new Int32Array(n);
    this.queue = new Int32Array(n);
  }

  /**
   * The edges of a shortest path from `src` to the first goal: a state other than `src`
   * satisfying `goalState`, or the end of an edge satisfying `goalEdge` (that edge
   * included). Null when no goal is reachable inside the SCC.
   */
  search(src: number, goalState: ((s: number) => boolean) | null, goalEdge: (e: number) => boolean): number[] | null {
    const { edgeStart, edgeTarget } = this.g;
    const { stamp, via, from, queue, comp, id } = this;
    const gen = ++this.gen;
    stamp[src] = gen;
    let head = 0;
    let tail = 0;
    queue[tail++] = src;
    while (head < tail) {
      const v = queue[head++];
      if (v !== src && goalState !== null && goalState(v)) return this.path(src, v, []);
      for (let e = edgeStart[v], end = edgeStart[v + 1]; e < end; e++) {
        const t = edgeTarget[e];
        if (comp[t] !== id) continue;
        if (goalEdge(e)) return this.path(src, v, [e]);
        if (stamp[t] !== gen) {
          stamp[t] = gen;
          via[t] = e;
          from[t] = v;
          queue[tail++] = t;
        }
      }
    }
    return null;
  }

  private path(src: number, to: number, tail: number[]): number[] {
    const edges: number[] = [];
    for (let x = to; x !== src; x = this.from[x]) edges.push(this.via[x]);
    edges.reverse();
    return edges.concat(tail);
  }
}
