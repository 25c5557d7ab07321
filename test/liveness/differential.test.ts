/**
 * Differential test: findFairViolation against a brute-force reference on random small
 * graphs. The reference knows nothing of SCCs: a fair lasso exists iff the pending region
 * holds a terminal state, or a set of edges between not-q states that is strongly
 * connected (so some closed walk takes exactly those edges and visits exactly their
 * states) and fair, judged directly on those edges and states. Graphs have at most 12
 * edges, so every subset of edges is tried.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FairnessKind, Lasso, StateGraph } from '../../checker/liveness/graph.ts';
import { graphFromEdges } from '../../checker/liveness/from-edges.ts';
import { findFairViolation } from '../../checker/liveness/find-violation.ts';
import { graphSccs } from '../../checker/liveness/graph-sccs.ts';
import { checkCycleFairness } from '../../checker/liveness/fairness.ts';

interface Case {
  n: number;
  kinds: FairnessKind[];
  edges: { from: number; to: number; unit: number; extra: number }[];
  initial: number[];
  p: boolean[];
  q: boolean[];
}

const arbCase: fc.Arbitrary<Case> = fc.integer({ min: 2, max: 7 }).chain((n) =>
  fc.integer({ min: 1, max: 3 }).chain((U) =>
    fc.record({
      n: fc.constant(n),
      kinds: fc.array(fc.constantFrom<FairnessKind>('weak', 'strong', 'none'), { minLength: U, maxLength: U }),
      edges: fc.array(
        fc.record({
          from: fc.nat(n - 1),
          to: fc.nat(n - 1),
          unit: fc.nat(U - 1),
          extra: fc.oneof({ weight: 3, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.nat(U - 1) }),
        }),
        { maxLength: 12 },
      ),
      initial: fc.uniqueArray(fc.nat(n - 1), { minLength: 1, maxLength: 2 }),
      p: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      q: fc.array(fc.nat(3).map((x) => x === 0), { minLength: n, maxLength: n }),
    }),
  ),
);

/** Everything the reference needs, computed from the case alone (not from the CSR). */
class Reference {
  readonly enabled: Set<number>[]; // units enabled per state
  readonly terminal: boolean[];
  readonly region: boolean[];
  constructor(readonly c: Case) {
    const { n, edges } = c;
    this.enabled = Array.from({ length: n }, () => new Set<number>());
    this.terminal = Array.from({ length: n }, () => true);
    for (const e of edges) {
      this.enabled[e.from].add(e.unit);
      if (e.extra >= 0) this.enabled[e.from].add(e.extra);
      this.terminal[e.from] = false;
    }
    const reach0 = this.closure(c.initial, () => true);
    const triggers = reach0.flatMap((ok, s) => (ok && c.p[s] && !c.q[s] ? [s] : []));
    this.region = this.closure(triggers, (t) => !c.q[t]);
  }

  private closure(from: number[], may: (t: number) => boolean): boolean[] {
    const seen = Array.from({ length: this.c.n }, () => false);
    const todo = [...from];
    for (const s of from) seen[s] = true;
    while (todo.length) {
      const s = todo.pop()!;
      for (const e of this.c.edges) if (e.from === s && may(e.to) && !seen[e.to]) { seen[e.to] = true; todo.push(e.to); }
    }
    return seen;
  }

  /** Fairness of a closed walk that takes exactly `edges` and visits exactly `states`. */
  fair(edges: Case['edges'], states: Set<number>): boolean {
    return this.c.kinds.every((kind, u) => {
      if (edges.some((e) => e.unit === u || e.extra === u)) return true;
      const on = [...states].filter((s) => this.enabled[s].has(u)).length;
      if (kind === 'weak') return on < states.size;
      if (kind === 'strong') return on === 0;
      return true;
    });
  }

  /** States from which stuttering or a fair cycle (inside the region) can go on forever. */
  targets(): boolean[] {
    const { c } = this;
    const t = this.region.map((inR, s) => inR && this.terminal[s]);
    const inner = c.edges.filter((e) => !c.q[e.from] && !c.q[e.to]);
    for (let mask = 1; mask < 1 << inner.length; mask++) {
      const sub = inner.filter((_, i) => mask & (1 << i));
      const states = new Set(sub.flatMap((e) => [e.from, e.to]));
      const first = sub[0].from;
      if (!this.region[first]) continue;
      if (!stronglyConnected(sub, states, first)) continue;
      if (!this.fair(sub, states)) continue;
      for (const s of states) t[s] = true;
    }
    return t;
  }

  /** Length of the shortest prefix to a target, through a trigger; -1 when none. */
  shortestPrefix(targets: boolean[]): number {
    const { c } = this;
    const dist = new Map<string, number>();
    let frontier: [number, number][] = [];
    const add = (s: number, phase: number, d: number, next: [number, number][]) => {
      const go = (ph: number) => {
        const k = `${s}/${ph}`;
        if (!dist.has(k)) { dist.set(k, d); next.push([s, ph]); }
      };
      if (phase === 1) { if (!c.q[s]) go(1); return; }
      go(0);
      if (c.p[s] && !c.q[s]) go(1);
    };
    for (const s of c.initial) add(s, 0, 0, frontier);
    for (let d = 0; frontier.length; d++) {
      if (frontier.some(([s, ph]) => ph === 1 && targets[s])) return d;
      const next: [number, number][] = [];
      for (const [s, ph] of frontier) for (const e of c.edges) if (e.from === s) add(e.to, ph, d + 1, next);
      frontier = next;
    }
    return -1;
  }
}

function stronglyConnected(edges: Case['edges'], states: Set<number>, root: number): boolean {
  const reach = (fwd: boolean) => {
    const seen = new Set([root]);
    const todo = [root];
    while (todo.length) {
      const s = todo.pop()!;
      for (const e of edges) {
        const [a, b] = fwd ? [e.from, e.to] : [e.to, e.from];
        if (a === s && !seen.has(b)) { seen.add(b); todo.push(b); }
      }
    }
    return seen.size === states.size;
  };
  return reach(true) && reach(false);
}

/** Checks a lasso on the case's own edge list (independent of the CSR helpers). */
function lassoIsValid(c: Case, ref: Reference, edgeOf: Map<number, Case['edges'][number]>, lasso: Lasso): string | null {
  if (!c.initial.includes(lasso.start)) return 'start is not initial';
  const path = [lasso.start];
  for (const id of lasso.prefix) {
    const e = edgeOf.get(id);
    if (!e || e.from !== path[path.length - 1]) return `prefix broken at edge ${id}`;
    path.push(e.to);
  }
  const last = path[path.length - 1];
  const lastQ = path.findLastIndex((s) => c.q[s]);
  if (lastQ === path.length - 1) return 'ends in q';
  if (!path.slice(lastQ + 1).some((s) => c.p[s])) return 'no trigger after the last q';
  if (lasso.cycle.length === 0) return ref.terminal[last] ? null : 'stutters in a non-terminal state';
  const cyc = lasso.cycle.map((id) => edgeOf.get(id));
  let cur = last;
  for (const e of cyc) {
    if (!e || e.from !== cur) return 'cycle broken';
    if (c.q[e.from]) return 'cycle state in q';
    cur = e.to;
  }
  if (cur !== last) return 'cycle not closed';
  if (!ref.fair(cyc as Case['edges'], new Set(cyc.map((e) => e!.from)))) return 'cycle unfair';
  return null;
}

function build(c: Case): { graph: StateGraph; edgeOf: Map<number, Case['edges'][number]> } {
  const { graph, edgeIds } = graphFromEdges({
    stateCount: c.n,
    initial: c.initial,
    units: c.kinds.map((kind, i) => ({ name: `u${i}`, kind })),
    edges: c.edges.map((e) => ({ from: e.from, to: e.to, unit: e.unit, extra: e.extra >= 0 ? e.extra : undefined })),
  });
  const edgeOf = new Map(c.edges.map((e, i) => [edgeIds[i], e]));
  return { graph, edgeOf };
}

describe('findFairViolation against a brute-force reference', () => {
  it('agrees on 2,000 random graphs, with valid, fair, shortest-prefix lassos', () => {
    let violated = 0;
    let holds = 0;
    fc.assert(
      fc.property(arbCase, (c) => {
        const ref = new Reference(c);
        const targets = ref.targets();
        const expected = ref.shortestPrefix(targets);
        const { graph, edgeOf } = build(c);
        const sets = { p: Uint8Array.from(c.p, Number), q: Uint8Array.from(c.q, Number) };
        const lasso = findFairViolation(graph, sets);
        // The same lasso when the region's fair SCCs come from the graph's (graph-sccs.ts),
        // as a check computes them: the same components, so the same target and cycle.
        expect(findFairViolation(graph, sets, { sccs: () => graphSccs(graph) })).toEqual(lasso);
        expect(lasso !== null).toBe(expected >= 0);
        if (lasso) {
          violated++;
          expect(lassoIsValid(c, ref, edgeOf, lasso)).toBeNull();
          expect(checkCycleFairness(graph, lasso.cycle).fair).toBe(true);
          expect(lasso.prefix.length).toBe(expected);
        } else holds++;
      }),
      { numRuns: 2000 },
    );
    // The generator must exercise both verdicts, or agreement means little.
    expect(violated).toBeGreaterThan(300);
    expect(holds).toBeGreaterThan(300);
  });
});
