/**
 * 64-bit fingerprints of packed states, hashed as ints without building a string: the
 * same two-lane multiplicative mix as checker/fingerprint.ts, fed one int32 per round.
 *
 * Used by explorePacked; check() fingerprints the same ints through Model.encodeInts
 * and checker/fingerprint.ts's fingerprintInts.
 */

/** Results of the last `fingerprintPacked` call: read them at once. */
export let packedHi = 0;
export let packedLo = 0;

export function fingerprintPacked(state: Int32Array): void {
  let h1 = 0xdeadbeef ^ state.length;
  let h2 = 0x41c6ce57 ^ state.length;
  for (let i = 0; i < state.length; i++) {
    const c = state[i];
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
    h1 ^= h1 >>> 15;
    h2 ^= h2 >>> 15;
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  packedHi = h1 >>> 0;
  packedLo = h2 >>> 0;
}

/** The packed encoding as a string, for Model.encode (compatibility with check()). */
export function encodePacked(state: Int32Array): string {
  let out = '';
  for (let i = 0; i < state.length; i++) out += (i === 0 ? '' : ',') + state[i];
  return out;
}
