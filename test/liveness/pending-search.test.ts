/**
 * searchPending's early stop: a search told which pending states it is looking for stops
 * at the first one it visits, and must then give exactly what the full search gives for
 * that node (find-violation.ts takes its counterexample from it): the same target, the
 * first pending node of the full visit order that the test accepts, and the same shortest
 * path to it, since nodes are visited in order of distance and a node's parent is set
 * when it is first visited.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { graphFromEdges } from '../../checker/liveness/from-edges.ts';
import { pathTo, searchPending } from '../../checker/liveness/pending-search.ts';

const arbCase = fc.integer({ min: 1, max: 20 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    edges: fc.array(fc.record({ from: fc.nat(n - 1), to: fc.nat(n - 1) }), { maxLength: 50 }),
    initial: fc.uniqueArray(fc.nat(n - 1), { minLength: 1, maxLength: 3 }),
    p: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    q: fc.array(fc.nat(3).map((x) => x === 0), { minLength: n, maxLength: n }),
    wanted: fc.array(fc.nat(4).map((x) => x === 0), { minLength: n, maxLength: n }),
  }),
);

describe('searchPending stopping at a target', () => {
  it('finds the full search first accepted pending node, with the same path, on 3,000 random graphs', () => {
    let found = 0;
    fc.assert(
      fc.property(arbCase, (c) => {
        const { graph } = graphFromEdges({
          stateCount: c.n,
          initial: c.initial,
          units: [{ name: 'u', kind: 'weak' }],
          edges: c.edges.map((e) => ({ ...e, unit: 0 })),
        });
        const sets = { p: Uint8Array.from(c.p, Number), q: Uint8Array.from(c.q, Number) };
        const full = searchPending(graph, sets);
        expect(full.target).toBe(-1);
        let expected = -1;
        for (let i = 0; i < full.length && expected < 0; i++) {
          const node = full.order[i];
          if (node >= c.n && c.wanted[node - c.n]) expected = node;
        }
        const stopped = searchPending(graph, sets, (s) => c.wanted[s]);
        expect(stopped.target).toBe(expected);
        if (expected >= 0) {
          found++;
          expect(pathTo(stopped, expected)).toEqual(pathTo(full, expected));
          expect(stopped.length).toBeLessThanOrEqual(full.length);
        }
      }),
      { numRuns: 3000 },
    );
    expect(found).toBeGreaterThan(300);
  });
});
