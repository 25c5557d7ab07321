/**
 * Issue 4: liveness checking of a scenario costs at most 3x a safety-only run of the
 * same scenario. Both runs explore the same graph; the liveness run also records the
 * edges, evaluates each obligation on every state and searches for fair lassos.
 * Measured side by side, median of several runs each, alternating to share noise.
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
    for (let i = 0; i < repeats + 1; i++) {
      const a = await timed(() => checkScenario(scenario, policy, { properties: safetyIds }));
      const b = await timed(() => checkScenario(scenario, policy, { properties: allIds }));
      states = b.states;
      if (i === 0) continue; // warm-up
      safety.push(a.ms);
      liveness.push(b.ms);
    }
    const row = { scenario: name, policy: spec, distinctStates: states, safetyMs: median(safety), livenessMs: median(liveness), ratio: median(liveness) / median(safety) };
    rows.push(row);
    if (options.print ?? true) {
      console.log(`  ${name} under ${spec}: ${states} states, safety ${row.safetyMs.toFixed(0)} ms, with liveness ${row.livenessMs.toFixed(0)} ms, ratio ${row.ratio.toFixed(2)}x (goal <= 3)`);
    }
  }
  return rows;
}

async function timed(run: () => Promise<{ stats: { distinctStates: number } }>): Promise<{ ms: number; states: number }> {
  const t = performance.now();
  const r = await run();
  return { ms: performance.now() - t, states: r.stats.distinctStates };
}

