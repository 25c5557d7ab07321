/**
 * Fairness judged on a concrete cycle of edges, the way the counterexample shows it.
 *
 * TLC issue #201 was a false liveness violation from judging an SCC's set of states
 * rather than the cycle printed; every lasso we return is re-checked here, on its edges.
 *
 * A unit u is enabled in a state when the state has an outgoing edge in the FULL graph
 * labelled u (as process or extra unit), whether or not that edge stays in the pending
 * region: leaving the region is exactly what fairness may force.
 *  - weak u: the cycle is unfair when u is enabled in every state of it and never taken;
 *  - strong u: the cycle is unfair when u is enabled in some state of it and never taken;
 *  - none: no constraint.
 */
import type { FairnessUnit, StateGraph } from './graph.ts';

export const KIND_NONE = 0;
export const KIND_WEAK = 1;
export const KIND_STRONG = 2;

/** Unit kinds as small integers for the hot loops. */
export function unitKinds(units: readonly FairnessUnit[]): Uint8Array {
  const kinds = new Uint8Array(units.length);
  for (let u = 0; u < units.length; u++) {
    const k = units[u].kind;
    kinds[u] = k === 'weak' ? KIND_WEAK : k === 'strong' ? KIND_STRONG : KIND_NONE;
  }
  return kinds;
}

/** The source state of edge `e` (CSR stores only targets): binary search in edgeStart. */
export function edgeSource(g: StateGraph, e: number): number {
  const { edgeStart } = g;
  let lo = 0;
  let hi = g.stateCount - 1;
  // last s with edgeStart[s] <= e (states with no edges share a start with the next)
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (edgeStart[mid] <= e) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function isTerminal(g: StateGraph, s: number): boolean {
  return g.edgeStart[s] === g.edgeStart[s + 1];
}

/** Whether unit u labels some outgoing edge of s in the full graph. */
export function isEnabled(g: StateGraph, s: number, u: number): boolean {
  for (let e = g.edgeStart[s], end = g.edgeStart[s + 1]; e < end; e++) {
    if (g.edgeProcess[e] === u || g.edgeExtraUnit[e] === u) return true;
  }
  return false;
}

export interface CycleFairness {
  fair: boolean;
  /** The first unit the cycle is unfair to. */
  unit?: string;
  /** Why it is not a fair cycle, in words. */
  reason?: string;
}

/**
 * Checks that `cycle` is a closed walk of edges and that it is fair to every unit.
 * An empty cycle means stuttering in a terminal state, where no unit is enabled: fair
 * (whether the state is really terminal is the lasso's business, see validate-lasso.ts).
 */
export function checkCycleFairness(g: StateGraph, cycle: readonly number[]): CycleFairness {
  const len = cycle.length;
  if (len === 0) return { fair: true };
  const { edgeTarget, edgeProcess, edgeExtraUnit, edgeStart } = g;
  for (let i = 0; i < len; i++) {
    const e = cycle[i];
    if (e < 0 || e >= edgeTarget.length) return { fair: false, reason: `edge ${e} does not exist` };
    const next = cycle[(i + 1) % len];
    if (next < 0 || next >= edgeTarget.length) return { fair: false, reason: `edge ${next} does not exist` };
    if (edgeTarget[e] !== edgeSource(g, next)) {
      return { fair: false, reason: `not a closed walk: edge ${e} does not lead to the source of edge ${next}` };
    }
  }

  const U = g.units.length;
  const taken = new Uint8Array(U);
  const enabledAt = new Int32Array(U); // positions of the walk where u is enabled
  const lastSeen = new Int32Array(U).fill(-1);
  for (let i = 0; i < len; i++) {
    const e = cycle[i];
    taken[edgeProcess[e]] = 1;
    if (edgeExtraUnit[e] >= 0) taken[edgeExtraUnit[e]] = 1;
    const s = edgeSource(g, e);
    for (let f = edgeStart[s], end = edgeStart[s + 1]; f < end; f++) {
      const a = edgeProcess[f];
      if (lastSeen[a] !== i) { lastSeen[a] = i; enabledAt[a]++; }
      const b = edgeExtraUnit[f];
      if (b >= 0 && lastSeen[b] !== i) { lastSeen[b] = i; enabledAt[b]++; }
    }
  }

  const kinds = unitKinds(g.units);
  for (let u = 0; u < U; u++) {
    if (taken[u]) continue;
    if (kinds[u] === KIND_WEAK && enabledAt[u] === len) {
      return { fair: false, unit: g.units[u].name, reason: `weakly fair ${g.units[u].name} is enabled in every state of the cycle and never taken` };
    }
    if (kinds[u] === KIND_STRONG && enabledAt[u] > 0) {
      return { fair: false, unit: g.units[u].name, reason: `strongly fair ${g.units[u].name} is enabled on the cycle and never taken` };
    }
  }
  return { fair: true };
}

/** The fairness assumed, in words for the report: "weak fairness: A, B, kswapd; strong fairness: C". */
export function describeFairness(units: readonly FairnessUnit[]): string {
  const names = (kind: FairnessUnit['kind']) => units.filter((u) => u.kind === kind).map((u) => u.name);
  const parts: string[] = [];
  const weak = names('weak');
  const strong = names('strong');
  const none = names('none');
  if (weak.length) parts.push(`weak fairness: ${weak.join(', ')}`);
  if (strong.length) parts.push(`strong fairness: ${strong.join(', ')}`);
  if (none.length) parts.push(`no fairness: ${none.join(', ')}`);
  return parts.length ? parts.join('; ') : 'no fairness units';
}
