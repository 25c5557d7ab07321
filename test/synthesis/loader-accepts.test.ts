/**
 * Issue 6 acceptance: generated scenarios are always valid. The kernel's own loader
 * (JSON Schema through Ajv, then the semantic checks) accepts every document the
 * synthesis generator draws, over random bounds, and the loaded scenario keeps the
 * document's size (no field dropped or defaulted differently).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../models/kernel/scenario/index.ts';
import { scenarioDocArb, type ScenarioBounds } from '../../models/kernel/synthesis/arbitrary.ts';
import { scenarioSize } from '../../models/kernel/synthesis/size.ts';

const boundsArb: fc.Arbitrary<ScenarioBounds> = fc.record({
  maxTasks: fc.integer({ min: 1, max: 8 }),
  maxPages: fc.integer({ min: 1, max: 32 }),
  maxOps: fc.integer({ min: 0, max: 16 }),
});

describe('parseScenario accepts every generated scenario', () => {
  it('1,500 documents over random bounds (tasks <= 8, pages <= 32, ops <= 16: the schema maxima for tasks and ops)', () => {
    fc.assert(
      fc.property(boundsArb.chain((b) => scenarioDocArb(b)), (doc) => {
        const scenario = parseScenario(doc, 'synthesized');
        expect(scenarioSize(scenario)).toEqual(scenarioSize(doc));
        expect(scenario.initialFree).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 1500, seed: 2015 },
    );
  }, 30_000);

  it('documents after a JSON round trip (as `--out FILE` writes them)', () => {
    fc.assert(
      fc.property(scenarioDocArb({ maxTasks: 3, maxPages: 8, maxOps: 4 }), (doc) => {
        parseScenario(JSON.parse(JSON.stringify(doc, null, 2)), 'synthesized.json');
      }),
      { numRuns: 1000, seed: 4 },
    );
  }, 30_000);
});
