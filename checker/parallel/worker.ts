/**
 * One worker of a parallel search. It rebuilds the model from its source once, then
 * serves run after run (the coordinator keeps its pool for the next check of the same
 * source), obeying the coordinator level by level (protocol.ts): expand its own
 * frontier, claim successors in the shared table, report what it found.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { deadlockFree, type Property } from '../property.ts';
import { PropertyTracker, sharedView, type StateBits } from '../property-tracker.ts';
import { ModelEvaluationError } from '../result.ts';
import { EdgeList, type EdgeColumns } from '../store/edge-list.ts';
import { FairnessUnits } from '../fairness-units.ts';
import { loadModelSource, type ModelTarget } from './model-source.ts';
import { SharedStateStore } from './shared-store.ts';
import { PackedLevel, type Level, type LevelWork, type SharedLevelData } from './level.ts';
import { SharedLevelWork } from './shared-level.ts';
import { LevelExpander, type LevelOutcome } from './level-expander.ts';
import type { Command, Finding, Reply, RunInit, WorkerInit } from './protocol.ts';
import { CoverageCounter } from '../coverage.ts';
import { canonicalModel } from '../symmetry.ts';

const init = workerData as WorkerInit;
const port = parentPort!;
const send = (reply: Reply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);

/** The state of one run in this worker. */
class WorkerRun {
  readonly trackers: PropertyTracker<any, any>[];
  readonly store: SharedStateStore;
  readonly edges: EdgeList | undefined;
  readonly units: FairnessUnits | undefined;
  readonly expander: LevelExpander<any, any>;
  readonly coverage: CoverageCounter<any, any> | undefined;
  private readonly reported: boolean[];
  /** What this worker expands in the current level: its own claims, or every worker's shared ones. */
  work: LevelWork<any>;
  next: Level<any>;
  depth = 0;

  private readonly target: ModelTarget;

  constructor(target: ModelTarget, run: RunInit) {
    if (run.symmetry && !target.model.symmetry) throw new Error('the model source gives the workers a model without the symmetry the coordinator uses');
    this.target = run.symmetry ? { ...target, model: canonicalModel(target.model) } : target;
    const byName = new Map<string, Property<any, any>>(target.properties.map((p) => [p.name, p]));
    const properties = run.propertyNames.map((name) => {
      const p = byName.get(name) ?? (name === 'deadlock' ? deadlockFree() : undefined);
      if (!p) throw new Error(`the worker's model has no property "${name}"`);
      return p;
    });
    // As check() does for a sequential search: properties that share a view get it once per state.
    const view = sharedView(properties);
    this.trackers = properties.map((p) => new PropertyTracker<any, any>(p, view));
    this.store = new SharedStateStore(run.buffers);
    this.edges = run.needGraph ? new EdgeList() : undefined;
    this.units = run.needGraph ? new FairnessUnits(target.fairness) : undefined;
    const bounds = { maxDepth: run.maxDepth ?? Infinity, maxStates: run.maxStates ?? Infinity, stopOnFirst: run.stopOnFirst };
    this.coverage = run.coverage ? new CoverageCounter<any, any>(this.target.model) : undefined;
    this.expander = new LevelExpander<any, any>(this.target.model, this.trackers, this.store, bounds, { edges: this.edges, units: this.units, view, coverage: this.coverage });
    this.reported = this.trackers.map(() => false);
    this.work = this.expander.newLevel();
    this.next = this.expander.newLevel();
  }

  /** Re-runs the coordinator's BFS up to `depth`, without properties: the same states, found by fingerprint. */
  rebuild(depth: number, frontierIds: Int32Array): void {
    const { model } = this.target;
    const seen = new Set<number>();
    let level: { state: any; id: number }[] = [];
    for (const state of model.initialStates()) {
      const id = this.expander.find(state);
      if (id >= 0 && !seen.has(id)) {
        seen.add(id);
        level.push({ state, id });
      }
    }
    for (let d = 0; d < depth; d++) {
      const deeper: { state: any; id: number }[] = [];
      for (const { state } of level) {
        for (const action of model.actions(state)) {
          const succ = model.nextState(state, action);
          if (succ === undefined) continue;
          const id = this.expander.find(succ);
          if (id < 0 || seen.has(id)) continue;
          seen.add(id);
          deeper.push({ state: succ, id });
        }
      }
      level = deeper;
    }
    const byId = new Map(level.map((e) => [e.id, e.state]));
    this.depth = depth;
    const own = this.expander.newLevel();
    this.work = own;
    for (let i = init.index; i < frontierIds.length; i += init.count) {
      const state = byId.get(frontierIds[i]);
      if (state === undefined) throw new Error(`worker ${init.index} could not rebuild state ${frontierIds[i]} of level ${depth}: is the model deterministic?`);
      own.push(state, frontierIds[i]);
    }
  }

  expand(): void {
    const outcome = this.expander.expand(this.work, this.next, this.depth);
    this.report(outcome);
  }

  nextLevel(shared: SharedLevelData[] | undefined): void {
    this.work = shared ? new SharedLevelWork(shared, init.index) : this.next;
    this.next = this.expander.newLevel();
    this.depth++;
    this.expand();
  }

  /** Moves the last `count` states of the next frontier to the coordinator, for another worker. */
  give(count: number): void {
    const model = this.target.model;
    const taken = this.next.removeLast(count);
    const ids = taken.ids;
    const states = taken.states.map((s) => model.toTransfer!(s));
    send({ type: 'given', ids, states }, [ids.buffer as ArrayBuffer]);
  }

  take(ids: Int32Array, states: unknown[]): void {
    const model = this.target.model;
    for (let i = 0; i < ids.length; i++) this.next.push(model.fromTransfer!(states[i]), ids[i]);
  }

  private report(outcome: LevelOutcome): void {
    send({
      type: 'level',
      outcome,
      claimed: this.next.length,
      ...(outcome === 'done' && this.next instanceof PackedLevel ? { shared: this.next.share() } : {}),
      transitions: this.expander.transitions,
      depthCut: this.expander.depthCut,
      canTransfer: this.target.model.toTransfer !== undefined && this.target.model.fromTransfer !== undefined,
      findings: this.findings(),
      premiseSeen: this.trackers.map((t) => t.premiseSeen),
      obligationPremiseSeen: this.trackers.map((t) => t.obligations.map((o) => o.premiseSeen)),
    });
  }

  /** What this worker found and has not reported yet: its first of each, so its shortest. */
  private findings(): Finding[] {
    const out: Finding[] = [];
    this.trackers.forEach((t, tracker) => {
      const at = t.found ?? t.witness;
      if (this.reported[tracker] || at === undefined) return;
      this.reported[tracker] = true;
      const length = this.store.pathTo(at.stateId).length - 1 + (at.actionIndex === undefined ? 0 : 1);
      out.push({ tracker, what: t.found ? 'found' : 'witness', stateId: at.stateId, actionIndex: at.actionIndex, length });
    });
    return out;
  }

  /** Edges and liveness bits (moved rather than copied) and coverage to the coordinator. */
  finish(): void {
    const n = this.store.size;
    const transfer: ArrayBuffer[] = [];
    const own = <T extends Int32Array | Uint16Array | Uint8Array>(a: T): T => {
      const c = a.slice() as T;
      transfer.push(c.buffer as ArrayBuffer);
      return c;
    };
    // Fresh copies already: transferred as they are.
    const words = (bits: StateBits) => {
      const w = bits.wordsFor(n);
      transfer.push(w.buffer as ArrayBuffer);
      return w;
    };
    const bits = this.trackers.map((t) => t.obligations.map((o) => (o.p === 'initial' ? { q: words(o.q) } : { p: words(o.p), q: words(o.q) })));
    const e = this.edges;
    send(
      {
        type: 'finished',
        units: this.units ? [...this.units.units] : [],
        bits,
        edges: e ? ownColumns(e.columns(), own) : undefined,
        ...(this.coverage ? { coverage: this.coverage.result() } : {}),
      },
      transfer,
    );
  }
}

let loaded: { key: string; target: ModelTarget } | undefined;
let run: WorkerRun | undefined;
port.on('message', async (command: Command) => {
  try {
    switch (command.type) {
      case 'start': {
        const key = JSON.stringify(command.run.source);
        if (loaded?.key !== key) loaded = { key, target: await loadModelSource(command.run.source) };
        run = new WorkerRun(loaded.target, command.run);
        run.rebuild(command.depth, command.frontierIds);
        run.expand();
        return;
      }
      case 'level':
        run!.nextLevel(command.shared);
        return;
      case 'resume':
        run!.store.attach(command.buffers);
        run!.expand();
        return;
      case 'buffers':
        run!.store.attach(command.buffers);
        return;
      case 'give':
        run!.give(command.count);
        return;
      case 'take':
        run!.take(command.ids, command.states);
        return;
      case 'finish':
        run!.finish();
        run = undefined;
        return;
    }
  } catch (error) {
    fail(error);
  }
});
send({ type: 'ready' });

function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ModelEvaluationError) send({ type: 'error', message, evaluation: { state: error.state, action: error.action, path: error.path } });
  else send({ type: 'error', message: error instanceof Error && error.stack ? error.stack : message });
}


/** Every column copied into a buffer of its own (transferred, not cloned). */
function ownColumns(c: EdgeColumns, own: <T extends Int32Array | Uint16Array | Uint8Array>(a: T) => T): EdgeColumns {
  return { runSource: own(c.runSource), runStart: own(c.runStart), target: own(c.target), action: own(c.action), process: own(c.process), extra: own(c.extra) };
}
