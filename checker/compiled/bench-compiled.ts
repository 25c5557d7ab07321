/**
 * Throughput of compiled vs interpreted exploration of one machine, measured side by
 * side in one run, for the lead's `npm run bench`: states/s through check() on the
 * interpreted model (xstate's transition), through check() on the compiled model (its
 * packed states fingerprinted as ints through Model.encodeInts), and through
 * explorePacked (a bare BFS with no property machinery, the compiled model's ceiling).
 * Deadlock is the only property, so the model is what is timed.
 */
import type { AnyStateMachine } from 'xstate';
import { check } from '../check.ts';
import type { Model } from '../model.ts';
import { compileMachine, type CompileOptions } from './compile-machine.ts';
import { explorePacked } from './explore-packed.ts';

export interface ThroughputFigure {
  distinctStates: number;
  transitions: number;
  elapsedMs: number;
  statesPerSecond: number;
}

export interface CompiledBenchResult {
  interpreted: ThroughputFigure;
  compiledCheck: ThroughputFigure;
  compiledPacked: ThroughputFigure;
  /** compiledPacked over interpreted. */
  speedup: number;
}

function figure(distinctStates: number, transitions: number, elapsedMs: number): ThroughputFigure {
  return { distinctStates, transitions, elapsedMs: Math.round(elapsedMs), statesPerSecond: Math.round((distinctStates * 1000) / Math.max(elapsedMs, 1e-3)) };
}

export async function benchCompiled(
  machine: AnyStateMachine,
  interpreted: Model<any, any>,
  options: Omit<CompileOptions, 'interpreted'>,
  limits: { maxStates?: number } = {},
): Promise<CompiledBenchResult> {
  const compile = () => {
    const c = compileMachine(machine, { ...options, interpreted });
    if ('unsupported' in c) throw new Error(`cannot compile: ${c.unsupported}`);
    return c;
  };
  const checkOptions = limits.maxStates !== undefined ? { maxStates: limits.maxStates } : {};

  let t = performance.now();
  const i = await check(interpreted, [], checkOptions);
  const interpretedFigure = figure(i.stats.distinctStates, i.stats.transitions, performance.now() - t);

  // Each compiled run starts from a fresh compile: the memo tables are filled within the
  // measured time, as they would be in a real run.
  t = performance.now();
  const c = await check(compile().model, [], checkOptions);
  const compiledCheck = figure(c.stats.distinctStates, c.stats.transitions, performance.now() - t);

  t = performance.now();
  const p = explorePacked(compile().model, limits);
  const compiledPacked = figure(p.distinctStates, p.transitions, performance.now() - t);

  return { interpreted: interpretedFigure, compiledCheck, compiledPacked, speedup: compiledPacked.statesPerSecond / interpretedFigure.statesPerSecond };
}
