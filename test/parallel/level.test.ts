/**
 * The two forms of a parallel BFS level (checker/parallel/level.ts) must hold the same
 * entries: states pushed come back equal by index, ids in order, and removeLast (what a
 * worker gives away when the coordinator rebalances) takes the newest entries out of
 * both, never one already being expanded.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ObjectLevel, PackedLevel, type Level } from '../../checker/parallel/level.ts';

const entries = fc.array(fc.record({ state: fc.array(fc.integer(), { minLength: 0, maxLength: 5 }), id: fc.nat() }), { maxLength: 40 });

function contents(level: Level<Int32Array>): { state: number[]; id: number }[] {
  const out: { state: number[]; id: number }[] = [];
  for (let i = 0; i < level.length; i++) out.push({ state: [...level.stateAt(i)], id: level.idAt(i) });
  return out;
}

describe('parallel BFS levels', () => {
  it('packed and object levels hold the same entries, before and after removeLast', () => {
    fc.assert(
      fc.property(entries, fc.nat({ max: 50 }), fc.nat({ max: 50 }), (list, cursor, count) => {
        const packed = new PackedLevel();
        const objects = new ObjectLevel<Int32Array>();
        for (const { state, id } of list) {
          packed.push(Int32Array.from(state), id);
          objects.push(Int32Array.from(state), id);
        }
        expect(contents(packed)).toEqual(list);
        expect(contents(objects)).toEqual(list);
        expect([...packed.ids()]).toEqual(list.map((e) => e.id));
        packed.cursor = objects.cursor = Math.min(cursor, list.length);
        const a = packed.removeLast(count);
        const b = objects.removeLast(count);
        const from = Math.max(packed.cursor, list.length - count);
        expect([...a.ids]).toEqual(list.slice(from).map((e) => e.id));
        expect(a.states.map((s) => [...s])).toEqual(list.slice(from).map((e) => e.state));
        expect([...b.ids]).toEqual([...a.ids]);
        expect(contents(packed)).toEqual(list.slice(0, from));
        expect(contents(objects)).toEqual(list.slice(0, from));
        // take() walks what is left from the cursor on, in order, in both forms.
        for (const level of [packed, objects] as Level<Int32Array>[]) {
          const walked: { state: number[]; id: number }[] = [];
          while (level.take()) walked.push({ state: [...level.state], id: level.id });
          expect(walked).toEqual(list.slice(Math.min(cursor, list.length), from));
          expect(level.remaining).toBe(false);
        }
        // Pushing after a removal appends where the removed entries were.
        packed.push(Int32Array.of(7, 7), 99);
        expect(contents(packed).at(-1)).toEqual({ state: [7, 7], id: 99 });
      }),
      { numRuns: 300 },
    );
  });
});
