/**
 * Liveness verdicts: once the whole graph is explored, each obligation of each liveness
 * property is searched for a fair lasso (checker/liveness); the shortest one found is
 * replayed through the model and re-verified before it is reported.
 *
 * On a large graph this takes tens of seconds, so between obligations it reports its
 * progress and lets the event loop run: a Ctrl-C (the signal), the run's timeout or its
 * memory budget then stops it, and the liveness properties it did not settle stay unknown.
 */
import type { Model } from './model.ts';
import type { LivenessProgress, RunControl } from './options.ts';
import { MemoryGuard } from './memory-guard.ts';
import { RunClock } from './run-clock.ts';
import type { PropertyResult, IndexPath, Trace } from './result.ts';
import { TraceReplayError } from './result.ts';
import type { PropertyTracker } from './property-tracker.ts';
import type { Exploration } from './explore.ts';
import type { StateGraph, Lasso } from './liveness/graph.ts';
import { findFairViolation } from './liveness/find-violation.ts';
import { graphSccs, type GraphSccs } from './liveness/graph-sccs.ts';
import { replay, toTrace, verifyFingerprints } from './trace.ts';

/** Why the analysis stopped early, as Stats.stoppedBy says it. */
type AnalysisStop = 'interrupted' | 'timeout' | 'max-memory';

const STOPPED_BY: Record<AnalysisStop, string> = {
  interrupted: 'was interrupted',
  timeout: 'reached the timeout',
  'max-memory': 'reached the memory budget',
};

/** Progress is reported, and stops are taken, between obligations. */
export interface LivenessOptions extends RunControl<LivenessProgress> {
  /** When the check started (Date.now()), for the timeout and the elapsed time reported. */
  started: number;
  /** The run's memory budget (memory-guard.ts). */
  maxMemoryBytes?: number;
}

/** Returns why the analysis stopped before settling every liveness property, if it did. */
export async function checkLiveness<S, A>(
  model: Model<S, A>,
  trackers: PropertyTracker<S, A>[],
  run: Exploration,
  results: PropertyResult[],
  options: LivenessOptions,
): Promise<AnalysisStop | undefined> {
  const graph = run.complete ? buildGraph(run) : undefined;
  const initialBits = graph ? initialSet(graph) : undefined;
  // The graph's SCCs, made once, when the first obligation with a trigger needs them.
  let sccs: GraphSccs | undefined;
  const graphSccsOnce = () => (sccs ??= graphSccs(graph!));
  const obligations = trackers.reduce((sum, t) => sum + (t.property.kind === 'liveness' ? t.obligations.length : 0), 0);
  let done = 0;
  const clock = new RunClock(options.started, options.timeoutMs);
  let lastProgress = options.started;
  let stopped: AnalysisStop | undefined;
  const memory = new MemoryGuard(options.maxMemoryBytes);
  /** Between obligations: progress, a turn for the event loop now and then, and whether to stop. */
  const pause = async (property: string): Promise<void> => {
    const now = Date.now();
    if (options.onProgress && now - lastProgress >= (options.progressIntervalMs ?? 1000)) {
      lastProgress = now;
      options.onProgress({ done, obligations, property, elapsedMs: now - options.started });
    }
    await clock.yieldIfDue();
    if (options.signal?.aborted) stopped = 'interrupted';
    else if (clock.timedOut()) stopped = 'timeout';
    else if (memory.exceeded()) stopped = 'max-memory';
  };
  for (let index = 0; index < trackers.length; index++) {
    const tracker = trackers[index];
    if (tracker.property.kind !== 'liveness') continue;
    const result = results[index];
    if (!graph || !initialBits) {
      result.message = `not settled: liveness needs the whole graph, and the search stopped (${run.stoppedBy ?? 'incomplete'}) after ${run.store.size} states`;
      continue;
    }
    let best: { lasso: Lasso; label: string } | undefined;
    for (const o of tracker.obligations) {
      if (stopped === undefined) await pause(tracker.property.name);
      if (stopped !== undefined) break;
      done++;
      const p = o.p === 'initial' ? initialBits : o.p.view(graph.stateCount);
      const lasso = findFairViolation(graph, { p, q: o.q.view(graph.stateCount) }, { sccs: graphSccsOnce });
      if (lasso && (!best || length(lasso) < length(best.lasso))) best = { lasso, label: o.obligation.label };
    }
    // A lasso found before a stop is still a violation; without one the property is open.
    if (best) {
      result.status = 'violated';
      result.message = `fails for ${best.label}`;
      result.trace = lassoTrace(model, run, graph, best.lasso);
      continue;
    }
    if (stopped !== undefined) {
      result.message = `not settled: the liveness analysis ${STOPPED_BY[stopped]} before it settled this property`;
      continue;
    }
    if (!tracker.premiseSeen || !tracker.obligations.some((o) => o.premiseSeen)) {
      result.status = 'vacuous';
      result.message = `never reached: ${tracker.property.vacuousUnless?.describe ?? 'its premise never holds'}`;
      continue;
    }
    result.status = 'holds';
  }
  return stopped;
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
