/**
 * The messages between the coordinator (main thread) and the workers. Every command
 * gets exactly one reply, and the replies of all workers to one command are the
 * barrier of a BFS level.
 */
import type { IndexPath } from '../result.ts';
import type { FairnessUnit } from '../liveness/graph.ts';
import type { ModelSource } from './model-source.ts';
import type { SharedBuffers } from './shared-store.ts';
import type { LevelOutcome } from './level-expander.ts';
import type { SharedLevelData } from './level.ts';
import type { EdgeColumns } from '../store/edge-list.ts';
import type { Coverage } from '../coverage.ts';

/** A worker's workerData. It serves run after run (the pool is reused), loading each model source once. */
export interface WorkerInit {
  index: number;
  count: number;
}

/** What one run needs besides the model. */
export interface RunInit {
  source: ModelSource;
  /** The selected properties, by name, in the coordinator's order ("deadlock" may be the built-in one). */
  propertyNames: string[];
  maxDepth: number;
  maxStates: number;
  stopOnFirst: boolean;
  needGraph: boolean;
  /**
   * Fingerprint the model's canonical encoding (its `symmetry`), as the coordinator does.
   * Frontier states stay the representatives the coordinator and the workers stored, so
   * traces replay by action index exactly as without symmetry.
   */
  symmetry: boolean;
  /** Count coverage (checker/coverage.ts); each worker sends its share when the run finishes. */
  coverage: boolean;
  buffers: SharedBuffers;
}

export type Command =
  /** A new run: rebuild the coordinator's first levels, keep every count-th state of level `depth`, expand it. */
  | { type: 'start'; run: RunInit; depth: number; frontierIds: Int32Array }
  /**
   * Expand the next level: with `shared` (every worker's claims of the last level, by
   * worker index), take from all of them, own part first; without, the states this
   * worker claimed.
   */
  | { type: 'level'; shared?: SharedLevelData[] }
  /** Continue a paused level, with the grown table. */
  | { type: 'resume'; buffers: SharedBuffers }
  /** The table grew (no reply). */
  | { type: 'buffers'; buffers: SharedBuffers }
  /** Hand the last `count` states of the next frontier over (reply 'given'). */
  | { type: 'give'; count: number }
  /** Add these states to the next frontier (no reply). */
  | { type: 'take'; ids: Int32Array; states: unknown[] }
  /** Send the edges, liveness bits and coverage; the run is over (the worker waits for the next). */
  | { type: 'finish' };

/** A violation, witness or deadlock this worker found, with its trace length. */
export interface Finding {
  tracker: number;
  what: 'found' | 'witness';
  stateId: number;
  actionIndex?: number;
  length: number;
}

export type Reply =
  | { type: 'ready' }
  | { type: 'given'; ids: Int32Array; states: unknown[] }
  | {
      type: 'level';
      outcome: LevelOutcome;
      /** States claimed in this level (the worker's next frontier). */
      claimed: number;
      /** With outcome 'done' and packed states: those claimed states in shared memory, for every worker to take from. */
      shared?: SharedLevelData;
      /** Cumulative over the run. */
      transitions: number;
      depthCut: boolean;
      /** The model has toTransfer/fromTransfer, so frontier states can move. */
      canTransfer: boolean;
      findings: Finding[];
      premiseSeen: boolean[];
      obligationPremiseSeen: boolean[][];
    }
  | {
      type: 'finished';
      units: FairnessUnit[];
      edges?: EdgeColumns;
      /** Per tracker, per obligation: p (undefined for 'initial') and q, as StateBits words (wordsFor). */
      bits: { p?: Uint32Array; q: Uint32Array }[][];
      /** This worker's share of the coverage, when the run counts it. */
      coverage?: Coverage;
    }
  | { type: 'error'; message: string; evaluation?: { state: Record<string, unknown> | undefined; action: unknown; path: IndexPath | undefined } };
