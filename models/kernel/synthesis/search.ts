/**
 * Synthesis (issue 6): search for the smallest scenario in which a policy violates a
 * property, or, with `against`, in which one policy violates it and the other does not.
 *
 * fast-check does the work it is good at: it draws scenario documents (arbitrary.ts)
 * from a seed, and when one violates, it shrinks it by its own rules (fewer tasks,
 * fewer ops, fewer pages, simpler flags) while each smaller candidate still violates.
 * The checker settles each candidate exhaustively, within a bound on distinct states
 * per candidate: a candidate whose state space is larger is skipped and counted as
 * unsettled (covered, but no verdict), never as holding.
 *
 * Determinism: the same options give the same result. fast-check is seeded; every
 * candidate bound is a state count (never a time); shrinking is bounded by a count of
 * candidates; a cache of verdicts by document only saves time. Elapsed time appears in
 * progress reports and nowhere else. Only an abort (Ctrl-C) makes a run depend on when
 * it happened, and the result says so.
 *
 * The search runs against a `CandidateChecker` (check one document under one policy);
 * kernel-checker.ts binds it to the kernel model.
 */
import fc from 'fast-check';
import type { CheckResult, PropertyResult, Status } from '../../../checker/result.ts';
import { DEFAULT_BOUNDS, scenarioDocArb, type ScenarioBounds, type ScenarioDoc } from './arbitrary.ts';
import { scenarioSize, type ScenarioSize } from './size.ts';

/** Checks one scenario document under one policy for one property, within a state bound. */
export interface CandidateChecker {
  /** Throws on an unknown policy or property (before the search starts). */
  validate(policy: string, property: string): void | Promise<void>;
  check(doc: ScenarioDoc, policy: string, property: string, options: CandidateCheckOptions): Promise<CheckResult>;
}

export interface CandidateCheckOptions {
  maxStates: number;
  signal?: AbortSignal;
  /** The re-check of the result: settle the property completely rather than stop at its first violation. */
  full?: boolean;
}

export interface SynthesisOptions extends Partial<ScenarioBounds> {
  /** The policy whose violation is sought; with `against`, the one that must hold. */
  policy: string;
  /** A property id of MODEL.md section 5. */
  property: string;
  /** Find a scenario where this policy violates the property and `policy` holds it. */
  against?: string;
  /** Scenarios fast-check draws before giving up (default 200). */
  runs?: number;
  /** fast-check's seed (default 1). */
  seed?: number;
  /** Distinct states at which one candidate's check stops, unsettled (default 20,000). */
  maxStatesPerCandidate?: number;
  /** Candidates checked while shrinking, at most (default 2,000): bounds the shrink, deterministically. */
  maxShrinkChecks?: number;
  /** Called after every candidate. */
  onProgress?: (progress: SynthesisProgress) => void;
  /** Aborting stops the search; what was found so far is returned. */
  signal?: AbortSignal;
}

export interface SynthesisProgress {
  phase: 'search' | 'shrink';
  /** Scenarios drawn so far (fast-check runs). */
  runs: number;
  /** Candidates checked while shrinking. */
  shrinkChecks: number;
  /** Candidates with a verdict, and those the state bound left unsettled. */
  settled: number;
  unsettled: number;
  /** The largest number of distinct states one candidate's check explored. */
  largestStateSpace: number;
  /** The smallest violating scenario so far (during the shrink). */
  best?: ScenarioSize;
  elapsedMs: number;
}

/** What the search covered: what a reader needs to judge a run that found nothing. */
export interface Coverage {
  seed: number;
  bounds: ScenarioBounds;
  runsRequested: number;
  /** Scenarios drawn and checked (less than requested when interrupted or found). */
  runs: number;
  shrinkChecks: number;
  /** Distinct documents checked (fast-check may draw one twice; it is checked once). */
  distinctCandidates: number;
  /** Checks that settled the property (holds, vacuous or violated) under a policy. */
  settled: number;
  /** Checks stopped by the state bound: no verdict. Never counted as holding. */
  unsettled: number;
  maxStatesPerCandidate: number;
  largestStateSpace: number;
  /** Distinct states over all checks. */
  totalStates: number;
  interrupted: boolean;
  /** The shrink stopped at maxShrinkChecks (or an interrupt): smaller scenarios may exist. */
  shrinkCutShort: boolean;
  elapsedMs: number;
}

export interface SynthesisFound {
  found: true;
  policy: string;
  property: string;
  against?: string;
  /** The shrunk scenario, as a document (loadable by `oomcheck check --scenario FILE`). */
  scenario: ScenarioDoc;
  size: ScenarioSize;
  /** The re-check of the shrunk scenario under the violating policy (`against` when given), with its trace. */
  violation: CheckResult;
  /** With `against`: the re-check under `policy`, where the property holds. */
  holding?: CheckResult;
  /** fast-check's replay handle: `fc.check(..., { seed, path })`. */
  replay: { seed: number; path: string | null };
  coverage: Coverage;
}

export interface SynthesisNotFound {
  found: false;
  policy: string;
  property: string;
  against?: string;
  coverage: Coverage;
}

export type SynthesisResult = SynthesisFound | SynthesisNotFound;

/** A re-check of the shrunk scenario disagrees with the search's verdict: a bug. */
export class SynthesisReplayError extends Error {
  constructor(message: string, readonly scenario: ScenarioDoc) {
    super(message);
    this.name = 'SynthesisReplayError';
  }
}

/** The checker threw on a generated scenario: the shrunk scenario that makes it throw is attached. */
export class SynthesisCandidateError extends Error {
  constructor(message: string, readonly scenario: ScenarioDoc, override readonly cause: unknown) {
    super(message);
    this.name = 'SynthesisCandidateError';
  }
}

export const SYNTHESIS_DEFAULTS = {
  runs: 200,
  seed: 1,
  maxStatesPerCandidate: 20_000,
  maxShrinkChecks: 2_000,
} as const;

interface CandidateOutcome {
  /** The scenario shows what is sought. */
  hit: boolean;
  /** The checker threw. */
  error?: unknown;
}

export async function synthesize(options: SynthesisOptions, checker: CandidateChecker): Promise<SynthesisResult> {
  const bounds: ScenarioBounds = {
    maxTasks: options.maxTasks ?? DEFAULT_BOUNDS.maxTasks,
    maxPages: options.maxPages ?? DEFAULT_BOUNDS.maxPages,
    maxOps: options.maxOps ?? DEFAULT_BOUNDS.maxOps,
  };
  const runsRequested = options.runs ?? SYNTHESIS_DEFAULTS.runs;
  const seed = options.seed ?? SYNTHESIS_DEFAULTS.seed;
  const maxStates = options.maxStatesPerCandidate ?? SYNTHESIS_DEFAULTS.maxStatesPerCandidate;
  const maxShrinkChecks = options.maxShrinkChecks ?? SYNTHESIS_DEFAULTS.maxShrinkChecks;
  const { policy, property, against, signal } = options;
  if (!Number.isSafeInteger(runsRequested) || runsRequested < 1) throw new RangeError(`runs must be a positive integer, got ${runsRequested}`);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  await checker.validate(policy, property);
  if (against !== undefined) await checker.validate(against, property);

  const started = performance.now();
  const coverage: Coverage = {
    seed,
    bounds,
    runsRequested,
    runs: 0,
    shrinkChecks: 0,
    distinctCandidates: 0,
    settled: 0,
    unsettled: 0,
    maxStatesPerCandidate: maxStates,
    largestStateSpace: 0,
    totalStates: 0,
    interrupted: false,
    shrinkCutShort: false,
    elapsedMs: 0,
  };
  let phase: SynthesisProgress['phase'] = 'search';
  let best: ScenarioSize | undefined;
  const cache = new Map<string, CandidateOutcome>();

  /** The property's verdict for one document under one policy, counted in the coverage. */
  const verdictUnder = async (doc: ScenarioDoc, policySpec: string): Promise<Status> => {
    const result = await checker.check(doc, policySpec, property, { maxStates, signal });
    coverage.largestStateSpace = Math.max(coverage.largestStateSpace, result.stats.distinctStates);
    coverage.totalStates += result.stats.distinctStates;
    const status = propertyResult(result, property).status;
    // A check cut short by an abort is neither settled nor unsettled: the search was interrupted.
    if (status === 'unknown' && result.stats.stoppedBy === 'interrupted') coverage.interrupted = true;
    else if (status === 'unknown') coverage.unsettled++;
    else coverage.settled++;
    return status;
  };

  const evaluate = async (doc: ScenarioDoc): Promise<CandidateOutcome> => {
    try {
      if (against === undefined) return { hit: (await verdictUnder(doc, policy)) === 'violated' };
      // The violating side first: most candidates violate nothing, and then the other check is not needed.
      if ((await verdictUnder(doc, against)) !== 'violated') return { hit: false };
      return { hit: (await verdictUnder(doc, policy)) === 'holds' };
    } catch (error) {
      return { hit: false, error };
    }
  };

  const report = () => {
    if (!options.onProgress) return;
    const p: SynthesisProgress = {
      phase,
      runs: coverage.runs,
      shrinkChecks: coverage.shrinkChecks,
      settled: coverage.settled,
      unsettled: coverage.unsettled,
      largestStateSpace: coverage.largestStateSpace,
      elapsedMs: performance.now() - started,
    };
    if (best) p.best = best;
    options.onProgress(p);
  };

  // The predicate fast-check runs: true = "no counterexample here".
  const noHit = async (doc: ScenarioDoc): Promise<boolean> => {
    if (signal?.aborted) {
      coverage.interrupted = true;
      if (phase === 'shrink') coverage.shrinkCutShort = true;
      return true; // the remaining runs and shrinks pass at once: fast-check ends quickly
    }
    if (phase === 'shrink') {
      if (coverage.shrinkChecks >= maxShrinkChecks) {
        coverage.shrinkCutShort = true;
        return true;
      }
      coverage.shrinkChecks++;
    } else {
      coverage.runs++;
    }
    const key = JSON.stringify(doc);
    let outcome = cache.get(key);
    if (outcome === undefined) {
      coverage.distinctCandidates++;
      outcome = await evaluate(doc);
      cache.set(key, outcome);
    }
    if (outcome.hit || outcome.error !== undefined) {
      const size = scenarioSize(doc);
      if (best === undefined || size.total < best.total) best = size;
      phase = 'shrink';
    }
    report();
    if (outcome.error !== undefined) throw outcome.error;
    return !outcome.hit;
  };

  const details = await fc.check(fc.asyncProperty(scenarioDocArb(bounds), noHit), { seed, numRuns: runsRequested });
  coverage.elapsedMs = performance.now() - started;
  const base = against === undefined ? { policy, property } : { policy, property, against };

  if (!details.failed || details.counterexample === null) return { found: false, ...base, coverage };
  const scenario = details.counterexample[0];
  const outcome = cache.get(JSON.stringify(scenario));
  if (outcome?.error !== undefined) {
    const reason = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
    throw new SynthesisCandidateError(`checking a generated scenario threw: ${reason}`, scenario, outcome.error);
  }
  if (!outcome?.hit) throw new SynthesisReplayError(`fast-check reported a counterexample the search did not find: ${String(details.errorInstance)}`, scenario);

  // Re-check the shrunk scenario from scratch (no cache), with its traces.
  const violatingPolicy = against ?? policy;
  const violation = await checker.check(scenario, violatingPolicy, property, { maxStates, full: true });
  const violated = propertyResult(violation, property);
  // A `sometimes` property is violated by a complete run with no witness: the scenario is
  // the evidence, and there is no trace to show.
  if (violated.status !== 'violated' || (!violated.trace && violated.kind !== 'reachability')) {
    throw new SynthesisReplayError(`re-check under ${violatingPolicy}: ${property} is ${violated.status}, not violated with a trace`, scenario);
  }
  const found: SynthesisFound = {
    found: true,
    ...base,
    scenario,
    size: scenarioSize(scenario),
    violation,
    replay: { seed: details.seed, path: details.counterexamplePath },
    coverage,
  };
  if (against !== undefined) {
    const holding = await checker.check(scenario, policy, property, { maxStates, full: true });
    const held = propertyResult(holding, property);
    if (held.status !== 'holds') throw new SynthesisReplayError(`re-check under ${policy}: ${property} is ${held.status}, not holds`, scenario);
    found.holding = holding;
  }
  return found;
}

export function propertyResult(result: CheckResult, property: string): PropertyResult {
  const r = result.results.find((x) => x.property === property);
  if (!r) throw new Error(`the check returned no verdict for ${property}`);
  return r;
}
