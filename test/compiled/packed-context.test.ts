/**
 * The compiler's packed-context mode on a machine with known answers: dining
 * philosophers written with NAMED guards and assigns (so each has a packed twin), with
 * a parallel root, params, and and/not guards. Packed, object-context compiled and
 * interpreted exploration must agree on counts, verdicts and index paths; a machine
 * with an inline guard must be refused with the reason, and still explore (as objects).
 */
import { describe, expect, it } from 'vitest';
import { and, assign, not, setup, type AnyStateMachine, type EventObject } from 'xstate';
import { check } from '../../checker/check.ts';
import { compileMachine } from '../../checker/compiled/index.ts';
import type { PackedContext } from '../../checker/compiled/packed-context.ts';
import { always } from '../../checker/property.ts';
import { fromMachine } from '../../checker/xstate/from-machine.ts';
import { summary } from './compare-compiled.ts';

interface Ctx {
  forks: number[];
  meals: number;
}
type Ev = { type: 'TAKE_LEFT' | 'TAKE_RIGHT' | 'PUT_DOWN'; pid: number };

function philosophers(n: number, inlineGuard = false): AnyStateMachine {
  const s = setup({
    types: { context: {} as Ctx, events: {} as Ev },
    guards: {
      mine: ({ event }, p: { pid: number }) => event.pid === p.pid,
      forkFree: ({ context }, p: { fork: number }) => context.forks[p.fork] === -1,
      full: ({ context }) => context.meals >= 2,
    },
    actions: {
      take: assign(({ context }, p: { fork: number; pid: number }) => ({ forks: context.forks.map((o, f) => (f === p.fork ? p.pid : o)) })),
      putDown: assign(({ context }, p: { left: number; right: number }) => ({
        forks: context.forks.map((o, f) => (f === p.left || f === p.right ? -1 : o)),
        meals: Math.min(context.meals + 1, 2),
      })),
    },
  });
  const states: Record<string, object> = {};
  for (let pid = 0; pid < n; pid++) {
    const left = pid;
    const right = (pid + 1) % n;
    const takes = (fork: number) => and([{ type: 'mine', params: { pid } }, { type: 'forkFree', params: { fork } }, not('full')]);
    states[`p${pid}`] = {
      initial: 'thinking',
      states: {
        thinking: { on: { TAKE_LEFT: { guard: inlineGuard && pid === 0 ? ({ event }: { event: Ev }) => event.pid === 0 : takes(left), target: 'hasLeft', actions: { type: 'take', params: { fork: left, pid } } } } },
        hasLeft: { on: { TAKE_RIGHT: { guard: takes(right), target: 'eating', actions: { type: 'take', params: { fork: right, pid } } } } },
        eating: { on: { PUT_DOWN: { guard: { type: 'mine', params: { pid } }, target: 'thinking', actions: { type: 'putDown', params: { left, right } } } } },
      },
    };
  }
  return s.createMachine({ id: 'phil', type: 'parallel', context: { forks: Array.from({ length: n }, () => -1), meals: 0 }, states: states as never }) as unknown as AnyStateMachine;
}

function events(n: number): Ev[] {
  const out: Ev[] = [];
  for (let pid = 0; pid < n; pid++) for (const type of ['TAKE_LEFT', 'TAKE_RIGHT', 'PUT_DOWN'] as const) out.push({ type, pid });
  return out;
}

function packedPhilosophers(n: number, ranges?: readonly (readonly [number, number])[]): PackedContext<Ctx> {
  const list = events(n);
  return {
    ...(ranges ? { ranges, describeInt: (i: number) => (i < n ? `fork ${i}` : 'meals') } : {}),
    width: n + 1,
    encode: (c, s, at) => {
      for (let f = 0; f < n; f++) s[at + f] = c.forks[f];
      s[at + n] = c.meals;
    },
    decode: (s, at) => ({ forks: Array.from(s.subarray(at, at + n)), meals: s[at + n] }),
    guards: {
      mine: (p: { pid: number }) => (_s, _at, e) => (e as Ev).pid === p.pid,
      forkFree: (p: { fork: number }) => (s, at) => s[at + p.fork] === -1,
      full: () => (s, at) => s[at + n] >= 2,
    },
    actions: {
      take: (p: { fork: number; pid: number }) => (s, at) => {
        s[at + p.fork] = p.pid;
      },
      putDown: (p: { left: number; right: number }) => (s, at) => {
        s[at + p.left] = -1;
        s[at + p.right] = -1;
        s[at + n] = Math.min(s[at + n] + 1, 2);
      },
    },
    events: () => () => list,
  };
}

const noTwoNeighboursEat = (n: number) =>
  always<any, EventObject>('noTwoNeighboursEat', (s) => {
    for (let p = 0; p < n; p++) if (s.value[`p${p}`] === 'eating' && s.value[`p${(p + 1) % n}`] === 'eating') return false;
    return true;
  });

describe('compiled machines with a packed context', () => {
  for (const n of [3, 4]) {
    it(`dining philosophers ${n}: packed = object context = interpreted`, async () => {
      const machine = philosophers(n);
      const interpreted = fromMachine(machine, { events: events(n) });
      const objects = compileMachine(machine, { events: events(n), interpreted });
      const packed = compileMachine(machine, { events: events(n), interpreted, packedContext: packedPhilosophers(n), onPackedRefused: (r) => { throw new Error(r); } });
      if ('unsupported' in objects || 'unsupported' in packed) throw new Error('unsupported');
      expect(packed.stats.packedContext).toBe(true);
      expect(objects.stats.packedContext).toBe(false);
      const unpackProp = (u: (s: Int32Array) => unknown) => [{ ...noTwoNeighboursEat(n), holds: (s: Int32Array) => (noTwoNeighboursEat(n) as any).holds(u(s)) }];
      const a = await check(packed.model, unpackProp(packed.unpack) as never);
      const b = await check(objects.model, unpackProp(objects.unpack) as never);
      const c = await check(interpreted, [noTwoNeighboursEat(n)]);
      expect(summary(a)).toEqual(summary(c));
      expect(summary(b)).toEqual(summary(c));
      // The packed state decodes to the interpreted snapshot's context.
      const initial = packed.model.initialStates()[0];
      expect(packed.unpack(initial).context).toEqual({ forks: Array.from({ length: n }, () => -1), meals: 0 });
      expect(initial.length).toBe(packed.layout.contextBase + n + 1);
    });
  }

  it('narrow states (declared ranges): the same graph, stored in fewer ints', async () => {
    const n = 4;
    const machine = philosophers(n);
    const interpreted = fromMachine(machine, { events: events(n) });
    const ranges: [number, number][] = [...Array.from({ length: n }, (): [number, number] => [-1, n - 1]), [0, 2]];
    const narrow = compileMachine(machine, { events: events(n), interpreted, packedContext: packedPhilosophers(n, ranges) });
    if ('unsupported' in narrow) throw new Error('unsupported');
    // 4 regions of 3 paths (3 bits with -1) and 4 forks of 5 values (3 bits each), meals 2 bits: one word.
    expect(narrow.stats.stateInts).toBe(1);
    const prop = [{ ...noTwoNeighboursEat(n), holds: (s: Int32Array) => (noTwoNeighboursEat(n) as any).holds(narrow.unpack(s)) }];
    const a = await check(narrow.model, prop as never);
    const c = await check(interpreted, [noTwoNeighboursEat(n)]);
    expect(summary(a)).toEqual(summary(c));
    expect(narrow.unpack(narrow.model.initialStates()[0]).context).toEqual({ forks: [-1, -1, -1, -1], meals: 0 });
  });

  it('a context int outside its declared range is an error naming it, not a silent wrap', async () => {
    const n = 3;
    const machine = philosophers(n);
    const ranges: [number, number][] = [...Array.from({ length: n }, (): [number, number] => [-1, n - 1]), [0, 1]];
    const narrow = compileMachine(machine, { events: events(n), packedContext: packedPhilosophers(n, ranges) });
    if ('unsupported' in narrow) throw new Error('unsupported');
    // The second meal sets meals to 2, above the declared 1.
    await expect(check(narrow.model, [])).rejects.toThrow(/context int 3 \(meals\) is 2, outside its declared range \[0, 1\]/);
  });

  it('refuses a machine with an inline guard, saying which, and explores it with object contexts', async () => {
    const machine = philosophers(3, true);
    const reasons: string[] = [];
    const compiled = compileMachine(machine, { events: events(3), packedContext: packedPhilosophers(3), onPackedRefused: (r) => reasons.push(r) });
    if ('unsupported' in compiled) throw new Error(compiled.unsupported);
    expect(reasons).toEqual(['an inline guard function has no packed twin']);
    expect(compiled.stats.packedContext).toBe(false);
    const a = await check(compiled.model, []);
    const b = await check(fromMachine(machine, { events: events(3) }), []);
    expect(summary(a)).toEqual(summary(b));
  });
});
