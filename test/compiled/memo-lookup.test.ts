/**
 * The generated memo lookup (memo-lookup.ts) must read the same memo entry as the
 * generic footprint key of local-microstep.ts's localMicrostep: sum over footprint slots
 * of (slot value + 1) * radix, plus, when the footprint is final-sensitive, the bitmask
 * of regions whose active path ends in a final state times the product of the radices.
 * A wrong key would hand a transition another configuration's memoised step, so this is
 * checked on random shapes and heads; the kernel explorations (kernel-compiled.test.ts)
 * then check it end to end.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateMemoLookup } from '../../checker/compiled/memo-lookup.ts';

// The specification, written as localMicrostep computes it.
function genericKey(slots: number[], pathCounts: number[], finalPath: number[][], finalSensitive: boolean, head: number[]): number {
  let key = 0;
  let product = 1;
  for (const r of slots) {
    key += (head[r] + 1) * product;
    product *= pathCounts[r] + 1;
  }
  if (finalSensitive) {
    let bits = 0;
    for (let r = 0; r < head.length; r++) if (head[r] >= 0 && finalPath[r][head[r]] === 1) bits |= 1 << r;
    key += bits * product;
  }
  return key;
}

const shapeAndHead = fc
  .array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 6 })
  .chain((pathCounts) =>
    fc.record({
      pathCounts: fc.constant(pathCounts),
      finalPath: fc.tuple(...pathCounts.map((n) => fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }))),
      slots: fc.subarray(pathCounts.map((_, r) => r)),
      finalSensitive: fc.boolean(),
      head: fc.tuple(...pathCounts.map((n) => fc.integer({ min: -1, max: n - 1 }))),
    }),
  );

describe('generated memo lookup', () => {
  it('reads memo[key] for the key localMicrostep computes', () => {
    fc.assert(
      fc.property(shapeAndHead, ({ pathCounts, finalPath, slots, finalSensitive, head }) => {
        const radix: number[] = [];
        let product = 1;
        for (const r of slots) {
          radix.push(product);
          product *= pathCounts[r] + 1;
        }
        const keySpace = finalSensitive ? product * 2 ** pathCounts.length : product;
        // memo[k] = k: what the lookup returns is the key it computed.
        const memo = Array.from({ length: keySpace }, (_, k) => k);
        const lookup = generateMemoLookup({ slots: Int32Array.from(slots), radix, product, finalSensitive }, finalPath.map((p) => Uint8Array.from(p)), memo);
        expect(lookup(Int32Array.from(head))).toBe(genericKey(slots, pathCounts, finalPath, finalSensitive, head));
      }),
      { numRuns: 500 },
    );
  });

  it('returns undefined for a key never memoised', () => {
    const memo: (string | undefined)[] = new Array(4);
    memo[2] = 'step';
    const lookup = generateMemoLookup({ slots: Int32Array.of(0), radix: [1], product: 4, finalSensitive: false }, [Uint8Array.of(0, 0, 0)], memo);
    expect(lookup(Int32Array.of(1))).toBe('step');
    expect(lookup(Int32Array.of(0))).toBeUndefined();
  });
});
