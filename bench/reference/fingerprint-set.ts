/**
 * The visited set of the reference explorer: 64-bit fingerprints in one open-addressing
 * table (linear probing) of Uint32 pairs, no ids, parents or per-state objects, since
 * the reference only counts.
 *
 * The hash is checker/fingerprint.ts's fingerprintInts, the one check() applies to packed
 * states, computed over a slice of a larger array instead of a whole Int32Array so that
 * successors need no subarray: the same arithmetic per word, so the same hashing cost
 * (test/bench/reference.test.ts checks that the two agree).
 */

// The lanes of the last hash; module-local (not exported) so that reading them is cheap.
let hashHi = 0;
let hashLo = 0;

function hashSlice(words: Int32Array, offset: number, length: number): void {
  let h1 = 0xdeadbeef ^ length;
  let h2 = 0x41c6ce57 ^ length;
  const end = offset + length;
  for (let i = offset; i < end; i++) {
    const c = words[i];
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
    h1 ^= h1 >>> 15;
    h2 ^= h2 >>> 13;
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  hashHi = h1 >>> 0;
  hashLo = h2 >>> 0;
}

/** The fingerprint of words[offset, offset + length) as [hi, lo] (for tests). */
export function fingerprintSlice(words: Int32Array, offset: number, length: number): [number, number] {
  hashSlice(words, offset, length);
  return [hashHi, hashLo];
}

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
    hashSlice(words, offset, length);
    const hi = hashHi;
    // (0, 0) marks an empty slot; the one fingerprint that hashes to it shares (0, 1)'s.
    const lo = (hi | hashLo) === 0 ? 1 : hashLo;
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
