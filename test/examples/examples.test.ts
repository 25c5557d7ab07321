/**
 * Known answers for models/examples: exact distinct-state counts, verdicts and
 * shortest counterexample lengths, each derived independently by a tiny explorer over
 * a hand-written transition relation (and, where small, by hand in a comment), then
 * compared with what check() finds through the XState front end.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import type { CheckResult, PropertyResult } from '../../checker/result.ts';
import type { ModelDefinition } from '../../checker/xstate/index.ts';
import brokenMutex from '../../models/examples/broken-mutex.ts';
import diningPhilosophers, { diningPhilosophersModel } from '../../models/examples/dining-philosophers.ts';
import peterson from '../../models/examples/peterson.ts';
import trafficLight from '../../models/examples/traffic-light.ts';
import { tinyExplore } from './tiny-explorer.ts';

async function run(definition: ModelDefinition): Promise<{ result: CheckResult; verdict: (name: string) => PropertyResult }> {
  const result = await check(definition.model, definition.properties);
  return { result, verdict: (name) => result.results.find((r) => r.property === name)! };
}
const steps = (r: PropertyResult) => (r.status === 'violated' ? r.trace?.path.actions.length : r.witness?.path.actions.length);

describe('traffic light', () => {
  it('has 4 states, no deadlock, red three steps away', async () => {
    // By hand: green/unrequested -PUSH-> green/requested -TIMER-> yellow -TIMER-> red -TIMER-> green/unrequested.
    const { result, verdict } = await run(trafficLight);
    expect(result.stats.distinctStates).toBe(4);
    expect(verdict('deadlock').status).toBe('holds');
    expect(verdict('a request waits only on green').status).toBe('holds');
    expect(verdict('red is reached').status).toBe('holds');
    expect(steps(verdict('red is reached'))).toBe(3);
  });
});

type Pc = 'idle' | 'flagged' | 'waiting' | 'critical';
interface PetersonState { pc: [Pc, Pc]; flag: [boolean, boolean]; turn: 0 | 1 }

function petersonNext(s: PetersonState): PetersonState[] {
  const out: PetersonState[] = [];
  for (const i of [0, 1] as const) {
    const j = 1 - i;
    const pc = [...s.pc] as [Pc, Pc];
    const flag = [...s.flag] as [boolean, boolean];
    if (s.pc[i] === 'idle') { pc[i] = 'flagged'; flag[i] = true; out.push({ pc, flag, turn: s.turn }); }
    else if (s.pc[i] === 'flagged') { pc[i] = 'waiting'; out.push({ pc, flag, turn: j as 0 | 1 }); }
    else if (s.pc[i] === 'waiting') { if (!s.flag[j] || s.turn === i) { pc[i] = 'critical'; out.push({ pc, flag, turn: s.turn }); } }
    else { pc[i] = 'idle'; flag[i] = false; out.push({ pc, flag, turn: s.turn }); }
  }
  return out;
}

describe('Peterson (2 processes)', () => {
  const expected = tinyExplore<PetersonState>({ pc: ['idle', 'idle'], flag: [false, false], turn: 0 }, petersonNext, {
    bad: (s) => s.pc[0] === 'critical' && s.pc[1] === 'critical',
    good: (s) => s.pc[1] === 'critical',
  });

  it('the independent derivation: 20 states, no deadlock, mutual exclusion holds, p1 critical in 3 steps', () => {
    // flag[i] is implied by pc[i], so a state is (pc0, pc1, turn): at most 32, of which
    // the tiny explorer reaches 20 (none with both critical, none without a successor).
    expect(expected).toEqual({ states: 20, goodDepth: 3 });
  });

  it('check() agrees', async () => {
    const { result, verdict } = await run(peterson);
    expect(result.stats.distinctStates).toBe(expected.states);
    expect(verdict('mutual exclusion').status).toBe('holds');
    expect(verdict('deadlock').status).toBe('holds');
    expect(steps(verdict('p1 enters its critical section'))).toBe(expected.goodDepth);
  });
});

type MutexPc = 'idle' | 'checked' | 'critical';
interface MutexState { pc: [MutexPc, MutexPc]; locked: boolean }

function mutexNext(s: MutexState): MutexState[] {
  const out: MutexState[] = [];
  for (const i of [0, 1] as const) {
    const pc = [...s.pc] as [MutexPc, MutexPc];
    if (s.pc[i] === 'idle') { if (!s.locked) { pc[i] = 'checked'; out.push({ pc, locked: s.locked }); } }
    else if (s.pc[i] === 'checked') { pc[i] = 'critical'; out.push({ pc, locked: true }); }
    else { pc[i] = 'idle'; out.push({ pc, locked: false }); }
  }
  return out;
}

describe('broken mutex (check-then-set)', () => {
  const expected = tinyExplore<MutexState>({ pc: ['idle', 'idle'], locked: false }, mutexNext, { bad: (s) => s.pc[0] === 'critical' && s.pc[1] === 'critical' });

  it('the independent derivation: both critical after 4 steps (both check, both enter)', () => {
    expect(expected.badDepth).toBe(4);
    expect(expected.deadlockDepth).toBeUndefined();
  });

  it('check() finds the violation with a shortest 4-step trace', async () => {
    const { result, verdict } = await run(brokenMutex);
    expect(result.stats.distinctStates).toBe(expected.states);
    expect(verdict('mutual exclusion').status).toBe('violated');
    expect(steps(verdict('mutual exclusion'))).toBe(expected.badDepth);
    expect(verdict('deadlock').status).toBe('holds');
    const last = verdict('mutual exclusion').trace!.steps.at(-1)!.state;
    expect(last.state).toBe('p0:critical p1:critical');
  });
});

type PhilPc = 'thinking' | 'hasLeft' | 'eating';
interface TableState { pc: PhilPc[]; forks: number[] }

function tableNext(n: number) {
  return (s: TableState): TableState[] => {
    const out: TableState[] = [];
    for (let i = 0; i < n; i++) {
      const left = i;
      const right = (i + 1) % n;
      const pc = [...s.pc];
      const forks = [...s.forks];
      if (s.pc[i] === 'thinking' && s.forks[left] === -1) { pc[i] = 'hasLeft'; forks[left] = i; out.push({ pc, forks }); }
      else if (s.pc[i] === 'hasLeft' && s.forks[right] === -1) { pc[i] = 'eating'; forks[right] = i; out.push({ pc, forks }); }
      else if (s.pc[i] === 'eating') { pc[i] = 'thinking'; forks[left] = -1; forks[right] = -1; out.push({ pc, forks }); }
    }
    return out;
  };
}

describe('dining philosophers', () => {
  for (const n of [3, 4, 5]) {
    const expected = tinyExplore<TableState>({ pc: Array(n).fill('thinking'), forks: Array(n).fill(-1) }, tableNext(n), {
      bad: (s) => s.pc.some((p, i) => p === 'eating' && s.pc[(i + 1) % n] === 'eating'),
      good: (s) => s.pc.includes('eating'),
    });

    it(`n = ${n}: deadlock after n steps (everyone holds a left fork), neighbours never eat together`, async () => {
      expect(expected.deadlockDepth).toBe(n);
      const { result, verdict } = await run(n === 3 ? diningPhilosophers : diningPhilosophersModel(n));
      expect(result.stats.distinctStates).toBe(expected.states);
      expect(verdict('deadlock').status).toBe('violated');
      expect(steps(verdict('deadlock'))).toBe(n);
      expect(verdict('neighbours never eat together').status).toBe('holds');
      // Someone eats after taking two forks.
      expect(steps(verdict('someone eats'))).toBe(2);
    });
  }

  it('n = 3 has 14 states, as counted by hand', async () => {
    // Each philosopher thinks (T), holds its left fork (L) or eats (E); forks are implied.
    // Philosopher i holds fork i in L and E, and fork i+1 in E, so E at i-1 excludes L
    // and E at i: around the table, E is always followed by T. Cyclic words of length 3
    // over {T, L, E} with that rule: trace of M^3 for M = [[1,1,1],[1,1,1],[1,0,0]]
    // (from T, L, E to T, L, E) = 7 + 5 + 2 = 14, and all of them are reachable.
    expect(tinyExplore<TableState>({ pc: Array(3).fill('thinking'), forks: Array(3).fill(-1) }, tableNext(3)).states).toBe(14);
    const { result } = await run(diningPhilosophers);
    expect(result.stats.distinctStates).toBe(14);
  });
});
