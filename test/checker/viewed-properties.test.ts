/**
 * Properties that share a view (property.ts `viewed`, set by onPacked) are evaluated by
 * the sequential search on views it computes once per new state and step end, instead
 * of each property computing its own. That must change nothing but the number of view
 * computations: the same verdicts, witnesses, vacuity and counterexample traces as the
 * same properties evaluating their own views (`viewed` stripped).
 *
 * The model is a grid walk (right, up, diagonal) whose successors share one reused
 * buffer, as the compiled engine's do, so a view kept past its step would show the
 * wrong state. The diagonal move matters: with right and up alone, breadth-first order
 * makes every step into a known state end in the state found last, so a stale view of
 * that one would go unnoticed.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { onPacked } from '../../checker/compiled/packed-properties.ts';
import type { Model } from '../../checker/model.ts';
import type { Property } from '../../checker/property.ts';
import { gridWalk } from './grid-walk.ts';

interface Point {
  x: number;
  y: number;
}

/** Action 0 moves right, 1 up, 2 diagonally. */
const dx = (a: number) => (a === 1 ? 0 : 1);
const dy = (a: number) => (a === 0 ? 0 : 1);

/** Right, up and diagonal moves; only the far corner is final. */
function grid(n: number): Model<Int32Array, number> {
  return { ...gridWalk(n, [[dx(0), dy(0)], [dx(1), dy(1)], [dx(2), dy(2)]]), isFinal: (s) => s[0] === n - 1 && s[1] === n - 1 };
}

/** Over points: one of each kind, violated, holding, vacuous and witnessed. */
const onPoints: Property<Point, number>[] = [
  { kind: 'invariant', name: 'belowDiagonalSum', holds: (p) => p.x + p.y < 7 },
  { kind: 'invariant', name: 'inside', holds: (p) => p.x >= 0 && p.y >= 0, vacuousUnless: { describe: 'x = 9', state: (p) => p.x === 9 } },
  { kind: 'action', name: 'forward', holds: (a, _e, b) => b.x + b.y > a.x + a.y },
  // Exact about both ends: a view of another state (kept past its step) would break it.
  { kind: 'action', name: 'movesAsTold', holds: (a, e, b) => b.x === a.x + dx(e) && b.y === a.y + dy(e) },
  { kind: 'action', name: 'neverUpFromX3', holds: (a, e, b) => !(a.x === 3 && e === 1 && b.y > a.y) },
  { kind: 'reachability', name: 'corner', witness: (p) => p.x === 4 && p.y === 0 },
  { kind: 'reachability', name: 'stepToMiddle', witness: () => false, witnessStep: (a, _e, b) => a.x === 2 && b.x === 2 && b.y === 3 },
];

describe('properties that share a view', () => {
  it('give the same results when the search computes the views once', async () => {
    let calls = 0;
    const unpack = (s: Int32Array): Point => {
      calls++;
      return { x: s[0], y: s[1] };
    };
    const shared = onPoints.map((p) => onPacked(p, unpack));
    const own = shared.map(({ viewed: _viewed, ...p }) => p as Property<Int32Array, number>);

    calls = 0;
    const once = await check(grid(6), shared);
    const onceCalls = calls;
    calls = 0;
    const each = await check(grid(6), own);
    const eachCalls = calls;

    const summary = (r: typeof once) => r.results.map((p) => ({ name: p.property, status: p.status, message: p.message, trace: p.trace?.steps.length, witness: p.witness?.steps.length }));
    expect(summary(once)).toEqual(summary(each));
    // The results themselves, for the record: x + y reaches 7; x = 9 is never reached; every
    // step moves forward, as asked; from x = 3 the walker goes up; the corner and the step
    // are reached; (5, 5) is final and every other state can move.
    expect(summary(once).map((p) => p.status)).toEqual(['violated', 'vacuous', 'holds', 'holds', 'violated', 'holds', 'holds', 'holds']);
    // 36 states and 85 steps: a view per new state, per expanded state and per step
    // that ends in a known state, at most; each property on its own asks far more often.
    expect(once.stats).toMatchObject({ distinctStates: 36, transitions: 85 });
    expect(onceCalls).toBeLessThanOrEqual(36 + 36 + 85);
    expect(eachCalls).toBeGreaterThan(onceCalls);
  });

  it('give the same results when the search rewrites its views in place (viewInto)', async () => {
    // A view is a Point object that viewInto rewrites: the search keeps one per role (the
    // new state, the state it expands, the other end of a step), so it makes three; a
    // view read after it was rewritten would break movesAsTold or the witnesses.
    let made = 0;
    let rewritten = 0;
    const view = (s: Int32Array): Point => {
      made++;
      return { x: s[0], y: s[1] };
    };
    const viewInto = (s: Int32Array, reuse: unknown): Point => {
      if (reuse === undefined) return view(s);
      rewritten++;
      const p = reuse as Point;
      p.x = s[0];
      p.y = s[1];
      return p;
    };
    // Verdicts and traces re-evaluate through unpack, which is not counted.
    const unpack = (s: Int32Array): Point => ({ x: s[0], y: s[1] });
    const inPlace = onPoints.map((p) => ({ ...onPacked(p, unpack), viewed: { view, viewInto, property: p } }));
    const fresh = onPoints.map((p) => onPacked(p, unpack));

    const reused = await check(grid(6), inPlace);
    const fromFresh = await check(grid(6), fresh);

    const summary = (r: typeof reused) => r.results.map((p) => ({ name: p.property, status: p.status, message: p.message, trace: p.trace?.steps.length, witness: p.witness?.steps.length }));
    expect(summary(reused)).toEqual(summary(fromFresh));
    expect(made).toBe(3);
    // A view per new state (36), per state with a step out of it (all but the far corner:
    // 35) and per step that ends in a known state (85 steps, 35 of them into a new state,
    // whose view is reused): 121, all but the first three rewritten.
    expect(rewritten).toBe(36 + 35 + (85 - 35) - 3);
  });
});
