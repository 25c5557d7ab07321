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

export interface GraphSccs {
  /** SCC of the whole graph, per state. */
  comp: Int32Array;
  /** States per SCC. */
  size: Int32Array;
  /** The fair SCCs of the whole graph. */
  fair: FairSccs;
}

export function graphSccs(g: StateGraph): GraphSccs {
  const comp = new Int32Array(g.stateCount);
  let size = new Int32Array(0);
  // One Tarjan: the fair SCCs' first decomposition, of every state, is the graph's SCCs.
  const fair = findFairSccs(g, new Uint8Array(g.stateCount).fill(1), (out, ends, count) => {
    size = new Int32Array(count);
    let from = 0;
    for (let k = 0; k < count; k++) {
      for (let i = from; i < ends[k]; i++) comp[out[i]] = k;
      size[k] = ends[k] - from;
      from = ends[k];
    }
  });
  return { comp, size, fair };
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
