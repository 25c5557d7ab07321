/**
 * 64-bit fingerprints of canonical encodings, as two 32-bit lanes.
 *
 * A hand-rolled two-lane multiplicative hash (in the style of cyrb53, but keeping all
 * 64 bits): fast on JS strings, no allocation, and good enough avalanche that the
 * collision estimate (n * generated / 2^64, TLC's) is meaningful.
 */

/** Results of the last `fingerprint` call: read them at once, they are overwritten by the next call. */
export let fpHi = 0;
export let fpLo = 0;

export function fingerprint(text: string): void {
  let h1 = 0xdeadbeef ^ text.length;
  let h2 = 0x41c6ce57 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  fpHi = h1 >>> 0;
  fpLo = h2 >>> 0;
}

/** The probability that some pair of states shared a fingerprint (TLC's optimistic estimate). */
export function collisionProbability(distinct: number, generated: number): number {
  return (distinct * Math.max(0, generated - distinct)) / 2 ** 64;
}

/** The same 64-bit fingerprint over a packed state's integers (no string built). */
export function fingerprintInts(ints: Int32Array): void {
  fingerprintSlice(ints, 0, ints.length);
}

/** fingerprintInts of words[offset, offset + length), without making a subarray. */
export function fingerprintSlice(words: Int32Array, offset: number, length: number): void {
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
  fpHi = h1 >>> 0;
  fpLo = h2 >>> 0;
}
