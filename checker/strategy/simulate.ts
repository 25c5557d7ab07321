/**
 * Random simulation for state spaces too large to exhaust. fast-check drives the walks:
 * a walk is an array of choices (each picks one enabled action), so a violation is
 * replayable from fast-check's {seed, path} and shrunk by fast-check to a short trace.
 * Simulation never concludes "holds": what it did not find is `unknown`.
 */
import fc from 'fast-check';
import type { Model } from '../model.ts';
import type { Property } from '../property.ts';
import type { CheckResult, IndexPath, PropertyResult, Trace } from '../result.ts';
import { ModelEvaluationError } from '../result.ts';
import { evaluationError, PropertyThrew } from '../evaluation-error.ts';
import { endsWithoutDeadlock } from '../deadlock.ts';
import { replay, toTrace } from '../trace.ts';
import { fingerprint, fpHi, fpLo, collisionProbability } from '../fingerprint.ts';
import { StateStore } from '../store/state-store.ts';
import { evaluatedForm, sharedView } from '../property-tracker.ts';
import { CoverageCounter } from '../coverage.ts';

export interface SimulationOptions {
  seed?: number;
  /** Number of walks. */
  runs?: number;
  /** Steps per walk at most. */
  depth?: number;
  signal?: AbortSignal;
  /** Called about every progressIntervalMs (default 1000) while the walks run. */
  onProgress?: (p: SimulationProgress) => void;
  progressIntervalMs?: number;
  /** Count what the walks exercised (checker/coverage.ts), shrinking walks included. */
  coverage?: boolean;
}

/** Where a simulation is: walks run of those asked for, what they visited. */
export interface SimulationProgress {
  walks: number;
  runs: number;
  distinctStates: number;
  transitions: number;
  elapsedMs: number;
}

export interface SimulationInfo {
  seed: number;
  runs: number;
  depth: number;
  /** Walks actually run (fewer when interrupted). */
  walks: number;
  /** fast-check's replay coordinates of each violation, by property. */
  replays: Record<string, { seed: number; path: string }>;
}

type Walk = { violated: Map<string, IndexPath> };

export async function simulate<S, A>(
  model: Model<S, A>,
  properties: readonly Property<S, A>[],
  options: SimulationOptions = {},
): Promise<CheckResult & { simulation: SimulationInfo }> {
  const started = Date.now();
  const seed = options.seed ?? 42;
  const runs = options.runs ?? 1000;
  const depth = options.depth ?? 100;
  const seen = new StateStore();
  let transitions = 0;
  let walks = 0;
  const progressEvery = options.progressIntervalMs ?? 1000;
  let lastProgress = started;
  const reportProgress = () => {
    const now = Date.now();
    if (options.onProgress === undefined || now - lastProgress < progressEvery) return;
    lastProgress = now;
    options.onProgress({ walks, runs, distinctStates: seen.size, transitions, elapsedMs: now - started });
  };
  const found = new Map<string, { path: IndexPath; replay: { seed: number; path: string } }>();
  const witnesses = new Map<string, IndexPath>();
  const pending = () => properties.filter((p) => p.kind !== 'liveness' && p.kind !== 'reachability' && !found.has(p.name));
  // As in an exhaustive search: properties that share a view (property-tracker.ts
  // sharedView) are evaluated in their viewed form on one view per state of the walk.
  const view = sharedView(properties);
  const evaluated = new Map<Property<S, A>, Property<any, A>>(properties.map((p) => [p, evaluatedForm(p, view)]));
  const seenAs = (s: S): unknown => (view === undefined ? s : view(s));
  const coverage = options.coverage ? new CoverageCounter<S, A>(model) : undefined;

  const walk = (choices: number[], targets: readonly Property<S, A>[]): Walk => {
    const path: IndexPath = { init: 0, actions: [] };
    let current: S | undefined;
    let action: A | undefined;
    try {
      return walkFrom(choices, targets, path, (s, a) => ((current = s), (action = a)));
    } catch (cause) {
      throw evaluationError(cause, model, current, action, path);
    }
  };

  const walkFrom = (choices: number[], targets: readonly Property<S, A>[], path: IndexPath, at: (s: S | undefined, a: A | undefined) => void): Walk => {
    const initial = model.initialStates();
    const init = choices.length > 0 ? choices[0] % initial.length : 0;
    let state = initial[init];
    path.init = init;
    at(state, undefined);
    const violated = new Map<string, IndexPath>();
    const record = (name: string) => violated.has(name) || violated.set(name, { init, actions: [...path.actions] });
    // The property whose predicate runs: a throw from it is the model's error, naming it
    // (PropertyThrew), at the state it was evaluated on, or the step for a step predicate.
    let evaluating = '';
    /** Returns whether no walk had seen `s` before. */
    const observe = (s: S, v: unknown): boolean => {
      fingerprint(model.encode(s));
      seen.findOrInsert(fpHi, fpLo, -1, 0);
      const isNew = seen.isNew;
      if (isNew) coverage?.newState(s);
      at(s, undefined);
      try {
        for (const p of targets) {
          const e = evaluated.get(p)!;
          evaluating = p.name;
          if (e.kind === 'invariant' && !e.holds(v)) record(p.name);
        }
        for (const p of properties) {
          const e = evaluated.get(p)!;
          evaluating = p.name;
          if (e.kind === 'reachability' && !witnesses.has(p.name) && e.witness(v)) witnesses.set(p.name, { init, actions: [...path.actions] });
        }
      } catch (cause) {
        throw new PropertyThrew(evaluating, cause);
      }
      return isNew;
    };
    let stateSeen = seenAs(state);
    observe(state, stateSeen);
    for (let step = 1; step <= depth; step++) {
      const actions = model.actions(state);
      coverage?.listed(actions);
      const enabled: { index: number; action: A; next: S }[] = [];
      for (let i = 0; i < actions.length; i++) {
        at(state, actions[i]);
        const next = model.nextState(state, actions[i]);
        if (next !== undefined) enabled.push({ index: i, action: actions[i], next });
      }
      if (enabled.length === 0) {
        if (!endsWithoutDeadlock(model, state)) for (const p of targets) if (p.kind === 'deadlock') record(p.name);
        break;
      }
      if (step >= choices.length) break;
      const pick = enabled[choices[step] % enabled.length];
      transitions++;
      const nextSeen = seenAs(pick.next);
      at(state, pick.action);
      try {
        for (const p of targets) {
          const e = evaluated.get(p)!;
          evaluating = p.name;
          if (e.kind === 'action' && !e.holds(stateSeen, pick.action, nextSeen)) {
            violated.has(p.name) || violated.set(p.name, { init, actions: [...path.actions, pick.index] });
          }
        }
        for (const p of properties) {
          const e = evaluated.get(p)!;
          evaluating = p.name;
          if (e.kind === 'reachability' && !witnesses.has(p.name) && e.witnessStep?.(stateSeen, pick.action, nextSeen)) {
            witnesses.set(p.name, { init, actions: [...path.actions, pick.index] });
          }
        }
      } catch (cause) {
        throw new PropertyThrew(evaluating, cause);
      }
      path.actions.push(pick.index);
      const from = state;
      state = pick.next;
      stateSeen = nextSeen;
      const isNew = observe(state, stateSeen);
      coverage?.took(from, pick.action, pick.index, isNew);
    }
    return { violated };
  };

  // One fast-check search per batch of still-unviolated properties: each search stops at
  // its first violation and shrinks it; the next one goes on with the remaining budget.
  let budget = runs;
  let round = 0;
  let modelError: ModelEvaluationError | undefined;
  while (budget > 0 && pending().length > 0 && !options.signal?.aborted) {
    const targets = pending();
    let ran = 0;
    const result = await fc.check(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: depth + 1, size: 'max' }), async (choices) => {
        if (walks > 0 && walks % 64 === 0) {
          reportProgress();
          await new Promise<void>((r) => setImmediate(r));
        }
        // A stop (Ctrl-C, timeout) ends fast-check's loop itself: a precondition failure
        // with interruptExecution makes it draw no further runs, nor shrink candidates.
        // Returning true instead would let it draw and count all the remaining runs.
        if (options.signal?.aborted) throw new fc.PreconditionFailure(true);
        ran++;
        walks++;
        try {
          return walk(choices, targets).violated.size === 0;
        } catch (e) {
          // fast-check shrinks a throwing walk like a failing one; the shortest is rethrown below.
          if (e instanceof ModelEvaluationError) {
            modelError = e;
            return false;
          }
          throw e;
        }
      }),
      { seed: seed + round, numRuns: budget },
    );
    budget -= ran;
    round++;
    if (!result.failed || !result.counterexample) break;
    if (modelError) {
      walk(result.counterexample[0], targets); // throws the shrunk walk's evaluation error
      throw modelError;
    }
    const shrunk = walk(result.counterexample[0], targets);
    for (const [name, path] of shrunk.violated) {
      found.set(name, { path, replay: { seed: result.seed, path: result.counterexamplePath ?? '' } });
    }
  }

  const results: PropertyResult[] = properties.map((p) => {
    const base: PropertyResult = { property: p.name, kind: p.kind, status: 'unknown' };
    if (p.meaning) base.meaning = p.meaning;
    const hit = found.get(p.name);
    if (hit) {
      const trace = replayTrace(model, hit.path);
      if (p.kind === 'deadlock') trace.stutters = true;
      return { ...base, status: 'violated', trace, message: `replay with seed ${hit.replay.seed}, path "${hit.replay.path}"` };
    }
    const witness = witnesses.get(p.name);
    if (witness) return { ...base, status: 'holds', witness: replayTrace(model, witness) };
    return { ...base, message: 'not found by simulation, which never proves a property' };
  });
  const elapsedMs = Date.now() - started;
  return {
    stats: {
      distinctStates: seen.size,
      transitions,
      maxDepth: depth,
      complete: false,
      elapsedMs,
      statesPerSecond: elapsedMs > 0 ? Math.round((transitions * 1000) / elapsedMs) : transitions,
      bytesPerState: seen.size > 0 ? seen.byteLength / seen.size : 0,
      collisionProbability: collisionProbability(seen.size, transitions),
      ...(options.signal?.aborted ? { stoppedBy: 'interrupted' as const } : {}),
    },
    results,
    ...(coverage ? { coverage: coverage.result() } : {}),
    simulation: { seed, runs, depth, walks, replays: Object.fromEntries([...found].map(([k, v]) => [k, v.replay])) },
  };
}

function replayTrace<S, A>(model: Model<S, A>, path: IndexPath): Trace {
  const { states, actions } = replay(model, path);
  return toTrace(model, path, states, actions);
}
