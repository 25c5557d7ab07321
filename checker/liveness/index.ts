/** Liveness under fairness: the public surface of checker/liveness. */
export type { FairnessKind, FairnessUnit, Lasso, ObligationSets, StateGraph } from './graph.ts';
export { findFairViolation } from './find-violation.ts';
export type { ViolationSearchOptions } from './find-violation.ts';
export { checkCycleFairness, describeFairness, edgeSource, isEnabled, isTerminal } from './fairness.ts';
export type { CycleFairness } from './fairness.ts';
export { lassoProblem } from './validate-lasso.ts';
export { stronglyConnectedComponents } from './scc.ts';
export { findFairSccs } from './fair-scc.ts';
export { graphFromEdges } from './from-edges.ts';
export type { EdgeSpec, GraphSpec } from './from-edges.ts';
