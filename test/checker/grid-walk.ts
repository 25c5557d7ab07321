/**
 * A walk on an n x n grid from (0, 0), one action per move, over packed states
 * ([x, y]): the model the checker tests use where a successor built in one reused
 * buffer (nextStateTransient) must not be kept past its step. Tests add or drop the
 * parts they are about (transient steps, packed ints, symmetry, final states).
 */
import type { Model } from '../../checker/model.ts';

/** A move: how far it goes along x and y. */
export type Move = readonly [dx: number, dy: number];

export function gridWalk(n: number, moves: readonly Move[]): Model<Int32Array, number> & { nextStateTransient: (s: Int32Array, a: number) => Int32Array | undefined } {
  const shared = new Int32Array(2);
  const step = (s: Int32Array, a: number, out: Int32Array) => {
    const x = s[0] + moves[a][0];
    const y = s[1] + moves[a][1];
    if (x >= n || y >= n) return undefined;
    out[0] = x;
    out[1] = y;
    return out;
  };
  const actions = moves.map((_, a) => a);
  return {
    initialStates: () => [Int32Array.of(0, 0)],
    actions: () => actions,
    nextState: (s, a) => step(s, a, new Int32Array(2)),
    nextStateTransient: (s, a) => step(s, a, shared),
    encode: (s) => `${s[0]},${s[1]}`,
    encodeInts: (s) => s,
    process: () => 'walker',
    isFinal: () => true,
    describeStep: (_from, a) => `move ${a}`,
    view: (s) => ({ x: s[0], y: s[1] }),
    actionJson: (a) => a,
  };
}
