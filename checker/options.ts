/** Options of one run of the checker. */
import type { FairnessSpec } from './model.ts';
import type { ModelSource } from './parallel/model-source.ts';

export type Strategy = 'bfs' | 'dfs';

/** How a caller stops a long run and hears from it while it lasts. */
export interface RunControl<P> {
  /** Aborting ends the run cleanly with what was found so far. */
  signal?: AbortSignal;
  /** Milliseconds. */
  timeoutMs?: number;
  /** Called about every progressIntervalMs (default 1000) while the run lasts. */
  onProgress?: (p: P) => void;
  progressIntervalMs?: number;
}

/** Where the liveness analysis after a search is: obligations searched of all, the property under way. */
export interface LivenessProgress {
  done: number;
  obligations: number;
  property: string;
  elapsedMs: number;
}

export interface Progress {
  distinctStates: number;
  transitions: number;
  queue: number;
  depth: number;
  elapsedMs: number;
  statesPerSecond: number;
}

/** A search's progress report, its rate derived from the distinct states and the time. */
export function progress(distinct: number, transitions: number, queue: number, depth: number, elapsedMs: number): Progress {
  return {
    distinctStates: distinct,
    transitions,
    queue,
    depth,
    elapsedMs,
    statesPerSecond: elapsedMs > 0 ? Math.round((distinct * 1000) / elapsedMs) : 0,
  };
}

export interface CheckOptions<S = any, A = any> {
  strategy?: Strategy;
  /** Only these properties (by name); default all. */
  properties?: readonly string[];
  /** Check for deadlocks (default true). */
  deadlock?: boolean;
  maxStates?: number;
  maxDepth?: number;
  /** Milliseconds. */
  timeoutMs?: number;
  /** Stop before the process uses more than this many bytes (default: half the machine's memory). */
  maxMemoryBytes?: number;
  /** Use the model's symmetry reduction when it has one (default true; safety-only runs). */
  symmetry?: boolean;
  /** Stop at the first violation instead of settling every property. */
  stopOnFirst?: boolean;
  /**
   * Count per action kind how often it was offered, taken and found a new state, and per
   * view field the values it took (checker/coverage.ts): CheckResult.coverage. Costs a
   * label per listed action and a view per new state.
   */
  coverage?: boolean;
  /** Called about once a second while the search lasts. */
  onProgress?: (p: Progress) => void;
  /** Called about once a second while the liveness analysis after the search lasts. */
  onLivenessProgress?: (p: LivenessProgress) => void;
  progressIntervalMs?: number;
  /** Aborting ends the run cleanly with what was found so far (stoppedBy 'interrupted'). */
  signal?: AbortSignal;
  fairness?: FairnessSpec<S, A>;
  /**
   * Explore with this many worker threads over shared memory (checker/parallel); needs
   * `modelSource`, from which each worker rebuilds the model. 1 or less: sequential.
   */
  workers?: number;
  /** Where workers rebuild the model and properties from (userModelSource, kernelWorkerSource). */
  modelSource?: ModelSource;
  /** States per worker a BFS level must hold before the workers take over from the main thread (default 32). */
  workerHandoff?: number;
}
