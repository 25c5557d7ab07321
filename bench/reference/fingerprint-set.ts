/**
 * The visited set of the reference explorer: 64-bit fingerprints in one open-addressing
 * table (linear probing) of Uint32 pairs, no ids, parents or per-state objects, since
 * the reference only counts.
 *
 * The hash is checker/fingerprint.ts's, the one check() applies to packed states, taken
 * over a slice of a larger array (fingerprintSlice) so that successors need no subarray:
 * the same code, so the same hashing cost.
 */
import { fingerprintSlice, fpHi, fpLo } from '../../checker/fingerprint.ts';

// Linear probing with the pair inline stays short up to 3/4 full, as in the checker's store.
const MAX_LOAD = 0.75;

export class FingerprintSet {
  /** Slot s holds (hi, lo) at [2s], [2s+1]; (0, 0) is empty. */
  private table: Uint32Array;
  private mask: number;
  size = 0;

  constructor(initialSlots = 1 << 16) {
    this.table = new Uint32Array(2 * initialSlots);
    this.mask = initialSlots - 1;
  }

  get byteLength(): number {
    return this.table.byteLength;
  }

  /** Inserts the fingerprint of words[offset, offset + length); true when it was not there yet. */
  addSlice(words: Int32Array, offset: number, length: number): boolean {
    fingerprintSlice(words, offset, length);
    const hi = fpHi;
    // (0, 0) marks an empty slot; the one fingerprint that hashes to it shares (0, 1)'s.
    const lo = (hi | fpLo) === 0 ? 1 : fpLo;
    const table = this.table;
    const mask = this.mask;
    let slot = hi & mask;
    for (;;) {
      const h = table[2 * slot];
      const l = table[2 * slot + 1];
      if ((h | l) === 0) break;
      if (h === hi && l === lo) return false;
      slot = (slot + 1) & mask;
    }
    table[2 * slot] = hi;
    table[2 * slot + 1] = lo;
    if (++this.size > (mask + 1) * MAX_LOAD) this.grow();
    return true;
  }

  private grow(): void {
    const old = this.table;
    const slots = 2 * (this.mask + 1);
    const table = new Uint32Array(2 * slots);
    const mask = slots - 1;
    for (let s = 0; s < old.length; s += 2) {
      const hi = old[s];
      const lo = old[s + 1];
      if ((hi | lo) === 0) continue;
      let slot = hi & mask;
      while ((table[2 * slot] | table[2 * slot + 1]) !== 0) slot = (slot + 1) & mask;
      table[2 * slot] = hi;
      table[2 * slot + 1] = lo;
    }
    this.table = table;
    this.mask = mask;
  }
}
