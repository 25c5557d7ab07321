/**
 * Unpacked snapshots of recent packed states, keyed by their ints: a direct-mapped table
 * (slot by fingerprint, the ints compared in full, so a hit is never another state).
 *
 * Why a table and not the last few: properties unpack both ends of every step, and in a
 * breadth-first search the successors of neighbouring states overlap (two interleavings
 * of the same steps meet), so a state comes back as a step's end a few hundred states
 * later. On the kernel bench scenario 4 recent entries caught 10% of the ends, 1,024 slots
 * 41% (measured over the first 1.5e6 steps).
 *
 * In front of the table, the last two states asked about, compared without hashing: each
 * property asks about both ends of a step in turn (from, to, from, to, ...), so with a
 * dozen properties nearly every call is one of the two, and hashing it again cost 5% of
 * a check.
 */
import { fingerprintInts, fpHi } from '../fingerprint.ts';

export class UnpackCache<T> {
  private readonly keys: Int32Array;
  private readonly lengths: Int32Array;
  private readonly values: (T | undefined)[];
  private readonly mask: number;

  /** slots: a power of two; words: the ints of a state (longer states are not cached). */
  constructor(
    slots: number,
    private readonly words: number,
  ) {
    if ((slots & (slots - 1)) !== 0) throw new Error(`UnpackCache: ${slots} slots is not a power of two`);
    this.keys = new Int32Array(slots * words);
    this.lengths = new Int32Array(slots).fill(-1);
    this.values = new Array(slots);
    this.mask = slots - 1;
    this.recentKeys = [new Int32Array(words), new Int32Array(words)];
  }

  /** The last two states asked about (ints, length, value); `newer` is the index of the later one. */
  private readonly recentKeys: [Int32Array, Int32Array];
  private readonly recentLengths = [-1, -1];
  private readonly recentValues: [T | undefined, T | undefined] = [undefined, undefined];
  private newer = 0;

  /** The value cached for `state`, or else `make(state)`, cached. */
  get(state: Int32Array, make: (state: Int32Array) => T): T {
    if (state.length > this.words) return make(state);
    const newer = this.newer;
    if (this.sameAsRecent(newer, state)) return this.recentValues[newer]!;
    const older = newer ^ 1;
    if (this.sameAsRecent(older, state)) {
      this.newer = older;
      return this.recentValues[older]!;
    }
    const value = this.fromTable(state, make);
    // The older of the two makes room.
    this.recentKeys[older].set(state);
    this.recentLengths[older] = state.length;
    this.recentValues[older] = value;
    this.newer = older;
    return value;
  }

  private sameAsRecent(r: number, state: Int32Array): boolean {
    if (this.recentLengths[r] !== state.length) return false;
    const keys = this.recentKeys[r];
    for (let i = 0; i < state.length; i++) if (keys[i] !== state[i]) return false;
    return true;
  }

  private fromTable(state: Int32Array, make: (state: Int32Array) => T): T {
    fingerprintInts(state);
    const slot = fpHi & this.mask;
    const at = slot * this.words;
    const keys = this.keys;
    if (this.lengths[slot] === state.length) {
      let same = true;
      for (let i = 0; i < state.length; i++) {
        if (keys[at + i] !== state[i]) {
          same = false;
          break;
        }
      }
      if (same) return this.values[slot]!;
    }
    const value = make(state);
    for (let i = 0; i < state.length; i++) keys[at + i] = state[i];
    this.lengths[slot] = state.length;
    this.values[slot] = value;
    return value;
  }
}
