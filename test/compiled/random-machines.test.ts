/**
 * Compiled vs interpreted on random machines (test/differential/arbitrary-machine.ts:
 * compound, parallel, shallow and deep history, guards, assigns, targetless and
 * cross-level transitions): check() gives the same state and transition counts, the same
 * verdicts and the same shortest traces, index path for index path.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromMachine } from '../../checker/xstate/index.ts';
import { arbitraryMachineSpec, buildMachine, eventsOf } from '../differential/arbitrary-machine.ts';
import { compareCompiled } from './compare-compiled.ts';

describe('compiled vs interpreted on random machines', () => {
  it('agree on 500 machines (counts, verdicts, shortest traces)', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryMachineSpec, async (spec) => {
        const machine = buildMachine(spec);
        const events = eventsOf(spec);
        const last = `s${spec.states.length - 1}`;
        const { compiled, interpreted } = await compareCompiled(machine, { events }, fromMachine(machine, { events }), [
          { name: 'invariant', kind: 'always', holds: (s) => !(s.context.x === spec.forbidden.x && s.context.y === spec.forbidden.y) },
          { name: 'witness', kind: 'sometimes', holds: (s) => s.matches(last) },
        ]);
        expect(compiled).toEqual(interpreted);
      }),
      { numRuns: 500 },
    );
  }, 60_000);
});
