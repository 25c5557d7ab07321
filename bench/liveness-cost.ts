/**
 * Issue 4: liveness checking of a scenario costs at most 3x a safety-only run of the
 * same scenario. Both runs explore the same graph; the liveness run also records the
 * edges, evaluates each obligation on every state and searches for fair lassos.
 * Measured side by side, median of several runs each, alternating to share noise, after
 * a warm-up long enough for the JIT to have compiled both paths.
 */
import { checkScenario } from '../models/kernel/check-scenario.ts';
import { findScenario } from '../models/kernel/scenario/builtin.ts';
import { resolvePolicy } from '../models/kernel/policy.ts';
import { PROPERTY_INFO } from '../properties/registry.ts';
import { median } from './median.ts';

export interface LivenessCostRow {
  scenario: string;
  policy: string;
  distinctStates: number;
  safetyMs: number;
  livenessMs: number;
  ratio: number;
}

const WARM_MS = 500;
const TIMED_MS = 600;
const MAX_RUNS = 60;

const WORKLOADS: readonly [string, string][] = [
  ['kill-stolen-by-concurrent-alloc', 'v4.7'],
  ['nofail-holding-lock', 'rfc'],
  ['victim-behind-imutex', 'v4.0'],
];

export async function benchLivenessCost(options: { print?: boolean; repeats?: number } = {}): Promise<LivenessCostRow[]> {
  const repeats = options.repeats ?? 5;
  const safetyIds = PROPERTY_INFO.filter((p) => p.kind !== 'liveness').map((p) => p.id);
  const allIds = PROPERTY_INFO.map((p) => p.id);
  const rows: LivenessCostRow[] = [];
  for (const [name, spec] of WORKLOADS) {
    const scenario = findScenario(name);
    const policy = resolvePolicy(spec);
    const safety: number[] = [];
    const liveness: number[] = [];
    let states = 0;
    // Warm-up until both paths have run for WARM_MS: a scenario of a few dozen states is
    // checked in about 10 ms, so one warm-up run left the liveness code unoptimised and
    // its first timed runs measured the JIT (2.5-3x then, 1.5x once warm).
    let spent = 0;
    for (let i = 0; i < MAX_RUNS && (i < 1 || spent < WARM_MS); i++) {
      const a = await timed(() => checkScenario(scenario, policy, { properties: safetyIds }));
      const b = await timed(() => checkScenario(scenario, policy, { properties: allIds }));
      spent += a.ms + b.ms;
    }
    // Then at least `repeats` alternating pairs, and more until each side has run TIMED_MS.
    let safetyTotal = 0;
    for (let i = 0; i < MAX_RUNS && (i < repeats || safetyTotal < TIMED_MS); i++) {
      const a = await timed(() => checkScenario(scenario, policy, { properties: safetyIds }));
      const b = await timed(() => checkScenario(scenario, policy, { properties: allIds }));
      states = b.states;
      safety.push(a.ms);
      liveness.push(b.ms);
      safetyTotal += a.ms;
    }
    const row = { scenario: name, policy: spec, distinctStates: states, safetyMs: median(safety), livenessMs: median(liveness), ratio: median(liveness) / median(safety) };
    rows.push(row);
    if (options.print ?? true) {
      console.log(`  ${name} under ${spec}: ${states} states, safety ${row.safetyMs.toFixed(1)} ms, with liveness ${row.livenessMs.toFixed(1)} ms, ratio ${row.ratio.toFixed(2)}x (goal <= 3; medians of ${safety.length} pairs)`);
    }
  }
  return rows;
}

async function timed(run: () => Promise<{ stats: { distinctStates: number } }>): Promise<{ ms: number; states: number }> {
  const t = performance.now();
  const r = await run();
  return { ms: performance.now() - t, states: r.stats.distinctStates };
}

