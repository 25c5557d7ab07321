/**
 * The synthesis search bound to the kernel model: a CandidateChecker that loads a
 * generated document with the kernel's own loader (so that a generator bug surfaces as
 * a ScenarioError, not as a silently different scenario) and checks it with
 * checkScenario for the one property, within the state bound. Deterministic: BFS, a
 * state bound, no time limit.
 *
 * One shortcut, sound by MODEL.md section 7 ("Verdict words"): a property whose premise
 * is a kind of op (a NOFAIL allocation, a !__GFP_FS one, an order <= 3 one, oomDisable,
 * an unkillable task) cannot be violated by a scenario without such an op, so the
 * scenario is settled as vacuous without exploring it. Most generated scenarios lack
 * the one op a property is about, and an exploration costs tens of milliseconds.
 */
import type { CheckResult } from '../../../checker/result.ts';
import { ConfigurationError } from '../../../checker/result.ts';
import { PROPERTY_INFO, PROPERTY_IDS } from '../../../properties/registry.ts';
import { checkScenario } from '../check-scenario.ts';
import { canFs, PAGE_ALLOC_COSTLY_ORDER } from '../gfp.ts';
import { resolvePolicy } from '../policy.ts';
import { parseScenario } from '../scenario/index.ts';
import type { Op, Scenario } from '../scenario/types.ts';
import type { CandidateChecker } from './search.ts';

type Alloc = Extract<Op, { op: 'alloc' }>;

const allocs = (s: Scenario): Alloc[] => s.tasks.flatMap((t) => t.program.filter((op): op is Alloc => op.op === 'alloc'));
const nofail = (a: Alloc) => a.flags.includes('__GFP_NOFAIL');

/** For each property with an op-kind premise: what the scenario must contain, and the test. */
const PREMISES: Readonly<Record<string, { needs: string; present: (s: Scenario) => boolean }>> = {
  nofailCompletes: { needs: 'a __GFP_NOFAIL allocation', present: (s) => allocs(s).some(nofail) },
  nofailNeverFails: { needs: 'a __GFP_NOFAIL allocation', present: (s) => allocs(s).some(nofail) },
  nofsReturns: { needs: 'a !__GFP_FS allocation', present: (s) => allocs(s).some((a) => !canFs(a.gfp)) },
  nofsNeverKills: { needs: 'a !__GFP_FS allocation without __GFP_NOFAIL', present: (s) => allocs(s).some((a) => !canFs(a.gfp) && !nofail(a)) },
  lowOrderReturns: { needs: 'an allocation of order <= 3', present: (s) => allocs(s).some((a) => a.order <= PAGE_ALLOC_COSTLY_ORDER) },
  noKillWhileDisabled: { needs: 'an oomDisable op', present: (s) => s.tasks.some((t) => t.program.some((op) => op.op === 'oomDisable')) },
  unkillableSpared: { needs: 'a task with oomScoreAdj -1000', present: (s) => s.tasks.some((t) => t.oomScoreAdj === -1000) },
};

/** The verdict of a property whose premise the scenario lacks: vacuous, nothing explored. */
function vacuousWithoutPremise(property: string, needs: string): CheckResult {
  const kind = PROPERTY_INFO.find((p) => p.id === property)?.kind ?? 'invariant';
  return {
    stats: { distinctStates: 0, transitions: 0, maxDepth: 0, complete: true, elapsedMs: 0, statesPerSecond: 0, bytesPerState: 0, collisionProbability: 0 },
    results: [{ property, kind, status: 'vacuous', message: `never reached: the scenario has no ${needs} (not explored)` }],
  };
}

export const kernelCandidateChecker: CandidateChecker = {
  validate(policy, property) {
    resolvePolicy(policy); // throws PolicyError
    if (!PROPERTY_IDS.includes(property)) {
      throw new ConfigurationError(`unknown property "${property}"; known: ${PROPERTY_IDS.join(', ')}`);
    }
  },
  async check(doc, policy, property, { maxStates, signal, full }) {
    const scenario = parseScenario(doc, 'synthesized');
    const premise = PREMISES[property];
    if (premise && !premise.present(scenario)) return vacuousWithoutPremise(property, premise.needs);
    // The search needs only the verdict; the re-check (full) settles the property completely.
    const options: Parameters<typeof checkScenario>[2] = { properties: [property], maxStates, stopOnFirst: !full };
    if (signal) options.signal = signal;
    return checkScenario(scenario, resolvePolicy(policy), options);
  },
};
