/**
 * A StateGraph from a plain edge list: for tests, examples and small hand-built graphs.
 * Edges keep their input order within each source state (so edgeAction is the index of
 * the edge among its source's edges, as the explorer's action index would be).
 */
import type { FairnessUnit, StateGraph } from './graph.ts';

export interface EdgeSpec {
  from: number;
  to: number;
  /** The process unit: an index into `units` or its name. */
  unit: number | string;
  /** An extra fairness unit, by index or name. */
  extra?: number | string;
}

export interface GraphSpec {
  stateCount: number;
  initial: readonly number[];
  units: readonly FairnessUnit[];
  edges: readonly EdgeSpec[];
}

/** The graph, and the edge id given to each input edge (same order as `spec.edges`). */
export function graphFromEdges(spec: GraphSpec): { graph: StateGraph; edgeIds: Int32Array } {
  const n = spec.stateCount;
  const m = spec.edges.length;
  const unitIndex = (u: number | string): number => {
    const i = typeof u === 'number' ? u : spec.units.findIndex((x) => x.name === u);
    if (i < 0 || i >= spec.units.length) throw new Error(`unknown fairness unit ${String(u)}`);
    return i;
  };

  const edgeStart = new Int32Array(n + 1);
  for (const e of spec.edges) {
    if (e.from < 0 || e.from >= n || e.to < 0 || e.to >= n) throw new Error(`edge ${e.from}->${e.to} out of range`);
    edgeStart[e.from + 1]++;
  }
  for (let s = 0; s < n; s++) edgeStart[s + 1] += edgeStart[s];

  const fill = edgeStart.slice(0, n);
  const edgeTarget = new Int32Array(m);
  const edgeAction = new Int32Array(m);
  const edgeProcess = new Int32Array(m);
  const edgeExtraUnit = new Int32Array(m);
  const edgeIds = new Int32Array(m);
  spec.edges.forEach((e, i) => {
    const id = fill[e.from]++;
    edgeIds[i] = id;
    edgeTarget[id] = e.to;
    edgeAction[id] = id - edgeStart[e.from];
    edgeProcess[id] = unitIndex(e.unit);
    edgeExtraUnit[id] = e.extra === undefined ? -1 : unitIndex(e.extra);
  });

  return {
    graph: {
      stateCount: n,
      edgeStart,
      edgeTarget,
      edgeAction,
      edgeProcess,
      edgeExtraUnit,
      units: spec.units,
      initial: Int32Array.from(spec.initial),
    },
    edgeIds,
  };
}
