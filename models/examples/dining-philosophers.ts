/**
 * Dining philosophers, the deadlocking way: philosopher i takes fork i (left), then
 * fork (i+1) mod n (right), eats, and puts both down. When every philosopher holds a
 * left fork, nobody can take a right one: a deadlock n steps from the start.
 *
 * `diningPhilosophersMachine(n)` builds the machine for any n (the benchmark uses
 * large n); the default export is the classic n = 3.
 */
import { assign, setup, type SnapshotFrom } from 'xstate';
import { always, sometimes } from '../../checker/property.ts';
import { defineModel, type ModelDefinition } from '../../checker/xstate/index.ts';

interface Context {
  /** forks[f]: the philosopher holding fork f, or -1. */
  forks: number[];
}
type PhilosopherEvent = { type: 'TAKE_LEFT' | 'TAKE_RIGHT' | 'PUT_DOWN'; pid: number };

const philosopherSetup = setup({
  types: { context: {} as Context, events: {} as PhilosopherEvent },
  guards: {
    mine: ({ event }, p: { pid: number }) => event.pid === p.pid,
    mineAndFree: ({ context, event }, p: { pid: number; fork: number }) => event.pid === p.pid && context.forks[p.fork] === -1,
  },
});

function holding(forks: number[], fork: number, owner: number): number[] {
  const next = forks.slice();
  next[fork] = owner;
  return next;
}

function philosopherRegion(pid: number, n: number) {
  const left = pid;
  const right = (pid + 1) % n;
  return philosopherSetup.createStateConfig({
    initial: 'thinking',
    states: {
      thinking: {
        on: { TAKE_LEFT: { guard: { type: 'mineAndFree', params: { pid, fork: left } }, target: 'hasLeft', actions: assign({ forks: ({ context }) => holding(context.forks, left, pid) }) } },
      },
      hasLeft: {
        on: { TAKE_RIGHT: { guard: { type: 'mineAndFree', params: { pid, fork: right } }, target: 'eating', actions: assign({ forks: ({ context }) => holding(context.forks, right, pid) }) } },
      },
      eating: {
        on: {
          PUT_DOWN: {
            guard: { type: 'mine', params: { pid } },
            target: 'thinking',
            actions: assign({ forks: ({ context }) => holding(holding(context.forks, left, -1), right, -1) }),
          },
        },
      },
    },
  });
}

export function diningPhilosophersMachine(n: number) {
  const states: Record<string, ReturnType<typeof philosopherRegion>> = {};
  for (let pid = 0; pid < n; pid++) states[`p${pid}`] = philosopherRegion(pid, n);
  return philosopherSetup.createMachine({
    id: `diningPhilosophers${n}`,
    type: 'parallel',
    context: { forks: Array.from({ length: n }, () => -1) },
    states,
  });
}

export function diningPhilosophersEvents(n: number): PhilosopherEvent[] {
  const events: PhilosopherEvent[] = [];
  for (let pid = 0; pid < n; pid++) for (const type of ['TAKE_LEFT', 'TAKE_RIGHT', 'PUT_DOWN'] as const) events.push({ type, pid });
  return events;
}

type Snapshot = SnapshotFrom<ReturnType<typeof diningPhilosophersMachine>>;

export function diningPhilosophersModel(n: number): ModelDefinition<Snapshot, PhilosopherEvent> {
  const eats = (s: Snapshot, pid: number) => (s.value as Record<string, string>)[`p${pid}`] === 'eating';
  const neighboursEating = (s: Snapshot) => {
    for (let pid = 0; pid < n; pid++) if (eats(s, pid) && eats(s, (pid + 1) % n)) return true;
    return false;
  };
  const someoneEats = (s: Snapshot) => {
    for (let pid = 0; pid < n; pid++) if (eats(s, pid)) return true;
    return false;
  };
  return defineModel(diningPhilosophersMachine(n), {
    events: diningPhilosophersEvents(n),
    process: (event) => `p${event.pid}`,
    properties: [
      // Neighbours share a fork, so they cannot both be eating.
      always('neighbours never eat together', (s) => !neighboursEating(s)),
      sometimes('someone eats', someoneEats),
    ],
  });
}

export default diningPhilosophersModel(3);
