/**
 * Every branch of the kernel's statechart is checked by some scenario.
 *
 * `oomcheck matrix --coverage` showed that the built-in scenarios, under every preset,
 * leave branches of the slowpath untaken: killable lock waits, `free`, a panic, success
 * after reclaim, NORETRY failures, a victim failing or looping in its own allocation,
 * __GFP_NOFAIL's ALLOC_HARDER detour of 4.11. Verdicts that hold say nothing about a branch
 * no exploration took, so each case (branch-cases.ts) is a small scenario that must take the branches
 * it lists (coverage, checker/coverage.ts) and must have the verdicts given, each justified
 * from MODEL.md. The last test asserts that the built-in matrix and those cases together
 * take every branch: a model change that adds a branch no scenario reaches, or makes one
 * unreachable, fails here, listed by name.
 *
 * Notation per case as in verdicts-builtin.test.ts: the properties under `violated` and
 * `vacuous` have those statuses, every other property holds. Common to all cases:
 * conservation, oomLockExclusive and victimAccounting hold (the model keeps the books);
 * noDeadlock holds (a hang here is a livelock, MODEL.md 7 "Verdict words").
 * Zones: watermarks oom 1 < min 2 < low 3 < high 4 unless given; free = managed - rss - cache.
 */
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../checker/result.ts';
import { checkScenario } from '../../models/kernel/check-scenario.ts';
import { matrixTransitionCoverage } from '../../models/kernel/matrix-coverage.ts';
import { resolvePolicy } from '../../models/kernel/policy.ts';
import { builtinScenarios, type Scenario } from '../../models/kernel/scenario/index.ts';
import { CASES, scenarioOf } from './branch-cases.ts';

const PRESETS = ['v4.0', 'v4.2', 'rfc', 'rfc-v2', 'v4.7', 'v4.11'];

/** A transition as coverage names it, with task names abstracted, shortened for reading. */
function short(name: string): string {
  return name
    .replace(/running\.<task>\.(alloc\.)?/g, '')
    .replace(/\(task=<task>\)/g, '')
    .replace(/task=<task>, /g, '');
}

function takenBranches(scenario: Scenario, result: CheckResult): { taken: Set<string>; declared: Set<string> } {
  const rows = matrixTransitionCoverage([{ tasks: scenario.tasks.map((t) => t.name), result }]);
  return { taken: new Set(rows.filter((r) => r.taken > 0).map((r) => short(r.transition))), declared: new Set(rows.map((r) => short(r.transition))) };
}

describe('branch coverage of the kernel statechart', () => {
  for (const c of CASES) {
    it(`${c.name} under ${c.policy}`, async () => {
      const scenario = scenarioOf(c);
      const result = await checkScenario(scenario, resolvePolicy(c.policy), { coverage: true });
      expect(result.stats.complete).toBe(true);
      const { taken } = takenBranches(scenario, result);
      for (const branch of c.takes) expect(taken, branch).toContain(branch);
      const statuses = Object.fromEntries(result.results.map((r) => [r.property, r.status]));
      const expected = Object.fromEntries(
        Object.keys(statuses).map((id) => [id, c.violated.includes(id) ? 'violated' : c.vacuous.includes(id) ? 'vacuous' : 'holds']),
      );
      expect(statuses).toEqual(expected);
    });
  }

  it('every branch is taken by the built-in matrix or a case', async () => {
    // The built-in scenarios under every preset, as `oomcheck matrix --coverage` checks them,
    // and the cases under their policies: a branch declared by some machine and taken
    // by none is one whose verdicts nothing checks.
    const cells: { tasks: string[]; result: CheckResult }[] = [];
    for (const scenario of builtinScenarios()) {
      for (const preset of PRESETS) cells.push({ tasks: scenario.tasks.map((t) => t.name), result: await checkScenario(scenario, resolvePolicy(preset), { coverage: true }) });
    }
    for (const c of CASES) {
      const scenario = scenarioOf(c);
      cells.push({ tasks: scenario.tasks.map((t) => t.name), result: await checkScenario(scenario, resolvePolicy(c.policy), { coverage: true }) });
    }
    const rows = matrixTransitionCoverage(cells);
    expect(rows.length).toBeGreaterThan(80);
    expect(rows.filter((r) => r.taken === 0).map((r) => short(r.transition))).toEqual([]);
  }, 120_000);
});
