/**
 * The explored state graph in compact typed arrays (CSR), as liveness needs it.
 * States are dense ids 0..stateCount-1 in discovery order; the edges of state s are
 * edgeStart[s] .. edgeStart[s+1]-1. Self-loops are kept: a retry that returns to the
 * same state is a cycle.
 */
/**
 * Per-edge small ints: the narrowest typed array that holds them (a search records action
 * indices and fairness units in a byte each while they fit, and the graph keeps them so).
 */
export type EdgeInts = Int32Array | Int16Array | Int8Array | Uint16Array | Uint8Array;

export interface StateGraph {
  stateCount: number;
  edgeStart: Int32Array; // length stateCount + 1
  edgeTarget: Int32Array; // length edgeCount
  /** Index of the action within the source state's action list (for traces). */
  edgeAction: EdgeInts;
  /** Fairness unit of the process that takes the edge (index into `units`). */
  edgeProcess: EdgeInts;
  /** An extra per-action fairness unit, or -1 (e.g. the timeout of a bounded wait). */
  edgeExtraUnit: EdgeInts;
  units: readonly FairnessUnit[];
  /** Ids of the initial states. */
  initial: Int32Array;
}

export type FairnessKind = 'weak' | 'strong' | 'none';

export interface FairnessUnit {
  name: string;
  kind: FairnessKind;
}

/** The states of one "p leads to q" obligation, evaluated during exploration. */
export interface ObligationSets {
  /** p holds (the premise); for "eventually q", exactly the initial states. */
  p: Uint8Array;
  /** q holds (the goal). */
  q: Uint8Array;
}

/**
 * A fair path along which p held once and q never held after it: a prefix of edges from
 * an initial state, then either a cycle of edges (lasso) or nothing (stuttering in a
 * terminal state).
 */
export interface Lasso {
  /** The initial state the prefix starts from. */
  start: number;
  /** Edge ids from `start` to the first state of the cycle (or the terminal state). */
  prefix: number[];
  /** Edge ids of the cycle, starting and ending at the last prefix state; empty = stuttering. */
  cycle: number[];
}
