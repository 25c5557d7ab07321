/**
 * The checker's entry point: explore a model exhaustively and give every property its
 * verdict, each violated property with its shortest (BFS) counterexample, replayed and
 * re-verified before it is returned.
 */
import type { Model } from './model.ts';
import type { Property } from './property.ts';
import { deadlockFree } from './property.ts';
import type { CheckOptions } from './options.ts';
import type { CheckResult, PropertyResult, Stats, IndexPath, Trace } from './result.ts';
import { ConfigurationError, TraceReplayError } from './result.ts';
import { collisionProbability } from './fingerprint.ts';
import { PropertyTracker, sharedView } from './property-tracker.ts';
import { explore, type Exploration } from './explore.ts';
import { pathToState, replay, toTrace, verifyFingerprints } from './trace.ts';
import { checkLiveness } from './liveness-verdict.ts';
import { exploreParallel, usesWorkers } from './parallel/explore-parallel.ts';
import { canonicalModel } from './symmetry.ts';

export async function check<S, A>(model: Model<S, A>, properties: readonly Property<S, A>[], options: CheckOptions<S, A> = {}): Promise<CheckResult> {
  const started = Date.now();
  const selected = selectProperties(properties, options);
  const needGraph = selected.some((p) => p.kind === 'liveness');
  const symmetry = symmetryUse(model, options, needGraph);
  if (symmetry.on) model = canonicalModel(model);
  const parallel = usesWorkers(options);
  // Properties that share a view are evaluated on views the search computes once
  // (property.ts `viewed`); workers decide the same for the trackers they build.
  const view = parallel ? undefined : sharedView(selected);
  const trackers = selected.map((p) => new PropertyTracker<S, A>(p, view));
  // Workers fingerprint the canonical string unless the packed ints are the same in every thread.
  if (parallel && model.encodeInts && !model.portableInts) model = { ...model, encodeInts: undefined };
  const run = parallel ? await exploreParallel(model, trackers, parallel, needGraph, symmetry.on) : await explore(model, trackers, options, needGraph, view);

  const results: PropertyResult[] = [];
  for (const tracker of trackers) results.push(verdict(model, tracker, run));
  const analysisStopped = needGraph
    ? await checkLiveness(model, trackers, run, results, {
        started,
        signal: options.signal,
        timeoutMs: options.timeoutMs,
        maxMemoryBytes: options.maxMemoryBytes,
        onProgress: options.onLivenessProgress,
        progressIntervalMs: options.progressIntervalMs,
      })
    : undefined;

  const stats: Stats = {
    distinctStates: run.store.size,
    transitions: run.transitions,
    maxDepth: run.maxDepth,
    complete: run.complete,
    elapsedMs: run.elapsedMs,
    statesPerSecond: run.elapsedMs > 0 ? Math.round((run.store.size * 1000) / run.elapsedMs) : run.store.size,
    bytesPerState: run.store.size > 0 ? (run.store.byteLength + (run.edges?.byteLength ?? 0) + trackers.reduce((sum, t) => sum + t.labelBytes, 0)) / run.store.size : 0,
    collisionProbability: collisionProbability(run.store.size, run.transitions + run.initialCount),
  };
  // A search that completed keeps `complete`; a stop in the analysis after it still ends the run.
  if (run.stoppedBy ?? analysisStopped) stats.stoppedBy = run.stoppedBy ?? analysisStopped;
  if (run.units) stats.fairness = run.units.describe();
  if (symmetry.describe) stats.symmetry = symmetry.describe;
  return run.coverage ? { stats, results, coverage: run.coverage } : { stats, results };
}

/** Whether the model's symmetry is used, and the words the report gives for it. */
function symmetryUse<S, A>(model: Model<S, A>, options: CheckOptions<S, A>, liveness: boolean): { on: boolean; describe?: string } {
  if (!model.symmetry) return { on: false };
  if (options.symmetry === false) return { on: false, describe: 'off (--no-symmetry)' };
  if (liveness) return { on: false, describe: 'off: liveness properties are checked, and a cycle up to symmetry need not be a fair cycle' };
  return { on: true, describe: `on: ${model.symmetry.describe}` };
}

/** The properties a run checks: the chosen ones by name, with `deadlock` added unless turned off. */
export function selectProperties<S, A>(properties: readonly Property<S, A>[], options: Pick<CheckOptions<S, A>, 'deadlock' | 'properties'>): Property<S, A>[] {
  let all = [...properties];
  if (options.deadlock === false) all = all.filter((p) => p.kind !== 'deadlock');
  else if (!all.some((p) => p.kind === 'deadlock')) all.push(deadlockFree<S, A>());
  // Names select properties and key verdicts (-p, expectations): two with one name are ambiguous.
  const names = new Set<string>();
  for (const p of all) {
    if (names.has(p.name)) {
      const builtIn = p.kind === 'deadlock' ? ' (the built-in deadlock-freedom property is named "deadlock": rename yours, or turn deadlock checking off)' : '';
      throw new ConfigurationError(`two properties are named "${p.name}"${builtIn}`);
    }
    names.add(p.name);
  }
  if (!options.properties || options.properties.length === 0) return all;
  const byName = new Map(all.map((p) => [p.name, p]));
  return options.properties.map((name) => {
    const p = byName.get(name);
    if (!p) throw new ConfigurationError(`unknown property "${name}"; known: ${[...byName.keys()].join(', ')}`);
    return p;
  });
}

function verdict<S, A>(model: Model<S, A>, tracker: PropertyTracker<S, A>, run: Exploration): PropertyResult {
  const p = tracker.property;
  const base: PropertyResult = { property: p.name, kind: p.kind, status: 'unknown' };
  if (p.meaning) base.meaning = p.meaning;

  if (p.kind === 'reachability') {
    if (tracker.witness !== undefined) {
      return { ...base, status: 'holds', witness: traceTo(model, run, tracker.witness.stateId, tracker.witness.actionIndex) };
    }
    if (run.complete) return { ...base, status: 'violated', message: 'no reachable state is a witness: verdicts that depend on it may be vacuous' };
    return { ...base, message: unsettled(run) };
  }
  if (p.kind === 'liveness') return base; // settled by checkLiveness once the graph is complete

  if (tracker.found !== undefined) {
    const trace = traceTo(model, run, tracker.found.stateId, tracker.found.actionIndex, (states, actions) => recheck(model, p, states, actions));
    if (p.kind === 'deadlock') trace.stutters = true;
    return { ...base, status: 'violated', trace };
  }
  if (!run.complete) return { ...base, message: unsettled(run) };
  if (!tracker.premiseSeen) return { ...base, status: 'vacuous', message: `never reached: ${p.vacuousUnless?.describe}` };
  return { ...base, status: 'holds' };
}

/**
 * The replayed trace to a stored state, optionally followed by one more action; `recheck`
 * says what is wrong with the replayed states, if anything (the violation must still be
 * there when the path is walked again).
 */
export function traceTo<S, A>(
  model: Model<S, A>,
  run: Exploration,
  stateId: number,
  actionIndex?: number,
  recheck?: (states: S[], actions: A[]) => string | undefined,
): Trace {
  const path: IndexPath = pathToState(run.store, stateId);
  const ids = run.store.pathTo(stateId);
  if (actionIndex !== undefined) path.actions.push(actionIndex);
  const { states, actions } = replay(model, path);
  verifyFingerprints(model, states.slice(0, ids.length), ids, run.store, path);
  const problem = recheck?.(states, actions);
  if (problem) throw new TraceReplayError(`the replayed counterexample ${problem}`, path);
  return toTrace(model, path, states, actions);
}

/** Evaluates a safety property again on the replayed counterexample's last state or step. */
function recheck<S, A>(model: Model<S, A>, p: Property<S, A>, states: S[], actions: A[]): string | undefined {
  const last = states[states.length - 1];
  switch (p.kind) {
    case 'invariant':
      return p.holds(last) ? `ends in a state where invariant '${p.name}' holds` : undefined;
    case 'action': {
      const from = states[states.length - 2];
      return p.holds(from, actions[actions.length - 1], last) ? `ends with a step that satisfies '${p.name}'` : undefined;
    }
    case 'deadlock':
      if (model.isFinal(last)) return 'ends in a final state, not a deadlock';
      return model.actions(last).some((a) => model.nextState(last, a) !== undefined) ? 'ends in a state that can still step' : undefined;
    default:
      return undefined;
  }
}

export function unsettled(run: Exploration): string {
  return `not settled: the search stopped (${run.stoppedBy ?? 'incomplete'}) after ${run.store.size} states`;
}
