/**
 * The toggles of later kernels (MODEL.md 4: oomReaper 4.6, reclaimRetries 4.7, nofsCheckInOom
 * 4.7 per docs/policies.md, nofailHarder 4.11), each on a focused inline scenario checked under a
 * base policy without and with the toggle. `diff` lists exactly the properties whose verdict
 * changes, so every other property is asserted equal; verdicts come from full explorations.
 *
 * Common to the scenarios: watermarks oom 1 < min 2 < low 3 < high 4, `hold` parks a task that
 * owns pages until it is killed (MODEL.md 2); a victim sleeping in mutex_lock on a lock the
 * allocator holds cannot exit (SIGKILL does not wake it, MODEL.md 2).
 */
import { describe, expect, it } from 'vitest';
import { parseScenario, type Scenario } from '../../models/kernel/scenario/index.ts';
import { checkScenario } from '../../models/kernel/check-scenario.ts';
import { resolvePolicy } from '../../models/kernel/policy.ts';
import { HOLD, alloc, diff, expectEnginesAgree } from './toggle-helpers.ts';

// ---- harness (as in toggles-rfc-patches.test.ts) ----------------------------------------

interface TaskIn {
  name: string;
  rss: number;
  holds?: string[];
  program: unknown[];
}

function scenario(name: string, free: number, tasks: TaskIn[], zone: Record<string, unknown> = {}): Scenario {
  const cache = Number(zone.clean ?? 0) + Number(zone.dirty ?? 0);
  const managed = free + cache + tasks.reduce((s, t) => s + t.rss, 0);
  return parseScenario(
    { name, title: name, zone: { managed, watermarks: { oom: 1, min: 2, low: 3, high: 4 }, clean: 0, dirty: 0, ...zone }, tasks },
    `inline:${name}`,
  );
}


// ---- 4.6: oomReaper ---------------------------------------------------------------------

describe('oomReaper (4.6): the oom_reaper frees a victim without its help', () => {
  const behind = (lock: string) =>
    scenario(`reaper-${lock}`, 1, [
      { name: 'A', rss: 2, holds: [lock], program: [alloc('GFP_KERNEL'), { op: 'unlock', lock }] },
      { name: 'V', rss: 5, program: [{ op: 'lock', lock }, { op: 'unlock', lock }] },
    ]);
  const fixed = {
    lowOrderReturns: ['violated', 'holds'],
    victimExits: ['violated', 'holds'],
    allTasksFinish: ['violated', 'holds'],
  };

  // A holds i_mutex, allocates GFP_KERNEL order 0 with free 1; V (5 pages) sleeps on i_mutex.
  // v4.2: A kills V, V cannot exit, every later selection aborts on V's TIF_MEMDIE and A loops
  // with progress 1 (the core deadlock, reference 2): lowOrderReturns, victimExits,
  // allTasksFinish violated. With the reaper (MODEL.md 2, 7 "oom_reaper"): the kill queues V,
  // the reaper frees V's 5 pages (i_mutex is not mmap_sem), clears TIF_MEMDIE and hides V; A's
  // next attempt at min succeeds (free 6), A drops i_mutex, V takes it and unwinds.
  it('victim blocked on i_mutex: v4.2 vs v4.2+oomReaper', async () => {
    expect(await diff(behind('i_mutex'), 'v4.2', 'v4.2+oomReaper')).toEqual(fixed);
  });

  // The same with the lock named mmap_sem: the reaper frees nothing (down_read_trylock fails)
  // but still clears TIF_MEMDIE and hides V (MODEL.md 7 "oom_reaper"), so the next selection no
  // longer aborts: its only candidate is A itself (2 pages), which it kills; TIF_MEMDIE gives A
  // NO_WATERMARKS (free 1 >= 1, MODEL.md 3 step 2), A gets its page, unwinds at the next op
  // boundary releasing mmap_sem, and V exits. The same verdicts change (reference 4: "either way
  // the OOM killer may then pick a new victim (no permanent ABORT)").
  it('victim blocked on mmap_sem: the reaper only unblocks selection: v4.2 vs v4.2+oomReaper', async () => {
    expect(await diff(behind('mmap_sem'), 'v4.2', 'v4.2+oomReaper')).toEqual(fixed);
  });
});

// ---- 4.7: reclaimRetries ----------------------------------------------------------------

describe('reclaimRetries (4.7): should_reclaim_retry', () => {
  // A (no pages) asks GFP_KERNEL order 1 (2 pages: needs free >= 4) with free 1 and 2 clean
  // pages, reclaimBatch 1; V (5 pages) at hold. Base v4.0+lowOrderFail (patch 12: after may_oom
  // only NOFAIL retries, and the killer gets no further attempt, MODEL.md 7).
  // Without the toggle, should_alloc_retry retries while reclaim makes progress (MODEL.md 3 step
  // 5-6): two passes take both clean pages (free 3), the third frees nothing, may_oom kills V and
  // A fails: with no cache left and V a victim that failure is not premature.
  // With reclaimRetries, should_reclaim_retry retries "only while free + reclaimable could pass
  // min" (MODEL.md 4): after the first pass free 2 + clean 1 = 3 < 2 + 2, so A goes to may_oom
  // with a clean page still reclaimable, kills V, and fails: premature by MODEL.md 5's definition
  // ("fails only when no reclaimable cache is left for its context").
  // killerNotStarved is violated both ways (V may exit between A's kill and A's failure, as in
  // the lowOrderFail test), so only noPrematureFailure changes.
  it('may_oom while cache is left: v4.0+lowOrderFail vs +reclaimRetries', async () => {
    const s = scenario(
      'reclaim-retries-early-oom',
      1,
      [
        { name: 'A', rss: 0, program: [alloc('GFP_KERNEL', { order: 1 })] },
        { name: 'V', rss: 5, program: HOLD },
      ],
      { clean: 2, reclaimBatch: 1 },
    );
    expect(await diff(s, 'v4.0+lowOrderFail', 'v4.0+lowOrderFail+reclaimRetries')).toEqual({ noPrematureFailure: ['holds', 'violated'] });
  });

  // MODEL.md 7 "v4.7": the count of consecutive no-progress loops "resets ... on reclaim
  // progress". C asks order 4 (16 pages) GFP_KERNEL|__GFP_REPEAT with free 10, 8 clean pages,
  // reclaimBatch 2: every pass frees 2 pages (progress), so by MODEL.md the count stays 0,
  // should_reclaim_retry keeps retrying (free + clean = 18 passes min: 18 - 16 >= 2), and the
  // fourth pass leaves free 18: the attempt succeeds, exactly as under v4.2 (should_alloc_retry:
  // REPEAT and reclaimed < 16). Expected: no verdict differs (no failure in either).
  // (The 4.7 code itself resets the count only for order <= 3, so in the kernel C would fail
  // after maxNoProgress + 1 passes; the model follows MODEL.md, see docs/kernel-model.md.)
  it('costly __GFP_REPEAT with steady reclaim progress (MODEL.md: count reset on progress): v4.2 vs v4.2+reclaimRetries', async () => {
    const s = scenario('reclaim-retries-costly-progress', 10, [{ name: 'C', rss: 0, program: [alloc('GFP_KERNEL', { order: 4, flags: ['__GFP_REPEAT'] })] }], {
      clean: 8,
      reclaimBatch: 2,
    });
    expect(await diff(s, 'v4.2', 'v4.2+reclaimRetries')).toEqual({});
  });

  // The same scenario with costlyProgressNoReset, the 4.7 code (docs/kernel-model.md): reclaim
  // progress no longer resets an order-4 request's count, so after the third pass (free 16,
  // count 3 > maxNoProgress 2) should_reclaim_retry sends C to may_oom, whose costly exit gives
  // progress 0, and C fails with 2 clean pages left. A failure becomes reachable; nothing else
  // changes (costly orders are outside lowOrderReturns and noPrematureFailure, and never kill).
  it('costly __GFP_REPEAT with steady reclaim progress, as the 4.7 code counts it: v4.2+reclaimRetries vs +costlyProgressNoReset', async () => {
    const s = scenario('reclaim-retries-costly-progress', 10, [{ name: 'C', rss: 0, program: [alloc('GFP_KERNEL', { order: 4, flags: ['__GFP_REPEAT'] })] }], {
      clean: 8,
      reclaimBatch: 2,
    });
    expect(await diff(s, 'v4.2+reclaimRetries', 'v4.2+reclaimRetries+costlyProgressNoReset')).toEqual({ allocFailureHappens: ['violated', 'holds'] });
    // The packed twins (countNoProgress, retryDecisionIs) read the toggle as the object model does.
    await expectEnginesAgree(s, 'v4.2+reclaimRetries+costlyProgressNoReset');
  });
});

// ---- 4.7: nofsCheckInOom ----------------------------------------------------------------

describe('nofsCheckInOom (4.7, commit 3da88fb3bacfa): the !__GFP_FS check moves into out_of_memory', () => {
  // A (2 pages) asks GFP_NOFS order 0 with free 1, no cache; S runs oomDisable (suspend that
  // never resumes). No task is worth killing besides A: S holds no pages.
  // Without the toggle, may_oom's !__GFP_FS exit comes before out_of_memory and fakes progress
  // (MODEL.md 3 step 6): A loops forever, disabled or not: lowOrderReturns, nofsReturns,
  // allTasksFinish violated, nothing fails. With it, out_of_memory checks "disabled" first
  // (MODEL.md 7 "v4.7": disabled, caller killed, then !(gfp & (__GFP_FS|__GFP_NOFAIL))): once S
  // has disabled the OOM killer, A's out_of_memory returns false, progress 0, and A fails
  // (reference 2: out_of_memory "returns false only when the OOM killer is disabled"). Weak
  // fairness makes S disable eventually (its step is enabled in every state of A's loop on v4.0,
  // where oom_killer_disable takes no oom_lock), so A always returns. Not premature: S has no
  // pages, no cache. No kill in either.
  const s = scenario('nofs-check-disabled', 1, [
    { name: 'A', rss: 2, program: [alloc('GFP_NOFS')] },
    { name: 'S', rss: 0, program: [{ op: 'oomDisable' }] },
  ]);
  it('a NOFS allocation fails once the OOM killer is disabled: v4.0 vs v4.0+nofsCheckInOom', async () => {
    expect(await diff(s, 'v4.0', 'v4.0+nofsCheckInOom')).toEqual({
      lowOrderReturns: ['violated', 'holds'],
      nofsReturns: ['violated', 'holds'],
      allTasksFinish: ['violated', 'holds'],
      allocFailureHappens: ['violated', 'holds'],
    });
  });

  // The same in v4.7 (which has oomLockMutex): the failure is still reachable, but A may loop
  // forever. With oomLockMutex oom_killer_disable waits while oom_lock is held (MODEL.md 7
  // "Without effect on verdicts"; docs/kernel-model.md: the step is not enabled then), and A holds
  // oom_lock in part of every loop (trylock .. unlock). S is therefore not continuously enabled
  // along A's loop, and weak fairness (MODEL.md 5) does not force it to step: the lasso of A
  // retrying with faked-by-out_of_memory progress 1 while S never disables is fair. Only
  // allocFailureHappens changes. See toggles-no-effect.test.ts for what this says about
  // oomLockMutex.
  it('under v4.7 only the failure becomes reachable: v4.7-nofsCheckInOom vs v4.7', async () => {
    expect(await diff(s, 'v4.7-nofsCheckInOom', 'v4.7')).toEqual({ allocFailureHappens: ['violated', 'holds'] });
  });
});

// ---- 4.11: nofailHarder -----------------------------------------------------------------

describe('nofailHarder (4.11): NOFAIL no longer forces a kill; ALLOC_HARDER at nopage', () => {
  // A (2 pages) asks GFP_NOFS|__GFP_NOFAIL order 0 with free 1; V (5 pages) at hold.
  // v4.7: NOFAIL is exempt from out_of_memory's !__GFP_FS check (MODEL.md 7 "v4.7": the NOFAIL
  // exemption is in the merged code), so A kills V, V exits, A succeeds: everything holds.
  // v4.11 (= v4.7 + nofailHarder): the exemption is gone (reference 4: "__GFP_NOFAIL no longer
  // overrides may_oom's skip conditions"); out_of_memory returns true without a kill, progress 1,
  // goto retry; nopage (and its ALLOC_HARDER try) is never reached: A loops forever and nobody is
  // ever killed: nofailCompletes, lowOrderReturns, nofsReturns, allTasksFinish and oomKillHappens
  // violated; without a kill victimExits and killerNotStarved become vacuous (MODEL.md 7).
  it('a NOFS|NOFAIL allocation loses its kill: v4.7 vs v4.11', async () => {
    const s = scenario('nofail-harder-nofs', 1, [
      { name: 'A', rss: 2, program: [alloc('GFP_NOFS', { flags: ['__GFP_NOFAIL'] })] },
      { name: 'V', rss: 5, program: HOLD },
    ]);
    expect(await diff(s, 'v4.7', 'v4.11')).toEqual({
      killerNotStarved: ['holds', 'vacuous'],
      nofailCompletes: ['holds', 'violated'],
      lowOrderReturns: ['holds', 'violated'],
      nofsReturns: ['holds', 'violated'],
      victimExits: ['holds', 'vacuous'],
      allTasksFinish: ['holds', 'violated'],
      oomKillHappens: ['holds', 'violated'],
    });
  });
});

// ---- 4.7 as merged: costlyNofailNopage ---------------------------------------------------

describe('costlyNofailNopage (0a0337e0d1d1 as merged): a costly NOFAIL request without REPEAT goes to nopage', () => {
  // A (2 pages) asks GFP_KERNEL|__GFP_NOFAIL order 4 (16 pages) with free 17 (17 - 16 < min 2),
  // no cache; V (5 pages) at hold.
  const costlyNofail = () =>
    scenario('costly-nofail-nopage', 17, [
      { name: 'A', rss: 2, program: [alloc('GFP_KERNEL', { order: 4, flags: ['__GFP_NOFAIL'] })] },
      { name: 'V', rss: 5, program: HOLD },
    ]);

  // v4.7 by MODEL.md 7 ("order > 3 without REPEAT fails unless NOFAIL"): should_reclaim_retry
  // sends A to may_oom, where NOFAIL still overrides the costly exit, so A kills V, V's pages
  // are freed and A succeeds: everything holds but allocFailureHappens.
  // With the toggle, the 4.7 code's `order > PAGE_ALLOC_COSTLY_ORDER && !__GFP_REPEAT` test
  // after the first reclaim pass sends A to nopage, which in 4.7 has no NOFAIL case: the
  // NOFAIL allocation fails (Tetsuo Handa's report, docs/kernel-model.md). nofailNeverFails
  // and nofailCompletes violated, a failure is now reachable, and nobody is ever killed
  // (oomKillHappens violated; killerNotStarved and victimExits vacuous).
  it('a costly NOFAIL allocation fails: v4.7 vs v4.7+costlyNofailNopage', async () => {
    expect(await diff(costlyNofail(), 'v4.7', 'v4.7+costlyNofailNopage')).toEqual({
      nofailNeverFails: ['holds', 'violated'],
      nofailCompletes: ['holds', 'violated'],
      oomKillHappens: ['holds', 'violated'],
      allocFailureHappens: ['violated', 'holds'],
      killerNotStarved: ['holds', 'vacuous'],
      victimExits: ['holds', 'vacuous'],
    });
    // The counterexample says why the allocation failed: the costly rule, not a lack of pages.
    const r = await checkScenario(costlyNofail(), resolvePolicy('v4.7+costlyNofailNopage'));
    const trace = r.results.find((x) => x.property === 'nofailNeverFails')!.trace!;
    expect(trace.steps.map((st) => st.description).at(-1)).toBe(
      'A [GFP_KERNEL|__GFP_NOFAIL order 4]: direct reclaim freed 0 pages; order 4 > 3 without __GFP_REPEAT: no retry, allocation fails: -ENOMEM',
    );
  });

  // v4.11: with nofailHarder nopage retries NOFAIL after one ALLOC_HARDER attempt (17 - 16 < 2 -
  // 2/4: it fails), so A loops either way and no verdict changes; but the toggle takes A from
  // reclaim straight to nopage, as the 4.11 code does, where the preset goes through may_oom
  // (its trylock and costly exit) first.
  it('under v4.11 the loop goes reclaim -> nopage, never through may_oom: v4.11 vs v4.11+costlyNofailNopage', async () => {
    const s = costlyNofail();
    expect(await diff(s, 'v4.11', 'v4.11+costlyNofailNopage')).toEqual({});
    const branches = async (policy: string) => {
      const r = await checkScenario(s, resolvePolicy(policy), { coverage: true });
      return (r.coverage?.transitions ?? []).filter((t) => t.taken > 0).map((t) => t.transition);
    };
    const preset = await branches('v4.11');
    const toggled = await branches('v4.11+costlyNofailNopage');
    expect(preset.some((t) => t.includes('alloc.mayOom:'))).toBe(true);
    expect(toggled.some((t) => t.includes('alloc.mayOom:'))).toBe(false);
    expect(toggled).toContain('running.A.alloc.reclaim: A → nopageHarder [nofailHarderAtNopage(task=A)]');
  });

  // The packed twins (models/kernel/packed/tables.ts) read the toggle as the object guards do.
  it('the compiled engine agrees with the interpreted one under the toggle', async () => {
    for (const policy of ['v4.7+costlyNofailNopage', 'v4.11+costlyNofailNopage']) await expectEnginesAgree(costlyNofail(), policy);
  });
});
