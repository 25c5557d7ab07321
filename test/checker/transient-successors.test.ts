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

function grid(n: number, withTransient: boolean, packed: boolean): Model<Int32Array, number> {
  const shared = new Int32Array(2);
  const step = (s: Int32Array, a: number, out: Int32Array) => {
    const x = s[0] + (a === 0 ? 1 : 0);
    const y = s[1] + (a === 1 ? 1 : 0);
    if (x >= n || y >= n) return undefined;
    out[0] = x;
    out[1] = y;
    return out;
  };
  return {
    initialStates: () => [Int32Array.of(0, 0)],
    actions: () => [0, 1],
    nextState: (s, a) => step(s, a, new Int32Array(2)),
    ...(withTransient ? { nextStateTransient: (s: Int32Array, a: number) => step(s, a, shared) } : {}),
    encode: (s) => `${s[0]},${s[1]}`,
    ...(packed ? { encodeInts: (s: Int32Array) => s } : {}),
    // Mirror symmetry: (x, y) ~ (y, x).
    symmetry: { encode: (s: Int32Array) => `${Math.min(s[0], s[1])},${Math.max(s[0], s[1])}`, describe: 'mirror' },
    process: () => 'p',
    isFinal: () => true,
    describeStep: () => '',
    view: (s) => ({ x: s[0], y: s[1] }),
    actionJson: (a) => a,
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
