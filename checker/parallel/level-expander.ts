/**
 * One BFS level of a parallel search, as run by the coordinator (the first, narrow
 * levels) and by every worker (its share of each later level): expand each state of
 * the frontier through the model, claim its successors in the shared table, keep the
 * ones this thread claimed as its next frontier, and evaluate the properties on them
 * and on the steps, exactly as the sequential explorer does (checker/explore.ts).
 */
import type { Model } from '../model.ts';
import { evaluationError, propertyError } from '../evaluation-error.ts';
import { endsWithoutDeadlock } from '../deadlock.ts';
import { fingerprint, fingerprintInts, fpHi, fpLo } from '../fingerprint.ts';
import type { PropertyTracker } from '../property-tracker.ts';
import { SearchTrackers } from '../search-trackers.ts';
import type { EdgeList } from '../store/edge-list.ts';
import type { FairnessUnits } from '../fairness-units.ts';
import { ObjectLevel, PackedLevel, type Level, type LevelWork } from './level.ts';
import { PAUSE, STOP, type SharedStateStore } from './shared-store.ts';
import type { CoverageCounter } from '../coverage.ts';

export interface LevelBounds {
  maxDepth: number;
  maxStates: number;
  stopOnFirst: boolean;
}

/** What a search records besides the states and properties, each when asked for. */
export interface LevelRecording<S, A> {
  /** The graph, for liveness. */
  edges?: EdgeList;
  units?: FairnessUnits;
  /** The view the trackers evaluate, made once per new state and step end (search-trackers.ts). */
  view?: (state: S) => unknown;
  /** This thread's share of the run's coverage (the threads' shares add up: each state is new in one). */
  coverage?: CoverageCounter<S, A>;
}

/** done: the level is expanded; paused: the table must grow first; stopped: the run ends. */
export type LevelOutcome = 'done' | 'paused' | 'stopped';

export class LevelExpander<S, A> {
  transitions = 0;
  depthCut = false;
  private readonly tracked: SearchTrackers<S, A>;
  private readonly checkDeadlock: boolean;

  private readonly edges: EdgeList | undefined;
  private readonly units: FairnessUnits | undefined;
  private readonly coverage: CoverageCounter<S, A> | undefined;

  constructor(
    private readonly model: Model<S, A>,
    private readonly trackers: PropertyTracker<S, A>[],
    private readonly store: SharedStateStore,
    private readonly bounds: LevelBounds,
    recording: LevelRecording<S, A> = {},
  ) {
    this.edges = recording.edges;
    this.units = recording.units;
    this.coverage = recording.coverage;
    this.tracked = new SearchTrackers(trackers, recording.view);
    this.checkDeadlock = trackers.some((t) => t.property.kind === 'deadlock');
    this.portable = model.encodeInts !== undefined && model.portableInts === true;
    // A packed model may build successors in a reused buffer: one is copied only when kept.
    this.transient = this.portable && model.nextStateTransient !== undefined;
    this.listed = this.transient && model.nextOfListed !== undefined;
  }

  private readonly portable: boolean;
  private readonly transient: boolean;
  /** Each state's actions are stepped right after they are listed: the model may step by index. */
  private readonly listed: boolean;

  /** An empty level in the form this model's states take (packed when steps are transient). */
  newLevel(): Level<S> {
    return this.transient ? (new PackedLevel() as unknown as Level<S>) : new ObjectLevel<S>();
  }

  /** The initial states not yet stored, claimed into `into` (the coordinator's level 0). */
  claimInitial(into: Level<S>): number {
    const initial = this.evaluate(() => this.model.initialStates(), undefined, undefined, -1);
    for (let i = 0; i < initial.length; i++) {
      const id = this.claim(initial[i], -1, i);
      if (!this.store.isNew) continue;
      const coverage = this.coverage;
      if (coverage !== undefined) this.evaluate(() => coverage.newState(initial[i]), initial[i], undefined, id);
      let violated: boolean;
      try {
        violated = this.tracked.onState(initial[i], id);
      } catch (cause) {
        throw this.trackerError(cause, initial[i], undefined, id);
      }
      if (violated) this.violated();
      into.push(initial[i], id);
    }
    return initial.length;
  }

  /** Fingerprints `state` (an encoding equal in every thread) and finds or inserts it. */
  claim(state: S, parent: number, action: number): number {
    this.fingerprint(state, parent);
    return this.store.findOrInsert(fpHi, fpLo, parent, action);
  }

  /** The stored id of `state`, or -1. */
  find(state: S): number {
    this.fingerprint(state, -1);
    return this.store.find(fpHi, fpLo);
  }

  private fingerprint(state: S, parent: number): void {
    const { model } = this;
    // Inline try/catch, no closure: this runs for every transition.
    try {
      if (this.portable) fingerprintInts(model.encodeInts!(state));
      else fingerprint(model.encode(state));
    } catch (cause) {
      throw evaluationError(cause, model, state, undefined, parent >= 0 ? this.indexPath(parent) : undefined);
    }
  }

  /** Expands what is left to take of `frontier` (at `depth`); new states go to `next`. */
  expand(frontier: LevelWork<S>, next: Level<S>, depth: number): LevelOutcome {
    const { model, store } = this;
    const { maxDepth, maxStates } = this.bounds;
    for (;;) {
      // The flags before taking a state: a paused level resumes with the state not yet taken.
      const flag = store.flag;
      if (flag === PAUSE) return 'paused';
      if (flag === STOP) return 'stopped';
      if (!frontier.take()) break;
      const state = frontier.state;
      const id = frontier.id;
      let actions: readonly A[];
      try {
        actions = model.actions(state);
      } catch (cause) {
        throw evaluationError(cause, model, state, undefined, this.indexPath(id));
      }
      let enabled = 0;
      this.tracked.expanding();
      const coverage = this.coverage;
      if (coverage !== undefined) this.evaluate(() => coverage.listed(actions), state, undefined, id);
      for (let i = 0; i < actions.length; i++) {
        const action = actions[i];
        let succ: S | undefined;
        try {
          succ = this.listed ? model.nextOfListed!(i, action) : this.transient ? model.nextStateTransient!(state, action) : model.nextState(state, action);
        } catch (cause) {
          throw evaluationError(cause, model, state, action, this.indexPath(id));
        }
        if (succ === undefined) continue;
        enabled++;
        if (depth >= maxDepth) {
          this.depthCut = true;
          break;
        }
        this.transitions++;
        const nextId = this.claim(succ, id, i);
        let violated = false;
        const isNew = store.isNew;
        if (coverage !== undefined) {
          this.evaluate(() => coverage.took(state, action, i, isNew), state, action, id);
          if (isNew) this.evaluate(() => coverage.newState(succ), state, action, id);
        }
        // A property that throws is the model's error (exit 75), as in checker/explore.ts.
        if (isNew) {
          try {
            violated = this.tracked.onState(succ, nextId);
          } catch (cause) {
            throw this.trackerError(cause, succ, undefined, nextId);
          }
          // A transient successor is copied by the packed level.
          next.push(succ, nextId);
        }
        try {
          if (this.tracked.onStep(state, action, succ, isNew, id, i)) violated = true;
        } catch (cause) {
          throw this.trackerError(cause, state, action, id);
        }
        if (this.edges && this.units) {
          const process = this.units.processUnit(this.evaluate(() => model.process(action, state), state, action, id));
          this.edges.add(id, nextId, i, process, this.units.extraUnit(action, state));
        }
        if (violated) this.violated();
      }
      if (enabled === 0 && this.checkDeadlock && !this.evaluate(() => endsWithoutDeadlock(model, state), state, undefined, id)) {
        for (const t of this.trackers) if (t.onDeadlock(id)) this.violated();
      }
      // The shared count is read only under a bound: every worker writes it.
      if (maxStates < Infinity && store.size >= maxStates && (next.length > 0 || frontier.remaining)) store.stop('max-states');
    }
    return 'done';
  }

  private violated(): void {
    if (this.bounds.stopOnFirst) this.store.stop('stop-on-first');
  }

  /** Runs model code, turning a throw into a ModelEvaluationError naming state, action and path. */
  private evaluate<T>(run: () => T, state: S | undefined, action: A | undefined, id: number): T {
    try {
      return run();
    } catch (cause) {
      throw evaluationError(cause, this.model, state, action, id >= 0 ? this.indexPath(id) : undefined);
    }
  }

  /** A throw out of the trackers (evaluation-error.ts propertyError). */
  private trackerError(cause: unknown, state: S, action: A | undefined, id: number): unknown {
    return propertyError(cause, this.model, state, action, () => this.indexPath(id));
  }

  private indexPath(id: number) {
    const ids = this.store.pathTo(id);
    return { init: this.store.actions.get(ids[0]), actions: ids.slice(1).map((s) => this.store.actions.get(s)) };
  }
}
