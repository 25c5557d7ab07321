/**
 * Coverage counts (checker/coverage.ts) on models whose counts can be derived by hand,
 * through check() (every path the explorer has: plain, transient, by listed index, DFS)
 * and through simulate(), and the merge of several runs' coverage.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { ACTION_KIND_CAP, FIELD_VALUE_CAP, mergeCoverage, OTHER_ACTIONS, type Coverage } from '../../checker/coverage.ts';
import type { Model } from '../../checker/model.ts';
import { renderText } from '../../checker/report/text.ts';
import { toJsonReport } from '../../checker/report/json.ts';
import { simulate } from '../../checker/strategy/simulate.ts';
import { always } from '../../checker/property.ts';
import { gridWalk } from './grid-walk.ts';

const N = 4;
const RIGHT_UP = [[1, 0], [0, 1]] as const;
/** The grid walk with its moves named, as event objects. */
const named = <M extends Model<Int32Array, number>>(model: M, names = ['right', 'up']): M => ({ ...model, actionJson: (a: number) => ({ type: names[a] }) });

const row = (c: Coverage, action: string) => c.actions.find((a) => a.action === action);

describe('coverage of an exhaustive search', () => {
  it('counts offers, steps and first finds per action on the n x n grid, as derived by hand', async () => {
    // Every one of the n^2 states lists both moves: offered n^2 each. "right" steps from the
    // states with x < n-1 (n(n-1) of them), "up" likewise. BFS keeps each level in order of
    // decreasing x (by induction: (a, b) yields (a+1, b) then (a, b+1)), so (x, y) with y > 0
    // is first found by "up" from (x, y-1), which comes before (x-1, y) in its level; only
    // the n-1 states (x, 0), x > 0, are found by "right".
    const r = await check(named(gridWalk(N, RIGHT_UP)), [], { coverage: true });
    expect(r.stats.distinctStates).toBe(N * N);
    expect(r.coverage!.actions).toEqual([
      { action: 'right', offered: N * N, taken: N * (N - 1), newStates: N - 1 },
      { action: 'up', offered: N * N, taken: N * (N - 1), newStates: N * N - N },
    ]);
    expect(r.coverage!.fields).toEqual([
      { field: 'x', distinct: N, capped: false, values: [0, 1, 2, 3], min: 0, max: N - 1 },
      { field: 'y', distinct: N, capped: false, values: [0, 1, 2, 3], min: 0, max: N - 1 },
    ]);
  });

  it('gives the same counts over transient successors, steps by listed index and plain steps', async () => {
    // The explorer picks its stepping path from what the model offers (explore.ts): each
    // must count the same, since the states, steps and discovery order are the same.
    const transient = named(gridWalk(N, RIGHT_UP));
    const byIndex = { ...transient, nextOfListed: (_i: number, a: number) => transient.nextStateTransient(lastListed!, a) };
    let lastListed: Int32Array | undefined;
    const listing = { ...byIndex, actions: (s: Int32Array) => ((lastListed = s), transient.actions(s)) };
    const { nextStateTransient: _t, ...plain } = transient;
    const results = await Promise.all([transient, listing, plain].map((m) => check(m, [], { coverage: true })));
    expect(results[1].coverage).toEqual(results[0].coverage);
    expect(results[2].coverage).toEqual(results[0].coverage);
  });

  it('sums to the run: taken to the transitions, new states to the distinct states less the initial ones', async () => {
    // Each transition is one step of one listed action; each state but the initial one is
    // first found by one step. Under DFS the split between actions differs, not the sums.
    for (const strategy of ['bfs', 'dfs'] as const) {
      const r = await check(named(gridWalk(5, [[1, 0], [0, 1], [1, 1]]), ['right', 'up', 'diagonal']), [], { coverage: true, strategy });
      const sum = (k: 'taken' | 'newStates' | 'offered') => r.coverage!.actions.reduce((s, a) => s + a[k], 0);
      expect(sum('taken')).toBe(r.stats.transitions);
      expect(sum('newStates')).toBe(r.stats.distinctStates - 1);
      expect(sum('offered')).toBe(3 * r.stats.distinctStates);
    }
  });

  it('marks an action that was offered but never taken', async () => {
    // The move (n, 0) leaves the grid from every state: offered everywhere, never enabled.
    const r = await check(named(gridWalk(N, [[1, 0], [N, 0]]), ['right', 'leap']), [], { coverage: true });
    expect(row(r.coverage!, 'leap')).toEqual({ action: 'leap', offered: N, taken: 0, newStates: 0 });
    const text = renderText(r);
    expect(text).toContain('coverage: 2 actions (1 never taken), 2 fields (1 with one value)');
    expect(text).toMatch(/^ {2}leap +4 +0 +0 +never taken$/m);
    expect(text).toMatch(/^ {2}y +0$/m);
  });

  it('is absent unless asked for, and carried by the JSON report when asked for', async () => {
    const model = named(gridWalk(N, RIGHT_UP));
    expect((await check(model, [])).coverage).toBeUndefined();
    const json = toJsonReport(await check(model, [], { coverage: true }));
    expect(json.coverage?.actions.map((a) => a.action)).toEqual(['right', 'up']);
  });

  it('caps the values kept per field, keeping the exact range of numbers', async () => {
    // A counter 0..99: more values than FIELD_VALUE_CAP, so the field says only "more",
    // but its min and max are still exact.
    const counter: Model<number, 'inc'> = {
      initialStates: () => [0],
      actions: () => ['inc'],
      nextState: (n) => (n < 99 ? n + 1 : undefined),
      encode: String,
      process: () => 'p',
      isFinal: () => true,
      describeStep: () => 'inc',
      view: (n) => ({ n, even: n % 2 === 0 }),
      actionJson: (a) => a,
    };
    const r = await check(counter, [], { coverage: true });
    expect(r.coverage!.fields[0]).toEqual({ field: 'n', distinct: FIELD_VALUE_CAP, capped: true, min: 0, max: 99 });
    expect(r.coverage!.fields[1]).toEqual({ field: 'even', distinct: 2, capped: false, values: [false, true] });
    expect(renderText(r)).toMatch(/^ {2}n +64\+ values, 0\.\.99$/m);
  });

  it('counts actions past ACTION_KIND_CAP distinct labels in one row', async () => {
    // One action per state, its payload the state itself: ACTION_KIND_CAP + 10 labels.
    const total = ACTION_KIND_CAP + 10;
    const counter: Model<number, { type: 'inc'; from: number }> = {
      initialStates: () => [0],
      actions: (n) => [{ type: 'inc', from: n }],
      nextState: (n) => (n < total ? n + 1 : undefined),
      encode: String,
      process: () => 'p',
      isFinal: () => true,
      describeStep: () => 'inc',
      view: () => ({}),
      actionJson: (a) => a,
    };
    const r = await check(counter, [], { coverage: true });
    expect(r.coverage!.actions).toHaveLength(ACTION_KIND_CAP + 1);
    // The last state (total) lists an action too: 11 past the cap, 10 of them taken.
    expect(row(r.coverage!, OTHER_ACTIONS)).toEqual({ action: OTHER_ACTIONS, offered: 11, taken: 10, newStates: 10 });
  });
});

describe('coverage of random walks', () => {
  it('counts every walk: taken sums to the transitions, new states to the distinct states less one', async () => {
    // A walk's first state is the initial one; every later distinct state is first seen
    // after one step of one action.
    // Walks run only while some property is still to be found: one that never fails.
    const r = await simulate(named(gridWalk(6, RIGHT_UP)), [always('fine', () => true)], { seed: 3, runs: 50, depth: 8, coverage: true });
    const sum = (k: 'taken' | 'newStates') => r.coverage!.actions.reduce((s, a) => s + a[k], 0);
    expect(sum('taken')).toBe(r.stats.transitions);
    expect(sum('newStates')).toBe(r.stats.distinctStates - 1);
    const x = r.coverage!.fields.find((f) => f.field === 'x')!;
    expect(x.min).toBe(0);
    expect(x.max).toBeLessThanOrEqual(5);
  });
});

describe('merging coverage', () => {
  it('sums the counts per action and unites the values per field', () => {
    const a: Coverage = {
      actions: [{ action: 'right', offered: 4, taken: 3, newStates: 2 }],
      fields: [{ field: 'x', distinct: 2, capped: false, values: [0, 1], min: 0, max: 1 }],
    };
    const b: Coverage = {
      actions: [
        { action: 'up', offered: 1, taken: 0, newStates: 0 },
        { action: 'right', offered: 2, taken: 2, newStates: 1 },
      ],
      fields: [
        { field: 'x', distinct: 2, capped: false, values: [1, 3], min: 1, max: 3 },
        { field: 'name', distinct: FIELD_VALUE_CAP, capped: true },
      ],
    };
    expect(mergeCoverage([a, b])).toEqual({
      actions: [
        { action: 'right', offered: 6, taken: 5, newStates: 3 },
        { action: 'up', offered: 1, taken: 0, newStates: 0 },
      ],
      fields: [
        { field: 'x', distinct: 3, capped: false, values: [0, 1, 3], min: 0, max: 3 },
        { field: 'name', distinct: FIELD_VALUE_CAP, capped: true },
      ],
    });
  });
});
