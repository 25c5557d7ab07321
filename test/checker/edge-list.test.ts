/**
 * The compact edge list (checker/store/edge-list.ts) against the plain one it replaced:
 * for any sequence of edges, toCsr gives each state's edges in the order they were added,
 * with the same targets, actions and units, whether the sources come in increasing runs
 * (a sequential search: the columns are used in place) or in any order (workers' lists,
 * merged); and addAll (the workers' hand-over) keeps every edge, its units renamed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EdgeList, type Csr } from '../../checker/store/edge-list.ts';

interface Edge {
  source: number;
  target: number;
  action: number;
  process: number;
  extra: number;
}

/** The CSR of the plain list: a stable sort by source. */
function plainCsr(edges: readonly Edge[], n: number) {
  const bySource = Array.from({ length: n }, (_, s) => edges.filter((e) => e.source === s));
  return bySource.map((list) => list.map((e) => [e.target, e.action, e.process, e.extra]));
}

function csrRows(csr: Csr, n: number) {
  return Array.from({ length: n }, (_, s) => {
    const row: number[][] = [];
    for (let e = csr.edgeStart[s]; e < csr.edgeStart[s + 1]; e++) row.push([csr.edgeTarget[e], csr.edgeAction[e], csr.edgeProcess[e], csr.edgeExtraUnit[e]]);
    return row;
  });
}

const N = 12;
const edge = fc.record({
  source: fc.nat(N - 1),
  target: fc.nat(N - 1),
  // Past one byte now and then, so the columns widen mid-run.
  action: fc.oneof(fc.nat(5), fc.nat(70_000)),
  process: fc.oneof(fc.nat(3), fc.nat(300)),
  extra: fc.oneof(fc.constant(-1), fc.nat(3), fc.nat(300)),
});

function listOf(edges: readonly Edge[]): EdgeList {
  const list = new EdgeList();
  for (const e of edges) list.add(e.source, e.target, e.action, e.process, e.extra);
  return list;
}

describe('EdgeList', () => {
  it('gives the plain CSR for edges in any order', () => {
    fc.assert(
      fc.property(fc.array(edge, { maxLength: 60 }), (edges) => {
        expect(csrRows(listOf(edges).toCsr(N), N)).toEqual(plainCsr(edges, N));
      }),
    );
  });

  it('gives the plain CSR for runs in increasing source order (the in-place path)', () => {
    fc.assert(
      fc.property(fc.array(edge, { maxLength: 60 }), (edges) => {
        // A sequential search adds each state's edges together, states in increasing id order.
        const sorted = [...edges].sort((a, b) => a.source - b.source);
        const csr = listOf(sorted).toCsr(N);
        expect(csrRows(csr, N)).toEqual(plainCsr(sorted, N));
        expect(csr.edgeStart[N]).toBe(sorted.length);
      }),
    );
  });

  it('hands its edges over with their units renamed (addAll)', () => {
    fc.assert(
      fc.property(fc.array(edge, { maxLength: 40 }), fc.array(edge, { maxLength: 40 }), (first, second) => {
        const merged = listOf(first);
        merged.addAll(listOf(second).columns(), (u) => u + 1000);
        const renamed = second.map((e) => ({ ...e, process: e.process + 1000, extra: e.extra < 0 ? -1 : e.extra + 1000 }));
        expect(merged.count).toBe(first.length + second.length);
        expect(csrRows(merged.toCsr(N), N)).toEqual(plainCsr([...first, ...renamed], N));
      }),
    );
  });

  it('stores a kernel-like graph in at most 13.5 bytes per edge (the plain list: 20)', () => {
    // 4 edges per state, small actions and units: 7 bytes per edge (one int, three
    // bytes) and a run (two ints, 2 bytes per edge) per state, each with up to 1.5x the
    // growth slack of its arrays.
    const list = new EdgeList();
    const states = 100_000;
    for (let s = 0; s < states; s++) for (let a = 0; a < 4; a++) list.add(s, (s * 7 + a) % states, a, a % 3, a === 3 ? 1 : -1);
    expect(list.byteLength / list.count).toBeLessThan(7 * 1.5 + 2 * 1.5);
  });
});
