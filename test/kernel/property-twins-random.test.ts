/**
 * The property twins (properties/packed) against the snapshot properties on random small
 * scenarios (fast-check), beyond the built-ins and the coverage scenarios of
 * property-twins.test.ts: random zones, kernel threads, oom_score_adj, held locks and
 * programs of allocations (every gfp, flag and onFail), locks, frees, oom_killer_disable
 * and hold, under a random preset. A whole check with twins and one with
 * `propertyTwins: false` must agree on the states, every verdict, message and trace:
 * the search evaluates the twins exactly where it would evaluate the snapshot properties,
 * and verdicts and traces come from the snapshot properties either way. Documents the
 * loader refuses (a lock not held, NOFAIL with ATOMIC ...) are skipped.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkScenario } from '../../models/kernel/check-scenario.ts';
import { PRESET_NAMES, resolvePolicy } from '../../models/kernel/policy.ts';
import { parseScenario, ScenarioError, type Scenario } from '../../models/kernel/scenario/index.ts';

const LOCKS = ['L', 'mmap_sem'];

const op = fc.oneof(
  { weight: 4, arbitrary: fc.record({
    op: fc.constant('alloc'),
    order: fc.integer({ min: 0, max: 1 }),
    gfp: fc.constantFrom('GFP_KERNEL', 'GFP_NOFS', 'GFP_NOIO', 'GFP_ATOMIC'),
    flags: fc.subarray(['__GFP_NOFAIL', '__GFP_NORETRY', '__GFP_REPEAT', '__GFP_HIGH']),
    onFail: fc.constantFrom('unwind', 'continue', 'retry'),
  }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('lock', 'lockKillable', 'unlock'), lock: fc.constantFrom(...LOCKS) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('free'), pages: fc.constant(1) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('oomDisable', 'oomEnable', 'hold') }) },
);

const task = fc.record({
  rss: fc.integer({ min: 0, max: 3 }),
  oomScoreAdj: fc.constantFrom(0, 0, 500, -1000),
  holds: fc.subarray(LOCKS, { maxLength: 1 }),
  program: fc.array(op, { minLength: 1, maxLength: 4 }),
});

const doc = fc
  .record({
    min: fc.integer({ min: 0, max: 3 }),
    lowStep: fc.integer({ min: 0, max: 2 }),
    highStep: fc.integer({ min: 0, max: 2 }),
    clean: fc.integer({ min: 0, max: 2 }),
    dirty: fc.integer({ min: 0, max: 2 }),
    spare: fc.integer({ min: 0, max: 4 }),
    kthreads: fc.subarray(['kswapd', 'oom_reaper']),
    tasks: fc.array(task, { minLength: 1, maxLength: 3 }),
  })
  .map((d) => {
    const rss = d.tasks.reduce((sum, t) => sum + t.rss, 0);
    return {
      name: 'twins-random',
      title: 'a random scenario for the property twins',
      zone: { managed: rss + d.clean + d.dirty + d.spare, watermarks: { min: d.min, low: d.min + d.lowStep, high: d.min + d.lowStep + d.highStep }, clean: d.clean, dirty: d.dirty },
      kthreads: d.kthreads,
      tasks: d.tasks.map((t, i) => ({ name: 'ABC'[i], ...t })),
    };
  });

/** The scenario, or null when the loader refuses the document (a lock not held, NOFAIL with ATOMIC ...). */
function load(document: unknown): Scenario | null {
  try {
    return parseScenario(document, 'test:twins-random');
  } catch (e) {
    if (e instanceof ScenarioError) return null;
    throw e;
  }
}

function projection(r: Awaited<ReturnType<typeof checkScenario>>): unknown {
  const { elapsedMs: _e, statesPerSecond: _s, ...stats } = r.stats;
  return { stats, results: r.results };
}

describe('kernel property twins on random scenarios', () => {
  it('give the same check as the snapshot properties', { timeout: 120_000 }, async () => {
    let checked = 0;
    let violated = 0;
    await fc.assert(
      fc.asyncProperty(doc, fc.constantFrom(...PRESET_NAMES), async (d, preset) => {
        const scenario = load(d);
        if (scenario === null) return;
        checked++;
        const policy = resolvePolicy(preset);
        // Capped: a cut-off run must agree too (unknown verdicts, the same states explored).
        const withTwins = await checkScenario(scenario, policy, { maxStates: 3000 });
        const withSnapshots = await checkScenario(scenario, policy, { maxStates: 3000, propertyTwins: false });
        expect(projection(withTwins)).toEqual(projection(withSnapshots));
        if (withTwins.results.some((r) => r.status === 'violated' && r.kind !== 'reachability')) violated++;
      }),
      // A fixed seed: the same documents in every run, so the counts below are stable.
      { numRuns: 300, seed: 20261127 },
    );
    // Enough documents load (52 of the 300 with this seed), or the property above says
    // little, and some violate a safety or liveness property (14), so verdicts with traces
    // are compared too.
    expect(checked).toBeGreaterThanOrEqual(50);
    expect(violated).toBeGreaterThanOrEqual(10);
  });
});
