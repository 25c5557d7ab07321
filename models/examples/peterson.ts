/**
 * Peterson's mutual exclusion for two processes, done right. Each process i:
 *   idle     -> flagged   flag[i] := true
 *   flagged  -> waiting   turn := other
 *   waiting  -> critical  only when !flag[other] || turn == i  (busy-wait: not enabled otherwise)
 *   critical -> idle      flag[i] := false
 * One parallel region per process; a step is `{ type: 'STEP', pid }`. Mutual
 * exclusion holds and nothing deadlocks.
 */
import { assign, setup } from 'xstate';
import { always, sometimes } from '../../checker/property.ts';
import { defineModel } from '../../checker/xstate/index.ts';

type Pid = 0 | 1;
interface Context {
  flag: [boolean, boolean];
  turn: Pid;
}
type StepEvent = { type: 'STEP'; pid: Pid };

const petersonSetup = setup({
  types: { context: {} as Context, events: {} as StepEvent },
  guards: {
    mine: ({ event }, pid: Pid) => event.pid === pid,
    // Peterson's entry condition, checked only for the process taking the step.
    mayEnter: ({ context, event }, pid: Pid) => event.pid === pid && (!context.flag[1 - pid] || context.turn === pid),
  },
});

function processRegion(pid: Pid) {
  const mine = { type: 'mine', params: pid } as const;
  return petersonSetup.createStateConfig({
    initial: 'idle',
    states: {
      idle: { on: { STEP: { guard: mine, target: 'flagged', actions: assign({ flag: ({ context }) => setFlag(context.flag, pid, true) }) } } },
      flagged: { on: { STEP: { guard: mine, target: 'waiting', actions: assign({ turn: (1 - pid) as Pid }) } } },
      waiting: { on: { STEP: { guard: { type: 'mayEnter', params: pid }, target: 'critical' } } },
      critical: { on: { STEP: { guard: mine, target: 'idle', actions: assign({ flag: ({ context }) => setFlag(context.flag, pid, false) }) } } },
    },
  });
}

function setFlag(flag: [boolean, boolean], pid: Pid, value: boolean): [boolean, boolean] {
  const next: [boolean, boolean] = [flag[0], flag[1]];
  next[pid] = value;
  return next;
}

export const petersonMachine = petersonSetup.createMachine({
  id: 'peterson',
  type: 'parallel',
  context: { flag: [false, false], turn: 0 },
  states: { p0: processRegion(0), p1: processRegion(1) },
});

export default defineModel(petersonMachine, {
  events: [
    { type: 'STEP', pid: 0 },
    { type: 'STEP', pid: 1 },
  ],
  process: (event) => `p${event.pid}`,
  properties: [
    always('mutual exclusion', (s) => !(s.matches({ p0: 'critical' }) && s.matches({ p1: 'critical' }))),
    sometimes('p1 enters its critical section', (s) => s.matches({ p1: 'critical' })),
  ],
});
