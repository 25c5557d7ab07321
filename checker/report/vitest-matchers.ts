/**
 * vitest matchers for users' own suites: `import 'oomcheck/vitest'` once (in a test
 * file or a setupFiles entry), then
 *
 *   const result = await check(model, properties);
 *   expect(result).toHold('mutex');
 *   expect(result).toViolate('starvationFree');
 *
 * A failure's message is the readable counterexample (the text report's), so a red
 * test says at once which interleaving broke the property.
 *
 * `toHold(id)` passes only for status `holds` (not `vacuous`, not `unknown`: a
 * verdict that was not settled is not a pass). `toViolate(id)` passes for `violated`.
 * Both fail with a clear message when the property was not checked at all.
 *
 * With `check(..., { coverage: true })`, `toTakeTransition(name or RegExp)` asserts that
 * some step took a transition of the chart (its name as the coverage report writes it),
 * and `toTakeEveryTransition()` that no declared transition went untaken: a branch a
 * change made unreachable then fails the suite, listed by name.
 */
import { expect } from 'vitest';
import type { CheckResult, PropertyResult } from '../result.ts';
import type { TransitionCoverage } from '../coverage.ts';
import { renderCounterexample, renderVerdicts } from './text.ts';

export interface OomcheckMatchers<R = unknown> {
  /** The property `id` holds in this run (status `holds`; `vacuous` and `unknown` fail). */
  toHold(id: string): R;
  /** The property `id` is violated in this run. */
  toViolate(id: string): R;
  /** Some step of this run (checked with coverage) took a transition named `name`, or matching it. */
  toTakeTransition(name: string | RegExp): R;
  /** Every transition the model declares was taken by some step of this run (checked with coverage). */
  toTakeEveryTransition(): R;
}

declare module 'vitest' {
  interface Matchers<T = any> extends OomcheckMatchers<T> {}
}

interface MatcherResult {
  pass: boolean;
  message: () => string;
}

/** The matchers as plain functions, for `expect.extend` in other runners too. */
export const oomcheckMatchers = {
  toHold(received: unknown, id: string): MatcherResult {
    const found = lookup(received, id);
    if (typeof found === 'string') return { pass: false, message: () => found };
    const { result, r } = found;
    return {
      pass: r.status === 'holds',
      message: () =>
        r.status === 'holds'
          ? `expected property '${id}' not to hold, but it holds`
          : `expected property '${id}' to hold, but it is ${r.status}${r.message ? ` (${r.message})` : ''}\n\n${explain(result, r)}`,
    };
  },
  toViolate(received: unknown, id: string): MatcherResult {
    const found = lookup(received, id);
    if (typeof found === 'string') return { pass: false, message: () => found };
    const { result, r } = found;
    return {
      pass: r.status === 'violated',
      message: () =>
        r.status === 'violated'
          ? `expected property '${id}' not to be violated, but it is\n\n${explain(result, r)}`
          : `expected property '${id}' to be violated, but it is ${r.status}${r.message ? ` (${r.message})` : ''}\n\n${renderVerdicts(result.results).join('\n')}`,
    };
  },
  toTakeTransition(received: unknown, name: string | RegExp): MatcherResult {
    const transitions = transitionsOf(received);
    if (typeof transitions === 'string') return { pass: false, message: () => transitions };
    const matching = transitions.filter((t) => (typeof name === 'string' ? t.transition === name : name.test(t.transition)));
    const taken = matching.filter((t) => t.taken > 0);
    const list = (ts: readonly TransitionCoverage[]) => ts.map((t) => `  ${t.transition}: taken ${t.taken}`).join('\n');
    return {
      pass: taken.length > 0,
      message: () =>
        taken.length > 0
          ? `expected no step to take a transition ${String(name)}, but these were taken:\n${list(taken)}`
          : matching.length === 0
            ? `no declared transition is ${typeof name === 'string' ? 'named' : 'matched by'} ${String(name)}; declared:\n${list(transitions)}`
            : `expected a step to take a transition ${String(name)}, but none did:\n${list(matching)}`,
    };
  },
  toTakeEveryTransition(received: unknown): MatcherResult {
    const transitions = transitionsOf(received);
    if (typeof transitions === 'string') return { pass: false, message: () => transitions };
    const untaken = transitions.filter((t) => t.taken === 0);
    return {
      pass: untaken.length === 0,
      message: () =>
        untaken.length === 0
          ? `expected some transition to go untaken, but all ${transitions.length} were taken`
          : `${untaken.length} of ${transitions.length} transitions were never taken:\n${untaken.map((t) => `  ${t.transition}`).join('\n')}`,
    };
  },
};

expect.extend(oomcheckMatchers);

function transitionsOf(received: unknown): readonly TransitionCoverage[] | string {
  if (!isCheckResult(received)) return `expected a CheckResult (what check() returns), got ${describe(received)}`;
  if (!received.coverage) return 'the result has no coverage: check with { coverage: true }';
  if (!received.coverage.transitions) return 'the model declares no transitions (Model.transitions): only statechart models have them';
  return received.coverage.transitions;
}

function lookup(received: unknown, id: string): { result: CheckResult; r: PropertyResult } | string {
  if (!isCheckResult(received)) return `expected a CheckResult (what check() returns), got ${describe(received)}`;
  const r = received.results.find((x) => x.property === id);
  if (!r) return `property '${id}' was not checked; checked: ${received.results.map((x) => x.property).join(', ') || '(none)'}`;
  return { result: received, r };
}

/** Every verdict, then the property's counterexample when it has one. */
function explain(result: CheckResult, r: PropertyResult): string {
  const lines = ['Verdicts:', ...renderVerdicts(result.results)];
  if (r.trace) lines.push('', ...renderCounterexample(r, r.trace));
  return lines.join('\n');
}

function isCheckResult(x: unknown): x is CheckResult {
  return typeof x === 'object' && x !== null && Array.isArray((x as CheckResult).results) && typeof (x as CheckResult).stats === 'object';
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') return `an object with keys ${Object.keys(x).slice(0, 4).join(', ') || '(none)'}`;
  return `a ${typeof x}`;
}
