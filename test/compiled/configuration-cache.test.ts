/**
 * The configuration cache (checker/compiled/configuration-cache.ts) hands unpacked
 * snapshots their state value: a hit on another configuration would put a state in the
 * wrong place, so it may only return the value made for the same region slots. The
 * ints after the first `regions` are context, which the value does not depend on, so
 * they must not matter. Checked against the slots' text on random sequences drawn from
 * a small pool, with 16 slots (the smallest table) for up to 60 configurations.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigurationCache } from '../../checker/compiled/configuration-cache.ts';

describe('configuration cache', () => {
  it('returns the value made for the same region slots, whatever follows them', () => {
    const regions = 3;
    const configuration = fc.array(fc.integer({ min: -1, max: 4 }), { minLength: regions, maxLength: regions });
    fc.assert(
      fc.property(fc.array(configuration, { minLength: 1, maxLength: 60 }), fc.array(fc.tuple(fc.nat(), fc.integer()), { maxLength: 300 }), (pool, picks) => {
        const cache = new ConfigurationCache<string>(regions, 4);
        let made = 0;
        for (const [pick, context] of picks) {
          const state = Int32Array.from([...pool[pick % pool.length], context]);
          const value = cache.get(state, (s) => `${Array.from({ length: regions }, (_, r) => s[r]).join(',')}#${++made}`);
          expect(value.split('#')[0]).toBe(pool[pick % pool.length].join(','));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('makes a repeated configuration once, and a machine without regions has one', () => {
    const cache = new ConfigurationCache<number>(2);
    let made = 0;
    const make = () => ++made;
    expect(cache.get(Int32Array.of(0, 1, 7), make)).toBe(1);
    expect(cache.get(Int32Array.of(0, 1, 9), make)).toBe(1);
    expect(cache.get(Int32Array.of(1, 0, 7), make)).toBe(2);
    const none = new ConfigurationCache<number>(0);
    expect(none.get(Int32Array.of(5), make)).toBe(3);
    expect(none.get(Int32Array.of(6), make)).toBe(3);
  });
});
