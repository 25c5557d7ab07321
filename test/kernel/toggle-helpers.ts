/** What the per-toggle tests share: verdicts of one scenario under a policy, and their difference. */
import { expect } from 'vitest';
import { checkScenario } from '../../models/kernel/check-scenario.ts';
import { resolvePolicy } from '../../models/kernel/policy.ts';
import type { Scenario } from '../../models/kernel/scenario/index.ts';

/** Every property's status after a complete exploration. */
export async function verdicts(s: Scenario, policy: string): Promise<Record<string, string>> {
  const r = await checkScenario(s, resolvePolicy(policy));
  expect(r.stats.complete).toBe(true);
  return Object.fromEntries(r.results.map((x) => [x.property, x.status]));
}

/** Every property whose verdict differs: id -> [under `without`, under `with`]. */
export async function diff(s: Scenario, without: string, withToggle: string): Promise<Record<string, [string, string]>> {
  const a = await verdicts(s, without);
  const b = await verdicts(s, withToggle);
  expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
  const out: Record<string, [string, string]> = {};
  for (const id of Object.keys(a)) if (a[id] !== b[id]) out[id] = [a[id], b[id]];
  return out;
}

/**
 * The compiled engine (packed twins) and the interpreted one (the object model) find the
 * same states, transitions and verdicts: for toggles in no preset, which the whole-matrix
 * comparison (test/compiled/kernel-compiled.test.ts) does not reach.
 */
export async function expectEnginesAgree(s: Scenario, policy: string): Promise<void> {
  const compiled = await checkScenario(s, resolvePolicy(policy));
  const interpreted = await checkScenario(s, resolvePolicy(policy), { engine: 'interpreted' });
  expect([compiled.stats.distinctStates, compiled.stats.transitions], policy).toEqual([interpreted.stats.distinctStates, interpreted.stats.transitions]);
  expect(compiled.results.map((r) => r.status), policy).toEqual(interpreted.results.map((r) => r.status));
}

export const alloc = (gfp: string, extra: Record<string, unknown> = {}) => ({ op: 'alloc', order: 0, gfp, ...extra });
export const HOLD = [{ op: 'hold' }];
