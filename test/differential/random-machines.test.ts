/**
 * Differential test: on 1,000 random XState machines the checker and a naive
 * reference explorer (public xstate API, Map of JSON strings) agree on the distinct
 * state count, the deadlock verdict and shortest deadlock trace, an invariant's
 * verdict and shortest trace, and a reachability witness's depth. `npm run fuzz`
 * runs the same comparison on 10,000+ machines.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryMachineSpec } from './arbitrary-machine.ts';
import { disagreements } from './compare-with-reference.ts';

describe('checker vs reference explorer on random machines', () => {
  it('agree on 1,000 machines', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryMachineSpec, async (spec) => {
        expect(await disagreements(spec)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  }, 60_000);
});
