/** The canonical encoding: equal up to key order encodes equally; anything that changes behaviour changes it. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMachine, type AnyMachineSnapshot } from 'xstate';
import { canonicalValue } from '../../checker/xstate/canonical-value.ts';
import { createReusableActorScope } from '../../checker/xstate/actor-scope.ts';
import { encodeSnapshot } from '../../checker/xstate/encode-snapshot.ts';

/** JSON-like data with objects whose keys come in any order. */
const jsonLike = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 4 })),
})).value;

function shuffledKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffledKeys(v, seed + 1));
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    const rotated = keys.slice(seed % Math.max(keys.length, 1)).concat(keys.slice(0, seed % Math.max(keys.length, 1))).reverse();
    const out: Record<string, unknown> = {};
    for (const k of rotated) out[k] = shuffledKeys((value as Record<string, unknown>)[k], seed + 1);
    return out;
  }
  return value;
}

describe('canonicalValue', () => {
  it('is injective on near-identical values (small alphabets make collisions likely if any exist)', () => {
    const tiny = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, fc.constantFrom(0, 1, '0', '1', '', ',', ':', null, true), fc.array(tie('v'), { maxLength: 2 }), fc.dictionary(fc.constantFrom('a', 'b', '"', ','), tie('v'), { maxKeys: 2 })),
    })).v;
    fc.assert(fc.property(tiny, tiny, (a, b) => (canonicalValue(a) === canonicalValue(b)) === deepEqual(a, b)), { numRuns: 2000 });
  });

  it('ignores key order at every depth', () => {
    fc.assert(fc.property(jsonLike, fc.nat(), (v, seed) => canonicalValue(v) === canonicalValue(shuffledKeys(v, seed))));
  });

  it('is injective on JSON data: equal encodings only for equal values', () => {
    fc.assert(
      fc.property(jsonLike, jsonLike, (a, b) => (canonicalValue(a) === canonicalValue(b)) === deepEqual(a, b)),
      { numRuns: 300 },
    );
  });

  it('tells apart values JSON.stringify would confuse', () => {
    expect(canonicalValue({ a: undefined })).not.toBe(canonicalValue({}));
    expect(canonicalValue('1')).not.toBe(canonicalValue(1));
    expect(canonicalValue(['a,b'])).not.toBe(canonicalValue(['a', 'b']));
    expect(canonicalValue(new Set([1, 2]))).toBe(canonicalValue(new Set([2, 1])));
    expect(canonicalValue(new Map([[1, 'a'], [2, 'b']]))).toBe(canonicalValue(new Map([[2, 'b'], [1, 'a']])));
    expect(canonicalValue(new Set([1]))).not.toBe(canonicalValue([1]));
  });

  it('refuses functions, which have no value to compare', () => {
    expect(() => canonicalValue({ f: () => 1 })).toThrow(/function/);
  });
});

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual((a as never)[k], (b as never)[k]));
}

describe('encodeSnapshot', () => {
  const scope = createReusableActorScope();

  it('encodes snapshots whose contexts differ only in key order equally', () => {
    const m1 = createMachine({ context: { a: 1, b: { c: 2, d: [1, { e: 3, f: 4 }] } }, initial: 'x', states: { x: {} } });
    const m2 = createMachine({ context: { b: { d: [1, { f: 4, e: 3 }], c: 2 }, a: 1 }, initial: 'x', states: { x: {} } });
    expect(encodeSnapshot(m1.getInitialSnapshot(scope))).toBe(encodeSnapshot(m2.getInitialSnapshot(scope)));
  });

  it('distinguishes snapshots that differ only in history', () => {
    const machineWithId = createMachine({
      initial: 'on',
      states: {
        on: { initial: 'a', states: { a: { on: { NEXT: 'b' } }, b: {}, hist: { id: 'on-hist', type: 'history' } }, on: { OFF: 'off' } },
        off: { on: { ON: '#on-hist' } },
      },
    });
    const step = (s: AnyMachineSnapshot, type: string) => machineWithId.transition(s as never, { type } as never, scope) as AnyMachineSnapshot;
    const initial = machineWithId.getInitialSnapshot(scope) as AnyMachineSnapshot;
    const offFromA = step(initial, 'OFF');
    const offFromB = step(step(initial, 'NEXT'), 'OFF');
    expect(offFromA.value).toEqual(offFromB.value);
    expect(offFromA.context).toEqual(offFromB.context);
    expect(encodeSnapshot(offFromA)).not.toBe(encodeSnapshot(offFromB));
    // And they really behave differently: history takes them back to different states.
    expect(step(offFromA, 'ON').value).toEqual({ on: 'a' });
    expect(step(offFromB, 'ON').value).toEqual({ on: 'b' });
  });

  it('distinguishes status (a final state from an active one with the same value and context)', () => {
    const machine = createMachine({ initial: 'a', states: { a: { on: { GO: 'done' } }, done: { type: 'final' } } });
    const done = machine.transition(machine.getInitialSnapshot(scope), { type: 'GO' }, scope);
    expect(done.status).toBe('done');
    expect(encodeSnapshot(done)).not.toBe(encodeSnapshot({ ...done, status: 'active' } as AnyMachineSnapshot));
  });

  it('distinguishes parallel configurations and sorts regions', () => {
    const machine = createMachine({
      type: 'parallel',
      states: { r1: { initial: 'x', states: { x: { on: { T: 'y' } }, y: {} } }, r2: { initial: 'x', states: { x: {}, y: {} } } },
    });
    const initial = machine.getInitialSnapshot(scope);
    const moved = machine.transition(initial, { type: 'T' }, scope);
    expect(encodeSnapshot(initial)).not.toBe(encodeSnapshot(moved));
    const reordered = { ...moved, value: { r2: 'x', r1: 'y' } } as AnyMachineSnapshot;
    expect(encodeSnapshot(reordered)).toBe(encodeSnapshot(moved));
  });
});
