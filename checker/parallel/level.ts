/**
 * One BFS level of a parallel search: its states with their ids, and how far its
 * expansion has got. Two forms: states as objects, or, for packed models (Int32Array
 * states that mean the same in every thread), their ints copied into one growable array.
 *
 * Why the packed form: a worker keeps every state it claims until the next level, and
 * a JS object per state (a small typed array and its backing store) made the workers'
 * heaps churn; their concurrent GC took CPU from the other worker on a 2-core machine.
 */
import { GrowableInt32 } from '../store/growable-int32.ts';

/**
 * What a thread expands in one BFS level: states taken one at a time, from its own level
 * or, when levels are shared (shared-level.ts), from any worker's.
 */
export interface LevelWork<S> {
  /** Takes the next state into `state` and `id`; false once none is left to take. */
  take(): boolean;
  /** The state taken last. In the packed forms a buffer the next take reuses. */
  readonly state: S;
  readonly id: number;
  /** Whether states are left that no thread has taken yet. */
  readonly remaining: boolean;
}

export interface Level<S> extends LevelWork<S> {
  readonly length: number;
  /** The next state to expand. */
  cursor: number;
  push(state: S, id: number): void;
  /** State i. In the packed form a buffer reused by the next stateAt: copy it to keep it. */
  stateAt(i: number): S;
  idAt(i: number): number;
  /** Every id, in order. */
  ids(): Int32Array;
  /** Removes the last `count` entries (or all there are) and returns them, states as fresh objects. */
  removeLast(count: number): { ids: Int32Array; states: S[] };
}

/** A packed level in shared memory: entry i is words[offsets[i], offsets[i + 1]), its id ids[i]; `cursor` (one Int32) is the next entry no thread has taken. */
export interface SharedLevelData {
  length: number;
  words: SharedArrayBuffer;
  offsets: SharedArrayBuffer;
  ids: SharedArrayBuffer;
  cursor: SharedArrayBuffer;
}

export class ObjectLevel<S> implements Level<S> {
  private readonly states: S[] = [];
  private readonly idList: number[] = [];
  cursor = 0;
  state!: S;
  id = -1;

  get length(): number {
    return this.idList.length;
  }

  take(): boolean {
    if (this.cursor >= this.length) return false;
    const at = this.cursor++;
    this.state = this.states[at];
    this.id = this.idList[at];
    // Expanded states may be collected while the level goes on.
    this.states[at] = undefined as S;
    return true;
  }

  get remaining(): boolean {
    return this.cursor < this.length;
  }

  push(state: S, id: number): void {
    this.states.push(state);
    this.idList.push(id);
  }

  stateAt(i: number): S {
    return this.states[i];
  }

  idAt(i: number): number {
    return this.idList[i];
  }

  ids(): Int32Array {
    return Int32Array.from(this.idList);
  }

  removeLast(count: number): { ids: Int32Array; states: S[] } {
    const from = Math.max(this.cursor, this.length - count);
    const taken = { ids: Int32Array.from(this.idList.slice(from)), states: this.states.slice(from) };
    this.states.length = from;
    this.idList.length = from;
    return taken;
  }
}

/** Packed states of any length: entry i is words[offsets[i], offsets[i + 1]). */
export class PackedLevel implements Level<Int32Array> {
  private readonly words = new GrowableInt32(1 << 12);
  private readonly offsets = new GrowableInt32(1 << 10);
  private readonly idList = new GrowableInt32(1 << 10);
  cursor = 0;
  state: Int32Array = new Int32Array(0);
  id = -1;

  constructor() {
    this.offsets.push(0);
  }

  get length(): number {
    return this.idList.length;
  }

  take(): boolean {
    if (this.cursor >= this.length) return false;
    const at = this.cursor++;
    this.stateAt(at);
    this.id = this.idList.data[at];
    return true;
  }

  get remaining(): boolean {
    return this.cursor < this.length;
  }

  /** The level copied into shared memory, for every worker to take from (shared-level.ts). */
  share(): SharedLevelData {
    const n = this.length;
    const words = new Int32Array(new SharedArrayBuffer(4 * this.words.length));
    words.set(this.words.view());
    const offsets = new Int32Array(new SharedArrayBuffer(4 * (n + 1)));
    offsets.set(this.offsets.view());
    const ids = new Int32Array(new SharedArrayBuffer(4 * n));
    ids.set(this.idList.view());
    return { length: n, words: words.buffer as SharedArrayBuffer, offsets: offsets.buffer as SharedArrayBuffer, ids: ids.buffer as SharedArrayBuffer, cursor: new SharedArrayBuffer(4) };
  }

  push(state: Int32Array, id: number): void {
    const words = this.words;
    for (let i = 0; i < state.length; i++) words.push(state[i]);
    this.offsets.push(words.length);
    this.idList.push(id);
  }

  stateAt(i: number): Int32Array {
    return (this.state = entryInto(this.words.data, this.offsets.data, i, this.state));
  }

  idAt(i: number): number {
    return this.idList.data[i];
  }

  ids(): Int32Array {
    return this.idList.view().slice();
  }

  removeLast(count: number): { ids: Int32Array; states: Int32Array[] } {
    const from = Math.max(this.cursor, this.length - count);
    const states: Int32Array[] = [];
    for (let i = from; i < this.length; i++) states.push(this.words.data.slice(this.offsets.data[i], this.offsets.data[i + 1]));
    const ids = this.idList.data.slice(from, this.length);
    this.words.length = this.offsets.data[from];
    this.offsets.length = from + 1;
    this.idList.length = from;
    return { ids, states };
  }
}

/**
 * Entry i of a packed level (words[offsets[i], offsets[i + 1])) copied into `buffer`,
 * or into a new array when the length differs; returns the array written.
 */
export function entryInto(words: Int32Array, offsets: Int32Array, i: number, buffer: Int32Array): Int32Array {
  const from = offsets[i];
  const length = offsets[i + 1] - from;
  const out = buffer.length === length ? buffer : new Int32Array(length);
  for (let k = 0; k < length; k++) out[k] = words[from + k];
  return out;
}
