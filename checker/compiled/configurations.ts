/**
 * Whole configurations (ConfigInfo, one per distinct set of region slots) and the
 * microstep of a set of transitions on one, computed by xstate's semantics
 * (semantics.ts) once per configuration, transitions and history slots.
 */
import type { AnyStateNode, EventObject, StateValue } from 'xstate';
import type { Candidate } from './candidates.ts';
import type { CompiledStats } from './compile-machine.ts';
import type { CompiledAction, ConfigView } from './guards-actions.ts';
import type { HistorySlots } from './history-slots.ts';
import type { Layout } from './layout.ts';
import { isInFinalState, microstepOutcome } from './semantics.ts';
import { deepFreeze, stateValueOf } from './state-values.ts';

/** What a microstep does besides setting the region slots (a whole step's, or a local one's: local-microstep.ts). */
export interface MicrostepEffects {
  /** The history slots after the step, or null when it records no history. */
  readonly history: Int32Array | null;
  readonly actions: readonly CompiledAction[];
  readonly doneEvents: readonly EventObject[];
  /** xstate returns a new snapshot object (the step counts as taken). */
  readonly changed: boolean;
}

/** A memoised microstep on a whole configuration (the cold path). */
export interface StepResult extends MicrostepEffects {
  readonly next: ConfigInfo;
}

/**
 * One whole configuration: for the cold paths only (eventless transitions, several
 * transitions in one microstep, reaching a final configuration, stateIn guards,
 * fallback), since a parallel machine has about as many configurations as states.
 */
export class ConfigInfo implements ConfigView {
  readonly nodeSet: ReadonlySet<AnyStateNode>;
  readonly status: 'active' | 'done';
  readonly value: StateValue;
  readonly memo = new Map<string, StepResult>();
  /** Per atomic node (document order): its own and its ancestors' eventless candidates. */
  eventless: (readonly (readonly Candidate[])[])[] | null | undefined;

  constructor(
    readonly slots: Int32Array,
    readonly nodes: readonly AnyStateNode[],
  ) {
    this.nodeSet = new Set(nodes);
    this.status = isInFinalState(this.nodeSet, nodes[0]) ? 'done' : 'active';
    this.value = deepFreeze(stateValueOf(nodes[0], this.nodeSet));
  }
}

export interface Configurations {
  /** The configuration of a head's region slots (its first R ints). */
  configOfSlots(slots: ArrayLike<number>): ConfigInfo;
  /** The region slots of a set of active nodes. */
  slotsOfNodes(active: ReadonlySet<AnyStateNode>): Int32Array;
  /** The microstep of `selected` from `config`, with the history slots of `head`; memoised. */
  fullMicrostep(config: ConfigInfo, head: ArrayLike<number>, selected: readonly Candidate[]): StepResult;
}

export function configurations(parts: {
  layout: Layout;
  stats: CompiledStats;
  history: HistorySlots;
  compiledActions: (raws: readonly unknown[]) => CompiledAction[];
}): Configurations {
  const { layout, stats, compiledActions } = parts;
  const { historyRecord, historySlots, histKey } = parts.history;
  const R = layout.regionCount;
  const H = layout.histories.length;
  const configs = new Map<string, ConfigInfo>();
  const configOfSlots = (slots: ArrayLike<number>): ConfigInfo => {
    let key = '';
    for (let r = 0; r < R; r++) key += slots[r] + ',';
    let info = configs.get(key);
    if (!info) {
      const own = Int32Array.from({ length: R }, (_, r) => slots[r]);
      info = new ConfigInfo(own, layout.activeNodes(own));
      configs.set(key, info);
      stats.configurations++;
    }
    return info;
  };
  const slotsOfNodes = (active: ReadonlySet<AnyStateNode>): Int32Array => {
    const slots = new Int32Array(R);
    layout.regionValues(active, slots);
    return slots;
  };

  // ---- the memoised microstep on a whole configuration ----
  const fullMicrostep = (config: ConfigInfo, head: ArrayLike<number>, selected: readonly Candidate[]): StepResult => {
    let key = '';
    for (const c of selected) key += c.id + ',';
    if (H > 0) key += histKey(head);
    let result = config.memo.get(key);
    if (!result) {
      const hist = H > 0 ? Int32Array.from({ length: H }, (_, h) => head[R + h]) : null;
      const outcome = microstepOutcome(
        selected.map((c) => c.t),
        config.nodeSet,
        historyRecord(hist),
      );
      const next = configOfSlots(slotsOfNodes(outcome.next));
      const actions = compiledActions(outcome.actions);
      if (outcome.done !== (next.status === 'done')) throw new Error(`internal: done status mismatch entering '${next.nodes.map((n) => n.id).join(',')}'`);
      result = {
        next,
        history: outcome.historyTouched ? historySlots(outcome.history) : null,
        actions,
        doneEvents: outcome.doneEvents.map((id) => ({ type: `xstate.done.state.${id}`, output: undefined })),
        changed: next !== config || outcome.historyTouched || actions.length > 0 || outcome.done,
      };
      config.memo.set(key, result);
      stats.microsteps++;
    }
    return result;
  };
  return { configOfSlots, slotsOfNodes, fullMicrostep };
}
