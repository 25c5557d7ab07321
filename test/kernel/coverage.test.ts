/**
 * Coverage of kernel scenarios: the compiled engine (packed twins, narrow states) counts
 * exactly what the interpreted one counts, and the transition counts add up.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { compileKernel } from '../../models/kernel/check-scenario.ts';
import { resolvePolicy } from '../../models/kernel/policy.ts';
import { builtinScenarios } from '../../models/kernel/scenario/index.ts';
import { buildKernelModel } from '../../models/kernel/system.ts';

describe('kernel coverage', () => {
  for (const preset of ['v4.0', 'rfc']) {
    it(`is the same compiled and interpreted on every built-in scenario under ${preset}`, async () => {
      // Both engines explore the same graph in the same BFS order (test/compiled/
      // kernel-compiled.test.ts shows the counts and paths agree), and coverage is a
      // function of that order: the same actions offered and taken, the same transitions
      // selected (both ask xstate's getTransitionData of the same snapshot), the same views.
      for (const scenario of builtinScenarios()) {
        const built = buildKernelModel(scenario, resolvePolicy(preset).toggles);
        const interpreted = await check(built.model, [], { deadlock: false, coverage: true });
        const compiled = await check(compileKernel(built)!.model, [], { deadlock: false, coverage: true });
        expect(compiled.coverage, `${scenario.name} under ${preset}`).toEqual(interpreted.coverage);

        // Every kernel event is handled by one state node of one region (a task's step, its
        // kill, kswapd, the reaper), so each step selects exactly one declared transition:
        // the transition counts sum to the run's transitions, and their first finds to the
        // distinct states less the initial one.
        const transitions = compiled.coverage!.transitions!;
        expect(transitions.reduce((s, t) => s + t.taken, 0)).toBe(compiled.stats.transitions);
        expect(transitions.reduce((s, t) => s + t.newStates, 0)).toBe(compiled.stats.distinctStates - 1);
      }
    }, 60_000);
  }
});
