/** The iterative Tarjan against mutual reachability, and its reuse across refined blocks. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { graphFromEdges } from '../../checker/liveness/from-edges.ts';
import { createTarjanScratch, stronglyConnectedComponents, tarjanBlock } from '../../checker/liveness/scc.ts';
import { findFairSccs } from '../../checker/liveness/fair-scc.ts';
import { fairSccsIn, graphSccs } from '../../checker/liveness/graph-sccs.ts';

const arbGraph = fc.integer({ min: 1, max: 9 }).chain((n) =>
  fc.record({ n: fc.constant(n), edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 20 }) }),
);

function build(n: number, edges: [number, number][]) {
  return graphFromEdges({ stateCount: n, initial: [0], units: [{ name: 'A', kind: 'weak' }], edges: edges.map(([from, to]) => ({ from, to, unit: 0 })) }).graph;
}

function reach(n: number, edges: [number, number][], keep: (s: number) => boolean): boolean[][] {
  const r = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => i === j));
  // Closure by repetition: n rounds extend every path to its full length.
  for (let round = 0; round < n; round++) for (let i = 0; i < n; i++) for (const [a, b] of edges) if (r[i][a] && keep(a) && keep(b)) r[i][b] = true;
  return r;
}

describe('iterative Tarjan', () => {
  it('puts two states in one SCC iff each reaches the other', () => {
    fc.assert(
      fc.property(arbGraph, ({ n, edges }) => {
        const { comp } = stronglyConnectedComponents(build(n, edges));
        const r = reach(n, edges, () => true);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(comp[i] === comp[j]).toBe(r[i][j] && r[j][i]);
      }),
      { numRuns: 500 },
    );
  });

  it('decomposes successive blocks with one scratch, ignoring edges that leave the block', () => {
    fc.assert(
      fc.property(arbGraph, fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }), ({ n, edges }, inBlock) => {
        const g = build(n, edges);
        const t = createTarjanScratch(n);
        // First the whole graph (block 0), then the sub-block of chosen states (block 1).
        tarjanBlock(g, 0, Int32Array.from({ length: n }, (_, i) => i), n, t);
        const members = Int32Array.from([...Array(n).keys()].filter((s) => inBlock[s]));
        const count = tarjanBlock(g, 1, members, members.length, t);
        const comp = new Map<number, number>();
        let from = 0;
        for (let k = 0; k < count; k++) { for (let i = from; i < t.ends[k]; i++) comp.set(t.out[i], k); from = t.ends[k]; }
        expect(comp.size).toBe(members.length);
        const r = reach(n, edges, (s) => inBlock[s]);
        for (const i of members) for (const j of members) expect(comp.get(i) === comp.get(j)).toBe(r[i][j] && r[j][i]);
      }),
      { numRuns: 500 },
    );
  });
});

describe("a region's fair SCCs from the graph's (graph-sccs.ts)", () => {
  // Units of every kind, so that Streett refinement (strong units) is exercised too.
  const arbFairGraph = fc.integer({ min: 1, max: 9 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      kinds: fc.array(fc.constantFrom('weak' as const, 'strong' as const, 'none' as const), { minLength: 3, maxLength: 3 }),
      edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.nat(2)), { maxLength: 24 }),
      region: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    }),
  );

  it('are the components findFairSccs finds in the region, on random graphs and regions', () => {
    fc.assert(
      fc.property(arbFairGraph, ({ n, kinds, edges, region }) => {
        const g = graphFromEdges({
          stateCount: n,
          initial: [0],
          units: kinds.map((kind, i) => ({ name: `u${i}`, kind })),
          edges: edges.map(([from, to, unit]) => ({ from, to, unit })),
        }).graph;
        const mask = Uint8Array.from(region, Number);
        const direct = findFairSccs(g, mask);
        const sccs = graphSccs(g);
        const viaGraph = fairSccsIn(g, mask, sccs);
        // graphSccs takes the graph's SCCs from the fair decomposition's first Tarjan.
        const plain = stronglyConnectedComponents(g);
        for (let i = 0; i < n; i++) {
          expect(sccs.size[sccs.comp[i]]).toBe(plain.comp.filter((c) => c === plain.comp[i]).length);
          for (let j = 0; j < n; j++) expect(sccs.comp[i] === sccs.comp[j]).toBe(plain.comp[i] === plain.comp[j]);
        }
        for (let i = 0; i < n; i++) {
          expect(viaGraph.comp[i] >= 0, `state ${i} in a fair SCC`).toBe(direct.comp[i] >= 0);
          for (let j = 0; j < n; j++) {
            if (direct.comp[i] < 0 || direct.comp[j] < 0) continue;
            expect(viaGraph.comp[i] === viaGraph.comp[j], `states ${i} and ${j} together`).toBe(direct.comp[i] === direct.comp[j]);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
