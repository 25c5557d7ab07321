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
 */
import { Worker } from 'node:worker_threads';
import type { Model } from '../model.ts';
import type { CheckOptions } from '../options.ts';
import type { Stats } from '../result.ts';
import { ModelEvaluationError } from '../result.ts';
import type { PropertyTracker } from '../property-tracker.ts';
import type { Exploration } from '../explore.ts';
import { EdgeList } from '../store/edge-list.ts';
import { FairnessUnits } from '../fairness-units.ts';
import type { FairnessKind } from '../liveness/graph.ts';
import { MemoryGuard } from '../memory-guard.ts';
import type { ModelSource } from './model-source.ts';
import { PAUSE, RUN, STOP, SharedStateStore } from './shared-store.ts';
import { LevelExpander } from './level-expander.ts';
import type { SharedLevelData } from './level.ts';
import type { Command, Reply, RunInit, WorkerInit } from './protocol.ts';

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
): Promise<Exploration> {
  const started = Date.now();
  const store = SharedStateStore.create();
  const edges = needGraph ? new EdgeList() : undefined;
  const units = needGraph ? new FairnessUnits(options.fairness) : undefined;
  const bounds = { maxDepth: options.maxDepth ?? Infinity, maxStates: options.maxStates ?? Infinity, stopOnFirst: options.stopOnFirst ?? false };
  const expander = new LevelExpander(model, trackers, store, bounds, edges, units);
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
    buffers: store.buffers,
  };
  const watch = new Watch(store, options, started);

  let transitions = 0;
  let deepest = 0;
  let depthCut = false;
  // True while the workers are between runs, so the pool can serve the next check.
  let idle = true;
  try {
    // The coordinator's own levels: plain sequential BFS into the shared table.
    let frontier = expander.newLevel();
    const initialCount = expander.claimInitial(frontier);
    let depth = 0;
    while (frontier.length > 0 && frontier.length < handoff && store.flag !== STOP) {
      deepest = depth;
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
        replies = await pool.all(stealing ? { type: 'level', shared: sharedBy as SharedLevelData[] } : { type: 'level' });
      }
      transitions += workerTransitions.reduce((a, b) => a + b, 0);

      const finished = await pool.all({ type: 'finish' });
      idle = true;
      mergeFinished(finished, trackers, edges, units);
    }

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

/** Timeout, abort signal, memory and progress, watched while the workers run. */
class Watch {
  private readonly memory: MemoryGuard;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly onAbort = () => this.store.stop('interrupted');
  private lastYield = Date.now();

  constructor(
    private readonly store: SharedStateStore,
    private readonly options: CheckOptions,
    private readonly started: number,
  ) {
    this.memory = new MemoryGuard(options.maxMemoryBytes);
    if (options.timeoutMs !== undefined) this.timers.push(setTimeout(() => store.stop('timeout'), Math.max(0, options.timeoutMs - (Date.now() - started))));
    options.signal?.addEventListener('abort', this.onAbort);
    if (options.signal?.aborted) store.stop('interrupted');
    this.timers.push(
      setInterval(() => {
        if (this.memory.exceeded()) store.stop('max-memory');
      }, 100),
    );
    if (options.onProgress) {
      const every = options.progressIntervalMs ?? 1000;
      this.timers.push(
        setInterval(() => {
          const elapsedMs = Date.now() - started;
          const distinct = store.size;
          options.onProgress!({ distinctStates: distinct, transitions: 0, queue: 0, depth: 0, elapsedMs, statesPerSecond: elapsedMs > 0 ? Math.round((distinct * 1000) / elapsedMs) : 0 });
        }, every),
      );
    }
  }

  /** Between levels: lets timers and the signal run now and then; true when the run must stop. */
  async yieldAndCheck(): Promise<boolean> {
    if (Date.now() - this.lastYield >= 50) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.lastYield = Date.now();
    }
    if (this.options.timeoutMs !== undefined && Date.now() - this.started >= this.options.timeoutMs) this.store.stop('timeout');
    return this.store.flag === STOP;
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.options.signal?.removeEventListener('abort', this.onAbort);
  }
}

/**
 * The workers, each answering one reply per command. Starting a worker costs about a
 * second (loading tsx and xstate), so the pool is kept, unreferenced (it does not keep
 * the process alive), for the next check; each worker loads a model source once.
 */
class WorkerPool {
  private static last: WorkerPool | undefined;

  static for(count: number): WorkerPool {
    const last = WorkerPool.last;
    if (last && last.workers.length === count && !last.failure) return last;
    if (last) void last.close();
    WorkerPool.last = new WorkerPool(count);
    return WorkerPool.last;
  }

  /** Ends the kept pool (tests and tools that want a clean exit). */
  static async closeAll(): Promise<void> {
    await WorkerPool.last?.close();
  }

  private readonly workers: Worker[] = [];
  private readonly waiting: ((r: Reply) => void)[][] = [];
  private failure: Error | undefined;
  private failed: (e: Error) => void = () => {};
  private readonly failurePromise: Promise<never>;
  private readonly readyReplies: Promise<Reply[]>;
  private closing = false;

  private constructor(count: number) {
    this.failurePromise = new Promise<never>((_, reject) => {
      this.failed = reject;
    });
    this.failurePromise.catch(() => {});
    const entry = new URL('./worker-entry.js', import.meta.url);
    for (let index = 0; index < count; index++) {
      const worker = new Worker(entry, { workerData: { count, index } satisfies WorkerInit });
      this.waiting.push([]);
      worker.on('message', (reply: Reply) => {
        if (reply.type === 'error') return this.fail(workerError(reply));
        const next = this.waiting[index].shift();
        next?.(reply);
      });
      worker.on('error', (e) => this.fail(e instanceof Error ? e : new Error(String(e))));
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`worker ${index} exited with code ${code}`));
      });
      // After the listeners: adding a 'message' listener refs the worker again.
      worker.unref();
      this.workers.push(worker);
    }
    this.readyReplies = Promise.all(this.workers.map((_, w) => this.reply(w)));
    this.readyReplies.catch(() => {});
  }

  async ready(): Promise<void> {
    await this.race(this.readyReplies);
  }

  all(command: Command): Promise<Reply[]> {
    return this.some(
      this.workers.map((_, w) => w),
      command,
    );
  }

  /** Sends `command` to the workers in `which` (awaiting their replies) and `others` to the rest. */
  some(which: number[], command: Command, others?: Command): Promise<Reply[]> {
    const replies: Promise<Reply>[] = [];
    this.workers.forEach((worker, w) => {
      if (which.includes(w)) {
        replies.push(this.reply(w));
        worker.postMessage(command);
      } else if (others) worker.postMessage(others);
    });
    return this.race(Promise.all(replies)).then((rs) => {
      // Indexed by worker; workers not asked have no entry.
      const out: Reply[] = new Array(this.workers.length);
      which.forEach((w, i) => (out[w] = rs[i]));
      return out;
    });
  }

  postTo(w: number, command: Command): void {
    this.workers[w].postMessage(command);
  }

  post(command: Command): void {
    for (const worker of this.workers) worker.postMessage(command);
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (WorkerPool.last === this) WorkerPool.last = undefined;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private reply(w: number): Promise<Reply> {
    return new Promise((resolve) => this.waiting[w].push(resolve));
  }

  private race<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p, this.failurePromise]);
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    this.failed(e);
    void this.close();
  }
}

/** Terminates the worker pool kept for the next parallel check, if any. */
export function closeWorkerPools(): Promise<void> {
  return WorkerPool.closeAll();
}

function workerError(reply: Extract<Reply, { type: 'error' }>): Error {
  if (reply.evaluation) return new ModelEvaluationError(reply.message, reply.evaluation.state, reply.evaluation.action, reply.evaluation.path);
  return new Error(`a parallel worker failed: ${reply.message}`);
}

/** The options narrowed to a parallel run, or undefined when the run is sequential (workers <= 1, no model source, DFS). */
export function usesWorkers<S, A>(options: CheckOptions<S, A>): (CheckOptions<S, A> & ParallelOptions) | undefined {
  if (options.workers === undefined || options.workers <= 1 || !options.modelSource || options.strategy === 'dfs') return undefined;
  return options as CheckOptions<S, A> & ParallelOptions;
}
