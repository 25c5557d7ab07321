/**
 * StateBits (checker/property-tracker.ts), the liveness obligations' p and q sets packed
 * a bit per state: after any sequence of sets, in any order and across its growth, its
 * byte view is the one a plain array of flags gives, for lengths below, at and past the
 * highest id set (ids never set read 0).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StateBits } from '../../checker/property-tracker.ts';

describe('StateBits', () => {
  it('reads back what was set, as one byte per id', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(5000), fc.boolean()), { maxLength: 300 }), fc.nat(6000), (ops, length) => {
        const bits = new StateBits();
        const flags = new Uint8Array(6000);
        for (const [id, on] of ops) {
          bits.set(id, on);
          flags[id] = on ? 1 : 0;
        }
        expect(bits.view(length)).toEqual(flags.slice(0, length));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a bit per id', () => {
    const bits = new StateBits();
    for (let id = 0; id < 100_000; id++) bits.set(id, id % 3 === 0);
    expect(bits.byteLength).toBeLessThanOrEqual(2 * (100_000 / 8));
    expect(bits.view(100_000).reduce((a, b) => a + b, 0)).toBe(33_334);
  });
});

describe('StateBits across threads (wordsFor, orWords)', () => {
  it('a union of the sets, as a worker hands its labels to the coordinator', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(3000), { maxLength: 100 }), fc.array(fc.nat(3000), { maxLength: 100 }), (mine, theirs) => {
        const a = new StateBits();
        const b = new StateBits();
        for (const id of mine) a.set(id, true);
        for (const id of theirs) b.set(id, true);
        a.orWords(b.wordsFor(3001));
        const union = new Uint8Array(3001);
        for (const id of [...mine, ...theirs]) union[id] = 1;
        expect(a.view(3001)).toEqual(union);
      }),
      { numRuns: 200 },
    );
  });
});
