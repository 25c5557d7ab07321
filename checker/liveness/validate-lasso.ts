/**
 * Independent re-check of a lasso against the graph and the obligation, on its edges:
 * the search that found it is not trusted to judge it (TLC issue #201).
 */
import type { Lasso, ObligationSets, StateGraph } from './graph.ts';
import { checkCycleFairness, edgeSource, isTerminal } from './fairness.ts';

/** What is wrong with `lasso` as a fair violation of "p leads to q", or null when nothing is. */
export function lassoProblem(g: StateGraph, sets: ObligationSets, lasso: Lasso): string | null {
  const { start, prefix, cycle } = lasso;
  if (!g.initial.includes(start)) return `start ${start} is not an initial state`;
  const edgeCount = g.edgeTarget.length;

  // The states of the prefix, s0 = start .. sk = the first state of the cycle.
  const states = [start];
  let cur = start;
  for (const e of prefix) {
    if (e < 0 || e >= edgeCount) return `prefix edge ${e} does not exist`;
    if (edgeSource(g, e) !== cur) return `prefix edge ${e} does not leave state ${cur}`;
    cur = g.edgeTarget[e];
    states.push(cur);
  }
  const last = cur;

  for (const e of cycle) {
    if (e < 0 || e >= edgeCount) return `cycle edge ${e} does not exist`;
    if (edgeSource(g, e) !== cur) return `cycle edge ${e} does not leave state ${cur}`;
    if (sets.q[cur]) return `cycle state ${cur} satisfies q`;
    cur = g.edgeTarget[e];
  }
  if (cur !== last) return `cycle ends in state ${cur}, not in ${last}`;
  if (cycle.length === 0 && !isTerminal(g, last)) return `no cycle, but state ${last} is not terminal`;

  // A trigger (p and not q) after the last q state of the prefix; the last state not q.
  let lastQ = -1;
  for (let i = 0; i < states.length; i++) if (sets.q[states[i]]) lastQ = i;
  if (lastQ === states.length - 1) return `state ${last} where the lasso ends satisfies q`;
  let triggered = false;
  for (let i = lastQ + 1; i < states.length; i++) if (sets.p[states[i]]) triggered = true;
  if (!triggered) return 'no state with p and not q is followed only by states without q';

  const fairness = checkCycleFairness(g, cycle);
  if (!fairness.fair) return `unfair cycle: ${fairness.reason}`;
  return null;
}
