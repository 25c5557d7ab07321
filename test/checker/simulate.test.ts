import { describe, expect, it } from 'vitest';
import { simulate } from '../../checker/strategy/simulate.ts';
import type { Model } from '../../checker/model.ts';
import { always, sometimes, deadlockFree } from '../../checker/property.ts';
import { runSimulation, simulationPlan } from '../../cli/simulation.ts';

/** Two counters a, b in 0..5; step "a" or "b" increments one; stuck at (5,5). */
const grid: Model<[number, number], 'a' | 'b'> = {
  initialStates: () => [[0, 0]],
  actions: () => ['a', 'b'],
  nextState: ([a, b], act) => (act === 'a' ? (a < 5 ? [a + 1, b] : undefined) : b < 5 ? [a, b + 1] : undefined),
  encode: (s) => s.join(','),
  process: (a) => a,
  isFinal: () => false,
  describeStep: (_f, a) => a,
  view: ([a, b]) => ({ a, b }),
  actionJson: (a) => ({ type: a }),
};

describe('random simulation', () => {
  it('finds and shrinks an invariant violation, replayable from the seed', async () => {
    // a + b <= 3 fails after exactly 4 steps in any order: the shrunk trace has 4 steps.
    const props = [always<[number, number]>('sum small', ([a, b]) => a + b <= 3)];
    const r = await simulate(grid, props, { seed: 7, runs: 200, depth: 20 });
    const v = r.results[0];
    expect(v.status).toBe('violated');
    expect(v.trace!.path.actions).toHaveLength(4);
    const again = await simulate(grid, props, { seed: 7, runs: 200, depth: 20 });
    expect(again.results[0].trace!.path).toEqual(v.trace!.path);
  });

  it('never says holds for an invariant, but finds reachability witnesses', async () => {
    const r = await simulate(grid, [always('fine', () => true), sometimes<[number, number]>('corner', ([a]) => a === 5), deadlockFree()], { seed: 1, runs: 300, depth: 12 });
    const by = Object.fromEntries(r.results.map((x) => [x.property, x.status]));
    expect(by['fine']).toBe('unknown');
    expect(by['corner']).toBe('holds');
    expect(by['deadlock']).toBe('violated'); // (5,5) after 10 steps
    expect(r.stats.complete).toBe(false);
  });
});

describe('random simulation on a model that throws', () => {
  it('reports an evaluation error with the state and action, from a shrunk walk', async () => {
    const bad = { ...grid, nextState: (s: [number, number], a: 'a' | 'b') => { if (s[0] === 2 && a === 'a') throw new Error('boom'); return grid.nextState(s, a); } };
    await expect(simulate(bad, [always('x', () => true)], { seed: 3, runs: 100, depth: 10 })).rejects.toMatchObject({
      name: 'ModelEvaluationError',
      action: { type: 'a' },
      state: { a: 2 },
    });
  });

  it('reports its progress: walks run of those asked for, and what they visited', async () => {
    // The property holds (a, b <= 5 always), so all 300 walks run; with the interval at 0
    // a report comes at every 64th walk, where the walks yield to the event loop.
    const reports: { walks: number; runs: number; distinctStates: number; transitions: number }[] = [];
    const r = await simulate(grid, [always<[number, number]>('bounded', ([a, b]) => a <= 5 && b <= 5)], {
      seed: 3,
      runs: 300,
      depth: 20,
      onProgress: (p) => reports.push(p),
      progressIntervalMs: 0,
    });
    expect(reports.map((p) => p.walks)).toEqual([64, 128, 192, 256]);
    for (const p of reports) expect(p.runs).toBe(300);
    for (let i = 1; i < reports.length; i++) {
      expect(reports[i].distinctStates).toBeGreaterThanOrEqual(reports[i - 1].distinctStates);
      expect(reports[i].transitions).toBeGreaterThan(reports[i - 1].transitions);
    }
    expect(reports[reports.length - 1].distinctStates).toBeLessThanOrEqual(r.stats.distinctStates);
  });
});

describe('stopping random walks', () => {
  /** The grid counting its walks: every walk starts with one call of initialStates(). */
  const counted = () => {
    const model = { ...grid, calls: 0, initialStates: () => (model.calls++, grid.initialStates()) };
    return model;
  };
  const holds = [always<[number, number]>('bounded', ([a, b]) => a <= 5 && b <= 5)];
  // Far more walks than any machine runs in a test: a stop that let fast-check draw the
  // remaining runs would take hours here, so these tests time out unless the stop ends the loop.
  const HUGE = 1_000_000_000;

  it('ends the walks at Ctrl-C, and counts only the walks actually run', { timeout: 30_000 }, async () => {
    // Ctrl-C must stop a random run promptly whatever --runs says, and the report's
    // "N of M random walks" must not claim walks that never ran.
    const model = counted();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const r = await simulate(model, holds, { seed: 3, runs: HUGE, depth: 20, signal: controller.signal });
    expect(r.stats.stoppedBy).toBe('interrupted');
    expect(r.simulation.walks).toBeLessThan(HUGE);
    expect(r.simulation.walks).toBe(model.calls);
    expect(r.results[0].status).toBe('unknown');
  });

  it('ends the walks of a shard at --timeout, reported as a timeout', { timeout: 30_000 }, async () => {
    // --timeout S must stop a shard (rotated actions, longer walks) at S seconds with
    // stoppedBy 'timeout' (exit 152), not after all of --runs has been drawn.
    const model = counted();
    const plan = simulationPlan({ seed: 3, runs: HUGE, depth: 20, shard: { index: 1, count: 2 } });
    const r = await runSimulation(model, holds, plan, { deadlock: false, timeoutMs: 50 });
    expect(r.stats.stoppedBy).toBe('timeout');
    expect(r.simulation.walks).toBeLessThan(HUGE);
    expect(r.simulation.walks).toBe(model.calls);
  });

  it('stops at once when the signal is already aborted, running no walk', async () => {
    // A run stopped before its first walk has run none, and must say so.
    const model = counted();
    const controller = new AbortController();
    controller.abort();
    const r = await simulate(model, holds, { seed: 3, runs: HUGE, depth: 20, signal: controller.signal });
    expect(r.stats.stoppedBy).toBe('interrupted');
    expect(r.simulation.walks).toBe(0);
    expect(model.calls).toBe(0);
  });
});
