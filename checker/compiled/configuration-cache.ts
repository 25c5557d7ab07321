/**
 * A value per configuration (the region slots, the first `regions` ints of a packed
 * state), in a direct-mapped table keyed by the slots themselves, compared in full, so a
 * hit is never another configuration.
 *
 * Why: unpacking a state builds its state value, which depends on the configuration
 * alone, and a run meets thousands of configurations in millions of unpacks (7,916 in the
 * first 3e5 states of the kernel bench scenario, about 7e5 unpacks). A Map keyed by a
 * mixed-radix number was slower than this (the keys outgrow small integers, and hashing
 * a heap number cost 3% of a check). 2^16 slots missed 18,445 times there, 2^12 137k.
 */
export class ConfigurationCache<T> {
  private readonly keys: Int32Array;
  private readonly values: (T | undefined)[];
  private readonly shift: number;

  /** The table has 2^slotsLog2 entries, fewer when that would take over 2^20 key ints. */
  constructor(
    private readonly regions: number,
    slotsLog2 = 16,
  ) {
    while (slotsLog2 > 4 && (1 << slotsLog2) * regions > 1 << 20) slotsLog2--;
    const slots = 1 << slotsLog2;
    this.keys = new Int32Array(slots * regions);
    this.values = new Array(slots);
    this.shift = 32 - slotsLog2;
  }

  /** The value cached for the configuration of `state`, or else `make(state)`, cached. */
  get(state: ArrayLike<number>, make: (state: ArrayLike<number>) => T): T {
    const R = this.regions;
    let h = 0x811c9dc5;
    for (let r = 0; r < R; r++) h = Math.imul(h ^ (state[r] + 1), 0x9e3779b1);
    const slot = h >>> this.shift;
    const at = slot * R;
    const keys = this.keys;
    let value = this.values[slot];
    if (value !== undefined) {
      let same = true;
      for (let r = 0; r < R; r++) {
        if (keys[at + r] !== state[r]) {
          same = false;
          break;
        }
      }
      if (same) return value;
    }
    value = make(state);
    for (let r = 0; r < R; r++) keys[at + r] = state[r];
    this.values[slot] = value;
    return value;
  }
}
