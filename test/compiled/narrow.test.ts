/**
 * Narrow packed states (narrow.ts): every wide int in its declared range survives
 * narrow then widen unchanged, and any int outside its range is an error naming the first
 * such int (never a silent wrap), whatever its distance from the range, including the
 * int32 extremes where `value - min` leaves the int32 range.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { narrowPlan, OutOfRange } from '../../checker/compiled/narrow.ts';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Ranges whose spans fill their bits exactly (0, 1, 3, 15, 2^31 - 1) and ranges that do not. */
const arbRange = fc
  .tuple(fc.integer({ min: -8, max: 8 }), fc.constantFrom(0, 1, 2, 3, 5, 7, 15, 16, 100, 255, 1000, 2 ** 30, 2 ** 31 - 1))
  .map(([min, span]): [number, number] => [min, Math.min(min + span, INT32_MAX)]);

const arbCase = fc.array(arbRange, { minLength: 1, maxLength: 40 }).chain((ranges) =>
  fc.record({
    ranges: fc.constant(ranges),
    values: fc.tuple(...ranges.map(([min, max]) => fc.integer({ min, max }))),
  }),
);

const describeInt = (i: number) => `int ${i}`;

describe('narrowPlan', () => {
  it('gives back every in-range wide state after narrow and widen, on 2,000 random layouts', () => {
    fc.assert(
      fc.property(arbCase, ({ ranges, values }) => {
        const plan = narrowPlan(ranges, describeInt);
        const wide = Int32Array.from(values);
        const narrow = new Int32Array(plan.words);
        plan.narrow(wide, narrow);
        const back = new Int32Array(plan.wide);
        plan.widen(narrow, back);
        expect(Array.from(back)).toEqual(values);
        expect(plan.widenToArray(narrow)).toEqual(values);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses an int outside its range, naming the first such int, on 2,000 random layouts', () => {
    const arbBroken = arbCase.chain((c) =>
      fc.record({
        c: fc.constant(c),
        at: fc.nat(c.ranges.length - 1),
        // Just outside either end, far outside, or an int32 extreme.
        pick: fc.constantFrom('below', 'above', 'far below', 'far above', 'min', 'max'),
      }),
    );
    fc.assert(
      fc.property(arbBroken, ({ c, at, pick }) => {
        const [min, max] = c.ranges[at];
        const value = { below: min - 1, above: max + 1, 'far below': min - 1000, 'far above': max + 1000, min: INT32_MIN, max: INT32_MAX }[pick];
        fc.pre(value >= INT32_MIN && value <= INT32_MAX && (value < min || value > max));
        const wide = Int32Array.from(c.values);
        wide[at] = value;
        const plan = narrowPlan(c.ranges, describeInt);
        let first = -1;
        for (let i = 0; i < wide.length && first < 0; i++) if (wide[i] < c.ranges[i][0] || wide[i] > c.ranges[i][1]) first = i;
        expect(first).toBe(at);
        expect(() => plan.narrow(wide, new Int32Array(plan.words))).toThrow(OutOfRange);
        expect(() => plan.narrow(wide, new Int32Array(plan.words))).toThrow(`int ${at} is ${value}, outside its declared range [${min}, ${max}]`);
      }),
      { numRuns: 2000 },
    );
  });

  it('names the lowest of several ints out of range', () => {
    const plan = narrowPlan(
      [
        [0, 1],
        [-1, 5],
        [0, 0],
        [2, 9],
      ],
      describeInt,
    );
    expect(() => plan.narrow(Int32Array.of(1, 6, 1, 1), new Int32Array(plan.words))).toThrow('int 1 is 6, outside its declared range [-1, 5]');
    expect(() => plan.narrow(Int32Array.of(1, 5, 1, 1), new Int32Array(plan.words))).toThrow('int 2 is 1, outside its declared range [0, 0]');
    expect(() => plan.narrow(Int32Array.of(1, 5, 0, 1), new Int32Array(plan.words))).toThrow('int 3 is 1, outside its declared range [2, 9]');
  });
});
