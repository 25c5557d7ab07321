/**
 * Offering only the events active state nodes handle must change nothing but speed:
 * same states, verdicts and shortest traces with the filter on and off, including the
 * corner cases where xstate reacts to an event no node names.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assign, createMachine, type AnyStateMachine, type EventObject } from 'xstate';
import { check } from '../../checker/check.ts';
import { always } from '../../checker/property.ts';
import type { CheckResult } from '../../checker/result.ts';
import { fromMachine } from '../../checker/xstate/from-machine.ts';
import { arbitraryMachineSpec, buildMachine, eventsOf } from '../differential/arbitrary-machine.ts';

async function summary(machine: AnyStateMachine, events: EventObject[], skipUnhandledEvents: boolean) {
  const result: CheckResult = await check(fromMachine(machine, { events, skipUnhandledEvents }), [always('x not 2', (s) => s.context?.x !== 2)]);
  return {
    states: result.stats.distinctStates,
    transitions: result.stats.transitions,
    verdicts: result.results.map((r) => [r.property, r.status, r.trace?.path.actions.length]),
  };
}

describe('skipping unhandled events', () => {
  it('changes nothing on 300 random machines', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryMachineSpec, async (spec) => {
        const machine = buildMachine(spec);
        expect(await summary(machine, eventsOf(spec), true)).toEqual(await summary(machine, eventsOf(spec), false));
      }),
      { numRuns: 300 },
    );
  }, 30_000);

  it('keeps events matched by wildcard and partial descriptors', async () => {
    const machine = createMachine({
      context: { x: 0 },
      initial: 'a',
      states: {
        a: { on: { 'timer.*': 'b' } },
        b: { on: { '*': { target: 'c', actions: assign({ x: 2 }) } } },
        c: {},
      },
    });
    const events = [{ type: 'timer' }, { type: 'timer.tick' }, { type: 'other' }];
    const on = await summary(machine, events, true);
    expect(on).toEqual(await summary(machine, events, false));
    expect(on.states).toBe(3);
  });

  it('keeps every event where a guarded eventless transition may read it', async () => {
    // No node handles POKE, yet xstate re-evaluates `always` with it and moves.
    const machine = createMachine({
      context: { x: 0 },
      initial: 'wait',
      states: {
        wait: { always: { guard: ({ event }) => event.type === 'POKE', target: 'poked', actions: assign({ x: 2 }) } },
        poked: {},
      },
    });
    const events = [{ type: 'POKE' }];
    const on = await summary(machine, events, true);
    expect(on).toEqual(await summary(machine, events, false));
    expect(on.states).toBe(2);
  });
});
