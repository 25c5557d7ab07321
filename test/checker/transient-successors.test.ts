/**
 * Model.nextStateTransient lets a model build successors in one reused buffer. The
 * explorer may use it only where the successor is copied before the next one is made
 * (the packed BFS queue); a frontier that keeps successor objects (DFS, or a symmetry
 * encoding, which turns the packed queue off) must get fresh ones. A grid walk whose
 * transient successors all share one buffer must give the same graph in every mode.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import type { Model } from '../../checker/model.ts';
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
