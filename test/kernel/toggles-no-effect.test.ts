/**
 * The two toggles MODEL.md 7 calls "Without effect on verdicts": oomLockMutex ("makes
 * oomDisable take oom_lock") and victimWaitqueue ("changes no verdict, since waits are conditions
 * on oom_victims"). For each: every verdict equal with and without, on a focused scenario where
 * the toggle could matter (an OOM kill racing oom_killer_disable), under several bases; then
 * what oomLockMutex does change in the state space, and the one combination found where it
 * does change verdicts (through weak fairness), pinned and explained.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { checkScenario } from '../../models/kernel/check-scenario.ts';
import { resolvePolicy } from '../../models/kernel/policy.ts';
import { parseScenario, type Scenario } from '../../models/kernel/scenario/index.ts';
import { slowpathStepOf } from '../../models/kernel/state.ts';
import { buildKernelModel, type KernelSnapshotOf } from '../../models/kernel/system.ts';

// ---- harness (as in toggles-rfc-patches.test.ts) ----------------------------------------

interface TaskIn {
  name: string;
  rss: number;
  program: unknown[];
}

function scenario(name: string, free: number, tasks: TaskIn[]): Scenario {
  const managed = free + tasks.reduce((s, t) => s + t.rss, 0);
  return parseScenario({ name, title: name, zone: { managed, watermarks: { oom: 1, min: 2, low: 3, high: 4 }, clean: 0, dirty: 0 }, tasks }, `inline:${name}`);
}

async function run(s: Scenario, policy: string) {
  const r = await checkScenario(s, resolvePolicy(policy));
  expect(r.stats.complete).toBe(true);
  return { verdicts: Object.fromEntries(r.results.map((x) => [x.property, x.status])), stats: r.stats };
}

async function diff(s: Scenario, without: string, withToggle: string): Promise<Record<string, [string, string]>> {
  const a = (await run(s, without)).verdicts;
  const b = (await run(s, withToggle)).verdicts;
  const out: Record<string, [string, string]> = {};
  for (const id of Object.keys(a)) if (a[id] !== b[id]) out[id] = [a[id], b[id]];
  return out;
}

/**
 * A (no pages) allocates GFP_KERNEL order 0 with free 1 and kills V (5 pages, at hold); S
 * suspends: oomDisable (which waits for oom_victims == 0), then oomEnable. So a kill, an OOM
 * killer disabled while a victim lives, a disabled out_of_memory (A fails: premature, since V
 * may be alive and killable then) and, under patch 8, A's wait under oom_lock all happen.
 */
const race = scenario('kill-races-suspend', 1, [
  { name: 'A', rss: 0, program: [{ op: 'alloc', order: 0, gfp: 'GFP_KERNEL' }] },
  { name: 'V', rss: 5, program: [{ op: 'hold' }] },
  { name: 'S', rss: 0, program: [{ op: 'oomDisable' }, { op: 'oomEnable' }] },
]);

describe('oomLockMutex (RFC patch 6): one global oom_lock, taken by oom_killer_disable', () => {
  // The slowpath trylocks oom_lock with or without the toggle (MODEL.md 4: "same trylock
  // behaviour in the slowpath"); the only change is that oomDisable waits while oom_lock is held.
  // In this scenario that only removes interleavings in which S disables while A is between its
  // trylock and unlock; A's out_of_memory reads `disabled` at its own step either way, so no kill
  // happens while disabled (noKillWhileDisabled holds) and the same outcomes stay reachable by
  // other orders (S first, or S after A's unlock).
  it.each([
    ['v4.0', 'v4.0+oomLockMutex'],
    ['v4.2-oomLockMutex', 'v4.2'],
    ['rfc-oomLockMutex', 'rfc'],
  ])('every verdict is equal: %s vs %s', async (without, withToggle) => {
    expect(await diff(race, without, withToggle)).toEqual({});
  });

  // What it does change: under patch 8, A holds oom_lock across steps while it waits for its
  // victim (MODEL.md 7 "syncOomKill": "it waits holding oom_lock"). Without oomLockMutex, S can
  // disable the OOM killer during that wait (then sleeps in oom_killer_disable's wait for
  // oom_victims == 0); with it, oom_killer_disable cannot run while A holds oom_lock, and A
  // cannot enter the wait once the killer is disabled (out_of_memory returns false, no wait).
  // So "A in patch 8's wait while the OOM killer is disabled" is reachable only without the
  // toggle, and the state space is smaller with it. (The model has no state in which oomDisable
  // itself holds oom_lock: docs/kernel-model.md, "simply not enabled while oom_lock is held".)
  it('state space: "A waits under oom_lock while the OOM killer is disabled" is reachable only without it', async () => {
    const waitWhileDisabled = (s: KernelSnapshotOf) => slowpathStepOf(s, 'A') === 'oomWait' && s.context.oomDisabled && s.context.oomLock === 'A';
    const probe = async (policy: string) => {
      const km = buildKernelModel(race, resolvePolicy(policy).toggles);
      const r = await check(km.model, [{ kind: 'invariant', name: 'noWaitWhileDisabled', holds: (s) => !waitWhileDisabled(s) }]);
      expect(r.stats.complete).toBe(true);
      return { status: r.results[0].status, states: r.stats.distinctStates, trace: r.results[0].trace };
    };
    const without = await probe('rfc-oomLockMutex');
    const withToggle = await probe('rfc');
    expect(without.status).toBe('violated');
    expect(withToggle.status).toBe('holds');
    // The witness: A kills V and waits; S disables during the wait.
    const last = without.trace!.steps[without.trace!.steps.length - 1];
    expect(last.process).toBe('S');
    expect(withToggle.states).toBeLessThan(without.states);
  });

  // MODEL.md 7's "without effect on verdicts" does not survive weak fairness when A's loop keeps
  // taking oom_lock. A (2 pages) allocates GFP_NOFS order 0 with free 1; S only disables.
  // With nofsCheckInOom, A fails once S has disabled (see toggles-later-kernels.test.ts). Without
  // oomLockMutex, S's step is enabled in every state of A's retry loop, so weak fairness forces
  // it and A always returns. With oomLockMutex, S is disabled whenever A holds oom_lock (trylock
  // .. unlock, 3 of A's 6 loop steps), so S is not continuously enabled and the lasso in which A
  // retries forever and S never disables is fair (MODEL.md 5: "under weak fairness for every
  // task"): lowOrderReturns, nofsReturns, allTasksFinish become violated, and the failure stays
  // reachable. The model follows MODEL.md's rules here; the sentence "without effect on
  // verdicts" needs the caveat (or oom_killer_disable needs strong fairness / a mutex hand-off).
  // Pinned so that a change of either is seen.
  it('exception under weak fairness: v4.0+nofsCheckInOom vs +oomLockMutex differ in liveness', async () => {
    const s = scenario('nofs-check-disable-starved', 1, [
      { name: 'A', rss: 2, program: [{ op: 'alloc', order: 0, gfp: 'GFP_NOFS' }] },
      { name: 'S', rss: 0, program: [{ op: 'oomDisable' }] },
    ]);
    expect(await diff(s, 'v4.0+nofsCheckInOom', 'v4.0+nofsCheckInOom+oomLockMutex')).toEqual({
      lowOrderReturns: ['holds', 'violated'],
      nofsReturns: ['holds', 'violated'],
      allTasksFinish: ['holds', 'violated'],
    });
  });
});

describe('victimWaitqueue (RFC patches 2-5): exit_oom_victim without a lock, wake-up at oom_victims == 0', () => {
  // Every wait in the model (oom_killer_disable's, patch 8's) is a condition on oom_victims,
  // checked whenever the waiter could step, so when the wake-up is sent does not matter
  // (MODEL.md 7); the toggle changes nothing in the machine (docs/kernel-model.md). The race
  // scenario has both waits: S waits in oom_killer_disable for V's exit, and under rfc A waits
  // in patch 8's wait. Verdicts, and even the state graphs' sizes, are equal.
  it.each([
    ['v4.0', 'v4.0+victimWaitqueue'],
    ['rfc-victimWaitqueue', 'rfc'],
  ])('every verdict and the state graph size are equal: %s vs %s', async (without, withToggle) => {
    const a = await run(race, without);
    const b = await run(race, withToggle);
    expect(b.verdicts).toEqual(a.verdicts);
    expect(b.stats.distinctStates).toBe(a.stats.distinctStates);
    expect(b.stats.transitions).toBe(a.stats.transitions);
  });
});
