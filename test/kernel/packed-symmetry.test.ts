/**
 * Symmetry on narrow packed states (models/kernel/packed/symmetry.ts) against symmetry on
 * unpacked snapshots (symmetry.ts, the interpreted engine): the same orbits, so the same
 * number of states and transitions, and the same verdicts and counterexample lengths.
 * The scenarios have orbits of three tasks and every kind of task reference the packed
 * form must rename: oom_lock, lock holders (a lock taken by the interchangeable tasks),
 * the oom_reaper's queue, and an allocation's own victim.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkScenario } from '../../models/kernel/check-scenario.ts';
import { resolvePolicy } from '../../models/kernel/policy.ts';
import { parseScenario } from '../../models/kernel/scenario/index.ts';
import { PROPERTY_INFO } from '../../properties/registry.ts';

const threeAllocators = parseScenario(JSON.parse(readFileSync(new URL('../../bench/fixtures/kernel-three-allocators.json', import.meta.url), 'utf8')), 'three-allocators');

// Three tasks take one lock in turn around an allocation; V holds the memory. Under v4.7
// the oom_reaper queues victims; a victim may be killed while another sleeps on the lock.
const lockers = parseScenario(
  {
    name: 'three-lockers',
    title: 'Three interchangeable tasks allocate under one lock',
    zone: { managed: 3, watermarks: { oom: 1, min: 2, low: 2, high: 3 } },
    tasks: [
      ...['A', 'B', 'C'].map((name) => ({
        name,
        rss: 0,
        program: [{ op: 'lock', lock: 'i_mutex' }, { op: 'alloc', order: 0, gfp: 'GFP_KERNEL' }, { op: 'unlock', lock: 'i_mutex' }],
      })),
      { name: 'V', rss: 2, program: [{ op: 'hold' }] },
    ],
  },
  'three-lockers',
);

const safety = PROPERTY_INFO.filter((p) => p.kind !== 'liveness').map((p) => p.id);

describe('symmetry on packed states = symmetry on snapshots', () => {
  const scenarios = { 'three allocators': threeAllocators, 'three lockers': lockers };
  const cases: [keyof typeof scenarios, string][] = [
    ['three allocators', 'v4.0'],
    ['three allocators', 'rfc'],
    ['three lockers', 'v4.0'],
    ['three lockers', 'v4.7'],
    ['three lockers', 'v4.11'],
  ];
  it.each(cases)('%s under %s', async (name, preset) => {
    const scenario = scenarios[name];
    const policy = resolvePolicy(preset);
    const packed = await checkScenario(scenario, policy, { properties: safety, engine: 'compiled' });
    const snapshots = await checkScenario(scenario, policy, { properties: safety, engine: 'interpreted' });
    const off = await checkScenario(scenario, policy, { properties: safety, engine: 'compiled', symmetry: false });
    expect(packed.stats.symmetry).toMatch(/^on: interchangeable tasks \{A, B, C\}/);
    const summary = (r: typeof packed) => [r.stats.distinctStates, r.stats.transitions, ...r.results.map((x) => `${x.property} ${x.status} ${x.trace?.steps.length ?? '-'}`)];
    expect(summary(packed)).toEqual(summary(snapshots));
    expect(packed.stats.distinctStates).toBeLessThan(off.stats.distinctStates);
    expect(packed.results.map((x) => x.status)).toEqual(off.results.map((x) => x.status));
  }, 60_000);
});
