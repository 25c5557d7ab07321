/**
 * The visited set of a parallel search: one open-addressing fingerprint table over
 * SharedArrayBuffers, written by every worker at once without locks.
 *
 * table[slot] is 0 (empty), -1 (reserved: a worker is writing the state) or id + 1.
 * To insert, a worker claims an empty slot with compareExchange(0 -> -1), takes a
 * dense id from the shared counter, writes fingerprint, parent and action index, then
 * publishes the id into the slot. A reader that meets -1 spins until it is published
 * (a few stores away), so two workers never both insert one fingerprint.
 *
 * Only the coordinator grows the arrays, while every worker is paused: a worker whose
 * insertion passes the soft limit (half the slots) raises the pause flag, finishes the
 * state it is expanding (the ids between the soft and the hard limit are its headroom)
 * and waits; the coordinator rehashes into bigger buffers and posts them.
 */
import type { StoreView } from '../store/store-view.ts';

/**
 * Indices into the control array. The flag, which every worker reads once per state,
 * lives a cache line (64 bytes) away from the count, which every worker increments once
 * per new state: on one line, each read of the flag would wait for the line to come back
 * from the other core.
 */
export const CONTROL = {
  /** Next free state id. */
  count: 0,
  /** RUN, PAUSE (grow the table) or STOP. */
  flag: 16,
  /** Why the run stops (a STOP_REASONS index). */
  reason: 17,
} as const;
const CONTROL_INTS = 32;
export const RUN = 0;
export const PAUSE = 1;
export const STOP = 2;
export const STOP_REASONS = ['', 'stop-on-first', 'max-states', 'timeout', 'interrupted', 'max-memory'] as const;
export type StopReason = Exclude<(typeof STOP_REASONS)[number], ''>;

/** The shared buffers, as posted to a worker. */
export interface SharedBuffers {
  control: SharedArrayBuffer;
  table: SharedArrayBuffer;
  fps: SharedArrayBuffer;
  parents: SharedArrayBuffer;
  actions: SharedArrayBuffer;
}

const MIN_SLOTS = 1 << 16;

export class SharedStateStore implements StoreView {
  private control!: Int32Array;
  private table!: Int32Array;
  private fps!: Uint32Array;
  private parentIds!: Int32Array;
  private actionIds!: Int32Array;
  private mask = 0;
  /** Past this id a worker asks for growth. */
  private softLimit = 0;
  /** Ids available in the per-state arrays. */
  private capacity = 0;
  isNew = false;

  readonly parents = { get: (id: number): number => this.parentIds[id] };
  readonly actions = { get: (id: number): number => this.actionIds[id] };

  constructor(buffers: SharedBuffers) {
    this.attach(buffers);
  }

  /** A new, empty store (the coordinator's). */
  static create(slots = MIN_SLOTS): SharedStateStore {
    return new SharedStateStore(allocate(slots));
  }

  attach(b: SharedBuffers): void {
    this.control = new Int32Array(b.control);
    this.table = new Int32Array(b.table);
    this.fps = new Uint32Array(b.fps);
    this.parentIds = new Int32Array(b.parents);
    this.actionIds = new Int32Array(b.actions);
    this.mask = this.table.length - 1;
    this.softLimit = this.table.length >>> 1;
    this.capacity = this.parentIds.length;
  }

  get buffers(): SharedBuffers {
    return {
      control: this.control.buffer as SharedArrayBuffer,
      table: this.table.buffer as SharedArrayBuffer,
      fps: this.fps.buffer as SharedArrayBuffer,
      parents: this.parentIds.buffer as SharedArrayBuffer,
      actions: this.actionIds.buffer as SharedArrayBuffer,
    };
  }

  get size(): number {
    return Math.min(Atomics.load(this.control, CONTROL.count), this.capacity);
  }

  get byteLength(): number {
    return this.table.byteLength + this.fps.byteLength + this.parentIds.byteLength + this.actionIds.byteLength + this.control.byteLength;
  }

  get flag(): number {
    return Atomics.load(this.control, CONTROL.flag);
  }

  setFlag(flag: number): void {
    Atomics.store(this.control, CONTROL.flag, flag);
  }

  /** Raises STOP with a reason; the first reason given wins. */
  stop(reason: StopReason): void {
    Atomics.compareExchange(this.control, CONTROL.reason, 0, STOP_REASONS.indexOf(reason));
    Atomics.store(this.control, CONTROL.flag, STOP);
  }

  get stopReason(): StopReason | undefined {
    const r = Atomics.load(this.control, CONTROL.reason);
    return r === 0 ? undefined : (STOP_REASONS[r] as StopReason);
  }

  /** True when the table should grow before more states are inserted. */
  get overSoftLimit(): boolean {
    return this.size >= this.softLimit;
  }

  /** The id of the state with this fingerprint, or -1. */
  find(hi: number, lo: number): number {
    let slot = (hi ^ Math.imul(lo, 0x9e3779b1)) & this.mask;
    for (;;) {
      let v = Atomics.load(this.table, slot);
      if (v === 0) return -1;
      while (v === -1) v = Atomics.load(this.table, slot);
      const id = v - 1;
      if (this.fps[2 * id] === hi && this.fps[2 * id + 1] === lo) return id;
      slot = (slot + 1) & this.mask;
    }
  }

  /** As StateStore.findOrInsert, safe against concurrent inserts by other workers. */
  findOrInsert(hi: number, lo: number, parent: number, action: number): number {
    const table = this.table;
    const fps = this.fps;
    let slot = (hi ^ Math.imul(lo, 0x9e3779b1)) & this.mask;
    for (;;) {
      let v = Atomics.load(table, slot);
      if (v === 0) {
        v = Atomics.compareExchange(table, slot, 0, -1);
        if (v === 0) return this.insertAt(slot, hi, lo, parent, action);
      }
      while (v === -1) v = Atomics.load(table, slot);
      const id = v - 1;
      if (fps[2 * id] === hi && fps[2 * id + 1] === lo) {
        this.isNew = false;
        return id;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  private insertAt(slot: number, hi: number, lo: number, parent: number, action: number): number {
    const id = Atomics.add(this.control, CONTROL.count, 1);
    if (id >= this.capacity) {
      throw new Error(`internal: the shared state table is full (${this.capacity} ids); the pause-and-grow protocol failed`);
    }
    this.fps[2 * id] = hi;
    this.fps[2 * id + 1] = lo;
    this.parentIds[id] = parent;
    this.actionIds[id] = action;
    Atomics.store(this.table, slot, id + 1);
    this.isNew = true;
    if (id + 1 >= this.softLimit) Atomics.compareExchange(this.control, CONTROL.flag, RUN, PAUSE);
    return id;
  }

  fingerprintHi(id: number): number {
    return this.fps[2 * id];
  }

  fingerprintLo(id: number): number {
    return this.fps[2 * id + 1];
  }

  pathTo(id: number): number[] {
    const path: number[] = [];
    for (let cur = id; cur !== -1; cur = this.parentIds[cur]) path.push(cur);
    return path.reverse();
  }

  /**
   * Coordinator only, with every worker paused: moves everything into buffers with at
   * least four times as many slots as states (so the load is back to a quarter at most).
   */
  grow(): void {
    const n = this.size;
    let slots = this.table.length;
    while (n * 4 > slots) slots *= 2;
    if (slots === this.table.length) return;
    const b = allocate(slots, this.control.buffer as SharedArrayBuffer);
    const fps = new Uint32Array(b.fps);
    fps.set(this.fps.subarray(0, 2 * n));
    new Int32Array(b.parents).set(this.parentIds.subarray(0, n));
    new Int32Array(b.actions).set(this.actionIds.subarray(0, n));
    const table = new Int32Array(b.table);
    const mask = slots - 1;
    for (let id = 0; id < n; id++) {
      let slot = (fps[2 * id] ^ Math.imul(fps[2 * id + 1], 0x9e3779b1)) & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = id + 1;
    }
    this.attach(b);
  }
}

/**
 * Buffers for `slots` table slots: ids up to three quarters of the slots, so the soft
 * limit (half) leaves a quarter of the table as headroom for states in flight.
 */
function allocate(slots: number, control?: SharedArrayBuffer): SharedBuffers {
  const ids = (slots >>> 2) * 3;
  return {
    control: control ?? new SharedArrayBuffer(4 * CONTROL_INTS),
    table: new SharedArrayBuffer(4 * slots),
    fps: new SharedArrayBuffer(8 * ids),
    parents: new SharedArrayBuffer(4 * ids),
    actions: new SharedArrayBuffer(4 * ids),
  };
}
