/**
 * The parallel search strategy: level-synchronous BFS over worker_threads sharing one
 * fingerprint table (shared-store.ts), so counterexamples stay shortest and the state
 * and transition counts equal the sequential explorer's.
 *
 * The main thread coordinates. It explores the first, narrow levels itself (with the
 * caller's trackers) until a level holds enough states to share; each worker rebuilds
 * those levels from the model and takes every N-th state of the last one. From then on
 * the workers expand the states claimed in the previous level: packed states are shared
 * (shared-level.ts), so each takes from its own claims first and then from the others'
 * until the level is used up; other states stay with the worker that claimed them and
 * are evened out at the barrier (rebalance). The replies of all workers are the barrier
 * between levels, where the coordinator merges what they found
 * (keeping the shortest), grows the table and checks the bounds. At the end it merges
 * the workers' edges and liveness bits, and returns an Exploration that check() turns
 * into verdicts and replayed traces exactly as for a sequential run.
 *
 * The workers come from a pool kept between checks (worker-pool.ts); the timeout, the
 * abort signal and the memory limit are watched throughout (watch.ts).
 */
import type { Model } from '../model.ts';
import type { CheckOptions } from '../options.ts';
import type { Stats } from '../result.ts';
import type { PropertyTracker } from '../property-tracker.ts';
import type { Exploration } from '../explore.ts';
import { CoverageCounter, mergeCoverage, type Coverage } from '../coverage.ts';
import { EdgeList } from '../store/edge-list.ts';
import { FairnessUnits } from '../fairness-units.ts';
import type { FairnessKind } from '../liveness/graph.ts';
import type { ModelSource } from './model-source.ts';
import { PAUSE, RUN, STOP, SharedStateStore } from './shared-store.ts';
import { LevelExpander } from './level-expander.ts';
import type { SharedLevelData } from './level.ts';
import type { Reply, RunInit } from './protocol.ts';
import { Watch } from './watch.ts';
import { WorkerPool } from './worker-pool.ts';

/** States per worker in a level before the workers take over (CheckOptions.workerHandoff). */
export const DEFAULT_HANDOFF = 32;

export interface ParallelOptions {
  workers: number;
  modelSource: ModelSource;
}

export async function exploreParallel<S, A>(
  model: Model<S, A>,
  trackers: PropertyTracker<S, A>[],
  options: CheckOptions<S, A> & ParallelOptions,
  needGraph: boolean,
  /** `model` fingerprints its symmetry's canonical encoding: the workers must too. */
  symmetry = false,
): Promise<Exploration> {
  const started = Date.now();
  const store = SharedStateStore.create();
  const edges = needGraph ? new EdgeList() : undefined;
  const units = needGraph ? new FairnessUnits(options.fairness) : undefined;
  const bounds = { maxDepth: options.maxDepth ?? Infinity, maxStates: options.maxStates ?? Infinity, stopOnFirst: options.stopOnFirst ?? false };
  const coverage = options.coverage ? new CoverageCounter<S, A>(model) : undefined;
  const expander = new LevelExpander(model, trackers, store, bounds, { edges, units, coverage });
  const count = Math.floor(options.workers);
  const handoff = Math.max(1, options.workerHandoff ?? DEFAULT_HANDOFF) * count;
  const pool = WorkerPool.for(count);
  const runInit: RunInit = {
    source: options.modelSource,
    propertyNames: trackers.map((t) => t.property.name),
    maxDepth: bounds.maxDepth,
    maxStates: bounds.maxStates,
    stopOnFirst: bounds.stopOnFirst,
    needGraph,
    symmetry,
    coverage: coverage !== undefined,
    buffers: store.buffers,
  };
  const watch = new Watch(store, options, started);

  let transitions = 0;
  let deepest = 0;
  let depthCut = false;
  // The coordinator's share, then each worker's: every state is new in exactly one thread, so the sum is exact.
  const coverageShares: Coverage[] = [];
  // True while the workers are between runs, so the pool can serve the next check.
  let idle = true;
  try {
    // The coordinator's own levels: plain sequential BFS into the shared table.
    let frontier = expander.newLevel();
    const initialCount = expander.claimInitial(frontier);
    let depth = 0;
    while (frontier.length > 0 && frontier.length < handoff && store.flag !== STOP) {
      deepest = depth;
      watch.atLevel(depth, frontier.length, expander.transitions);
      const next = expander.newLevel();
      while (expander.expand(frontier, next, depth) === 'paused') {
        store.grow();
        store.setFlag(RUN);
      }
      frontier = next;
      depth++;
      if (await watch.yieldAndCheck()) break;
    }
    transitions = expander.transitions;
    depthCut = expander.depthCut;
    const shortest = trackers.map((t) => lengthOf(store, t.found ?? t.witness));

    if (frontier.length > 0 && store.flag !== STOP) {
      // The workers' levels.
      await pool.ready();
      deepest = depth;
      idle = false;
      watch.atLevel(depth, frontier.length, transitions);
      let replies = await pool.all({ type: 'start', run: runInit, depth, frontierIds: frontier.ids() });
      const workerTransitions = new Array<number>(count).fill(0);
      const claimedBy = new Array<number>(count).fill(0);
      // Each worker's claims of the level, in shared memory (packed states): the next level is taken from all of them.
      const sharedBy = new Array<SharedLevelData | undefined>(count).fill(undefined);
      const canTransfer = replies.every((r) => r.type === 'level' && r.canTransfer);
      for (;;) {
        const paused: number[] = [];
        replies.forEach((r, w) => {
          if (r.type !== 'level') return;
          workerTransitions[w] = r.transitions;
          claimedBy[w] = r.claimed;
          sharedBy[w] = r.shared;
          if (r.depthCut) depthCut = true;
          if (r.outcome === 'paused') paused.push(w);
          for (const f of r.findings) {
            const t = trackers[f.tracker];
            if (f.length >= shortest[f.tracker]) continue;
            shortest[f.tracker] = f.length;
            const at = f.actionIndex === undefined ? { stateId: f.stateId } : { stateId: f.stateId, actionIndex: f.actionIndex };
            if (f.what === 'found') t.found = at;
            else t.witness = at;
          }
          r.premiseSeen.forEach((seen, i) => (trackers[i].premiseSeen ||= seen));
          r.obligationPremiseSeen.forEach((seen, i) => seen.forEach((s, j) => (trackers[i].obligations[j].premiseSeen ||= s)));
        });
        if (store.flag === STOP) break;
        if (paused.length > 0) {
          // Some worker passed the table's soft limit: grow, then let the paused ones go on.
          store.grow();
          store.setFlag(RUN);
          const buffers = store.buffers;
          replies = await pool.some(paused, { type: 'resume', buffers }, { type: 'buffers', buffers });
          continue;
        }
        if (claimedBy.every((c) => c === 0)) break;
        if (store.flag === PAUSE || store.overSoftLimit) {
          store.grow();
          store.setFlag(RUN);
          pool.post({ type: 'buffers', buffers: store.buffers });
        }
        if (await watch.yieldAndCheck()) break;
        // Shared levels balance themselves (every worker takes from every part); others are evened out here.
        const stealing = sharedBy.every((s) => s !== undefined);
        if (canTransfer && !stealing) await rebalance(pool, claimedBy);
        depth++;
        deepest = depth;
        watch.atLevel(depth, claimedBy.reduce((a, b) => a + b, 0), transitions + workerTransitions.reduce((a, b) => a + b, 0));
        replies = await pool.all(stealing ? { type: 'level', shared: sharedBy as SharedLevelData[] } : { type: 'level' });
      }
      transitions += workerTransitions.reduce((a, b) => a + b, 0);

      const finished = await pool.all({ type: 'finish' });
      idle = true;
      mergeFinished(finished, trackers, edges, units);
      for (const r of finished) if (r.type === 'finished' && r.coverage) coverageShares.push(r.coverage);
    }
    if (coverage) coverageShares.unshift(coverage.result());

    const stoppedBy: Stats['stoppedBy'] = store.stopReason ?? (options.signal?.aborted ? 'interrupted' : undefined) ?? (depthCut ? 'max-depth' : undefined);
    return {
      store,
      edges,
      units,
      transitions,
      maxDepth: deepest,
      complete: stoppedBy === undefined,
      stoppedBy,
      elapsedMs: Date.now() - started,
      initialCount,
      ...(coverage ? { coverage: mergeCoverage(coverageShares) } : {}),
    };
  } finally {
    watch.close();
    if (!idle) await pool.close();
  }
}

/**
 * Evens out the workers' next frontiers: each worker keeps what it claimed, and a
 * worker that claims more than its share claims ever more, so at a barrier the largest
 * frontier gives its excess to the smallest, while the imbalance is worth a message.
 */
async function rebalance(pool: WorkerPool, claimedBy: number[]): Promise<void> {
  for (let round = 0; round < claimedBy.length; round++) {
    let big = 0;
    let small = 0;
    claimedBy.forEach((c, w) => {
      if (c > claimedBy[big]) big = w;
      if (c < claimedBy[small]) small = w;
    });
    const excess = Math.floor((claimedBy[big] - claimedBy[small]) / 2);
    // A 2% imbalance is worth a message: a level's time is its slowest worker's, and
    // handing over a few thousand packed states takes about a millisecond.
    if (excess < 8 || claimedBy[big] < 1.02 * claimedBy[small]) return;
    const [given] = (await pool.some([big], { type: 'give', count: excess })).filter((r) => r !== undefined);
    if (given?.type !== 'given') throw new Error('internal: a worker did not hand states over');
    pool.postTo(small, { type: 'take', ids: given.ids, states: given.states });
    claimedBy[big] -= given.ids.length;
    claimedBy[small] += given.ids.length;
  }
}

function lengthOf(store: SharedStateStore, at: { stateId: number; actionIndex?: number } | undefined): number {
  if (at === undefined) return Infinity;
  return store.pathTo(at.stateId).length - 1 + (at.actionIndex === undefined ? 0 : 1);
}

/** Worker edges (their unit ids mapped by name) and liveness bits into the coordinator's. */
function mergeFinished<S, A>(replies: Reply[], trackers: PropertyTracker<S, A>[], edges: EdgeList | undefined, units: FairnessUnits | undefined): void {
  for (const r of replies) {
    if (r.type !== 'finished') continue;
    if (edges && units && r.edges) {
      // FairnessUnits.unit is private only to keep callers on processUnit/extraUnit;
      // here the name and kind were already decided in the worker.
      const intern = (units as unknown as { unit(name: string, kind: FairnessKind): number }).unit.bind(units);
      const map = r.units.map((u) => intern(u.name, u.kind));
      edges.addAll(r.edges, (u) => map[u]);
    }
    r.bits.forEach((obligations, i) =>
      obligations.forEach((bits, j) => {
        const o = trackers[i].obligations[j];
        o.q.orWords(bits.q);
        if (bits.p && o.p !== 'initial') o.p.orWords(bits.p);
      }),
    );
  }
}

/** The options narrowed to a parallel run, or undefined when the run is sequential (workers <= 1, no model source, DFS). */
export function usesWorkers<S, A>(options: CheckOptions<S, A>): (CheckOptions<S, A> & ParallelOptions) | undefined {
  if (options.workers === undefined || options.workers <= 1 || !options.modelSource || options.strategy === 'dfs') return undefined;
  return options as CheckOptions<S, A> & ParallelOptions;
}
