/**
 * `check --strategy random` and `check --shard I/N`: seeded random walks
 * (checker/strategy/simulate.ts) instead of an exhaustive search, for state spaces too
 * large to exhaust. Simulation never proves a property: what it did not find is unknown.
 *
 * A swarm (SPIN's swarm verification, Holzmann et al. 2008) runs N of these searches
 * side by side, each diversified so that they do not all walk the same paths; `oomcheck
 * merge` combines their JSON results. Shard I of N differs from the plain random run
 * (which is shard 0) in three ways, all derived from I alone so a shard is reproducible:
 *
 *  - seed: the base seed (--seed, default 42) plus I;
 *  - walk depth: the base depth (--depth, default 100) times 1, 2, 1/2 or 4 for I mod 4 =
 *    0, 1, 2, 3: short walks revisit shallow states often, long ones reach deep states;
 *  - action order: at every state the list of candidate actions is rotated by I
 *    positions, which changes which action fast-check's biased choices and its shrinker
 *    prefer (both lean towards index 0). Traces are mapped back to the model's own order,
 *    so `oomcheck replay` replays them unchanged.
 */
import type { Model } from '../checker/model.ts';
import type { RunControl } from '../checker/options.ts';
import type { Property } from '../checker/property.ts';
import { selectProperties } from '../checker/check.ts';
import { type CheckResult, type IndexPath, type PropertyResult, type Trace } from '../checker/result.ts';
import { simulate, type SimulationInfo, type SimulationProgress } from '../checker/strategy/simulate.ts';
import type { ShardSpec } from './parse-options.ts';

export const DEFAULT_SEED = 42;
export const DEFAULT_RUNS = 1000;
export const DEFAULT_DEPTH = 100;

/** Walk-depth factors by shard index mod 4. */
export const SHARD_DEPTH_FACTORS = [1, 2, 0.5, 4] as const;

export interface SimulationPlan {
  seed: number;
  runs: number;
  depth: number;
  /** Positions the action list is rotated by at every state (0: the model's own order). */
  rotation: number;
  shard?: ShardSpec & { seed: number };
}

/** The plan of a random run, or of shard I/N of a swarm (see the file comment). */
export function simulationPlan(options: { seed?: number; runs?: number; depth?: number; shard?: ShardSpec }): SimulationPlan {
  const base = options.seed ?? DEFAULT_SEED;
  const runs = options.runs ?? DEFAULT_RUNS;
  const depth = options.depth ?? DEFAULT_DEPTH;
  const shard = options.shard;
  if (!shard) return { seed: base, runs, depth, rotation: 0 };
  const seed = base + shard.index;
  return {
    seed,
    runs,
    depth: Math.max(1, Math.round(depth * SHARD_DEPTH_FACTORS[shard.index % SHARD_DEPTH_FACTORS.length])),
    rotation: shard.index,
    shard: { index: shard.index, count: shard.count, seed },
  };
}

export type SimulationResult = CheckResult & { simulation: SimulationInfo };

export interface SimulationRunOptions extends RunControl<SimulationProgress> {
  /** Check only these properties (by name). */
  properties?: readonly string[];
  /** Check for deadlocks (default true). */
  deadlock?: boolean;
  /** Count what the walks exercised (checker/coverage.ts). */
  coverage?: boolean;
}

/**
 * Runs the plan's walks over the model. Properties are selected as check() selects them
 * (deadlock added unless turned off, --property by name, an unknown name is a
 * ConfigurationError). A timeout ends the walks like Ctrl-C but reports stoppedBy 'timeout'.
 */
export async function runSimulation<S, A>(
  model: Model<S, A>,
  properties: readonly Property<S, A>[],
  plan: SimulationPlan,
  options: SimulationRunOptions = {},
): Promise<SimulationResult> {
  const selected = selectProperties(properties, options);
  const controller = new AbortController();
  const abort = () => controller.abort();
  options.signal?.addEventListener('abort', abort);
  let timedOut = false;
  const timer = options.timeoutMs !== undefined ? setTimeout(() => ((timedOut = true), controller.abort()), options.timeoutMs) : undefined;
  try {
    const walked = plan.rotation === 0 ? model : rotated(model, plan.rotation);
    const { onProgress, progressIntervalMs, coverage } = options;
    const result = await simulate(walked, selected, { seed: plan.seed, runs: plan.runs, depth: plan.depth, signal: controller.signal, onProgress, progressIntervalMs, coverage });
    if (timedOut && !options.signal?.aborted) result.stats.stoppedBy = 'timeout';
    if (plan.rotation !== 0) result.results = result.results.map((r) => unrotateResult(model, r, plan.rotation));
    return result;
  } finally {
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', abort);
  }
}

/** The model with each state's candidate actions rotated by k positions. */
export function rotated<S, A>(model: Model<S, A>, k: number): Model<S, A> {
  return {
    ...model,
    actions(state: S): readonly A[] {
      const actions = model.actions(state);
      const n = actions.length;
      if (n < 2 || k % n === 0) return actions;
      const r = k % n;
      return [...actions.slice(r), ...actions.slice(0, r)];
    },
  };
}

/** A path of the rotated model as a path of the model itself (index j at a state with n actions is (j + k) mod n). */
export function unrotatePath<S, A>(model: Model<S, A>, path: IndexPath, k: number): IndexPath {
  let state = model.initialStates()[path.init];
  const actions: number[] = [];
  for (const j of path.actions) {
    const candidates = model.actions(state);
    const i = (j + k) % candidates.length;
    actions.push(i);
    const next = model.nextState(state, candidates[i]);
    if (next === undefined) throw new Error(`shard path does not replay: action ${i} is not enabled`);
    state = next;
  }
  return { ...path, actions };
}

function unrotateResult<S, A>(model: Model<S, A>, r: PropertyResult, k: number): PropertyResult {
  const fix = (t: Trace | undefined): Trace | undefined => (t ? { ...t, path: unrotatePath(model, t.path, k) } : undefined);
  const out: PropertyResult = { ...r };
  if (r.trace) out.trace = fix(r.trace);
  if (r.witness) out.witness = fix(r.witness);
  return out;
}

