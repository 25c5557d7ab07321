/**
 * The RFC toggles (MODEL.md 4: syncOomKill, oomReserves, oomReservesNoWmark, nofailReserves,
 * nofsFail, lowOrderFail) and the modelling toggle patientOomWait, each on a focused inline
 * scenario checked under a base policy without and with the toggle. Each test asserts the
 * whole verdict difference (`diff` lists exactly the properties whose status changes, so every
 * other property is asserted equal), from a full exploration by checkScenario.
 *
 * Common to the scenarios: watermarks oom 1 < min 2 < low 3 < high 4 (MODEL.md 1), no page
 * cache, so direct reclaim never makes progress (MODEL.md 3 step 4) and every retry goes to
 * may_oom; `hold` parks a task that owns pages until it is killed (MODEL.md 2). A victim at
 * `hold` can exit as soon as it is killed; a victim sleeping in mutex_lock on a lock the
 * allocator holds cannot (SIGKILL does not wake it, MODEL.md 2).
 */
import { describe, expect, it } from 'vitest';
import { parseScenario, type Scenario } from '../../models/kernel/scenario/index.ts';
import { HOLD, alloc, diff, verdicts } from './toggle-helpers.ts';

// ---- harness ----------------------------------------------------------------------------

interface TaskIn {
  name: string;
  rss: number;
  holds?: string[];
  oomScoreAdj?: number;
  program: unknown[];
}

/** An inline scenario with `free` free pages (managed = free + rss + cache), through the loader. */
function scenario(name: string, free: number, tasks: TaskIn[], zone: Record<string, unknown> = {}): Scenario {
  const cache = Number(zone.clean ?? 0) + Number(zone.dirty ?? 0);
  const managed = free + cache + tasks.reduce((s, t) => s + t.rss, 0);
  return parseScenario(
    {
      name,
      title: name,
      zone: { managed, watermarks: { oom: 1, min: 2, low: 3, high: 4 }, clean: 0, dirty: 0, ...zone },
      tasks,
    },
    `inline:${name}`,
  );
}


/** A holds `lock` and allocates; V (5 pages, the biggest) sleeps uninterruptibly on `lock`. */
function victimBehindLock(name: string, free: number, req: unknown, lock = 'i_mutex'): Scenario {
  return scenario(name, free, [
    { name: 'A', rss: 2, holds: [lock], program: [req, { op: 'unlock', lock }] },
    { name: 'V', rss: 5, program: [{ op: 'lock', lock }, { op: 'unlock', lock }] },
  ]);
}

// ---- patch 8: syncOomKill -------------------------------------------------------------

describe('syncOomKill (RFC patch 8): oom_lock taken killably and blocking, then the wait under it', () => {
  // A and B (no pages) both allocate GFP_KERNEL order 0 with free 1; V (5 pages) is the only
  // worthwhile victim. Base rfc-syncOomKill = v4.2 + patches 9-12.
  //
  // Without patch 8, may_oom trylocks oom_lock. MODEL.md 7 "lowOrderFail": "without syncOomKill
  // the task that loses the trylock fails at once". Interleaving: A fast path, min, reclaim 0,
  // trylock oom_lock (taken); B fast path, min, reclaim 0, trylock busy -> B fails -ENOMEM while
  // V (5 pages, killable, not yet a victim: A has not reached out_of_memory) could still be
  // killed: noPrematureFailure is violated (MODEL.md 5).
  //
  // With patch 8 (reference 3 patch 8: "mutex_lock_killable(&oom_lock) ... A blocking, killable
  // lock replaces trylock") B sleeps on oom_lock instead and tries again under it once A is done:
  // by then either V has exited (free 6, the attempt at min succeeds) or V is a victim (B's
  // out_of_memory aborts, and a later failure is not premature: V is a victim, A and B hold no
  // pages). Every other verdict is the same: both ways a kill happens, V exits, everything returns.
  it('the trylock loser no longer fails prematurely: rfc-syncOomKill vs rfc', async () => {
    const s = scenario('sync-contended', 1, [
      { name: 'A', rss: 0, program: [alloc('GFP_KERNEL')] },
      { name: 'B', rss: 0, program: [alloc('GFP_KERNEL')] },
      { name: 'V', rss: 5, program: HOLD },
    ]);
    expect(await diff(s, 'rfc-syncOomKill', 'rfc')).toEqual({ noPrematureFailure: ['violated', 'holds'] });
  });
});

// ---- patch 9: oomReserves ---------------------------------------------------------------

describe('oomReserves (RFC patch 9): the post-OOM attempt at the `oom` mark', () => {
  // A holds i_mutex, allocates GFP_KERNEL order 0 with free 2 (2 - 1 < min 2); V sleeps on
  // i_mutex. A kills V (5 pages > A's 2); V cannot exit (uninterruptible sleep on A's lock);
  // patch 8's wait can only time out (MODEL.md 7: the timeout may fire at any moment).
  //
  // Base v4.2+syncOomKill: the post-OOM attempt is at min (MODEL.md 7 "syncOomKill"): 2 - 1 < 2
  // fails, progress 1, goto retry; every later out_of_memory aborts on V's TIF_MEMDIE (MODEL.md 3):
  // A loops forever holding i_mutex (the core deadlock of reference 2): lowOrderReturns,
  // victimExits and allTasksFinish are violated; nothing fails.
  // With oomReserves the post-OOM attempt is at `oom` (MODEL.md 4, 7 "Reserves"): 2 - 1 >= 1,
  // A gets its page below min (an OOM-reserve context: reservesPrivileged still holds), unlocks
  // i_mutex; V takes it, unwinds at its next op boundary and exits. Reference 3 patch 9: "an
  // allocator can progress even if its own victim is blocked on it".
  it('an allocator whose victim is blocked on it progresses: v4.2+syncOomKill vs +oomReserves', async () => {
    const s = victimBehindLock('reserves-victim-blocked', 2, alloc('GFP_KERNEL'));
    expect(await diff(s, 'v4.2+syncOomKill', 'v4.2+syncOomKill+oomReserves')).toEqual({
      lowOrderReturns: ['violated', 'holds'],
      victimExits: ['violated', 'holds'],
      allTasksFinish: ['violated', 'holds'],
    });
  });

  // The same scenario inside the RFC. rfc-oomReserves: the post-OOM attempt at min fails and
  // lowOrderFail (patch 12) fails A at once: A unwinds, releases i_mutex, V exits, so every
  // liveness property holds either way. The failure is allowed: V is already a victim and no cache
  // is left (noPrematureFailure), V's pages were never freed (killerNotStarved). With patch 9 A
  // succeeds at `oom` and nothing ever fails: the only difference is allocFailureHappens, which
  // loses its witness (holds -> violated, i.e. "no run fails an allocation").
  it('inside the RFC the reserve turns an allowed failure into a success: rfc-oomReserves vs rfc', async () => {
    const s = victimBehindLock('reserves-victim-blocked', 2, alloc('GFP_KERNEL'));
    expect(await diff(s, 'rfc-oomReserves', 'rfc')).toEqual({ allocFailureHappens: ['holds', 'violated'] });
  });
});

// ---- RFC v2 patch 9: oomReservesNoWmark -------------------------------------------------

describe('oomReservesNoWmark (RFC v2 patch 9): the post-OOM attempt with ALLOC_NO_WATERMARKS', () => {
  // As above with free 1: A's request needs 1 - 1 >= mark. rfc-v2 (patches 1-8 + v2 patch 9):
  // after the kill and patch 8's wait (only a timeout can end it, V is blocked on A's i_mutex),
  // the post-OOM attempt is NO_WATERMARKS (MODEL.md 4): 1 >= 1, A succeeds, releases i_mutex,
  // V exits. Without the toggle (= v4.2+syncOomKill) the attempt is at min, fails, progress 1,
  // retry, every later selection aborts on V: A loops forever (lowOrderReturns, victimExits,
  // allTasksFinish). No run fails an allocation either way.
  it('free 1: only NO_WATERMARKS gets the blocked killer out: rfc-v2-oomReservesNoWmark vs rfc-v2', async () => {
    const s = victimBehindLock('nowmark-victim-blocked', 1, alloc('GFP_KERNEL'));
    expect(await diff(s, 'rfc-v2-oomReservesNoWmark', 'rfc-v2')).toEqual({
      lowOrderReturns: ['violated', 'holds'],
      victimExits: ['violated', 'holds'],
      allTasksFinish: ['violated', 'holds'],
    });
    // v1's `oom` mark is not enough here (1 - 1 < oom 1): the same hang as without any reserve,
    // which is why v2 made the reserve access unconditional (reference 3, "v2").
    expect(await verdicts(s, 'v4.2+syncOomKill+oomReserves')).toEqual(await verdicts(s, 'rfc-v2-oomReservesNoWmark'));
  });
});

// ---- patch 10: nofailReserves -----------------------------------------------------------

describe('nofailReserves (RFC patch 10): a NOFAIL allocation retries with NO_WATERMARKS after out_of_memory', () => {
  // A holds the journal and asks GFP_NOFS|__GFP_NOFAIL order 0 with free 1; V needs the journal.
  // NOFAIL ignores the !__GFP_FS exit (MODEL.md 3 step 6), so A kills V; V sleeps on the journal.
  // v4.0: no post-OOM attempt; every later selection aborts on V; NOFAIL retries forever
  // (reference 5 S6, "NOFAIL holding fs locks"): nofailCompletes, lowOrderReturns, nofsReturns,
  // victimExits, allTasksFinish violated. With patch 10 the attempt after out_of_memory is
  // NO_WATERMARKS (MODEL.md 4, 7 "Reserves"): free 1 >= 1 covers the single page, A succeeds,
  // drops the journal, V exits. (Asking more than the reserve holds still hangs: built-in
  // nofail-holding-lock, "obviously not bulletproof", reference 3 patch 10.)
  const s = victimBehindLock('nofail-reserve-covers', 1, alloc('GFP_NOFS', { flags: ['__GFP_NOFAIL'] }), 'journal');
  const fixed = {
    nofailCompletes: ['violated', 'holds'],
    lowOrderReturns: ['violated', 'holds'],
    nofsReturns: ['violated', 'holds'],
    victimExits: ['violated', 'holds'],
    allTasksFinish: ['violated', 'holds'],
  };
  it('on v4.0: v4.0 vs v4.0+nofailReserves', async () => {
    expect(await diff(s, 'v4.0', 'v4.0+nofailReserves')).toEqual(fixed);
  });
  // Inside the RFC patch 9 alone gives NOFAIL the `oom` mark (1 - 1 < 1 fails) and patch 12 lets
  // NOFAIL retry: the same hang; patch 10 is what removes it.
  it('inside the RFC: rfc-nofailReserves vs rfc', async () => {
    expect(await diff(s, 'rfc-nofailReserves', 'rfc')).toEqual(fixed);
  });
});

// ---- patch 11: nofsFail -----------------------------------------------------------------

describe('nofsFail (RFC patch 11): !__GFP_FS no longer fakes progress', () => {
  // A (2 pages) asks GFP_NOFS order 0 with free 1; V (5 pages) is parked at hold.
  // v4.0: reclaim frees 0, may_oom's !__GFP_FS exit sets progress 1 without a kill (MODEL.md 3
  // step 6, reference 1 "Never fails, never OOM-kills (progress is faked)"): A loops forever:
  // lowOrderReturns, nofsReturns, allTasksFinish violated, and no run fails (allocFailureHappens
  // violated). With patch 11 the exit gives progress 0 and A fails -ENOMEM at once: it returns and
  // finishes, but V (5 pages, killable, not a victim) could have been killed, so the failure is
  // premature by MODEL.md 5's definition (the filesystem developers' objection, reference 3 patch
  // 11). No kill in either (oomKillHappens violated in both, the kill-premised properties vacuous).
  it('the NOFS loop becomes a premature failure: v4.0 vs v4.0+nofsFail', async () => {
    const s = scenario('nofs-fake-progress', 1, [
      { name: 'A', rss: 2, program: [alloc('GFP_NOFS')] },
      { name: 'V', rss: 5, program: HOLD },
    ]);
    expect(await diff(s, 'v4.0', 'v4.0+nofsFail')).toEqual({
      noPrematureFailure: ['holds', 'violated'],
      lowOrderReturns: ['violated', 'holds'],
      nofsReturns: ['violated', 'holds'],
      allTasksFinish: ['violated', 'holds'],
      allocFailureHappens: ['violated', 'holds'],
    });
  });
});

// ---- patch 12: lowOrderFail -------------------------------------------------------------

describe('lowOrderFail (RFC patch 12): after may_oom only NOFAIL retries', () => {
  // A (2 pages) asks GFP_KERNEL order 0 with free 1; V (5 pages) at hold.
  // v4.0: A kills V, unlocks with progress 1, retries; V exits (free 6) and A succeeds at min; an
  // order-0 allocation by a task that is not killed never fails (reference 1 table), so no run
  // fails. With patch 12 "the task that issued a kill gets no further attempt" (MODEL.md 7
  // "lowOrderFail"): A fails at the unlock right after its kill. Interleaving: A kills V; V unwinds
  // and exit_mm frees its 5 pages; A unlocks oom_lock and fails -ENOMEM with free 6: the killer is
  // starved of its own victim's memory (killerNotStarved, the RFC's "spurious failure").
  // Not premature: V is a victim by then and there is no cache.
  it('the killer fails right after its kill: v4.0 vs v4.0+lowOrderFail', async () => {
    const s = scenario('low-order-kill', 1, [
      { name: 'A', rss: 2, program: [alloc('GFP_KERNEL')] },
      { name: 'V', rss: 5, program: HOLD },
    ]);
    expect(await diff(s, 'v4.0', 'v4.0+lowOrderFail')).toEqual({
      killerNotStarved: ['holds', 'violated'],
      allocFailureHappens: ['violated', 'holds'],
    });
  });
});

// ---- modelling: patientOomWait ----------------------------------------------------------

describe('patientOomWait (MODEL.md 7): the bounded wait times out only while no victim can step', () => {
  // A (no pages) asks GFP_KERNEL order 0 with free 1; V (5 pages) and C (2 pages) park at hold.
  // rfc: A kills V (the biggest) and waits holding oom_lock. MODEL.md 7 "the timeout may fire at
  // any moment, even before a runnable victim has moved": A times out while V still has its
  // pages; the post-OOM attempt at `oom` fails (1 - 1 < 1) and lowOrderFail fails A, while C
  // (2 pages, killable, not a victim) could still have been killed: noPrematureFailure violated.
  // With patientOomWait the timeout is enabled only while no victim can step; V (killed at hold)
  // can always step until it has exited, so A's wait ends by oom_victims == 0 (free 6) and its
  // post-OOM attempt succeeds: nothing fails at all. The violation needs an adversarial schedule.
  it('the premature failure needs the victim to be slow: rfc vs rfc+patientOomWait', async () => {
    const s = scenario('patient-wait', 1, [
      { name: 'A', rss: 0, program: [alloc('GFP_KERNEL')] },
      { name: 'V', rss: 5, program: HOLD },
      { name: 'C', rss: 2, program: HOLD },
    ]);
    expect(await diff(s, 'rfc', 'rfc+patientOomWait')).toEqual({
      noPrematureFailure: ['violated', 'holds'],
      allocFailureHappens: ['holds', 'violated'],
    });
  });
});
