/** The Model the XState front end builds: enabling, processes, finality, descriptions and views. */
import { describe, expect, it } from 'vitest';
import { assign, createMachine } from 'xstate';
import { check } from '../../checker/check.ts';
import { fromMachine, describeEvent } from '../../checker/xstate/from-machine.ts';
import { stateValueToString, viewSnapshot } from '../../checker/xstate/view-snapshot.ts';
import { counterMachine, featureEvents, featureMachine } from './fixture-machines.ts';

describe('fromMachine', () => {
  it('reports an event the machine does not take as not enabled', () => {
    const model = fromMachine(counterMachine, { events: [{ type: 'INC' }, { type: 'NOISE' }] });
    const [initial] = model.initialStates();
    expect(model.nextState(initial, { type: 'NOISE' })).toBeUndefined();
    const one = model.nextState(initial, { type: 'INC' })!;
    expect(one.context.count).toBe(1);
    const two = model.nextState(one, { type: 'INC' })!;
    // The guard blocks a third INC: not enabled either.
    expect(model.nextState(two, { type: 'INC' })).toBeUndefined();
  });

  it('offers only events some active state node handles, in the given order', () => {
    const model = fromMachine(counterMachine, { events: [{ type: 'NOISE' }, { type: 'INC' }] });
    expect(model.actions(model.initialStates()[0])).toEqual([{ type: 'INC' }]);
    const all = fromMachine(counterMachine, { events: [{ type: 'NOISE' }, { type: 'INC' }], skipUnhandledEvents: false });
    expect(all.actions(all.initialStates()[0])).toEqual([{ type: 'NOISE' }, { type: 'INC' }]);
  });

  it('takes events from a function of the snapshot (xstate/graph style)', () => {
    const model = fromMachine(featureMachine, { events: (s) => [{ type: 'ADD' as const, by: s.context.n + 1 }] });
    const [initial] = model.initialStates();
    expect(model.actions(initial)).toEqual([{ type: 'ADD', by: 1 }]);
  });

  it('labels steps with the event type as process by default, or with the given function', () => {
    const plain = fromMachine(featureMachine, { events: featureEvents });
    const [s] = plain.initialStates();
    expect(plain.process({ type: 'ADD', by: 1 }, s)).toBe('ADD');
    const custom = fromMachine(featureMachine, { events: featureEvents, process: (e) => (e.type === 'ADD' ? 'counter' : 'phases') });
    expect(custom.process({ type: 'ADD', by: 2 }, s)).toBe('counter');
    expect(custom.process({ type: 'NEXT' }, s)).toBe('phases');
  });

  it('treats a done snapshot as final with no actions', async () => {
    const machine = createMachine({ initial: 'a', states: { a: { on: { GO: 'end' } }, end: { type: 'final' } } });
    const model = fromMachine(machine, { events: [{ type: 'GO' }] });
    const end = model.nextState(model.initialStates()[0], { type: 'GO' })!;
    expect(model.isFinal(end)).toBe(true);
    expect(model.actions(end)).toEqual([]);
    const result = await check(model, []);
    // Reaching a final state is a valid end, not a deadlock.
    expect(result.results.find((r) => r.property === 'deadlock')?.status).toBe('holds');
  });

  it('describes a step by its event type and payload', () => {
    expect(describeEvent({ type: 'GO' })).toBe('GO');
    expect(describeEvent({ type: 'ADD', by: 2 } as never)).toBe('ADD {"by":2}');
  });

  it('surfaces an error thrown by the initial step and by a transition', () => {
    const badInit = createMachine({ context: () => { throw new Error('no context'); } });
    expect(() => fromMachine(badInit, { events: [] }).initialStates()).toThrow('no context');
    const badStep = createMachine({ on: { BOOM: { actions: assign(() => { throw new Error('boom'); }) } } });
    const model = fromMachine(badStep, { events: [{ type: 'BOOM' }] });
    expect(() => model.nextState(model.initialStates()[0], { type: 'BOOM' })).toThrow('boom');
  });

  it('works with check(): three counter states, the last one a deadlock two steps away', async () => {
    const result = await check(fromMachine(counterMachine, { events: [{ type: 'INC' }, { type: 'NOISE' }] }), []);
    expect(result.stats.distinctStates).toBe(3);
    const deadlock = result.results.find((r) => r.property === 'deadlock')!;
    expect(deadlock.status).toBe('violated');
    expect(deadlock.trace?.path.actions.length).toBe(2);
    expect(deadlock.trace?.steps.at(-1)?.state['context.count']).toBe(2);
  });
});

describe('viewSnapshot', () => {
  it('renders state values readably', () => {
    expect(stateValueToString('idle')).toBe('idle');
    expect(stateValueToString({ a: { b: 'c' } })).toBe('a.b.c');
    expect(stateValueToString({ r1: 'x', r2: { y: 'z' } })).toBe('r1:x r2:y.z');
    expect(stateValueToString({ top: { r1: 'x', r2: 'y' } })).toBe('top.(r1:x r2:y)');
  });

  it('flattens context fields with dots and keeps arrays whole', () => {
    const machine = createMachine({ context: { n: 1, zone: { free: 3, wm: { min: 1 } }, queue: [1, 2] }, initial: 'run', states: { run: {} } });
    const model = fromMachine(machine, { events: [] });
    expect(viewSnapshot(model.initialStates()[0])).toEqual({ state: 'run', 'context.n': 1, 'context.zone.free': 3, 'context.zone.wm.min': 1, 'context.queue': [1, 2] });
  });
});
