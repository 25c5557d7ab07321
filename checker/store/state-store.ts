/**
 * The set of visited states: 64-bit fingerprints in an open-addressing table over typed
 * arrays, with a parent pointer and the action index that reached each state, so that
 * traces can be rebuilt by replay. States get dense ids in discovery order.
 *
 * A slot holds the fingerprint's two lanes and the state's id + 1 (0: empty) side by
 * side, so a probe reads one place in memory: with millions of states every lookup is a
 * cache miss, and a second array indexed by id would double them.
 */
import { GrowableInt32 } from './growable-int32.ts';
import { GrowableSmallUint } from './growable-small-uint.ts';

const LANES = 3;
// Linear probing stays short up to 3/4 full (about 2.5 probes for a hit, 8.5 for a miss).
const MAX_LOAD = 0.75;
// Growing by 1.5 (not 2) keeps the table at least half full: 12-24 bytes per state.
const GROWTH = 1.5;

export class StateStore {
  /** Slot s: [3s] fingerprint hi, [3s+1] lo, [3s+2] id + 1 (0 = empty). Linear probing. */
  private table: Int32Array;
  private slots: number;
  /** Parent id of each state (-1 for an initial state). */
  readonly parents = new GrowableInt32();
  /** Action index from the parent (for an initial state: its index among the initial states). */
  readonly actions = new GrowableSmallUint();
  size = 0;

  constructor(initialSlots = 1 << 12) {
    this.slots = initialSlots;
    this.table = new Int32Array(LANES * initialSlots);
  }

  /**
   * The id of the state with this fingerprint, inserting it (with parent and action)
   * when new. Returns id, and `isNew` tells whether it was inserted.
   */
  isNew = false;
  findOrInsert(hi: number, lo: number, parent: number, action: number): number {
    const table = this.table;
    const slots = this.slots;
    // The fingerprint is already well mixed: its high lane, scaled to the table, picks the slot.
    let slot = slotOf(hi, slots);
    const h = hi | 0;
    const l = lo | 0;
    for (;;) {
      const at = LANES * slot;
      const idPlusOne = table[at + 2];
      if (idPlusOne === 0) break;
      if (table[at] === h && table[at + 1] === l) {
        this.isNew = false;
        return idPlusOne - 1;
      }
      if (++slot === slots) slot = 0;
    }
    const id = this.size++;
    const at = LANES * slot;
    table[at] = h;
    table[at + 1] = l;
    table[at + 2] = id + 1;
    this.parents.push(parent);
    this.actions.push(action);
    this.isNew = true;
    if (this.size > slots * MAX_LOAD) this.grow();
    return id;
  }

  /** The id of the state with this fingerprint, or -1. */
  find(hi: number, lo: number): number {
    const table = this.table;
    const slots = this.slots;
    let slot = slotOf(hi, slots);
    for (;;) {
      const at = LANES * slot;
      const idPlusOne = table[at + 2];
      if (idPlusOne === 0) return -1;
      if (table[at] === (hi | 0) && table[at + 1] === (lo | 0)) return idPlusOne - 1;
      if (++slot === slots) slot = 0;
    }
  }

  /** Bytes held by the store: table, parents, actions. */
  get byteLength(): number {
    return this.table.byteLength + this.parents.byteLength + this.actions.byteLength;
  }

  /** The ids from an initial state to `id`, inclusive. */
  pathTo(id: number): number[] {
    const path: number[] = [];
    for (let cur = id; cur !== -1; cur = this.parents.get(cur)) path.push(cur);
    return path.reverse();
  }

  private grow(): void {
    const old = this.table;
    const oldSlots = this.slots;
    const slots = Math.ceil(oldSlots * GROWTH);
    const table = new Int32Array(LANES * slots);
    for (let s = 0; s < oldSlots; s++) {
      const from = LANES * s;
      if (old[from + 2] === 0) continue;
      let slot = slotOf(old[from], slots);
      while (table[LANES * slot + 2] !== 0) if (++slot === slots) slot = 0;
      const to = LANES * slot;
      table[to] = old[from];
      table[to + 1] = old[from + 1];
      table[to + 2] = old[from + 2];
    }
    this.table = table;
    this.slots = slots;
  }
}

/** The slot of a fingerprint: its top 21 bits scaled to the table (exact in a double for any table size). */
function slotOf(hi: number, slots: number): number {
  return Math.floor(((hi >>> 11) * slots) / 2097152);
}
