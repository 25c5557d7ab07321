/**
 * The set of visited states: 64-bit fingerprints in an open-addressing table over typed
 * arrays, with a parent pointer and the action index that reached each state, so that
 * traces can be rebuilt by replay. States get dense ids in discovery order.
 */
import { GrowableInt32 } from './growable-int32.ts';
import { GrowableSmallUint } from './growable-small-uint.ts';

const EMPTY = -1;
// Linear probing stays short up to 3/4 full (about 2.5 probes for a hit, 8.5 for a miss).
const MAX_LOAD = 0.75;

export class StateStore {
  /** Slot -> state id, or EMPTY. Linear probing. */
  private table: Int32Array;
  private mask: number;
  /** Fingerprint lanes of state id i at [2i] and [2i+1]. */
  private fps: Uint32Array;
  /** Parent id of each state (-1 for an initial state). */
  readonly parents = new GrowableInt32();
  /** Action index from the parent (for an initial state: its index among the initial states). */
  readonly actions = new GrowableSmallUint();
  size = 0;

  constructor(initialSlots = 1 << 12) {
    this.table = new Int32Array(initialSlots).fill(EMPTY);
    this.mask = initialSlots - 1;
    this.fps = new Uint32Array(initialSlots);
  }

  /**
   * The id of the state with this fingerprint, inserting it (with parent and action)
   * when new. Returns id, and `isNew` tells whether it was inserted.
   */
  isNew = false;
  findOrInsert(hi: number, lo: number, parent: number, action: number): number {
    // The fingerprint is already well mixed: its high lane picks the slot.
    let slot = hi & this.mask;
    const table = this.table;
    const fps = this.fps;
    for (;;) {
      const id = table[slot];
      if (id === EMPTY) break;
      if (fps[2 * id] === hi && fps[2 * id + 1] === lo) {
        this.isNew = false;
        return id;
      }
      slot = (slot + 1) & this.mask;
    }
    const id = this.size++;
    if (2 * id + 1 >= fps.length) this.growFingerprints();
    this.fps[2 * id] = hi;
    this.fps[2 * id + 1] = lo;
    table[slot] = id;
    this.parents.push(parent);
    this.actions.push(action);
    this.isNew = true;
    if (this.size > this.table.length * MAX_LOAD) this.rehash();
    return id;
  }

  fingerprintHi(id: number): number {
    return this.fps[2 * id];
  }

  fingerprintLo(id: number): number {
    return this.fps[2 * id + 1];
  }

  /** Bytes held by the store: table, fingerprints, parents, actions. */
  get byteLength(): number {
    return this.table.byteLength + this.fps.byteLength + this.parents.byteLength + this.actions.byteLength;
  }

  /** The ids from an initial state to `id`, inclusive. */
  pathTo(id: number): number[] {
    const path: number[] = [];
    for (let cur = id; cur !== -1; cur = this.parents.get(cur)) path.push(cur);
    return path.reverse();
  }

  private growFingerprints(): void {
    const next = new Uint32Array(2 * Math.ceil(this.fps.length * 0.75));
    next.set(this.fps);
    this.fps = next;
  }

  private rehash(): void {
    const slots = this.table.length * 2;
    const table = new Int32Array(slots).fill(EMPTY);
    const mask = slots - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = this.fps[2 * id] & mask;
      while (table[slot] !== EMPTY) slot = (slot + 1) & mask;
      table[slot] = id;
    }
    this.table = table;
    this.mask = mask;
  }
}
