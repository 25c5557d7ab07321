/**
 * Breadth-first search over (state, phase) for the prefix of a "p leads to q" violation.
 *
 * Phase 0: before the trigger, any state. Phase 1: after a state where p holds and q does
 * not (the trigger, which enters phase 1 at no cost), and only through states where q
 * does not hold. The states visited in phase 1 are the pending region: the only place a
 * violating cycle or a violating terminal state can be. Because the search is
 * breadth-first from all initial states at once, the parent pointers give a shortest
 * prefix to any node, and nodes come out of the queue in order of distance.
 *
 * Node ids: state s in phase 0 is s, in phase 1 is s + stateCount.
 *
 * The search may stop at the first pending node that a caller's test accepts (the
 * target of find-violation.ts): nodes are visited in order of distance, so that node is
 * the nearest, and the parents of every node on its path were set before it.
 */
import type { ObligationSets, StateGraph } from './graph.ts';

const UNSEEN = -2;
const ROOT = -1;

export interface PendingSearch {
  stateCount: number;
  /** Nodes in the order visited (non-decreasing distance); `length` entries are used. */
  order: Int32Array;
  length: number;
  /** Parent node, ROOT (-1) for an initial node, UNSEEN (-2) when not visited. */
  parentNode: Int32Array;
  /** The edge from the parent, or -1 for the free phase switch at a trigger. */
  parentEdge: Int32Array;
  /** The first pending node visited whose state `isTarget` accepted, or -1 (the search then ran to the end). */
  target: number;
}

/** `isTarget(s)`: stop at the first pending node of a state it accepts (default: none, a full search). */
export function searchPending(g: StateGraph, sets: ObligationSets, isTarget: (state: number) => boolean = () => false): PendingSearch {
  const n = g.stateCount;
  const { p, q } = sets;
  const { edgeStart, edgeTarget } = g;
  const parentNode = new Int32Array(2 * n).fill(UNSEEN);
  const parentEdge = new Int32Array(2 * n).fill(-1);
  const order = new Int32Array(2 * n);
  let tail = 0;
  let target = -1;

  const visit = (node: number, parent: number, edge: number) => {
    if (parentNode[node] !== UNSEEN) return;
    parentNode[node] = parent;
    parentEdge[node] = edge;
    order[tail++] = node;
    if (node >= n && target < 0 && isTarget(node - n)) target = node;
  };
  const enter = (s: number, phase: number, parent: number, edge: number) => {
    if (phase === 1) {
      if (!q[s]) visit(s + n, parent, edge);
      return;
    }
    visit(s, parent, edge);
    // The trigger: the same state, now pending. Queued right after its phase-0 twin,
    // at the same distance, so the BFS order stays by distance.
    if (p[s] && !q[s]) visit(s + n, s, -1);
  };

  for (let i = 0; i < g.initial.length && target < 0; i++) enter(g.initial[i], 0, ROOT, -1);
  for (let head = 0; head < tail && target < 0; head++) {
    const node = order[head];
    const phase = node >= n ? 1 : 0;
    const s = phase ? node - n : node;
    for (let e = edgeStart[s], end = edgeStart[s + 1]; e < end && target < 0; e++) enter(edgeTarget[e], phase, node, e);
  }
  return { stateCount: n, order, length: tail, parentNode, parentEdge, target };
}

/** The shortest path of edges from an initial state to `node`, by the parent pointers. */
export function pathTo(search: PendingSearch, node: number): { start: number; edges: number[] } {
  const edges: number[] = [];
  let x = node;
  while (search.parentNode[x] !== ROOT) {
    if (search.parentEdge[x] >= 0) edges.push(search.parentEdge[x]);
    x = search.parentNode[x];
  }
  edges.reverse();
  const n = search.stateCount;
  return { start: x >= n ? x - n : x, edges };
}

/**
 * The states reachable from a trigger (p and not q) through states without q, with no
 * parents and no phase-0 search: the pending region when every state is reachable from
 * an initial one (an explored graph), a superset of it otherwise. For the cheap first
 * test of whether an obligation can be violated at all (find-violation.ts).
 */
export function triggeredRegion(g: StateGraph, sets: ObligationSets): Uint8Array {
  const n = g.stateCount;
  const { p, q } = sets;
  const { edgeStart, edgeTarget } = g;
  const region = new Uint8Array(n);
  const queue = new Int32Array(n);
  let tail = 0;
  for (let s = 0; s < n; s++) {
    if (p[s] && !q[s]) {
      region[s] = 1;
      queue[tail++] = s;
    }
  }
  for (let head = 0; head < tail; head++) {
    const s = queue[head];
    for (let e = edgeStart[s], end = edgeStart[s + 1]; e < end; e++) {
      const t = edgeTarget[e];
      if (region[t] === 0 && !q[t]) {
        region[t] = 1;
        queue[tail++] = t;
      }
    }
  }
  return region;
}
