/**
 * A broken mutex: check-then-set on a shared `locked` flag with no atomicity. Each
 * process i:
 *   idle     -> checked   only when !locked (it saw the lock free)
 *   checked  -> critical  locked := true      (too late: the other may have seen it free too)
 *   critical -> idle      locked := false
 * Mutual exclusion is violated; the shortest counterexample has 4 steps (both check,
 * then both enter).
 */
import { assign, setup } from 'xstate';
import { always } from '../../checker/property.ts';
import { defineModel } from '../../checker/xstate/index.ts';

type Pid = 0 | 1;
interface Context {
  locked: boolean;
}
type StepEvent = { type: 'STEP'; pid: Pid };

const mutexSetup = setup({
  types: { context: {} as Context, events: {} as StepEvent },
  guards: {
    mine: ({ event }, pid: Pid) => event.pid === pid,
    mineAndFree: ({ context, event }, pid: Pid) => event.pid === pid && !context.locked,
  },
});

function processRegion(pid: Pid) {
  const mine = { type: 'mine', params: pid } as const;
  return mutexSetup.createStateConfig({
    initial: 'idle',
    states: {
      idle: { on: { STEP: { guard: { type: 'mineAndFree', params: pid }, target: 'checked' } } },
      checked: { on: { STEP: { guard: mine, target: 'critical', actions: assign({ locked: true }) } } },
      critical: { on: { STEP: { guard: mine, target: 'idle', actions: assign({ locked: false }) } } },
    },
  });
}

export const brokenMutexMachine = mutexSetup.createMachine({
  id: 'brokenMutex',
  type: 'parallel',
  context: { locked: false },
  states: { p0: processRegion(0), p1: processRegion(1) },
});

export default defineModel(brokenMutexMachine, {
  events: [
    { type: 'STEP', pid: 0 },
    { type: 'STEP', pid: 1 },
  ],
  process: (event) => `p${event.pid}`,
  properties: [always('mutual exclusion', (s) => !(s.matches({ p0: 'critical' }) && s.matches({ p1: 'critical' })))],
});
