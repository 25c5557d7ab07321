/** Small machines exercising what the front end must get right: assign, raise, guards, history, parallel, final. */
import { assign, createMachine, raise, setup } from 'xstate';

/** A parallel machine with a history state, a raised event, guards and a final state. */
export const featureMachine = setup({
  types: { context: {} as { n: number; log: string[] }, events: {} as { type: 'NEXT' } | { type: 'BACK' } | { type: 'ADD'; by: number } | { type: 'LEAVE' } | { type: 'RETURN' } | { type: 'FINISH' } },
  guards: { small: ({ context }) => context.n < 3 },
}).createMachine({
  id: 'features',
  initial: 'work',
  context: { n: 0, log: [] },
  states: {
    work: {
      type: 'parallel',
      on: { LEAVE: 'away', FINISH: { target: 'finished', guard: ({ context }) => context.n >= 2 } },
      states: {
        phase: {
          initial: 'one',
          states: {
            one: { on: { NEXT: 'two' } },
            two: { on: { NEXT: 'three', BACK: 'one' } },
            three: { entry: raise({ type: 'BACK' }), on: { BACK: 'two' } },
            hist: { type: 'history', history: 'shallow' },
          },
        },
        count: {
          on: { ADD: { guard: 'small', actions: assign({ n: ({ context, event }) => context.n + event.by, log: ({ context }) => [...context.log, 'add'] }) } },
        },
      },
    },
    away: { on: { RETURN: '#features.work.phase.hist' } },
    finished: { type: 'final' },
  },
});

export const featureEvents = [{ type: 'NEXT' }, { type: 'BACK' }, { type: 'ADD', by: 1 }, { type: 'ADD', by: 2 }, { type: 'LEAVE' }, { type: 'RETURN' }, { type: 'FINISH' }] as const;

/** Counts to 2 then stops: 3 states, the last a deadlock. */
export const counterMachine = createMachine({
  types: {} as { context: { count: number }; events: { type: 'INC' } | { type: 'NOISE' } },
  context: { count: 0 },
  on: { INC: { guard: ({ context }) => context.count < 2, actions: assign({ count: ({ context }) => context.count + 1 }) } },
});
