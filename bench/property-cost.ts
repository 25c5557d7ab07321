/**
 * Where a real check's time goes: the compiled engine on the first PREFIX states of the
 * kernel bench scenario, checked three ways, interleaved round by round so that the
 * machine's drift falls on all three alike:
 *
 * - `explore`: no property (deadlock off): the compiled engine alone;
 * - `unpack`: every safety property, its predicates replaced by ones that return at once,
 *   so the snapshots are unpacked for them exactly as for the real ones;
 * - `full`: the safety properties themselves (as `oomcheck check --property` with every
 *   safety property runs them, liveness aside).
 *
 * The differences split a check into exploration, unpacking (packed ints to the
 * snapshots properties read, once per property call through a small cache) and the
 * properties' own logic: what the next optimisation of real checks should go after.
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
import { kernelProperties } from '../properties/registry.ts';

const SCENARIO = new URL('./fixtures/kernel-bench-1m.json', import.meta.url);
const PREFIX = 150_000;
const MODES = ['explore', 'unpack', 'full'] as const;
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
}

export async function benchPropertyCost(options: { print?: boolean; rounds?: number } = {}): Promise<PropertyCost> {
  const rounds = options.rounds ?? 5;
  const scenario = parseScenario(JSON.parse(readFileSync(SCENARIO, 'utf8')), 'bench/fixtures/kernel-bench-1m.json');
  const policy = resolvePolicy('v4.0');
  const safety = kernelProperties(scenario, policy).filter((p) => p.kind !== 'liveness' && p.kind !== 'deadlock');

  const run = async (mode: Mode, states: number): Promise<number> => {
    // A fresh compiled machine per run, as a real check has.
    const compiled = compileKernel(buildKernelModel(scenario, policy.toggles))!;
    const properties = mode === 'explore' ? [] : safety.map((p) => onPacked((mode === 'unpack' ? inert(p as Property<unknown, unknown>) : p) as never, compiled.unpack));
    const t = performance.now();
    const r = await check(compiled.model, properties as never, { deadlock: false, maxStates: states });
    if (r.stats.distinctStates < states) throw new Error(`bench: the ${mode} run stopped at ${r.stats.distinctStates} states`);
    return performance.now() - t;
  };

  for (const mode of MODES) await run(mode, 20_000); // warm-up
  const times: Record<Mode, number[]> = { explore: [], unpack: [], full: [] };
  for (let i = 0; i < rounds; i++) {
    for (const mode of i % 2 === 0 ? MODES : [...MODES].reverse()) times[mode].push(await run(mode, PREFIX));
  }
  const ms = { explore: median(times.explore), unpack: median(times.unpack), full: median(times.full) };
  const share = {
    exploration: round2(ms.explore / ms.full),
    unpacking: round2((ms.unpack - ms.explore) / ms.full),
    propertyLogic: round2((ms.full - ms.unpack) / ms.full),
  };
  const result: PropertyCost = { scenario: scenario.name, policy: 'v4.0', states: PREFIX, properties: safety.length, ms, share };
  if (options.print ?? true) {
    const rate = (m: number) => `${Math.round((PREFIX * 1000) / m).toLocaleString('en')} states/s`;
    console.log(`  ${scenario.name} under v4.0, first ${PREFIX.toLocaleString('en')} states, ${safety.length} safety properties (medians of ${rounds} interleaved rounds):`);
    console.log(`    exploration only        ${Math.round(ms.explore)} ms (${rate(ms.explore)})`);
    console.log(`    + unpacking for them    ${Math.round(ms.unpack)} ms (predicates that return at once)`);
    console.log(`    + the properties' logic ${Math.round(ms.full)} ms (${rate(ms.full)})`);
    console.log(`    shares of the full check: exploration ${share.exploration}, unpacking ${share.unpacking}, property logic ${share.propertyLogic}`);
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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

const round2 = (x: number) => Math.round(x * 100) / 100;
