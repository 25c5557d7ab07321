/**
 * Liveness differential at the level of XState machines (issue 4's acceptance): on
 * 1,000 random machines, check()'s verdict for "x == 0 leads to y == 0" under weak
 * fairness per event type equals that of a brute force that builds the graph with
 * xstate's public transition() (no checker code) and tries every set of edges of the
 * pending region as the cycle, judging fairness on that cycle directly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { check } from '../../checker/check.ts';
import { leadsTo } from '../../checker/property.ts';
import { fromMachine } from '../../checker/xstate/index.ts';
import { arbitraryMachineSpec, buildMachine, eventsOf } from '../differential/arbitrary-machine.ts';

type Snap = AnyMachineSnapshot & { context: { x: number; y: number } };
const p = (s: Snap) => s.context.x === 0;
const q = (s: Snap) => s.context.y === 0;

interface Edge { from: number; to: number; unit: string }
interface Graph { states: Snap[]; edges: Edge[] }

function key(s: AnyMachineSnapshot): string {
  return JSON.stringify([s.value, s.context, s.status]);
}

function buildGraph(machine: AnyStateMachine, events: { type: string }[], limit: number): Graph | undefined {
  const [initial] = initialTransition(machine);
  const ids = new Map<string, number>([[key(initial), 0]]);
  const states: Snap[] = [initial as Snap];
  const edges: Edge[] = [];
  for (let i = 0; i < states.length; i++) {
    if (states.length > limit) return undefined;
    if (states[i].status !== 'active') continue;
    for (const e of events) {
      const [next] = transition(machine, states[i], e);
      if (next === states[i]) continue;
      const k = key(next);
      let id = ids.get(k);
      if (id === undefined) {
        id = states.length;
        ids.set(k, id);
        states.push(next as Snap);
      }
      edges.push({ from: i, to: id, unit: e.type });
    }
  }
  return { states, edges };
}

/** Undefined when the pending region has too many edges to enumerate its subsets. */
function bruteForceViolates(g: Graph, maxEdges: number): boolean | undefined {
  const out = (s: number) => g.edges.filter((e) => e.from === s);
  const reach = (from: number[], allowed: (s: number) => boolean): Set<number> => {
    const seen = new Set(from.filter(allowed));
    const stack = [...seen];
    while (stack.length) for (const e of out(stack.pop()!)) if (allowed(e.to) && !seen.has(e.to)) (seen.add(e.to), stack.push(e.to));
    return seen;
  };
  const reachable = reach([0], () => true);
  const notQ = (s: number) => !q(g.states[s]);
  const triggers = [...reachable].filter((s) => p(g.states[s]) && notQ(s));
  const pending = reach(triggers, notQ);
  for (const s of pending) if (out(s).length === 0) return true; // stuttering at a terminal state
  const candidates = g.edges.filter((e) => pending.has(e.from) && pending.has(e.to));
  if (candidates.length > maxEdges) return undefined;
  const units = [...new Set(g.edges.map((e) => e.unit))];
  const enabled = (s: number, u: string) => out(s).some((e) => e.unit === u);
  for (let mask = 1; mask < 1 << candidates.length; mask++) {
    const chosen = candidates.filter((_, i) => mask & (1 << i));
    const nodes = new Set(chosen.flatMap((e) => [e.from, e.to]));
    const first = chosen[0].from;
    // Strongly connected on the chosen edges: every node reaches `first` and back.
    const fwd = new Set([first]);
    const bwd = new Set([first]);
    for (let changed = true; changed; ) {
      changed = false;
      for (const e of chosen) {
        if (fwd.has(e.from) && !fwd.has(e.to)) (fwd.add(e.to), (changed = true));
        if (bwd.has(e.to) && !bwd.has(e.from)) (bwd.add(e.from), (changed = true));
      }
    }
    if (fwd.size !== nodes.size || bwd.size !== nodes.size) continue;
    const weaklyFair = units.every((u) => chosen.some((e) => e.unit === u) || [...nodes].some((s) => !enabled(s, u)));
    if (weaklyFair) return true;
  }
  return false;
}

describe('liveness: checker vs brute force on random XState machines', () => {
  it('agree on 1,000 machines (weak fairness per event type)', async () => {
    let compared = 0;
    let violations = 0;
    await fc.assert(
      fc.asyncProperty(arbitraryMachineSpec, async (spec) => {
        const machine = buildMachine(spec);
        const events = eventsOf(spec);
        const graph = buildGraph(machine, events, 200);
        if (!graph) return;
        const expected = bruteForceViolates(graph, 10);
        if (expected === undefined) return;
        const model = fromMachine(machine, { events });
        const r = await check(model as any, [leadsTo<Snap>('x0 leads to y0', p, q)], { deadlock: false });
        const status = r.results[0].status;
        compared++;
        if (expected) violations++;
        expect(status === 'violated', `brute force says ${expected ? 'violated' : 'no violation'}, checker says ${status}`).toBe(expected);
        if (status === 'violated') {
          // The lasso replays (check() verified it); its cycle states all lack q.
          const t = r.results[0].trace!;
          const from = t.loop ?? t.steps.length - 1;
          for (const step of t.steps.slice(from)) expect(step.state['context.y']).not.toBe(0);
        }
      }),
      { numRuns: 1000, seed: 20261126 },
    );
    // Both verdicts must occur often, or the comparison says little (seen: 944 compared, 316 violated).
    expect(compared).toBeGreaterThan(600);
    expect(violations).toBeGreaterThan(50);
    expect(compared - violations).toBeGreaterThan(50);
  }, 120_000);
});
