/**
 * What the compiled path refuses, and the one thing it hands back to xstate: machines
 * using actors, timers, raised events or done-state handlers are `{ unsupported }` with
 * a reason naming the state; several eventless transitions enabled at once fall back to
 * xstate's own transition, said once, with xstate's result.
 */
import { describe, expect, it } from 'vitest';
import { assign, createMachine, fromPromise, raise, type AnyMachineSnapshot } from 'xstate';
import { compileMachine } from '../../checker/compiled/index.ts';
import { createReusableActorScope } from '../../checker/xstate/index.ts';
import { canonicalSnapshot } from './compare-compiled.ts';

const E = [{ type: 'GO' }];

describe('compileMachine refuses what it cannot run', () => {
  const cases: Array<[string, object, RegExp]> = [
    ['invoke', { initial: 'a', states: { a: { invoke: { src: fromPromise(async () => 1) } } } }, /'x\.a' invokes actors/],
    ['after', { initial: 'a', states: { a: { after: { 100: 'b' } }, b: {} } }, /delayed transitions/],
    ['raise', { initial: 'a', states: { a: { on: { GO: { actions: raise({ type: 'GO' }) } } } } }, /xstate\.raise/],
    ['onDone', { initial: 'a', states: { a: { initial: 'f', states: { f: { type: 'final' } }, onDone: 'b' }, b: {} } }, /onDone/],
  ];
  for (const [name, config, reason] of cases) {
    it(name, () => {
      const result = compileMachine(createMachine({ id: 'x', ...config } as never), { events: E });
      expect('unsupported' in result && result.unsupported).toMatch(reason);
    });
  }
});

describe('fallback to xstate', () => {
  it('several eventless transitions in one microstep: xstate decides, said once', () => {
    const region = (k: 'x' | 'y') => ({
      initial: 'idle',
      states: {
        idle: { on: { GO: 'armed' } },
        armed: { always: { target: 'fired', actions: assign({ [k]: ({ context }: { context: { x: number; y: number } }) => context[k] + 1 }) } },
        fired: {},
      },
    });
    const machine = createMachine({ id: 'p', type: 'parallel', context: { x: 0, y: 0 }, states: { r0: region('x'), r1: region('y') }, on: { GO: {} } } as never);
    const told: string[] = [];
    const compiled = compileMachine(machine, { events: E, onFallback: (why) => told.push(why) });
    if ('unsupported' in compiled) throw new Error(compiled.unsupported);
    // Both regions arm on GO (r0 and r1 each take GO), then both eventless transitions fire.
    const start = compiled.model.initialStates()[0];
    const next = compiled.model.nextState(start, E[0]);
    const scope = createReusableActorScope();
    const expected = machine.transition(machine.getInitialSnapshot(scope) as AnyMachineSnapshot, E[0], scope) as AnyMachineSnapshot;
    expect(canonicalSnapshot(compiled.unpack(next!))).toBe(canonicalSnapshot(expected));
    compiled.model.nextState(compiled.model.initialStates()[0], E[0]);
    expect(told).toHaveLength(1);
    expect(compiled.stats.fallbackSteps).toBe(2);
  });
});
