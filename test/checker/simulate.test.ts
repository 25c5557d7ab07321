import { describe, expect, it } from 'vitest';
import { simulate } from '../../checker/strategy/simulate.ts';
import type { Model } from '../../checker/model.ts';
import { always, sometimes, deadlockFree } from '../../checker/property.ts';

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
