/**
 * A packed state seen as a snapshot, for what reads snapshots rather than ints:
 * properties, views, a model's events function, and xstate itself on the cold paths
 * (a real snapshot, resolved from the unpacked one).
 *
 * The unpacked snapshot is built eagerly but cheaply: region values come from frozen
 * values per region path, the node list and tags only when asked (a prototype getter).
 */
import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode, StateValue } from 'xstate';
import { matchesState } from 'xstate';
import { childrenOf, type Layout } from './layout.ts';
import { SameInts } from './same-ints.ts';
import type { HistoryRecord } from './semantics.ts';
import { chainValue, deepFreeze } from './state-values.ts';

/** A packed state seen as a snapshot: what properties, views and events functions read. */
export interface UnpackedSnapshot {
  readonly status: 'active' | 'done';
  readonly value: StateValue;
  readonly context: any;
  readonly historyValue: Record<string, AnyStateNode[]>;
  readonly _nodes: readonly AnyStateNode[];
  readonly machine: AnyStateMachine;
  readonly children: Record<string, never>;
  readonly tags: ReadonlySet<string>;
  readonly output: undefined;
  readonly error: undefined;
  matches(value: StateValue): boolean;
  hasTag(tag: string): boolean;
}

export interface Unpacking {
  unpack(state: Int32Array): UnpackedSnapshot;
  /** A real xstate snapshot of the packed state (machine.resolveState), for cold paths. */
  toSnapshot(state: Int32Array): AnyMachineSnapshot;
}

/** Unpacking for one compiled machine, over its configurations, context and history. */
export function unpacking(parts: {
  machine: AnyStateMachine;
  layout: Layout;
  isDone: (state: ArrayLike<number>) => boolean;
  configOfSlots: (slots: ArrayLike<number>) => { readonly nodes: readonly AnyStateNode[] };
  contextOf: (state: Int32Array) => any;
  historyRecord: (hist: ArrayLike<number> | null) => HistoryRecord;
}): Unpacking {
  const { machine, layout, isDone, configOfSlots, contextOf, historyRecord } = parts;
  const R = layout.regionCount;
  const H = layout.histories.length;
  const historyOf = (state: ArrayLike<number>): Int32Array | null => (H === 0 ? null : Int32Array.from({ length: H }, (_, h) => state[R + h]));
  const pathValues = layout.regions.map((region) =>
    region.paths.map((path) => (path[path.length - 1].type === 'parallel' ? undefined : deepFreeze(chainValue(path, 0, () => ({}))))),
  );
  const valueOf = (node: AnyStateNode, state: ArrayLike<number>): StateValue => {
    if (node.type === 'compound') {
      const r = layout.slotOfOwner.get(node)!;
      const p = state[r];
      return pathValues[r][p] ?? chainValue(layout.regions[r].paths[p], 0, (end) => valueOf(end, state));
    }
    const value: Record<string, StateValue> = {};
    for (const child of childrenOf(node)) value[child.key] = child.type === 'parallel' || child.type === 'compound' ? valueOf(child, state) : {};
    return value;
  };
  const snapshotProto = {
    matches(this: UnpackedSnapshot, value: StateValue) {
      return matchesState(value, this.value);
    },
    hasTag(this: UnpackedSnapshot, tag: string) {
      return this.tags.has(tag);
    },
    get _nodes(): readonly AnyStateNode[] {
      return configOfSlots((this as unknown as { slots: number[] }).slots).nodes;
    },
    get tags(): ReadonlySet<string> {
      return new Set(this._nodes.flatMap((n) => n.tags));
    },
    toJSON(this: UnpackedSnapshot) {
      return { status: this.status, value: this.value, context: this.context, historyValue: this.historyValue, children: {}, output: undefined, error: undefined, tags: [...this.tags] };
    },
  };
  const lastUnpackedState = new SameInts();
  let lastUnpacked: UnpackedSnapshot | undefined;
  const unpack = (state: Int32Array): UnpackedSnapshot => {
    if (lastUnpackedState.matches(state)) return lastUnpacked!;
    const snapshot = Object.create(snapshotProto) as Record<string, unknown>;
    // Only the region slots, as a small array (a copy of a whole state is an allocation
    // outside the heap each, and this runs for every state properties look at).
    const slots: number[] = new Array(R);
    for (let r = 0; r < R; r++) slots[r] = state[r];
    snapshot.slots = slots;
    snapshot.status = isDone(state) ? 'done' : 'active';
    snapshot.value = valueOf(machine.root, state);
    snapshot.context = contextOf(state);
    snapshot.historyValue = H === 0 ? {} : historyRecord(historyOf(state));
    snapshot.machine = machine;
    snapshot.children = {};
    snapshot.output = undefined;
    snapshot.error = undefined;
    lastUnpackedState.remember(state);
    lastUnpacked = snapshot as unknown as UnpackedSnapshot;
    return lastUnpacked;
  };
  const toSnapshot = (state: Int32Array): AnyMachineSnapshot => {
    const u = unpack(state);
    return machine.resolveState({ value: u.value, context: u.context, historyValue: u.historyValue } as never) as AnyMachineSnapshot;
  };
  return { unpack, toSnapshot };
}
