/**
 * Model.nextStateTransient lets a model build successors in one reused buffer. The
 * explorer may use it only where the successor is copied before the next one is made
 * (the packed BFS queue); a frontier that keeps successor objects (DFS, or a symmetry
 * encoding, which turns the packed queue off) must get fresh ones. A grid walk whose
 * transient successors all share one buffer must give the same graph in every mode.
 *
 * Model.nextOfListed steps the state last passed to actions() by an action's index: the
 * explorer may use it only while it steps the actions it just listed, in order, with no
 * other listing or step in between.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import type { Model } from '../../checker/model.ts';
import { always, eventually } from '../../checker/property.ts';
import { gridWalk } from './grid-walk.ts';

function grid(n: number, withTransient: boolean, packed: boolean): Model<Int32Array, number> {
  const { nextStateTransient, encodeInts, ...walk } = gridWalk(n, [
    [1, 0],
    [0, 1],
  ]);
  return {
    ...walk,
    ...(withTransient ? { nextStateTransient } : {}),
    ...(packed ? { encodeInts } : {}),
    // Mirror symmetry: (x, y) ~ (y, x).
    symmetry: { encode: (s: Int32Array) => `${Math.min(s[0], s[1])},${Math.max(s[0], s[1])}`, describe: 'mirror' },
  };
}

describe('transient successors', () => {
  it('give the same graph with the packed queue, the object queue (symmetry) and DFS', async () => {
    const n = 20;
    for (const packed of [true, false]) {
      const plain = await check(grid(n, false, packed), [], { symmetry: false });
      const transient = await check(grid(n, true, packed), [], { symmetry: false });
      expect(transient.stats.distinctStates).toBe(n * n);
      expect(transient.stats).toMatchObject({ distinctStates: plain.stats.distinctStates, transitions: plain.stats.transitions });
      const dfs = await check(grid(n, true, packed), [], { symmetry: false, strategy: 'dfs' });
      expect(dfs.stats.distinctStates).toBe(n * n);
      // Symmetry keeps one of (x, y) and (y, x): n(n+1)/2 orbits.
      const mirrored = await check(grid(n, true, packed), []);
      expect(mirrored.stats.distinctStates).toBe((n * (n + 1)) / 2);
    }
  });
});

/**
 * The grid walk stepping by index from the last listed state (a copy the model keeps),
 * and failing loudly when asked for a step that does not belong to that listing.
 */
function listedGrid(n: number): { model: Model<Int32Array, number>; calls: { listed: number; transient: number } } {
  const { nextStateTransient, ...walk } = gridWalk(n, [
    [1, 0],
    [0, 1],
    [1, 1],
  ]);
  const calls = { listed: 0, transient: 0 };
  const last = new Int32Array(2);
  let list: readonly number[] = [];
  const model: Model<Int32Array, number> = {
    ...walk,
    actions(s) {
      last.set(s);
      return (list = walk.actions(s));
    },
    nextStateTransient(s, a) {
      calls.transient++;
      return nextStateTransient(s, a);
    },
    nextOfListed(index, a) {
      calls.listed++;
      if (list[index] !== a) throw new Error(`action ${a} is not at ${index} of the last listing`);
      return nextStateTransient(last, a);
    },
  };
  return { model, calls };
}

describe('stepping the listed actions by index', () => {
  it('gives the same graph, verdicts and traces as stepping the state, and replaces nextStateTransient in BFS', async () => {
    const n = 12;
    // x + y reaches 2n - 2 at the far corner only, by the shortest paths there; the walk
    // ends there, so "eventually at the corner" holds (every walk gets there: a final
    // state, no cycle), and "never past the diagonal" fails first at x + y = n.
    const properties = [always('below the diagonal', (s: Int32Array) => s[0] + s[1] < n), eventually('reaches the corner', (s: Int32Array) => s[0] + s[1] === 2 * n - 2)];
    const { model, calls } = listedGrid(n);
    const { nextOfListed: _unused, ...stepping } = model;
    const byIndex = await check(model, properties, { symmetry: false });
    expect(calls.listed).toBeGreaterThan(0);
    expect(calls.transient).toBe(0);
    calls.listed = 0;
    const byState = await check(stepping, properties, { symmetry: false });
    expect(calls.listed).toBe(0);
    expect(calls.transient).toBeGreaterThan(0);
    expect(byIndex.stats.distinctStates).toBe(n * n);
    expect(byIndex.stats).toMatchObject({ distinctStates: byState.stats.distinctStates, transitions: byState.stats.transitions });
    expect(byIndex.results.map((r) => [r.property, r.status, r.trace?.path])).toEqual(byState.results.map((r) => [r.property, r.status, r.trace?.path]));
    // check() adds the deadlock property; the walk's dead ends are final states.
    expect(Object.fromEntries(byIndex.results.map((r) => [r.property, r.status]))).toEqual({ 'below the diagonal': 'violated', 'reaches the corner': 'holds', deadlock: 'holds' });
  });
});
