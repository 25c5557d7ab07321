/** Machines with actors or timers are rejected up front, naming what is unsupported. */
import { describe, expect, it } from 'vitest';
import { assign, createMachine, fromPromise, raise, sendTo, setup, spawnChild } from 'xstate';
import { fromMachine } from '../../checker/xstate/from-machine.ts';
import { UnsupportedMachineError } from '../../checker/xstate/unsupported-features.ts';

function rejection(make: () => unknown): UnsupportedMachineError {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(UnsupportedMachineError);
    return error as UnsupportedMachineError;
  }
  throw new Error('expected the machine to be rejected');
}

const child = fromPromise(async () => 1);

describe('unsupported machines', () => {
  it('rejects invoke', () => {
    const machine = createMachine({ initial: 'a', states: { a: { invoke: { src: child } } } });
    expect(rejection(() => fromMachine(machine, { events: [] })).message).toMatch(/state '\(machine\)\.a' invokes actors/);
  });

  it('rejects delayed transitions', () => {
    const machine = createMachine({ initial: 'a', states: { a: { after: { 1000: 'b' } }, b: {} } });
    expect(rejection(() => fromMachine(machine, { events: [] })).message).toMatch(/delayed transitions \(after: 1000\)/);
  });

  it('rejects spawnChild, also when named in setup', () => {
    const inline = createMachine({ entry: spawnChild(child) });
    expect(rejection(() => fromMachine(inline, { events: [] })).message).toMatch(/spawns a child actor/);
    const named = setup({ actors: { child }, actions: { start: spawnChild('child') } }).createMachine({ on: { GO: { actions: 'start' } } });
    expect(rejection(() => fromMachine(named, { events: [] })).message).toMatch(/on 'GO' spawns a child actor/);
  });

  it('rejects delayed raise and sendTo', () => {
    const machine = createMachine({ on: { GO: { actions: [raise({ type: 'X' }, { delay: 10 }), sendTo(({ self }) => self, { type: 'Y' }, { delay: 5 })] } } });
    const error = rejection(() => fromMachine(machine, { events: [] }));
    expect(error.problems).toHaveLength(2);
    expect(error.message).toMatch(/raise with delay.*sendTo with delay/);
  });

  it('rejects a child spawned inside assign when a step creates it', () => {
    const machine = createMachine({ on: { GO: { actions: assign(({ spawn }) => ({ ref: spawn(child) })) } } });
    const model = fromMachine(machine, { events: [{ type: 'GO' }] });
    expect(() => model.nextState(model.initialStates()[0], { type: 'GO' })).toThrow(/spawned child actors/);
  });

  it('accepts undelayed raise and plain side-effect actions', () => {
    const machine = createMachine({ initial: 'a', states: { a: { entry: [raise({ type: 'GO' }), () => {}], on: { GO: 'b' } }, b: {} } });
    const model = fromMachine(machine, { events: [] });
    expect(model.initialStates()[0].value).toBe('b');
  });
});
