/**
 * Where a real check's time goes: the compiled engine on the first PREFIX states of the
 * kernel bench scenario, checked three ways, interleaved round by round so that the
 * machine's drift falls on all three alike:
 *
 * - `explore`: no property (deadlock off): the compiled engine alone;
 * - `unpack`: every safety property, its predicates replaced by ones that return at once,
 *   so the snapshots are unpacked for them exactly as for the real ones;
 * - `full`: the safety properties themselves, evaluated on unpacked snapshots (what a
 *   check did before the twins, and does with `propertyTwins: false`);
 * - `twins`: the same properties evaluated by their twins over the states' wide ints
 *   (properties/packed), as `oomcheck check` runs them by default.
 *
 * The differences between the first three split a snapshot check into exploration,
 * unpacking (packed ints to the snapshots properties read, once per state and step end)
 * and the properties' own logic; `twins` against `full` is what the twins save.
 * The split leans a little towards unpacking: an inert premise or witness never fires,
 * so it is asked on every state, where a real one stops being asked once seen.
 */
import { readFileSync } from 'node:fs';
import { check } from '../checker/check.ts';
import { onPacked } from '../checker/compiled/index.ts';
import type { Property } from '../checker/property.ts';
import { compileKernel } from '../models/kernel/check-scenario.ts';
import { resolvePolicy } from '../models/kernel/policy.ts';
import { parseScenario } from '../models/kernel/scenario/index.ts';
import { buildKernelModel } from '../models/kernel/system.ts';
import { compiledKernelProperties } from '../properties/packed/index.ts';
import { kernelProperties } from '../properties/registry.ts';
import { median } from './median.ts';

const SCENARIO = new URL('./fixtures/kernel-bench-1m.json', import.meta.url);
const PREFIX = 150_000;
const MODES = ['explore', 'unpack', 'full', 'twins'] as const;
type Mode = (typeof MODES)[number];

export interface PropertyCost {
  scenario: string;
  policy: string;
  states: number;
  properties: number;
  /** Median milliseconds per mode. */
  ms: Record<Mode, number>;
  /** Shares of the full check's time. */
  share: { exploration: number; unpacking: number; propertyLogic: number };
  /** full / twins: how much faster the default check (twins over ints) is than one on snapshots. */
  twinSpeedup: number;
}

export async function benchPropertyCost(options: { print?: boolean; rounds?: number } = {}): Promise<PropertyCost> {
  const rounds = options.rounds ?? 5;
  const scenario = parseScenario(JSON.parse(readFileSync(SCENARIO, 'utf8')), 'bench/fixtures/kernel-bench-1m.json');
  const policy = resolvePolicy('v4.0');
  const safety = kernelProperties(scenario, policy).filter((p) => p.kind !== 'liveness' && p.kind !== 'deadlock');

  const run = async (mode: Mode, states: number): Promise<number> => {
    // A fresh compiled machine per run, as a real check has.
    const built = buildKernelModel(scenario, policy.toggles);
    const compiled = compileKernel(built)!;
    const names = new Set(safety.map((p) => p.name));
    const properties =
      mode === 'explore'
        ? []
        : mode === 'twins'
          ? compiledKernelProperties(scenario, policy, built.config, compiled).filter((p) => names.has(p.name))
          : safety.map((p) => onPacked((mode === 'unpack' ? inert(p as Property<unknown, unknown>) : p) as never, compiled.unpack));
    const t = performance.now();
    const r = await check(compiled.model, properties as never, { deadlock: false, maxStates: states });
    if (r.stats.distinctStates < states) throw new Error(`bench: the ${mode} run stopped at ${r.stats.distinctStates} states`);
    return performance.now() - t;
  };

  for (const mode of MODES) await run(mode, 20_000); // warm-up
  const times: Record<Mode, number[]> = { explore: [], unpack: [], full: [], twins: [] };
  for (let i = 0; i < rounds; i++) {
    for (const mode of i % 2 === 0 ? MODES : [...MODES].reverse()) times[mode].push(await run(mode, PREFIX));
  }
  const ms = { explore: median(times.explore), unpack: median(times.unpack), full: median(times.full), twins: median(times.twins) };
  const share = {
    exploration: round2(ms.explore / ms.full),
    unpacking: round2((ms.unpack - ms.explore) / ms.full),
    propertyLogic: round2((ms.full - ms.unpack) / ms.full),
  };
  const twinSpeedup = round2(ms.full / ms.twins);
  const result: PropertyCost = { scenario: scenario.name, policy: 'v4.0', states: PREFIX, properties: safety.length, ms, share, twinSpeedup };
  if (options.print ?? true) {
    const rate = (m: number) => `${Math.round((PREFIX * 1000) / m).toLocaleString('en')} states/s`;
    console.log(`  ${scenario.name} under v4.0, first ${PREFIX.toLocaleString('en')} states, ${safety.length} safety properties (medians of ${rounds} interleaved rounds):`);
    console.log(`    exploration only        ${Math.round(ms.explore)} ms (${rate(ms.explore)})`);
    console.log(`    + unpacking for them    ${Math.round(ms.unpack)} ms (predicates that return at once)`);
    console.log(`    + the properties' logic ${Math.round(ms.full)} ms (${rate(ms.full)}; on snapshots, propertyTwins: false)`);
    console.log(`    shares of that check: exploration ${share.exploration}, unpacking ${share.unpacking}, property logic ${share.propertyLogic}`);
    console.log(`    the same properties by their twins over ints ${Math.round(ms.twins)} ms (${rate(ms.twins)}; the default): ${twinSpeedup}x the snapshot check`);
  }
  return result;
}

/** The property with predicates that return at once: true for holds, false for witnesses and premises. */
function inert(p: Property<unknown, unknown>): Property<unknown, unknown> {
  const premise = p.vacuousUnless && {
    describe: p.vacuousUnless.describe,
    ...(p.vacuousUnless.state ? { state: () => false } : {}),
    ...(p.vacuousUnless.step ? { step: () => false } : {}),
  };
  const base = { name: p.name, ...(premise ? { vacuousUnless: premise } : {}) };
  switch (p.kind) {
    case 'invariant':
      return { ...base, kind: 'invariant', holds: () => true };
    case 'action':
      return { ...base, kind: 'action', holds: () => true };
    case 'reachability':
      return { ...base, kind: 'reachability', witness: () => false, ...(p.witnessStep ? { witnessStep: () => false } : {}) };
    default:
      return p;
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100;
