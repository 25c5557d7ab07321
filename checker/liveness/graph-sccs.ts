/**
 * Fair SCCs of many regions of one graph, from the whole graph's SCCs computed once.
 *
 * A cycle inside a region is a cycle of the graph, so it lies inside one SCC C of the
 * graph. When the region holds all of C, C is also an SCC of the region (strongly
 * connected there, and maximal: a larger one would be strongly connected in the graph),
 * and its fairness is judged on C's own states and edges and on enabledness in the whole
 * graph (fair-scc.ts), so it is what it is in the whole graph. Only the SCCs the region
 * cuts need decomposing again, on their states in the region.
 *
 * Why: checking a liveness property settles each of its obligations on its own region,
 * and in an explored graph most regions take whole SCCs (an SCC is a retry loop, and an
 * obligation's q rarely changes inside one). Decomposing every region anew cost about
 * half a second per obligation at 2e6 states.
 */
import type { StateGraph } from './graph.ts';
import { findFairSccs, type FairSccs } from './fair-scc.ts';
import { stronglyConnectedComponents } from './scc.ts';

export interface GraphSccs {
  /** SCC of the whole graph, per state. */
  comp: Int32Array;
  /** States per SCC. */
  size: Int32Array;
  /** The fair SCCs of the whole graph. */
  fair: FairSccs;
}

export function graphSccs(g: StateGraph): GraphSccs {
  const { comp, count } = stronglyConnectedComponents(g);
  const size = new Int32Array(count);
  for (let s = 0; s < g.stateCount; s++) size[comp[s]]++;
  return { comp, size, fair: findFairSccs(g, new Uint8Array(g.stateCount).fill(1)) };
}

/** findFairSccs(g, region), the same components (numbered otherwise), from the graph's SCCs. */
export function fairSccsIn(g: StateGraph, region: Uint8Array, sccs: GraphSccs): FairSccs {
  const n = g.stateCount;
  const { comp: graphComp, size, fair } = sccs;
  const inRegion = new Int32Array(size.length);
  for (let s = 0; s < n; s++) if (region[s]) inRegion[graphComp[s]]++;
  const comp = new Int32Array(n).fill(-1);
  let cut: Uint8Array | undefined;
  for (let s = 0; s < n; s++) {
    if (!region[s]) continue;
    const c = graphComp[s];
    if (inRegion[c] === size[c]) comp[s] = fair.comp[s];
    else (cut ??= new Uint8Array(n))[s] = 1;
  }
  if (cut === undefined) return { comp, count: fair.count };
  const again = findFairSccs(g, cut);
  for (let s = 0; s < n; s++) if (again.comp[s] >= 0) comp[s] = fair.count + again.comp[s];
  return { comp, count: fair.count + again.count };
}
