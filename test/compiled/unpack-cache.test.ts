/**
 * The unpack cache (checker/compiled/unpack-cache.ts) may only ever return the value made
 * for the very same ints: properties read what it returns, so a hit on another state
 * would check a property on the wrong snapshot. Checked against a Map keyed by the ints'
 * text on random sequences of states drawn from a small pool (so that states repeat and
 * slots collide, with 4 slots for up to 40 distinct states).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnpackCache } from '../../checker/compiled/unpack-cache.ts';

describe('unpack cache', () => {
  it('returns the value made for equal ints, never one made for other ints', () => {
    const pool = fc.array(fc.array(fc.integer({ min: -2, max: 3 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(pool, fc.array(fc.nat(), { maxLength: 200 }), (states, picks) => {
        const cache = new UnpackCache<string>(4, 3);
        let made = 0;
        for (const pick of picks) {
          const ints = Int32Array.from(states[pick % states.length]);
          const value = cache.get(ints, (s) => {
            made++;
            return `${[...s].join(',')}#${made}`;
          });
          expect(value.split('#')[0]).toBe([...ints].join(','));
        }
        expect(made).toBeLessThanOrEqual(picks.length);
      }),
      { numRuns: 300 },
    );
  });

  it('hits a repeated state without making it again', () => {
    const cache = new UnpackCache<number>(8, 2);
    let made = 0;
    const make = () => ++made;
    expect(cache.get(Int32Array.of(1, 2), make)).toBe(1);
    expect(cache.get(Int32Array.of(1, 2), make)).toBe(1);
    expect(cache.get(Int32Array.of(2, 1), make)).toBe(2);
    expect(cache.get(Int32Array.of(1, 2), make)).toBe(1);
    // A state longer than the slots hold is made every time.
    expect(cache.get(Int32Array.of(1, 2, 3), make)).toBe(3);
    expect(cache.get(Int32Array.of(1, 2, 3), make)).toBe(4);
  });

  it('serves the two ends of a step, asked about in turn, from its two recent entries', () => {
    // One slot: the table alone would evict A for B and B for A on every call.
    const cache = new UnpackCache<number>(1, 2);
    let made = 0;
    const make = () => ++made;
    const a = Int32Array.of(5, 6);
    const b = Int32Array.of(7, 8);
    for (let i = 0; i < 10; i++) {
      expect(cache.get(a, make)).toBe(1);
      expect(cache.get(b, make)).toBe(2);
    }
    // The buffer of a step's end is reused: new ints in the same array are a new state.
    b[1] = 9;
    expect(cache.get(b, make)).toBe(3);
    expect(cache.get(b, make)).toBe(3);
  });

  it('refuses a slot count that is not a power of two', () => {
    expect(() => new UnpackCache(6, 2)).toThrow(/not a power of two/);
  });
});
