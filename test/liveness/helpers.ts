/** Small builders for liveness tests: hand-made graphs and tiny explored products. */
import type { FairnessUnit, ObligationSets, StateGraph } from '../../checker/liveness/graph.ts';
import { graphFromEdges, type EdgeSpec } from '../../checker/liveness/from-edges.ts';

export function bits(n: number, holds: (s: number) => boolean): Uint8Array {
  const b = new Uint8Array(n);
  for (let s = 0; s < n; s++) b[s] = holds(s) ? 1 : 0;
  return b;
}

export function sets(n: number, p: (s: number) => boolean, q: (s: number) => boolean): ObligationSets {
  return { p: bits(n, p), q: bits(n, q) };
}

/** A step of a tiny explicit model: the process (or unit) taking it and the next state. */
export interface Step<S> {
  unit: string;
  to: S;
  extra?: string;
}

/**
 * Breadth-first exploration of a tiny model with string-keyed states, into a StateGraph.
 * `states[i]` is the state with id i, so predicates can be written on the states.
 */
export function explore<S>(
  init: S,
  key: (s: S) => string,
  next: (s: S) => Step<S>[],
  units: readonly FairnessUnit[],
): { graph: StateGraph; states: S[]; id: (s: S) => number } {
  const ids = new Map<string, number>();
  const states: S[] = [];
  const edges: EdgeSpec[] = [];
  const add = (s: S) => {
    const k = key(s);
    let i = ids.get(k);
    if (i === undefined) { i = states.length; ids.set(k, i); states.push(s); }
    return i;
  };
  add(init);
  for (let i = 0; i < states.length; i++) {
    for (const st of next(states[i])) edges.push({ from: i, to: add(st.to), unit: st.unit, extra: st.extra });
  }
  const { graph } = graphFromEdges({ stateCount: states.length, initial: [0], units, edges });
  return { graph, states, id: (s) => ids.get(key(s))! };
}

/** The states a lasso passes through: prefix states then the cycle's states. */
export function lassoStates(g: StateGraph, start: number, prefix: number[], cycle: number[]): { prefix: number[]; cycle: number[] } {
  const ps = [start];
  for (const e of prefix) ps.push(g.edgeTarget[e]);
  let cur = ps[ps.length - 1];
  const cs: number[] = [];
  for (const e of cycle) { cs.push(cur); cur = g.edgeTarget[e]; }
  return { prefix: ps, cycle: cs };
}
