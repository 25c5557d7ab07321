/**
 * Shared levels (checker/parallel/shared-level.ts): however the workers' takes
 * interleave, every state of every worker's part is taken exactly once, with its own
 * ints and id, each worker starts with its own part, and once nothing is left `remaining`
 * says so to every worker. Workers are simulated here by several SharedLevelWork over the
 * same shared buffers, taking in an order fast-check draws (Atomics behave the same
 * within one thread; test/parallel/parallel.test.ts runs real workers).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PackedLevel } from '../../checker/parallel/level.ts';
import { SharedLevelWork } from '../../checker/parallel/shared-level.ts';

const part = fc.array(fc.array(fc.integer(), { minLength: 1, maxLength: 4 }), { maxLength: 30 });

describe('shared BFS levels (work stealing)', () => {
  it('every state is taken once, by some worker, with its ints and id', () => {
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 300 }), (parts, schedule) => {
        let nextId = 0;
        const expected = new Map<number, number[]>();
        const partOf = new Map<number, number>();
        const firstOf: number[] = [];
        const shared = parts.map((states, p) => {
          const level = new PackedLevel();
          firstOf.push(nextId);
          for (const s of states) {
            expected.set(nextId, s);
            partOf.set(nextId, p);
            level.push(Int32Array.from(s), nextId++);
          }
          return level.share();
        });
        const touched = parts.map(() => false);
        const workers = shared.map((_, w) => new SharedLevelWork(shared, w));
        const taken = new Map<number, number[]>();
        const firstTaken: (number | undefined)[] = workers.map(() => undefined);
        const take = (w: number): boolean => {
          const work = workers[w];
          if (!work.take()) return false;
          expect(taken.has(work.id)).toBe(false);
          taken.set(work.id, [...work.state]);
          // A worker's first take is the start of its own part, unless another worker got there first.
          if (firstTaken[w] === undefined && !touched[w] && parts[w].length > 0) expect(work.id).toBe(firstOf[w]);
          firstTaken[w] ??= work.id;
          touched[partOf.get(work.id)!] = true;
          return true;
        };
        for (const pick of schedule) take(pick % workers.length);
        // Then each worker until it finds nothing: by then nothing is left for anyone.
        for (let w = 0; w < workers.length; w++) while (take(w));
        expect(taken).toEqual(expected);
        for (const work of workers) expect(work.remaining).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('a worker takes its own part before the others', () => {
    const level = (ids: number[]) => {
      const l = new PackedLevel();
      for (const id of ids) l.push(Int32Array.of(id), id);
      return l.share();
    };
    const shared = [level([0, 1, 2]), level([10, 11])];
    const second = new SharedLevelWork(shared, 1);
    const order: number[] = [];
    while (second.take()) order.push(second.id);
    expect(order).toEqual([10, 11, 0, 1, 2]);
  });

  it('remaining is true while a part has states no worker took', () => {
    const l = new PackedLevel();
    l.push(Int32Array.of(1), 1);
    const shared = [l.share()];
    const a = new SharedLevelWork(shared, 0);
    const b = new SharedLevelWork(shared, 0);
    expect(b.remaining).toBe(true);
    expect(a.take()).toBe(true);
    expect(b.remaining).toBe(false);
    expect(b.take()).toBe(false);
  });
});
