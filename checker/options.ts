/** Options of one run of the checker. */
import type { FairnessSpec } from './model.ts';

export type Strategy = 'bfs' | 'dfs';

export interface Progress {
  distinctStates: number;
  transitions: number;
  queue: number;
  depth: number;
  elapsedMs: number;
  statesPerSecond: number;
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
  /** Stop at the first violation instead of settling every property. */
  stopOnFirst?: boolean;
  /** Called about once a second while the run lasts. */
  onProgress?: (p: Progress) => void;
  progressIntervalMs?: number;
  /** Aborting ends the run cleanly with what was found so far (stoppedBy 'interrupted'). */
  signal?: AbortSignal;
  fairness?: FairnessSpec<S, A>;
}
