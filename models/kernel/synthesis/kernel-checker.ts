/**
 * The synthesis search bound to the kernel model: a CandidateChecker that loads a
 * generated document with the kernel's own loader (so that a generator bug surfaces as
 * a ScenarioError, not as a silently different scenario) and checks it with
 * checkScenario for the one property, within the state bound. Deterministic: BFS, a
 * state bound, no time limit.
 */
import { ConfigurationError } from '../../../checker/result.ts';
import { PROPERTY_IDS } from '../../../properties/registry.ts';
import { checkScenario } from '../check-scenario.ts';
import { resolvePolicy } from '../policy.ts';
import { parseScenario } from '../scenario/index.ts';
import type { CandidateChecker } from './search.ts';

export const kernelCandidateChecker: CandidateChecker = {
  validate(policy, property) {
    resolvePolicy(policy); // throws PolicyError
    if (!PROPERTY_IDS.includes(property)) {
      throw new ConfigurationError(`unknown property "${property}"; known: ${PROPERTY_IDS.join(', ')}`);
    }
  },
  async check(doc, policy, property, { maxStates, signal }) {
    const scenario = parseScenario(doc, 'synthesized');
    const options: Parameters<typeof checkScenario>[2] = { properties: [property], maxStates, stopOnFirst: true };
    if (signal) options.signal = signal;
    return checkScenario(scenario, resolvePolicy(policy), options);
  },
};
