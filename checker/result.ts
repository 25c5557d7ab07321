/** What a run returns: statistics, and a verdict per property with its counterexample. */
import type { PropertyKind } from './property.ts';
import type { Coverage } from './coverage.ts';

export type Status = 'holds' | 'violated' | 'vacuous' | 'unknown';

/** A path as indices: the initial state's index, then the chosen action's index at each step. */
export interface IndexPath {
  init: number;
  actions: number[];
  /** For a lasso: the step index (0 = initial state) the last state loops back to. */
  loop?: number;
}

export interface TraceStep {
  /** 0 for the initial state. */
  index: number;
  /** The action that led here (absent for the initial state), as JSON. */
  event?: unknown;
  /** One line in the model's words. */
  description?: string;
  /** The model's process that took the step. */
  process?: string;
  /** Full flat view of the state after the step. */
  state: Record<string, unknown>;
  /** Only the fields that changed from the previous step (TLC's -difftrace). */
  changed: Record<string, unknown>;
}

export interface Trace {
  path: IndexPath;
  steps: TraceStep[];
  /** For a lasso: the step the cycle returns to. */
  loop?: number;
  /** For a deadlock or a stuttering liveness violation: the last state has no successor. */
  stutters?: boolean;
}

export interface PropertyResult {
  property: string;
  kind: PropertyKind;
  status: Status;
  meaning?: string;
  /** Why: for unknown (which bound), vacuous (which premise), or violated (which obligation). */
  message?: string;
  trace?: Trace;
  /** For a reachability property that holds: a shortest path to a witness. */
  witness?: Trace;
}

export interface Stats {
  distinctStates: number;
  transitions: number;
  maxDepth: number;
  /** True when the whole reachable graph was explored. */
  complete: boolean;
  elapsedMs: number;
  statesPerSecond: number;
  /** Bytes of checker storage (fingerprint table, parents, edges) per distinct state. */
  bytesPerState: number;
  /** Probability that a 64-bit fingerprint collision hid a state (TLC's optimistic estimate). */
  collisionProbability: number;
  /** Why the run stopped early, when it did. */
  stoppedBy?: 'max-states' | 'max-depth' | 'timeout' | 'interrupted' | 'stop-on-first' | 'max-memory';
  /** Fairness assumed for liveness, in words. */
  fairness?: string;
  /** Symmetry reduction used, or why not, in words (only for models that have one). */
  symmetry?: string;
}

export interface CheckResult {
  stats: Stats;
  results: PropertyResult[];
  /** With the coverage option: what the run exercised (checker/coverage.ts). */
  coverage?: Coverage;
}

/** Thrown (wrapped) when the model itself throws: exit 75 with the state and action. */
export class ModelEvaluationError extends Error {
  constructor(
    message: string,
    readonly state: Record<string, unknown> | undefined,
    readonly action: unknown,
    readonly path: IndexPath | undefined,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'ModelEvaluationError';
  }
}

/** A counterexample that does not replay: a checker bug or a fingerprint collision. */
export class TraceReplayError extends Error {
  constructor(message: string, readonly path: IndexPath) {
    super(message);
    this.name = 'TraceReplayError';
  }
}

/** A run asked for something that does not exist (an unknown property name): exit 151. */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}
