/**
 * The algorithmic core of liveness checking: a fair path that violates "p leads to q".
 *
 * 0. Most obligations hold, and proving that needs no shortest prefix: the states reached
 *    from a trigger through states without q (a superset of the pending region below, the
 *    same in an explored graph), and their fair SCCs. No stuttering state and no fair SCC
 *    there means none in the pending region (a fair cycle inside a region is one inside
 *    any larger region): no violation, without the search over every state twice.
 * 1. Fair SCCs of that triggered region: iterative Tarjan plus Streett refinement for
 *    strong fairness (fair-scc.ts). They are the fair SCCs of the pending region too
 *    wherever the two meet (see below).
 * 2. Breadth-first over (state, phase) from the initial states: the pending region is
 *    every state reached after a trigger (p and not q) through states without q, and
 *    the parent pointers give shortest prefixes (pending-search.ts).
 * 3. Target: the pending state nearest to an initial state that is terminal (stuttering
 *    there is a fair violation: no unit is enabled) or in a fair SCC; the search stops
 *    there.
 * 4. A cycle from the target through its SCC built to meet every fairness requirement
 *    (fair-cycle.ts), then the whole lasso re-verified on its edges (validate-lasso.ts).
 */
import type { Lasso, ObligationSets, StateGraph } from './graph.ts';
import { isTerminal } from './fairness.ts';
import { buildFairCycle } from './fair-cycle.ts';
import { findFairSccs } from './fair-scc.ts';
import { fairSccsIn, type GraphSccs } from './graph-sccs.ts';
import { pathTo, searchPending, triggeredRegion } from './pending-search.ts';
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
  const stutters = (s: number) => isTerminal(graph, s) && !(unexpanded && unexpanded[s]);
  const n = graph.stateCount;
  const reached = triggeredRegion(graph, sets);
  // No trigger reached (a vacuous obligation): nothing to decompose.
  if (reached.indexOf(1) < 0) return null;
  const fair = sccs === undefined ? findFairSccs(graph, reached) : fairSccsIn(graph, reached, sccs());
  let candidate = false;
  for (let s = 0; s < n && !candidate; s++) candidate = reached[s] === 1 && (fair.comp[s] >= 0 || stutters(s));
  if (!candidate) return null;

  // The nearest pending state that stutters or lies in a fair SCC. The fair SCCs of the
  // triggered region serve for the pending region, which it contains: both are closed
  // under successors without q, so an SCC of the triggered region that meets the pending
  // region lies wholly inside it, with the same edges and so the same fairness.
  const search = searchPending(graph, sets, (s) => stutters(s) || fair.comp[s] >= 0);
  const target = search.target;
  if (target < 0) return null;

  const s = target - n;
  const { start, edges } = pathTo(search, target);
  const cycle = fair.comp[s] < 0 ? [] : buildFairCycle(graph, fair.comp, fair.comp[s], s);
  const lasso: Lasso = { start, prefix: edges, cycle };

  const problem = lassoProblem(graph, sets, lasso);
  if (problem) throw new Error(`internal error: the liveness search built an invalid counterexample: ${problem}`);
  return lasso;
}
