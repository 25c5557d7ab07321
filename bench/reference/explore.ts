/**
 * The reference explorer: a tight BFS over packed states (layout.ts) stepped by the
 * hand-written successor function (successors.ts), visited states kept as 64-bit
 * fingerprints (fingerprint-set.ts), the frontier as packed words in fixed-size chunks.
 * It counts what check() counts: distinct states, and transitions as (state, enabled
 * event) pairs over every explored state.
 */
import type { Policy } from '../../models/kernel/policy-types.ts';
import type { Scenario } from '../../models/kernel/scenario/types.ts';
import { referenceConfig, type ReferenceConfig } from './config.ts';
import { FingerprintSet } from './fingerprint-set.ts';
import { makeSuccessors, maxSuccessors } from './successors.ts';

export interface ReferenceRun {
  distinctStates: number;
  transitions: number;
  /** BFS levels below the initial state. */
  maxDepth: number;
  elapsedMs: number;
  statesPerSecond: number;
  /** False when the run stopped at maxStates. */
  complete: boolean;
  /** Bytes of the visited set at the end (the frontier comes and goes). */
  tableBytes: number;
}

export interface ReferenceOptions {
  /** Stop once this many distinct states are known (the run is then incomplete). */
  maxStates?: number;
  /** Called about every `progressEvery` explored states. */
  onProgress?: (distinctStates: number, transitions: number, queued: number, elapsedMs: number) => void;
  progressEvery?: number;
}

/** Explores the scenario under the policy; throws ReferenceUnsupportedError for what it does not model. */
export function exploreReference(scenario: Scenario, policy: Policy, options: ReferenceOptions = {}): ReferenceRun {
  return exploreConfig(referenceConfig(scenario, policy), options);
}

const CHUNK_STATES = 1 << 15;

/**
 * FIFO of packed states in chunks of CHUNK_STATES states: no object per state, and a
 * consumed chunk is reused, so a frontier of millions costs its words and little more.
 */
class PackedQueue {
  private chunks: Int32Array[] = [];
  private spare: Int32Array[] = [];
  private head = 0;
  private tail = 0;
  size = 0;
  private readonly chunkWords: number;

  constructor(private readonly width: number) {
    this.chunkWords = CHUNK_STATES * width;
    this.chunks.push(new Int32Array(this.chunkWords));
  }

  push(words: Int32Array, offset: number): void {
    if (this.tail === this.chunkWords) {
      this.chunks.push(this.spare.pop() ?? new Int32Array(this.chunkWords));
      this.tail = 0;
    }
    const chunk = this.chunks[this.chunks.length - 1];
    const w = this.width;
    for (let k = 0; k < w; k++) chunk[this.tail + k] = words[offset + k];
    this.tail += w;
    this.size++;
  }

  /** Copies the oldest state into `into` and drops it. */
  shift(into: Int32Array): void {
    if (this.head === this.chunkWords) {
      this.spare.push(this.chunks.shift()!);
      this.head = 0;
    }
    const chunk = this.chunks[0];
    const w = this.width;
    for (let k = 0; k < w; k++) into[k] = chunk[this.head + k];
    this.head += w;
    this.size--;
  }
}

export function exploreConfig(config: ReferenceConfig, options: ReferenceOptions = {}): ReferenceRun {
  const started = performance.now();
  const W = config.width;
  const successors = makeSuccessors(config);
  const out = new Int32Array(maxSuccessors(config) * W);
  const cur = new Int32Array(W);
  const seen = new FingerprintSet();
  const queue = new PackedQueue(W);
  const maxStates = options.maxStates ?? Infinity;
  const progressEvery = options.progressEvery ?? 1 << 20;
  const onProgress = options.onProgress;

  seen.addSlice(config.initial, 0, W);
  queue.push(config.initial, 0);
  // BFS depth without a per-state field: the current level ends after `levelLeft` pops.
  let levelLeft = 1;
  let nextLevel = 0;
  let depth = 0;
  let transitions = 0;
  let explored = 0;
  let complete = true;
  while (queue.size > 0) {
    if (seen.size >= maxStates) {
      complete = false;
      break;
    }
    queue.shift(cur);
    const k = successors(cur, out, 0);
    transitions += k;
    for (let j = 0; j < k; j++) {
      const o = j * W;
      if (seen.addSlice(out, o, W)) {
        queue.push(out, o);
        nextLevel++;
      }
    }
    if (--levelLeft === 0 && nextLevel > 0) {
      levelLeft = nextLevel;
      nextLevel = 0;
      depth++;
    }
    if (onProgress && ++explored % progressEvery === 0) onProgress(seen.size, transitions, queue.size, performance.now() - started);
  }
  const elapsedMs = performance.now() - started;
  return {
    distinctStates: seen.size,
    transitions,
    maxDepth: depth,
    elapsedMs,
    statesPerSecond: Math.round((seen.size * 1000) / Math.max(elapsedMs, 1e-3)),
    complete,
    tableBytes: seen.byteLength,
  };
}
