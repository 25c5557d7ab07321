/**
 * Small hand-made models for the report tests: a counter (one process, a safety
 * violation after three steps) and a lock with two processes A and B (a racy lock
 * that breaks mutual exclusion, and a correct one under which A can starve: a lasso).
 */
import type { Model } from '../../checker/model.ts';
import { always, eventually } from '../../checker/property.ts';
import type { Property } from '../../checker/property.ts';

export interface Counter {
  n: number;
}
export type CounterAction = { type: 'inc' } | { type: 'reset' };

export const counterModel: Model<Counter, CounterAction> = {
  initialStates: () => [{ n: 0 }],
  actions: () => [{ type: 'inc' }, { type: 'reset' }],
  nextState: (s, a) => (a.type === 'inc' ? (s.n < 5 ? { n: s.n + 1 } : undefined) : s.n > 0 ? { n: 0 } : undefined),
  encode: (s) => String(s.n),
  process: () => 'counter',
  isFinal: () => false,
  describeStep: (from, a, to) => (a.type === 'inc' ? `counter: ${from.n} -> ${to.n}` : 'counter: reset'),
  view: (s) => ({ n: s.n }),
  actionJson: (a) => ({ ...a }),
};

export const counterProperties: Property<Counter, CounterAction>[] = [
  always('below3', (s) => s.n < 3, { meaning: 'the counter stays below 3' }),
  always('nonNegative', (s) => s.n >= 0, { meaning: 'the counter is never negative' }),
];

type Pc = 'idle' | 'checked' | 'critical';
export interface Lock {
  pc: { A: Pc; B: Pc };
  owner: 'A' | 'B' | null;
}
export type LockAction = { type: 'step'; proc: 'A' | 'B' };

/**
 * `racy`: acquiring is two steps (test, then set), so both can pass the test.
 * Correct: the test and the set are one step, and a process waits while the lock is held.
 */
export function lockModel(racy: boolean): Model<Lock, LockAction> {
  return {
    initialStates: () => [{ pc: { A: 'idle', B: 'idle' }, owner: null }],
    actions: () => [
      { type: 'step', proc: 'A' },
      { type: 'step', proc: 'B' },
    ],
    nextState(s, a) {
      const p = a.proc;
      const pc = s.pc[p];
      const set = (v: Pc, owner: Lock['owner']): Lock => ({ pc: { ...s.pc, [p]: v }, owner });
      if (pc === 'idle') {
        if (racy) return s.owner === null ? set('checked', s.owner) : undefined;
        return s.owner === null ? set('critical', p) : undefined;
      }
      if (pc === 'checked') return set('critical', p);
      return set('idle', null);
    },
    encode: (s) => JSON.stringify([s.pc.A, s.pc.B, s.owner]),
    process: (a) => a.proc,
    isFinal: () => false,
    describeStep: (from, a, to) => `${a.proc}: ${from.pc[a.proc]} -> ${to.pc[a.proc]}`,
    view: (s) => ({ pcA: s.pc.A, pcB: s.pc.B, owner: s.owner }),
    actionJson: (a) => ({ ...a }),
  };
}

export const lockProperties: Property<Lock, LockAction>[] = [
  always('mutex', (s) => !(s.pc.A === 'critical' && s.pc.B === 'critical'), { meaning: 'at most one process in its critical section' }),
  eventually('aEnters', (s) => s.pc.A === 'critical', { meaning: 'A eventually enters its critical section' }),
];
