import { describe, expect, it } from 'vitest';
import { PackedBfsFrontier } from '../../checker/strategy/packed-bfs.ts';

describe('packed BFS frontier', () => {
  it('returns states in FIFO order with their ids and depths, across wrap-around and growth', () => {
    const f = new PackedBfsFrontier();
    let pushed = 0;
    let popped = 0;
    // Interleave pushes and pops so the ring wraps many times, with states of varying length.
    for (let round = 0; round < 400; round++) {
      for (let k = 0; k < 40; k++, pushed++) f.push(Int32Array.from({ length: 1 + (pushed % 17) }, (_, i) => pushed * 31 + i), pushed, pushed % 9);
      for (let k = 0; k < 20; k++, popped++) {
        if (!f.pop() || f.id !== popped || f.depth !== popped % 9 || f.state.length !== 1 + (popped % 17) || f.state.some((v, i) => v !== popped * 31 + i)) {
          expect.fail(`entry ${popped} came back wrong: id ${f.id}, depth ${f.depth}, state ${Array.from(f.state)}`);
        }
      }
    }
    expect(f.size).toBe(pushed - popped);
    expect(f.byteLength).toBeGreaterThan(4 * (1 << 16)); // it grew, with entries wrapped around the old ring
    while (f.pop()) popped++;
    expect(popped).toBe(pushed);
  });
});
