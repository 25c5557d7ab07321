/**
 * The search loop shared by every exhaustive strategy: pop a state, generate its
 * successors through the model, fingerprint them, record new ones and evaluate the
 * properties. It yields to the event loop regularly so that progress, timeouts and
 * Ctrl-C (an AbortSignal) work while it runs.
 */
import type { Model } from './model.ts';
import { progress, type CheckOptions } from './options.ts';
import type { Stats } from './result.ts';
import { fingerprint, fingerprintInts, fpHi, fpLo } from './fingerprint.ts';
import { StateStore } from './store/state-store.ts';
import { EdgeList } from './store/edge-list.ts';
import type { StoreView } from './store/store-view.ts';
import type { Frontier } from './strategy/frontier.ts';
import { BfsFrontier } from './strategy/bfs.ts';
import { DfsFrontier } from './strategy/dfs.ts';
import { PackedBfsFrontier } from './strategy/packed-bfs.ts';
import type { PropertyTracker } from './property-tracker.ts';
import { SearchTrackers } from './search-trackers.ts';
import { FairnessUnits } from './fairness-units.ts';
import { MemoryGuard } from './memory-guard.ts';
import { evaluationError, propertyError } from './evaluation-error.ts';
import { endsWithoutDeadlock } from './deadlock.ts';
import { CoverageCounter, type Coverage } from './coverage.ts';
import { RunClock } from './run-clock.ts';

export interface Exploration {
  store: StoreView;
  edges: EdgeList | undefined;
  units: FairnessUnits | undefined;
  transitions: number;
  maxDepth: number;
  complete: boolean;
  stoppedBy: Stats['stoppedBy'];
  elapsedMs: number;
  initialCount: number;
  /** With options.coverage. */
  coverage?: Coverage;
}

export async function explore<S, A>(
  model: Model<S, A>,
  trackers: PropertyTracker<S, A>[],
  options: CheckOptions<S, A>,
  needGraph: boolean,
  /**
   * The view the trackers evaluate (property-tracker.ts sharedView), made once per new
   * state and step end for all of them (search-trackers.ts); undefined: they get the states.
   */
  view?: (state: S) => unknown,
): Promise<Exploration> {
  const started = Date.now();
  const store = new StateStore();
  const edges = needGraph ? new EdgeList() : undefined;
  const units = needGraph ? new FairnessUnits(options.fairness) : undefined;
  const tracked = new SearchTrackers(trackers, view);
  const maxStates = options.maxStates ?? Infinity;
  const maxDepth = options.maxDepth ?? Infinity;
  const checkDeadlock = trackers.some((t) => t.property.kind === 'deadlock');
  const progressEvery = options.progressIntervalMs ?? 1000;
  const memory = new MemoryGuard(options.maxMemoryBytes);
  const coverage = options.coverage ? new CoverageCounter<S, A>(model) : undefined;

  let transitions = 0;
  let deepest = 0;
  let complete = true;
  let stoppedBy: Stats['stoppedBy'];
  const clock = new RunClock(started, options.timeoutMs);
  let lastProgress = Date.now();
  let sinceCheck = 0;
  let depthCut = false;

  const stop = (why: NonNullable<Stats['stoppedBy']>) => {
    complete = false;
    stoppedBy = why;
  };

  const initial = evaluate(() => model.initialStates(), undefined, undefined, model, store, -1);
  const frontier = chooseFrontier(model, options, initial);
  // With the packed frontier a successor is only hashed, copied into the queue and shown to
  // the trackers before the next one is made, so the model may build it in a buffer it
  // reuses. Other frontiers keep the successor object itself: they get a fresh one.
  const transient = model.nextStateTransient !== undefined && frontier instanceof PackedBfsFrontier;
  // Each state's actions are stepped right after they are listed: the model may step by index.
  const listed = transient && model.nextOfListed !== undefined;
  for (let i = 0; i < initial.length; i++) {
    const state = initial[i];
    fingerprintState(model, state, store, -1);
    const id = store.findOrInsert(fpHi, fpLo, -1, i);
    if (!store.isNew) continue;
    if (coverage !== undefined) evaluate(() => coverage.newState(state), state, undefined, model, store, id);
    let violated: boolean;
    try {
      violated = tracked.onState(state, id);
    } catch (cause) {
      throw propertyError(cause, model, state, undefined, () => indexPath(store, id));
    }
    if (violated && options.stopOnFirst) stop('stop-on-first');
    frontier.push(state, id, 0);
  }

  while (stoppedBy === undefined && frontier.pop()) {
    const state = frontier.state;
    const id = frontier.id;
    const depth = frontier.depth;
    if (depth > deepest) deepest = depth;
    let actions: readonly A[];
    try {
      actions = model.actions(state);
    } catch (cause) {
      throw evaluationError(cause, model, state, undefined, indexPath(store, id));
    }
    let enabled = 0;
    tracked.expanding();
    if (coverage !== undefined) evaluate(() => coverage.listed(actions), state, undefined, model, store, id);
    for (let i = 0; i < actions.length; i++) {
      const action = actions[i];
      // The hot path: no closure per step (evaluate() would allocate one).
      let next: S | undefined;
      try {
        next = listed ? model.nextOfListed!(i, action) : transient ? model.nextStateTransient!(state, action) : model.nextState(state, action);
      } catch (cause) {
        throw evaluationError(cause, model, state, action, indexPath(store, id));
      }
      if (next === undefined) continue;
      enabled++;
      if (depth >= maxDepth) {
        // A successor exists beyond the bound: the graph is not fully explored, but
        // shallower states still are, so the search goes on.
        depthCut = true;
        break;
      }
      transitions++;
      fingerprintState(model, next, store, id);
      const nextId = store.findOrInsert(fpHi, fpLo, id, i);
      let violated = false;
      const isNew = store.isNew;
      if (coverage !== undefined) {
        evaluate(() => coverage.took(state, action, i, isNew), state, action, model, store, id);
        if (isNew) evaluate(() => coverage.newState(next), state, action, model, store, id);
      }
      // A property that throws is the model's error (exit 75), at the state it was
      // evaluated on, or at the step (the state expanded and the event) for a step predicate.
      if (isNew) {
        try {
          violated = tracked.onState(next, nextId);
        } catch (cause) {
          throw propertyError(cause, model, next, undefined, () => indexPath(store, nextId));
        }
        frontier.push(next, nextId, depth + 1);
      }
      try {
        if (tracked.onStep(state, action, next, isNew, id, i)) violated = true;
      } catch (cause) {
        throw propertyError(cause, model, state, action, () => indexPath(store, id));
      }
      if (edges && units) {
        const process = units.processUnit(evaluate(() => model.process(action, state), state, action, model, store, id));
        edges.add(id, nextId, i, process, units.extraUnit(action, state));
      }
      if (violated && options.stopOnFirst) {
        stop('stop-on-first');
        break;
      }
    }
    if (enabled === 0 && checkDeadlock && !evaluate(() => endsWithoutDeadlock(model, state), state, undefined, model, store, id)) {
      for (const t of trackers) if (t.onDeadlock(id) && options.stopOnFirst) stop('stop-on-first');
    }
    if (stoppedBy !== undefined) break;
    if (store.size >= maxStates && frontier.size > 0) {
      stop('max-states');
      break;
    }
    if (++sinceCheck >= 64) {
      sinceCheck = 0;
      const now = Date.now();
      if (clock.timedOut(now)) {
        stop('timeout');
        break;
      }
      if (options.onProgress && now - lastProgress >= progressEvery) {
        lastProgress = now;
        options.onProgress(progress(store.size, transitions, frontier.size, deepest, now - started));
      }
      if (clock.yieldDue(now)) {
        if (memory.exceeded()) {
          stop('max-memory');
          break;
        }
        await clock.yield();
        if (options.signal?.aborted) {
          stop('interrupted');
          break;
        }
      }
    }
  }
  if (options.signal?.aborted && stoppedBy === undefined) stop('interrupted');
  if (depthCut) {
    complete = false;
    stoppedBy ??= 'max-depth';
  }

  return {
    store,
    edges,
    units,
    transitions,
    maxDepth: deepest,
    complete,
    stoppedBy,
    elapsedMs: Date.now() - started,
    initialCount: initial.length,
    ...(coverage ? { coverage: coverage.result() } : {}),
  };
}

/**
 * DFS: a stack. BFS: a ring of state objects, or of packed words when the model's states
 * are their own packed encoding (the compiled path), so a large queue holds no object per state.
 */
function chooseFrontier<S, A>(model: Model<S, A>, options: CheckOptions<S, A>, initial: readonly S[]): Frontier<S> {
  if (options.strategy === 'dfs') return new DfsFrontier<S>();
  const packed = initial.length > 0 && initial[0] instanceof Int32Array && model.encodeInts?.(initial[0]) === initial[0];
  return packed ? (new PackedBfsFrontier() as unknown as Frontier<S>) : new BfsFrontier<S>();
}

/** Sets fpHi/fpLo for a state, from its packed ints when the model has them. */
function fingerprintState<S, A>(model: Model<S, A>, state: S, store: StateStore, id: number): void {
  try {
    if (model.encodeInts) fingerprintInts(model.encodeInts(state));
    else fingerprint(model.encode(state));
  } catch (cause) {
    throw evaluationError(cause, model, state, undefined, id >= 0 ? indexPath(store, id) : undefined);
  }
}

/** Runs model code, turning a throw into a ModelEvaluationError that names the state, action and path. */
function evaluate<T, S, A>(run: () => T, state: S | undefined, action: A | undefined, model: Model<S, A>, store: StateStore, id: number): T {
  try {
    return run();
  } catch (cause) {
    throw evaluationError(cause, model, state, action, id >= 0 ? indexPath(store, id) : undefined);
  }
}


function indexPath(store: StateStore, id: number) {
  const ids = store.pathTo(id);
  return { init: store.actions.get(ids[0]), actions: ids.slice(1).map((s) => store.actions.get(s)) };
}
