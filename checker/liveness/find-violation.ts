/**
 * The algorithmic core of liveness checking: a fair path that violates "p leads to q".
 *
 * 0. Most obligations hold, and proving that needs no shortest prefix: the states reached
 *    from a trigger through states without q (a superset of the pending region below, the
 *    same in an explored graph), and their fair SCCs. No stuttering state and no fair SCC
 *    there means none in the pending region (a fair cycle inside a region is one inside
 *    any larger region): no violation, without the search over every state twice.
 * 1. Breadth-first over (state, phase) from the initial states: the pending region is
 *    every state reached after a trigger (p and not q) through states without q, and
 *    the parent pointers give shortest prefixes (pending-search.ts).
 * 2. Fair SCCs of the pending region: iterative Tarjan plus Streett refinement for
 *    strong fairness (fair-scc.ts).
 * 3. Target: the pending state nearest to an initial state that is terminal (stuttering
 *    there is a fair violation: no unit is enabled) or in a fair SCC.
 * 4. A cycle from the target through its SCC built to meet every fairness requirement
 *    (fair-cycle.ts), then the whole lasso re-verified on its edges (validate-lasso.ts).
 */
import type { Lasso, ObligationSets, StateGraph } from './graph.ts';
import { isTerminal } from './fairness.ts';
import { buildFairCycle } from './fair-cycle.ts';
import { findFairSccs } from './fair-scc.ts';
import { fairSccsIn, type GraphSccs } from './graph-sccs.ts';
import { pathTo, pendingRegion, searchPending, triggeredRegion } from './pending-search.ts';
import { lassoProblem } from './validate-lasso.ts';

export interface ViolationSearchOptions {
  /**
   * States whose successors were never generated (the frontier of a run stopped by a
   * bound). They have no edges but are not terminal: stuttering there is no evidence.
   * Cycles and terminal states elsewhere are still real violations.
   */
  unexpanded?: Uint8Array;
  /**
   * The graph's SCCs (graph-sccs.ts), made on first use and shared by every obligation
   * checked on the graph: each region's fair SCCs then come from them. Without it, each
   * region is decomposed on its own.
   */
  sccs?: () => GraphSccs;
}

/** A fair lasso along which p held once and q never after, or null when none exists in the graph. */
export function findFairViolation(graph: StateGraph, sets: ObligationSets, options: ViolationSearchOptions = {}): Lasso | null {
  const { unexpanded, sccs } = options;
  const fairIn = (region: Uint8Array) => (sccs === undefined ? findFairSccs(graph, region) : fairSccsIn(graph, region, sccs()));
  const stutters = (s: number) => isTerminal(graph, s) && !(unexpanded && unexpanded[s]);
  const n = graph.stateCount;
  const reached = triggeredRegion(graph, sets);
  // No trigger reached (a vacuous obligation): nothing to decompose.
  if (reached.indexOf(1) < 0) return null;
  const reachedFair = fairIn(reached);
  let candidate = false;
  for (let s = 0; s < n && !candidate; s++) candidate = reached[s] === 1 && (reachedFair.comp[s] >= 0 || stutters(s));
  if (!candidate) return null;

  const search = searchPending(graph, sets);
  const region = pendingRegion(search);
  // In an explored graph every state is reachable, so the regions are the same and so
  // are their fair SCCs; only a graph with unreachable triggers needs them again.
  const fair = sameBytes(region, reached) ? reachedFair : fairIn(region);

  let target = -1;
  for (let i = 0; i < search.length; i++) {
    const node = search.order[i];
    if (node < n) continue;
    const s = node - n;
    if (stutters(s) || fair.comp[s] >= 0) { target = node; break; }
  }
  if (target < 0) return null;

  const s = target - n;
  const { start, edges } = pathTo(search, target);
  const cycle = fair.comp[s] < 0 ? [] : buildFairCycle(graph, fair.comp, fair.comp[s], s);
  const lasso: Lasso = { start, prefix: edges, cycle };

  const problem = lassoProblem(graph, sets, lasso);
  if (problem) throw new Error(`internal error: the liveness search built an invalid counterexample: ${problem}`);
  return lasso;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
