/**
 * The BFS floor (bench/reference/floor.ts) explores exactly the counter space it
 * describes: bound^counters states (every vector of counters below the bound), and one
 * transition per counter that is not yet at bound - 1, i.e. counters * bound^(counters-1)
 * * (bound - 1) in all. A floor that explored less would make the bench's ceiling look
 * higher than it is.
 */
import { describe, expect, it } from 'vitest';
import { exploreFloor } from '../../bench/reference/floor.ts';

describe('BFS floor', () => {
  it.each([
    [6, 4, 5],
    [6, 3, 10],
    [4, 4, 2],
  ])('width %i, %i counters below %i', (width, counters, bound) => {
    const run = exploreFloor(width, counters, bound);
    expect(run.distinctStates).toBe(bound ** counters);
    expect(run.transitions).toBe(counters * bound ** (counters - 1) * (bound - 1));
  });

  it('refuses more counters than ints', () => {
    expect(() => exploreFloor(2, 3, 4)).toThrow(/3 counters in a state of 2 ints/);
  });
});
