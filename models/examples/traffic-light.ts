/**
 * A traffic light with a pedestrian button: the light leaves green only after someone
 * pushed the button, then goes yellow, red and back to green. Four states, no
 * deadlock, red reached in three steps (PUSH, TIMER, TIMER).
 */
import { assign, setup } from 'xstate';
import { always, sometimes } from '../../checker/property.ts';
import { defineModel } from '../../checker/xstate/index.ts';

export const trafficLightMachine = setup({
  types: { context: {} as { requested: boolean }, events: {} as { type: 'TIMER' } | { type: 'PUSH' } },
  guards: { requested: ({ context }) => context.requested },
}).createMachine({
  id: 'trafficLight',
  initial: 'green',
  context: { requested: false },
  states: {
    green: {
      on: {
        PUSH: { guard: ({ context }) => !context.requested, actions: assign({ requested: true }) },
        TIMER: { guard: 'requested', target: 'yellow', actions: assign({ requested: false }) },
      },
    },
    yellow: { on: { TIMER: 'red' } },
    red: { on: { TIMER: 'green' } },
  },
});

export default defineModel(trafficLightMachine, {
  events: [{ type: 'TIMER' }, { type: 'PUSH' }],
  properties: [
    always('a request waits only on green', (s) => !s.context.requested || s.matches('green')),
    sometimes('red is reached', (s) => s.matches('red')),
  ],
});
