/**
 * Liveness verdicts: once the whole graph is explored, each obligation of each liveness
 * property is searched for a fair lasso (checker/liveness); the shortest one found is
 * replayed through the model and re-verified before it is reported.
 */
import type { Model } from './model.ts';
import type { PropertyResult, IndexPath, Trace } from './result.ts';
import { TraceReplayError } from './result.ts';
import type { PropertyTracker } from './property-tracker.ts';
import type { Exploration } from './explore.ts';
import type { StateGraph, Lasso } from './liveness/graph.ts';
import { findFairViolation } from './liveness/find-violation.ts';
import { graphSccs, type GraphSccs } from './liveness/graph-sccs.ts';
import { replay, toTrace, verifyFingerprints } from './trace.ts';

export function checkLiveness<S, A>(model: Model<S, A>, trackers: PropertyTracker<S, A>[], run: Exploration, results: PropertyResult[]): void {
  const graph = run.complete ? buildGraph(run) : undefined;
  const initialBits = graph ? initialSet(graph) : undefined;
  // The graph's SCCs, made once, when the first obligation with a trigger needs them.
  let sccs: GraphSccs | undefined;
  const graphSccsOnce = () => (sccs ??= graphSccs(graph!));
  trackers.forEach((tracker, index) => {
    if (tracker.property.kind !== 'liveness') return;
    const result = results[index];
    if (!graph || !initialBits) {
      result.message = `not settled: liveness needs the whole graph, and the search stopped (${run.stoppedBy ?? 'incomplete'}) after ${run.store.size} states`;
      return;
    }
    let best: { lasso: Lasso; label: string } | undefined;
    for (const o of tracker.obligations) {
      const p = o.p === 'initial' ? initialBits : o.p.view(graph.stateCount);
      const lasso = findFairViolation(graph, { p, q: o.q.view(graph.stateCount) }, { sccs: graphSccsOnce });
      if (lasso && (!best || length(lasso) < length(best.lasso))) best = { lasso, label: o.obligation.label };
    }
    if (best) {
      result.status = 'violated';
      result.message = `fails for ${best.label}`;
      result.trace = lassoTrace(model, run, graph, best.lasso);
      return;
    }
    if (!tracker.premiseSeen || !tracker.obligations.some((o) => o.premiseSeen)) {
      result.status = 'vacuous';
      result.message = `never reached: ${tracker.property.vacuousUnless?.describe ?? 'its premise never holds'}`;
      return;
    }
    result.status = 'holds';
  });
}

function length(l: Lasso): number {
  return l.prefix.length + l.cycle.length;
}

function buildGraph(run: Exploration): StateGraph {
  const n = run.store.size;
  const csr = run.edges!.toCsr(n);
  const initial: number[] = [];
  for (let id = 0; id < n; id++) if (run.store.parents.get(id) === -1) initial.push(id);
  return { stateCount: n, ...csr, units: run.units!.units, initial: Int32Array.from(initial) };
}

function initialSet(graph: StateGraph): Uint8Array {
  const bits = new Uint8Array(graph.stateCount);
  for (const id of graph.initial) bits[id] = 1;
  return bits;
}

/** Turns edge ids into an index path, replays it and checks it closes its cycle. */
function lassoTrace<S, A>(model: Model<S, A>, run: Exploration, graph: StateGraph, lasso: Lasso): Trace {
  const edges = [...lasso.prefix, ...lasso.cycle];
  const path: IndexPath = { init: run.store.actions.get(lasso.start), actions: edges.map((e) => graph.edgeAction[e]) };
  if (lasso.cycle.length > 0) path.loop = lasso.prefix.length;
  const ids = [lasso.start, ...edges.map((e) => graph.edgeTarget[e])];
  const { states, actions } = replay(model, path);
  verifyFingerprints(model, states, ids, run.store, path);
  if (path.loop !== undefined && ids[ids.length - 1] !== ids[path.loop]) {
    throw new TraceReplayError('the lasso does not return to its loop state', path);
  }
  const trace = toTrace(model, path, states, actions);
  if (lasso.cycle.length === 0) trace.stutters = true;
  return trace;
}
