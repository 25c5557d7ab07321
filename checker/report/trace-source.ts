/**
 * Where a saved trace came from: enough to rebuild the model it was found in, so that
 * `oomcheck replay` can re-execute it later against the current code. A trace is an
 * index path (initial state, action index at each step) and means nothing without
 * the model that gives those indices their actions.
 *
 * The JSON report (`--format json`) and the ITF report both carry one of these beside
 * each trace's `path`.
 */
import type { IndexPath } from '../result.ts';

export type TraceSource =
  /** A user's model file (default export `defineModel({...})`), as given on the command line. */
  | { kind: 'model-file'; file: string }
  /** A kernel scenario (built-in name or JSON file) under a policy spec such as `v4.0+lowOrderFail`. */
  | { kind: 'kernel'; scenario: string; policy: string };

/**
 * What a replayable trace file holds, whatever its format (JSON report or ITF): the
 * source, the property it was a counterexample of, the index path, and the events and
 * state views recorded when it was found (what a replay compares against).
 */
export interface SavedTrace {
  source?: TraceSource;
  property?: string;
  path: IndexPath;
  /** Recorded steps: step 0 is the initial state (no event). */
  steps: SavedStep[];
}

export interface SavedStep {
  event?: unknown;
  process?: string;
  description?: string;
  state: Record<string, unknown>;
}

export function isTraceSource(x: unknown): x is TraceSource {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Record<string, unknown>;
  if (s.kind === 'model-file') return typeof s.file === 'string';
  if (s.kind === 'kernel') return typeof s.scenario === 'string' && typeof s.policy === 'string';
  return false;
}

/** One line for people: "model file models/examples/lock.ts" or "kernel scenario nofs-livelock under v4.0". */
export function describeSource(source: TraceSource | undefined): string {
  if (!source) return 'an unknown model';
  return source.kind === 'model-file' ? `model file ${source.file}` : `kernel scenario ${source.scenario} under ${source.policy}`;
}

export function isIndexPath(x: unknown): x is IndexPath {
  if (typeof x !== 'object' || x === null) return false;
  const p = x as Record<string, unknown>;
  return (
    Number.isInteger(p.init) &&
    Array.isArray(p.actions) &&
    p.actions.every((a) => Number.isInteger(a)) &&
    (p.loop === undefined || Number.isInteger(p.loop))
  );
}
