/**
 * The small scenarios of branch-coverage.test.ts: each takes branches of the kernel
 * statechart that no built-in scenario takes, under one policy, with its expected verdicts
 * justified from MODEL.md. A module of their own so that other tests (the reference
 * explorer's, test/bench/reference.test.ts) can check them too.
 */
import { parseScenario, type Scenario } from '../../models/kernel/scenario/index.ts';

// Properties whose premise a case never meets (MODEL.md 5 and 7: vacuous, not holds).
/** No task with oomScoreAdj -1000 beside a kill, no oomDisable op. */
const NO_UNKILLABLE_NO_DISABLE = ['unkillableSpared', 'noKillWhileDisabled'];
/** No !__GFP_FS allocation. */
const NO_NOFS = ['nofsNeverKills', 'nofsReturns'];
/** No __GFP_NOFAIL allocation. */
const NO_NOFAIL = ['nofailNeverFails', 'nofailCompletes'];
/** No kill reachable. */
const NO_KILL = ['killerNotStarved', 'victimExits'];

export interface BranchCase {
  name: string;
  policy: string;
  zone: Record<string, unknown>;
  tasks: unknown[];
  /** Branches the exploration must take, as branch-coverage.test.ts's `short` writes them. */
  takes: string[];
  violated: string[];
  vacuous: string[];
}

const W = { oom: 1, min: 2, low: 3, high: 4 };
const alloc = (order: number, gfp: string, extra: Record<string, unknown> = {}) => ({ op: 'alloc', order, gfp, ...extra });

export const CASES: BranchCase[] = [
  // free 1. A's GFP_KERNEL order 0 reaches out_of_memory, which kills V (5 pages, the largest).
  // V sleeps in mutex_lock_killable on A's i_mutex: the SIGKILL wakes it (MODEL.md 2), and as it
  // holds `other` it releases it, then exit_mm frees its pages and A's retry succeeds. The same
  // shape with an uninterruptible lock is victim-behind-imutex-kernel, which hangs under v4.0;
  // here victimExits, lowOrderReturns and allTasksFinish hold. No allocation can fail (order 0
  // retries until it succeeds): allocFailureHappens violated.
  {
    name: 'killable-waiter-holding-a-lock',
    policy: 'v4.0',
    zone: { managed: 8, watermarks: W },
    tasks: [
      { name: 'A', rss: 2, holds: ['i_mutex'], program: [alloc(0, 'GFP_KERNEL'), { op: 'unlock', lock: 'i_mutex' }] },
      { name: 'V', rss: 5, holds: ['other'], program: [{ op: 'lockKillable', lock: 'i_mutex' }, { op: 'unlock', lock: 'i_mutex' }, { op: 'unlock', lock: 'other' }] },
    ],
    takes: ['run: <task> → lockWaitKillable [atOp(op=lockKillable)]', 'lockWaitKillable: <task> → exitMm [and(killed, holdsLocks)]'],
    violated: ['allocFailureHappens'],
    vacuous: [...NO_UNKILLABLE_NO_DISABLE, ...NO_NOFS, ...NO_NOFAIL],
  },
  // The same without `other`. Under v4.7 the oom_reaper may reap V before V steps (it frees V's
  // pages, clears TIF_MEMDIE and hides V, MODEL.md 7 "oom_reaper"): V then wakes killed but no
  // longer a victim and just finishes; if V steps first it exits as a victim. Verdicts as above.
  {
    name: 'killable-waiter-reaped-first',
    policy: 'v4.7',
    zone: { managed: 8, watermarks: W },
    tasks: [
      { name: 'A', rss: 2, holds: ['i_mutex'], program: [alloc(0, 'GFP_KERNEL'), { op: 'unlock', lock: 'i_mutex' }] },
      { name: 'V', rss: 5, program: [{ op: 'lockKillable', lock: 'i_mutex' }, { op: 'unlock', lock: 'i_mutex' }] },
    ],
    takes: ['lockWaitKillable: <task> → exitOomVictim [and(killed, memdie)]', 'lockWaitKillable: <task> → finished [killed]'],
    violated: ['allocFailureHappens'],
    vacuous: [...NO_UNKILLABLE_NO_DISABLE, ...NO_NOFS, ...NO_NOFAIL],
  },
  // free 9: A's allocation succeeds in the fast path (9 - 1 >= low 3), so no allocation is ever
  // pending (MODEL.md 7: pending starts after a failed fast path) and nothing is killed or fails.
  // V waits killably while A holds i_mutex, takes it when A releases it, then frees 2 pages.
  // Vacuous besides the usual: reservesPrivileged (nobody goes below min), noPrematureFailure
  // (no failure), lowOrderReturns (no pending allocation); oomKillHappens and
  // allocFailureHappens violated (no witness).
  {
    name: 'no-pressure',
    policy: 'v4.0',
    zone: { managed: 16, watermarks: W },
    tasks: [
      { name: 'A', rss: 2, holds: ['i_mutex'], program: [alloc(0, 'GFP_KERNEL'), { op: 'unlock', lock: 'i_mutex' }] },
      { name: 'V', rss: 5, program: [{ op: 'lockKillable', lock: 'i_mutex' }, { op: 'unlock', lock: 'i_mutex' }, { op: 'free', pages: 2 }] },
    ],
    takes: ['lockWaitKillable: <task> → run [opLockFree]', 'run: <task> → (no target) [atOp(op=free)]'],
    violated: ['oomKillHappens', 'allocFailureHappens'],
    vacuous: [...NO_UNKILLABLE_NO_DISABLE, ...NO_NOFS, ...NO_NOFAIL, ...NO_KILL, 'reservesPrivileged', 'noPrematureFailure', 'lowOrderReturns'],
  },
  // free 1, both tasks oomScoreAdj -1000: A's out_of_memory finds nothing to kill and panics
  // (MODEL.md 3). noPanic violated; no kill and no failure (the only allocation ends in the
  // panic). A panic is a terminal state that discharges liveness (MODEL.md 7 "Verdict words"):
  // lowOrderReturns and allTasksFinish hold, and it is not a deadlock. unkillableSpared is
  // vacuous: no kill to spare them from.
  {
    name: 'nothing-killable-panics',
    policy: 'v4.0',
    zone: { managed: 4, watermarks: W },
    tasks: [
      { name: 'A', rss: 1, oomScoreAdj: -1000, program: [alloc(0, 'GFP_KERNEL')] },
      { name: 'B', rss: 2, oomScoreAdj: -1000, program: [{ op: 'hold' }] },
    ],
    takes: ['outOfMemory: <task> → panic [oomVerdictIs(is=panic)]'],
    violated: ['noPanic', 'oomKillHappens', 'allocFailureHappens'],
    vacuous: [...NO_UNKILLABLE_NO_DISABLE, ...NO_NOFS, ...NO_NOFAIL, ...NO_KILL],
  },
  // free 1, clean 2, each reclaim pass frees 2^0 = 1 page. Pass one: free 2, the attempt at min
  // fails (2 - 1 < 2), should_alloc_retry retries; pass two: free 3, the attempt succeeds.
  // Nothing is killed, nothing fails.
  {
    name: 'success-after-reclaim',
    policy: 'v4.0',
    zone: { managed: 8, watermarks: W, clean: 2 },
    tasks: [{ name: 'A', rss: 5, program: [alloc(0, 'GFP_KERNEL')] }],
    takes: ['afterReclaim: <task> → run [attemptOk(site=afterReclaim)]'],
    violated: ['oomKillHappens', 'allocFailureHappens'],
    vacuous: [...NO_UNKILLABLE_NO_DISABLE, ...NO_NOFS, ...NO_NOFAIL, ...NO_KILL],
  },
  // free 1. GFP_ATOMIC has ALLOC_HARDER (min 2 - 2/4 = 2) and cannot sleep: the attempt at min
  // fails (0 < 2) and the allocation fails at once (MODEL.md 3 step 3), unwinding A (releasing
  // `l`). GFP_ATOMIC lacks __GFP_FS, so nofsReturns applies and holds; nofsNeverKills and
  // noPrematureFailure need __GFP_WAIT: vacuous.
  {
    name: 'atomic-failure-unwinds',
    policy: 'v4.0',
    zone: { managed: 8, watermarks: W },
    tasks: [{ name: 'A', rss: 7, holds: ['l'], program: [alloc(0, 'GFP_ATOMIC'), { op: 'unlock', lock: 'l' }] }],
    takes: ['min: <task> → unwind [and(atomic, onFailUnwind)]'],
    violated: ['oomKillHappens'],
    vacuous: [...NO_UNKILLABLE_NO_DISABLE, 'nofsNeverKills', ...NO_NOFAIL, ...NO_KILL, 'noPrematureFailure'],
  },
  // free 2, clean 1, reclaimBatch 1. First op (order 1, NORETRY, onFail continue): reclaim frees
  // the clean page (free 3), the attempt fails (3 - 2 < 2), NORETRY fails it (MODEL.md 3 step 5)
  // and A continues. Second op (order 1, NORETRY, unwind): nothing left to reclaim, NORETRY
  // fails it, A unwinds. NORETRY never reaches may_oom (no kill) and is outside
  // noPrematureFailure (vacuous).
  {
    name: 'noretry-with-and-without-reclaim-progress',
    policy: 'v4.0',
    zone: { managed: 8, watermarks: W, clean: 1, reclaimBatch: 1 },
    tasks: [{ name: 'A', rss: 5, program: [alloc(1, 'GFP_KERNEL', { flags: ['__GFP_NORETRY'], onFail: 'continue' }), alloc(1, 'GFP_KERNEL', { flags: ['__GFP_NORETRY'] })] }],
    takes: ['afterReclaim: <task> → run', 'reclaim: <task> → unwind [onFailUnwind]'],
    violated: ['oomKillHappens'],
    vacuous: [...NO_UNKILLABLE_NO_DISABLE, ...NO_NOFS, ...NO_NOFAIL, ...NO_KILL, 'noPrematureFailure'],
  },
  // The mirror: free 2, dirty 1. GFP_NOFS cannot write back dirty pages (MODEL.md 3 step 4), so
  // the first op fails without progress and continues; GFP_KERNEL then reclaims the dirty page,
  // its attempt still fails (1 < 2), and NORETRY unwinds it. The NOFS op is pending and
  // returns (nofsReturns holds) without a kill (nofsNeverKills holds).
  {
    name: 'noretry-nofs-cannot-write-back',
    policy: 'v4.0',
    zone: { managed: 8, watermarks: W, dirty: 1, reclaimBatch: 1 },
    tasks: [{ name: 'A', rss: 5, program: [alloc(1, 'GFP_NOFS', { flags: ['__GFP_NORETRY'], onFail: 'continue' }), alloc(1, 'GFP_KERNEL', { flags: ['__GFP_NORETRY'] })] }],
    takes: ['reclaim: <task> → run', 'afterReclaim: <task> → unwind [onFailUnwind]'],
    violated: ['oomKillHappens'],
    vacuous: [...NO_UNKILLABLE_NO_DISABLE, ...NO_NOFAIL, ...NO_KILL, 'noPrematureFailure'],
  },
  // free 1. A asks 1 page, V (6 pages) 2 pages; whoever runs out_of_memory kills V (the
  // allocating task is a candidate, MODEL.md 7 "Victims"). Under patch 8 V, killed while
  // sleeping on oom_lock or TIF_MEMDIE on entry to may_oom, makes one NO_WATERMARKS attempt
  // (MODEL.md 7 "syncOomKill"): it fails while 1 page is free and V unwinds, or succeeds once
  // A has exited and freed its page. Killed after its min attempt, V fails at the no-watermarks
  // attempt. Either way V exits and A gets its page: everything holds.
  {
    name: 'victim-fails-its-own-allocation',
    policy: 'rfc',
    zone: { managed: 8, watermarks: W },
    tasks: [
      { name: 'A', rss: 1, program: [alloc(0, 'GFP_KERNEL')] },
      { name: 'V', rss: 6, program: [alloc(1, 'GFP_KERNEL')] },
    ],
    takes: [
      'mayOom: <task> → run [and(memdie, attemptOk(site=killedNoWatermarks))]',
      'mayOom: <task> → unwind [and(memdie, onFailUnwind)]',
      'oomLockWait: <task> → run [and(killed, attemptOk(site=killedNoWatermarks))]',
      'oomLockWait: <task> → unwind [and(killed, onFailUnwind)]',
      'noWatermarks: <task> → unwind [onFailUnwind]',
    ],
    violated: [],
    vacuous: [...NO_UNKILLABLE_NO_DISABLE, ...NO_NOFS, ...NO_NOFAIL],
  },
  // The same with V's onFail `continue`: each failure returns to V's program instead of
  // unwinding, including the one at the reclaim step, where TIF_MEMDIE is read again
  // (MODEL.md 7 "Victims": a task killed after its min attempt fails there unless NOFAIL).
  {
    name: 'victim-continues-after-failure',
    policy: 'rfc',
    zone: { managed: 8, watermarks: W },
    tasks: [
      { name: 'A', rss: 1, program: [alloc(0, 'GFP_KERNEL')] },
      { name: 'V', rss: 6, program: [alloc(1, 'GFP_KERNEL', { onFail: 'continue' })] },
    ],
    takes: [
      'mayOom: <task> → run [memdie]',
      'oomLockWait: <task> → run [killed]',
      'noWatermarks: <task> → run',
      'reclaim: <task> → run [and(memdie, not nofail)]',
    ],
    violated: [],
    vacuous: [...NO_UNKILLABLE_NO_DISABLE, ...NO_NOFS, ...NO_NOFAIL],
  },
  // V's allocation is __GFP_NOFAIL. Under v4.0, once V is the victim it repeats only the
  // NO_WATERMARKS attempt (MODEL.md 7 "Victims"), which needs 2 pages with 1 free; A's
  // out_of_memory then aborts on V's TIF_MEMDIE (MODEL.md 3) and A retries forever: V never
  // completes or exits, A never returns, and no allocation can fail (order 0 retries, NOFAIL
  // never fails): nofailCompletes, lowOrderReturns, victimExits, allTasksFinish and
  // allocFailureHappens violated.
  {
    name: 'nofail-victim-loops-without-reserves',
    policy: 'v4.0',
    zone: { managed: 8, watermarks: W },
    tasks: [
      { name: 'A', rss: 1, program: [alloc(0, 'GFP_KERNEL')] },
      { name: 'V', rss: 6, program: [alloc(1, 'GFP_KERNEL', { flags: ['__GFP_NOFAIL'] })] },
    ],
    takes: ['reclaim: <task> → noWatermarks [memdie]', 'noWatermarks: <task> → (no target) [nofail]'],
    violated: ['nofailCompletes', 'lowOrderReturns', 'victimExits', 'allTasksFinish', 'allocFailureHappens'],
    vacuous: [...NO_UNKILLABLE_NO_DISABLE, ...NO_NOFS],
  },
  // The same under rfc: patch 12 (lowOrderFail) fails A's allocation after may_oom (A is not
  // NOFAIL); A exits and frees its page, and V's NO_WATERMARKS attempt gets both pages (patch
  // 8's killed path sends a NOFAIL victim to the same loop). Everything holds: A's failure is
  // not premature (the only other killable task is already a victim).
  {
    name: 'nofail-victim-saved-by-low-order-failure',
    policy: 'rfc',
    zone: { managed: 8, watermarks: W },
    tasks: [
      { name: 'A', rss: 1, program: [alloc(0, 'GFP_KERNEL')] },
      { name: 'V', rss: 6, program: [alloc(1, 'GFP_KERNEL', { flags: ['__GFP_NOFAIL'] })] },
    ],
    takes: ['mayOom: <task> → noWatermarks [and(memdie, nofail)]', 'oomLockWait: <task> → noWatermarks [and(killed, memdie, nofail)]'],
    violated: [],
    vacuous: [...NO_UNKILLABLE_NO_DISABLE, ...NO_NOFS],
  },
  // free 2; A asks order 4 with __GFP_REPEAT, onFail continue. should_alloc_retry retries
  // (REPEAT, reclaimed 0 < 16), may_oom exits early for the costly order with progress 0
  // (MODEL.md 3 step 6), so the allocation fails and A continues. Costly orders never kill;
  // lowOrderReturns and noPrematureFailure cover order <= 3 only: vacuous.
  {
    name: 'costly-failure-continues',
    policy: 'v4.0',
    zone: { managed: 20, watermarks: W },
    tasks: [
      { name: 'A', rss: 2, program: [alloc(4, 'GFP_KERNEL', { flags: ['__GFP_REPEAT'], onFail: 'continue' })] },
      { name: 'V', rss: 16, program: [{ op: 'hold' }] },
    ],
    takes: ['oomUnlock: <task> → run [mayOomFails]'],
    violated: ['oomKillHappens'],
    vacuous: [...NO_UNKILLABLE_NO_DISABLE, ...NO_NOFS, ...NO_NOFAIL, ...NO_KILL, 'noPrematureFailure', 'lowOrderReturns'],
  },
  // free 17; A asks order 4 (16 pages) with __GFP_NOFAIL. Under v4.0 NOFAIL overrides may_oom's
  // costly exit (MODEL.md 3 step 6), so A kills V; V parks at hold, so it unwinds and exit_mm
  // frees its 5 pages, and A succeeds. No allocation can fail.
  {
    name: 'costly-nofail-kills',
    policy: 'v4.0',
    zone: { managed: 24, watermarks: W },
    tasks: [
      { name: 'A', rss: 2, program: [alloc(4, 'GFP_KERNEL', { flags: ['__GFP_NOFAIL'] })] },
      { name: 'V', rss: 5, program: [{ op: 'hold' }] },
    ],
    takes: ['outOfMemory: <task>.kill → oomUnlock [killsVictim(self=false)]'],
    violated: ['allocFailureHappens'],
    vacuous: [...NO_UNKILLABLE_NO_DISABLE, ...NO_NOFS, 'noPrematureFailure', 'lowOrderReturns'],
  },
  // The same under v4.11: NOFAIL no longer overrides the costly exit (nofailHarder, MODEL.md 4),
  // so may_oom returns without a kill and progress 0, and nopage's ALLOC_HARDER attempt (min
  // 2 - 2/4 = 2; 17 - 16 < 2) fails too; A retries forever. nofailCompletes and allTasksFinish
  // violated, nobody is killed, nothing fails.
  {
    name: 'costly-nofail-loses-its-kill',
    policy: 'v4.11',
    zone: { managed: 24, watermarks: W },
    tasks: [
      { name: 'A', rss: 2, program: [alloc(4, 'GFP_KERNEL', { flags: ['__GFP_NOFAIL'] })] },
      { name: 'V', rss: 5, program: [{ op: 'hold' }] },
    ],
    takes: ['oomUnlock: <task> → nopageHarder [and(mayOomFails, nofailHarderAtNopage)]', 'nopageHarder: <task> → min'],
    violated: ['nofailCompletes', 'allTasksFinish', 'oomKillHappens', 'allocFailureHappens'],
    vacuous: [...NO_UNKILLABLE_NO_DISABLE, ...NO_NOFS, ...NO_KILL, 'noPrematureFailure', 'lowOrderReturns'],
  },
  // Marks oom 3 < min 4 < low 5 < high 6, free 19: the order-4 request fails at min (3 < 4) and
  // at high, but ALLOC_HARDER lowers min to 4 - 4/4 = 3 and nopage's attempt succeeds.
  {
    name: 'costly-nofail-saved-by-alloc-harder',
    policy: 'v4.11',
    zone: { managed: 26, watermarks: { oom: 3, min: 4, low: 5, high: 6 } },
    tasks: [
      { name: 'A', rss: 2, program: [alloc(4, 'GFP_KERNEL', { flags: ['__GFP_NOFAIL'] })] },
      { name: 'V', rss: 5, program: [{ op: 'hold' }] },
    ],
    takes: ['nopageHarder: <task> → run [attemptOk(site=nopageHarder)]'],
    violated: ['oomKillHappens', 'allocFailureHappens'],
    vacuous: [...NO_UNKILLABLE_NO_DISABLE, ...NO_NOFS, ...NO_KILL, 'noPrematureFailure', 'lowOrderReturns'],
  },
  // The same under a policy no preset has: patch 8 with 4.11's NOFAIL change. may_oom's costly
  // exit leaves progress 0, patch 8's last attempt at min comes after oom_lock is released
  // (MODEL.md 7 "syncOomKill") and fails, and nopage's ALLOC_HARDER attempt succeeds.
  {
    name: 'costly-nofail-after-the-post-oom-attempt',
    policy: 'rfc-v2+nofailHarder',
    zone: { managed: 26, watermarks: { oom: 3, min: 4, low: 5, high: 6 } },
    tasks: [
      { name: 'A', rss: 2, program: [alloc(4, 'GFP_KERNEL', { flags: ['__GFP_NOFAIL'] })] },
      { name: 'V', rss: 5, program: [{ op: 'hold' }] },
    ],
    takes: ['postOom: <task> → nopageHarder [and(mayOomFails, nofailHarderAtNopage)]'],
    violated: ['oomKillHappens', 'allocFailureHappens'],
    vacuous: [...NO_UNKILLABLE_NO_DISABLE, ...NO_NOFS, ...NO_KILL, 'noPrematureFailure', 'lowOrderReturns'],
  },
  // free 1; V (6 pages) holds mmap_sem and asks 2 pages with __GFP_NOFAIL, A asks 1. Under patch
  // 8 with the oom_reaper and 4.11's NOFAIL change (no preset): A kills V while V sleeps on
  // oom_lock; the reaper cannot reap past mmap_sem but clears TIF_MEMDIE and hides V (MODEL.md
  // 7 "oom_reaper"); V, killed, makes patch 8's NO_WATERMARKS attempt, fails (1 < 2) and, NOFAIL
  // without TIF_MEMDIE, takes nopage's ALLOC_HARDER detour. With V hidden, A's next
  // out_of_memory selects A itself; A's NO_WATERMARKS attempt takes the free page, A exits and
  // frees 2 pages, and V completes. Everything holds; nothing can fail (no lowOrderFail in
  // rfc-v2, NOFAIL never fails).
  {
    name: 'nofail-victim-reaped-while-waiting-for-oom-lock',
    policy: 'rfc-v2+oomReaper+nofailHarder',
    zone: { managed: 8, watermarks: W },
    tasks: [
      { name: 'A', rss: 1, program: [alloc(0, 'GFP_KERNEL')] },
      { name: 'V', rss: 6, holds: ['mmap_sem'], program: [alloc(1, 'GFP_KERNEL', { flags: ['__GFP_NOFAIL'] }), { op: 'unlock', lock: 'mmap_sem' }] },
    ],
    takes: ['oomLockWait: <task> → nopageHarder [and(killed, nofailHarderAtNopage)]'],
    violated: ['allocFailureHappens'],
    vacuous: [...NO_UNKILLABLE_NO_DISABLE, ...NO_NOFS],
  },
];

export function scenarioOf(c: BranchCase): Scenario {
  return parseScenario({ name: c.name, title: c.name, zone: c.zone, tasks: c.tasks }, `inline:${c.name}`);
}
