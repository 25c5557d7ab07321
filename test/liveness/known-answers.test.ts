/**
 * Known answers for findFairViolation, each with the exact lasso expected.
 * Graphs are hand-built (graphFromEdges) or explored from a tiny model (explore).
 */
import { describe, expect, it } from 'vitest';
import type { FairnessKind, StateGraph } from '../../checker/liveness/graph.ts';
import { graphFromEdges } from '../../checker/liveness/from-edges.ts';
import { findFairViolation } from '../../checker/liveness/find-violation.ts';
import { checkCycleFairness, describeFairness } from '../../checker/liveness/fairness.ts';
import { lassoProblem } from '../../checker/liveness/validate-lasso.ts';
import { explore, lassoStates, sets } from './helpers.ts';

const units = (...spec: [string, FairnessKind][]) => spec.map(([name, kind]) => ({ name, kind }));
/** A graph from state 0 whose every edge is taken by one weakly fair process. */
const oneProcess = (unit: string, stateCount: number, edges: [from: number, to: number][]) =>
  graphFromEdges({ stateCount, initial: [0], units: units([unit, 'weak']), edges: edges.map(([from, to]) => ({ from, to, unit })) });

describe('two processes and a handoff lock', () => {
  // Each process: idle (i) may think forever or request (w); waiting acquires the free lock
  // (c); release hands the lock straight to a waiting peer. The only way to starve A is for
  // A never to be scheduled while B thinks: A's acquire is enabled all along.
  type PC = 'i' | 'w' | 'c';
  const lock = (kind: FairnessKind) =>
    explore<PC[]>(
      ['i', 'i'],
      (s) => s.join(''),
      (s) => {
        const steps = [];
        for (const x of [0, 1]) {
          const y = 1 - x;
          const unit = x === 0 ? 'A' : 'B';
          const set = (vx: PC, vy: PC = s[y]) => { const t = [...s]; t[x] = vx; t[y] = vy; return t; };
          if (s[x] === 'i') steps.push({ unit, to: set('i') }, { unit, to: set('w') });
          if (s[x] === 'w' && s[y] !== 'c') steps.push({ unit, to: set('c') });
          if (s[x] === 'c') steps.push({ unit, to: set('i', s[y] === 'w' ? 'c' : s[y]) });
        }
        return steps;
      },
      units(['A', kind], ['B', kind]),
    );

  it('without fairness A starves: it waits while B thinks forever', () => {
    const { graph, states, id } = lock('none');
    const ob = sets(graph.stateCount, (s) => states[s][0] === 'w', (s) => states[s][0] === 'c');
    const lasso = findFairViolation(graph, ob)!;
    expect(lasso).not.toBeNull();
    const seen = lassoStates(graph, lasso.start, lasso.prefix, lasso.cycle);
    expect(seen.prefix.map((s) => states[s].join(''))).toEqual(['ii', 'wi']);
    expect(seen.cycle).toEqual([id(['w', 'i'])]);
    expect(graph.edgeProcess[lasso.cycle[0]]).toBe(1); // B thinks
  });

  it('under weak fairness per process neither starves', () => {
    const { graph, states } = lock('weak');
    for (const x of [0, 1]) {
      const ob = sets(graph.stateCount, (s) => states[s][x] === 'w', (s) => states[s][x] === 'c');
      expect(findFairViolation(graph, ob)).toBeNull();
    }
  });
});

describe('a retry loop', () => {
  // 0 idle -> 1 try; 1 fails -> 2 reclaim -> 3 should-retry -> 1; 1 succeeds -> 4.
  const retry = (exitKind: FairnessKind) =>
    graphFromEdges({
      stateCount: 5,
      initial: [0],
      units: units(['A', 'weak'], ['exit', exitKind]),
      edges: [
        { from: 0, to: 1, unit: 'A' },
        { from: 1, to: 2, unit: 'A' },
        { from: 1, to: 4, unit: 'A', extra: 'exit' },
        { from: 2, to: 3, unit: 'A' },
        { from: 3, to: 1, unit: 'A' },
      ],
    });
  const allocating = (s: number) => s >= 1 && s <= 3;
  const done = (s: number) => s === 4;

  it('spins forever under weak fairness per process: the lasso is 0 -> 1 then 1 -> 2 -> 3 -> 1', () => {
    const { graph, edgeIds } = retry('none');
    const lasso = findFairViolation(graph, sets(5, allocating, done))!;
    expect(lasso).toEqual({ start: 0, prefix: [edgeIds[0]], cycle: [edgeIds[1], edgeIds[3], edgeIds[4]] });
  });

  it('the exit enabled once per round: weakly fair exit still spins, strongly fair exit returns', () => {
    expect(findFairViolation(retry('weak').graph, sets(5, allocating, done))).not.toBeNull();
    expect(findFairViolation(retry('strong').graph, sets(5, allocating, done))).toBeNull();
  });

  it('eventually (p = the initial states) finds the same loop', () => {
    const { graph, edgeIds } = retry('weak');
    const lasso = findFairViolation(graph, sets(5, (s) => s === 0, done))!;
    expect(lasso).toEqual({ start: 0, prefix: [edgeIds[0]], cycle: [edgeIds[1], edgeIds[3], edgeIds[4]] });
  });
});

describe('a model whose only cycle is unfair', () => {
  // B moves 0 <-> 1 forever; A can leave to the goal 2 from both.
  const twoState = (aAt1: boolean, aKind: FairnessKind) =>
    graphFromEdges({
      stateCount: 3,
      initial: [0],
      units: units(['A', aKind], ['B', 'weak']),
      edges: [
        { from: 0, to: 1, unit: 'B' },
        { from: 1, to: 0, unit: 'B' },
        { from: 0, to: 2, unit: 'A' },
        ...(aAt1 ? [{ from: 1, to: 2, unit: 'A' }] : []),
        { from: 2, to: 2, unit: 'B' },
      ],
    }).graph;
  const eventually2 = sets(3, (s) => s === 0, (s) => s === 2);

  it('holds under weak fairness when A is enabled all along the cycle', () => {
    expect(findFairViolation(twoState(true, 'weak'), eventually2)).toBeNull();
  });
  it('is violated when A is unfair', () => {
    expect(findFairViolation(twoState(true, 'none'), eventually2)).not.toBeNull();
  });
  it('is violated under weak fairness when A is disabled in one state of the cycle, and holds under strong', () => {
    const lasso = findFairViolation(twoState(false, 'weak'), eventually2)!;
    expect(lasso.prefix).toEqual([]);
    expect(lasso.cycle.length).toBe(2);
    expect(findFairViolation(twoState(false, 'strong'), eventually2)).toBeNull();
  });
});

describe('the cycle shown is judged, not the set of states (TLC issue #201)', () => {
  // SCC {0,1,2}: 0 <-> 1 by B, 0 -> 2 by A, 2 -> 0 by B; A also leaves 1 for the goal 3.
  // The shortest cycle through 0 is 0 -> 1 -> 0: A enabled in both states, never taken.
  const { graph, edgeIds } = graphFromEdges({
    stateCount: 4,
    initial: [0],
    units: units(['A', 'weak'], ['B', 'weak']),
    edges: [
      { from: 0, to: 1, unit: 'B' },
      { from: 1, to: 0, unit: 'B' },
      { from: 0, to: 2, unit: 'A' },
      { from: 2, to: 0, unit: 'B' },
      { from: 1, to: 3, unit: 'A' },
    ],
  });
  const ob = sets(4, (s) => s === 0, (s) => s === 3);

  it('the short cycle is unfair to A', () => {
    expect(checkCycleFairness(graph, [edgeIds[0], edgeIds[1]])).toMatchObject({ fair: false, unit: 'A' });
  });
  it('the lasso takes A inside the SCC and is fair', () => {
    const lasso = findFairViolation(graph, ob)!;
    expect(lasso.prefix).toEqual([]);
    expect(lasso.cycle).toContain(edgeIds[2]);
    expect(checkCycleFairness(graph, lasso.cycle)).toEqual({ fair: true });
    expect(lasso.cycle).toEqual([edgeIds[0], edgeIds[1], edgeIds[2], edgeIds[3]]);
  });
  it('a walk that is not closed is not a fair cycle', () => {
    expect(checkCycleFairness(graph, [edgeIds[0]]).fair).toBe(false);
  });
});

describe('terminal states in the pending region', () => {
  const chain = oneProcess('A', 3, [
    [0, 1],
    [1, 2],
  ]);

  it('a terminal state without q after p is a violation by stuttering', () => {
    const { graph, edgeIds } = chain;
    expect(findFairViolation(graph, sets(3, (s) => s === 1, () => false))).toEqual({ start: 0, prefix: [edgeIds[0], edgeIds[1]], cycle: [] });
  });
  it('a terminal trigger state is itself the violation', () => {
    const { graph, edgeIds } = chain;
    expect(findFairViolation(graph, sets(3, (s) => s === 2, () => false))).toEqual({ start: 0, prefix: [edgeIds[0], edgeIds[1]], cycle: [] });
  });
  it('holds when the terminal state satisfies q', () => {
    expect(findFairViolation(chain.graph, sets(3, (s) => s === 1, (s) => s === 2))).toBeNull();
  });
  it('an unexpanded frontier state is not terminal: no stuttering violation there', () => {
    const ob = sets(3, (s) => s === 1, () => false);
    expect(findFairViolation(chain.graph, ob, { unexpanded: Uint8Array.of(0, 0, 1) })).toBeNull();
  });
  it('a terminal state before the trigger does not count', () => {
    expect(findFairViolation(chain.graph, sets(3, () => false, () => false))).toBeNull();
  });
});

describe('strong fairness refines an SCC (Streett)', () => {
  // 0 <-> 1 <-> 2 by B; C leaves 2 for the goal 3. Strongly fair C is enabled in 2 and
  // never taken inside, so only cycles avoiding 2 are fair: {0, 1}.
  const g = (cKind: FairnessKind) =>
    graphFromEdges({
      stateCount: 4,
      initial: [2],
      units: units(['B', 'weak'], ['C', cKind]),
      edges: [
        { from: 0, to: 1, unit: 'B' },
        { from: 1, to: 0, unit: 'B' },
        { from: 1, to: 2, unit: 'B' },
        { from: 2, to: 1, unit: 'B' },
        { from: 2, to: 3, unit: 'C' },
      ],
    });
  const ob = sets(4, (s) => s === 2, (s) => s === 3);

  it('strong: the cycle avoids the state where C is enabled', () => {
    const { graph, edgeIds } = g('strong');
    expect(findFairViolation(graph, ob)).toEqual({ start: 2, prefix: [edgeIds[3]], cycle: [edgeIds[1], edgeIds[0]] });
  });
  it('weak: the cycle may pass through it, since C is disabled in 1', () => {
    const { graph, edgeIds } = g('weak');
    expect(findFairViolation(graph, ob)).toEqual({ start: 2, prefix: [], cycle: [edgeIds[3], edgeIds[2]] });
  });
});

describe('deep graphs', () => {
  it('a chain of 1e6 states into a cycle of 5e5 does not overflow the stack', () => {
    const n = 1_000_000;
    const back = n / 2;
    const edgeStart = new Int32Array(n + 1);
    for (let s = 0; s <= n; s++) edgeStart[s] = s;
    const edgeTarget = new Int32Array(n);
    for (let s = 0; s < n - 1; s++) edgeTarget[s] = s + 1;
    edgeTarget[n - 1] = back;
    const graph: StateGraph = {
      stateCount: n,
      edgeStart,
      edgeTarget,
      edgeAction: new Int32Array(n),
      edgeProcess: new Int32Array(n),
      edgeExtraUnit: new Int32Array(n).fill(-1),
      units: units(['A', 'weak']),
      initial: Int32Array.of(0),
    };
    const ob = sets(n, (s) => s === 0, () => false);
    const lasso = findFairViolation(graph, ob)!;
    expect(lasso.start).toBe(0);
    expect(lasso.prefix.length).toBe(back);
    expect(lasso.cycle.length).toBe(n - back);
    expect(lasso.cycle[0]).toBe(back);
    expect(lassoProblem(graph, ob, lasso)).toBeNull();
  });
});

describe('describeFairness', () => {
  it('names the units by kind', () => {
    expect(describeFairness(units(['A', 'weak'], ['B', 'weak'], ['kswapd', 'weak'], ['timeout:A', 'strong'], ['env', 'none'])))
      .toBe('weak fairness: A, B, kswapd; strong fairness: timeout:A; no fairness: env');
    expect(describeFairness([])).toBe('no fairness units');
  });
});

describe('a violation only where no initial state leads', () => {
  // 0 -> 1 -> 1 is reachable and q holds at 1; states 2 and 3 (2 -> 3 -> 2, p at 2, q
  // nowhere) form a fair cycle no run from the initial state 0 reaches. The cheap first
  // test (find-violation.ts step 0) starts from every trigger, so it sees the cycle; the
  // search from the initial states must then find nothing.
  const { graph } = oneProcess('P', 4, [
    [0, 1],
    [1, 1],
    [2, 3],
    [3, 2],
  ]);

  it('is no violation', () => {
    expect(findFairViolation(graph, sets(4, (s) => s === 0 || s === 2, (s) => s === 1))).toBeNull();
  });

  it('and the same cycle reached from the initial state is one', () => {
    // 0 is the trigger, and 0 -> 2 makes the cycle reachable without q.
    const reachable = oneProcess('P', 4, [
      [0, 2],
      [2, 3],
      [3, 2],
      [1, 1],
    ]).graph;
    const lasso = findFairViolation(reachable, sets(4, (s) => s === 0, (s) => s === 1))!;
    expect(lasso).not.toBeNull();
    expect(lasso.start).toBe(0);
  });
});
