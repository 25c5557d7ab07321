/**
 * __alloc_pages_may_oom and out_of_memory (MODEL.md 3 step 6, 4, 7): the OOM lock
 * (v4.0 zonelist trylock, v4.2 oom_lock trylock, patch 8 mutex_lock_killable), the
 * attempt under the lock (high; patch 8: min), the early exits (order > 3, !__GFP_FS),
 * out_of_memory (disabled, self-marking, v4.7's !__GFP_FS check, abort while any
 * TIF_MEMDIE task lives, select the killable task with most pages, panic when none),
 * patch 8's bounded wait holding oom_lock, the unlock, and the post-OOM attempt
 * (patch 8 min, patch 9 oom reserve, v2 patch 9 / patch 10 NO_WATERMARKS).
 */
import { failWhen, pendingAlloc, returnPage, succeedAt, type makeReturnGuards, type makeReturnUpdates } from './alloc-return.ts';
import { canFs, isCostly, isNofail } from './gfp.ts';
import { withTask, type KernelConfig } from './kernel-config.ts';
import { allOf, notG, PANIC_TARGET, refs, taskId, type GuardImpl, type Ref, type StateConfig, type TransitionConfig, type UpdateImpl } from './machine-parts.ts';
import { isCandidate, type KernelContext, type PostOomMark } from './state.ts';
import { victimCanStep, type makeTaskFlagGuards } from './task-flags.ts';
import type { AllocRequest } from './state.ts';

/** What one out_of_memory call does, decided from the state before it. */
export type OomVerdict =
  | { readonly kind: 'disabled' } // oom_killer_disabled: returns false
  | { readonly kind: 'self' } // the caller is killed: mark_oom_victim(current)
  | { readonly kind: 'nofs' } // v4.7: !(gfp & (__GFP_FS|__GFP_NOFAIL)): true, no kill
  | { readonly kind: 'abort'; readonly victims: readonly string[] } // OOM_SCAN_ABORT on a TIF_MEMDIE task
  | { readonly kind: 'kill'; readonly candidates: readonly string[]; readonly points: number }
  | { readonly kind: 'panic' }; // "Out of memory and no killable processes"

export type OomVerdictKind = OomVerdict['kind'];

/** The early exits of may_oom (and v4.7's NOFS check) spare NOFAIL, until 4.11. */
export function nofailExempt(k: KernelConfig, req: AllocRequest): boolean {
  return isNofail(req) && !k.policy.nofailHarder;
}

/**
 * select_bad_process: abort if any task has TIF_MEMDIE (also between exit_mm and
 * exit_oom_victim); else the candidates with the most pages (ties: all of them, the
 * kernel's pick depends on task-list order, which the model leaves open).
 */
export function selectBadProcess(ctx: KernelContext): OomVerdict {
  const victims: string[] = [];
  for (const name in ctx.tasks) if (ctx.tasks[name].memdie) victims.push(name);
  if (victims.length > 0) return { kind: 'abort', victims };
  let best: string[] = [];
  let points = -1;
  for (const name in ctx.tasks) {
    const t = ctx.tasks[name];
    if (!isCandidate(t)) continue;
    if (t.pages > points) {
      points = t.pages;
      best = [name];
    } else if (t.pages === points) best.push(name);
  }
  return best.length === 0 ? { kind: 'panic' } : { kind: 'kill', candidates: best, points };
}

/** out_of_memory, in v4.7's order of checks (the same as v4.0's without the NOFS one). */
export function outOfMemoryVerdict(k: KernelConfig, ctx: KernelContext, task: string): OomVerdict {
  if (ctx.oomDisabled) return { kind: 'disabled' };
  if (ctx.tasks[task].killed) return { kind: 'self' };
  const req = pendingAlloc(ctx, task).req;
  if (k.policy.nofsCheckInOom && !canFs(req.gfp) && !nofailExempt(k, req)) return { kind: 'nofs' };
  return selectBadProcess(ctx);
}

/** *did_some_progress after out_of_memory: true -> 1; false (disabled) -> 1 only for NOFAIL (WARN_ON_ONCE). */
export function oomProgress(verdict: OomVerdictKind, req: AllocRequest): 0 | 1 {
  return verdict === 'disabled' && !isNofail(req) ? 0 : 1;
}

/** alloc_flags for the attempt after out_of_memory, whatever it returned (MODEL.md 7 "Reserves"). */
export function postMarkAfterOom(k: KernelConfig, req: AllocRequest): PostOomMark | null {
  if (k.policy.nofailReserves && isNofail(req)) return 'nowmark';
  if (k.policy.oomReservesNoWmark) return 'nowmark';
  if (k.policy.oomReserves) return 'oom';
  return k.policy.syncOomKill ? 'min' : null;
}

export function makeOomGuards(k: KernelConfig) {
  const verdictOf = (ctx: KernelContext, task: string) => outOfMemoryVerdict(k, ctx, task);
  return {
    oomVerdictIs: (({ context }, p) => verdictOf(context, p.task).kind === p.is) as GuardImpl<{ task: string; is: OomVerdictKind }>,
    /** The event's victim is one of the tied best candidates (and, per `self`, is or is not the caller). */
    killsVictim: (({ context, event }, p) => {
      const v = verdictOf(context, p.task);
      return v.kind === 'kill' && event.victim !== undefined && v.candidates.includes(event.victim) && (event.victim === p.task) === p.self;
    }) as GuardImpl<{ task: string; self: boolean }>,
    /** may_oom's early exit for costly orders (NOFAIL exempt until 4.11). */
    costlyExit: (({ context }, p) => {
      const req = pendingAlloc(context, p.task).req;
      return isCostly(req) && !nofailExempt(k, req);
    }) as GuardImpl,
    /** may_oom's !__GFP_FS exit (moved into out_of_memory by v4.7). */
    nofsExit: (({ context }, p) => {
      const req = pendingAlloc(context, p.task).req;
      return !k.policy.nofsCheckInOom && !canFs(req.gfp) && !nofailExempt(k, req);
    }) as GuardImpl,
    gotPage: (({ context }, p) => pendingAlloc(context, p.task).page) as GuardImpl,
    hasPostAttempt: (({ context }, p) => pendingAlloc(context, p.task).postMark !== null) as GuardImpl,
    /** After may_oom: no progress fails; with lowOrderFail only NOFAIL retries. */
    mayOomFails: (({ context }, p) => {
      const a = pendingAlloc(context, p.task);
      return a.oomProgress === 0 || (k.policy.lowOrderFail && !isNofail(a.req));
    }) as GuardImpl,
    /** The bounded wait's timeout: always, or with patientOomWait only while no other victim can step. */
    timeoutAllowed: (({ context }, p) => {
      if (!k.policy.patientOomWait) return true;
      for (const name in context.tasks) if (name !== p.task && victimCanStep(context, name)) return false;
      return true;
    }) as GuardImpl,
  };
}

export function makeOomUpdates(k: KernelConfig) {
  return {
    /** oom_lock taken: may_oom's locals start over (progress 0, no page; patch 8 always retries once at min). */
    takeOomLock: (({ context }, p) => {
      const a = pendingAlloc(context, p.task);
      return withTask({ ...context, oomLock: p.task }, p.task, {
        alloc: { ...a, oomProgress: 0, page: false, postMark: k.policy.syncOomKill ? 'min' : null },
      });
    }) as UpdateImpl,
    releaseOomLock: (({ context }) => ({ ...context, oomLock: null })) as UpdateImpl,
    gotPage: (({ context }, p) => withTask(context, p.task, { alloc: { ...pendingAlloc(context, p.task), page: true } })) as UpdateImpl,
    /** The early !__GFP_FS exit: v4.0 fakes progress (the "XXX" loop); patch 11 does not. */
    nofsExitProgress: (({ context }, p) =>
      withTask(context, p.task, { alloc: { ...pendingAlloc(context, p.task), oomProgress: k.policy.nofsFail ? 0 : 1 } })) as UpdateImpl,
    /** The caller is dying: mark_oom_victim(current) (not queued for the reaper). */
    markSelf: (({ context }, p) => {
      const t = context.tasks[p.task];
      if (t.memdie) return context;
      return withTask({ ...context, oomVictims: context.oomVictims + 1 }, p.task, { memdie: true });
    }) as UpdateImpl,
    /** oom_kill_process: mark_oom_victim(victim), SIGKILL, queue it for the oom_reaper. */
    oomKill: (({ context, event }, p) => {
      const victim = event.victim!;
      const reaperQueue = k.oomReaper ? [...context.reaperQueue, victim] : context.reaperQueue;
      const next = withTask({ ...context, oomVictims: context.oomVictims + 1, reaperQueue }, victim, { killed: true, memdie: true });
      return withTask(next, p.task, { alloc: { ...pendingAlloc(next, p.task), victim } });
    }) as UpdateImpl,
    /** out_of_memory returned: *did_some_progress and the alloc_flags of the post-OOM attempt. */
    oomReturned: (({ context }, p) => {
      const a = pendingAlloc(context, p.task);
      return withTask(context, p.task, { alloc: { ...a, oomProgress: oomProgress(p.verdict, a.req), postMark: postMarkAfterOom(k, a.req) } });
    }) as UpdateImpl<{ task: string; verdict: OomVerdictKind }>,
    /** v4.7: no_progress_loops = 0 after progress from may_oom. */
    resetNoProgress: (({ context }, p) => withTask(context, p.task, { alloc: { ...pendingAlloc(context, p.task), noProgressLoops: 0 } })) as UpdateImpl,
  };
}

type G = keyof ReturnType<typeof makeOomGuards> | keyof ReturnType<typeof makeTaskFlagGuards> | keyof ReturnType<typeof makeReturnGuards>;
type A = keyof ReturnType<typeof makeOomUpdates> | keyof ReturnType<typeof makeReturnUpdates>;
const r = refs<G, A>();

export function mayOomStates(k: KernelConfig, task: string): Record<string, StateConfig> {
  const T = { task };
  const alloc = `#${taskId(task)}.alloc`;
  const sync = k.policy.syncOomKill;
  const resetLoops = k.policy.reclaimRetries ? [r.action('resetNoProgress', T)] : [];
  /** The slowpath after may_oom: fail without progress (or with lowOrderFail unless NOFAIL), else goto retry. */
  const afterMayOom = (extra: readonly Ref[]): TransitionConfig[] => [
    ...failWhen(task, r.guard('mayOomFails', T), extra),
    { actions: [...extra, ...resetLoops], target: `${alloc}.min` },
  ];
  /**
   * patch 8's killed path: one NO_WATERMARKS attempt with progress 0 (a NOFAIL victim keeps
   * to that loop). `when` is TIF_MEMDIE (mayOom) or a pending SIGKILL (oomLockWait); under
   * TIF_MEMDIE the NOFAIL loop takes every NOFAIL allocation, so nopage's NOFAIL detour is
   * left out, but a killed task whose TIF_MEMDIE the oom_reaper cleared can still reach it.
   */
  const killedPath = (when: 'memdie' | 'killed'): TransitionConfig[] => {
    const whenGuard = r.guard(when, T);
    const nofailVictim = when === 'memdie' ? [whenGuard, r.guard('nofail', T)] : [whenGuard, r.guard('memdie', T), r.guard('nofail', T)];
    return [
      { ...succeedAt(task, 'killedNoWatermarks'), guard: allOf(whenGuard, r.guard('attemptOk', { task, site: 'killedNoWatermarks' })) },
      { guard: allOf(...nofailVictim), target: `${alloc}.noWatermarks` },
      ...failWhen(task, whenGuard, [], when === 'killed'),
    ];
  };
  const afterOom = (self: boolean) => (sync && !self ? `${alloc}.oomWait` : `${alloc}.oomUnlock`);
  const oomReturned = (verdict: OomVerdictKind) => r.action('oomReturned', { task, verdict });

  const mayOom: StateConfig = sync
    ? {
        description: 'patch 8: if (TIF_MEMDIE || mutex_lock_killable(&oom_lock)) NO_WATERMARKS attempt',
        on: {
          [task]: [
            ...killedPath('memdie'),
            { guard: r.guard('oomLockFree', T), actions: [r.action('takeOomLock', T)], target: `${alloc}.oomAttempt` },
            { target: `${alloc}.oomLockWait` },
          ],
        },
      }
    : {
        description: '__alloc_pages_may_oom: trylock the OOM lock; busy: progress = 1, back off and retry',
        on: {
          [task]: [
            { guard: r.guard('oomLockFree', T), actions: [r.action('takeOomLock', T)], target: `${alloc}.oomAttempt` },
            // Contended: *did_some_progress = 1; patch 12 fails it anyway unless NOFAIL (so no NOFAIL detour).
            ...(k.policy.lowOrderFail ? failWhen(task, notG(r.guard('nofail', T)), [], false) : []),
            { actions: resetLoops, target: `${alloc}.min` },
          ],
        },
      };

  const states: Record<string, StateConfig> = {
    mayOom,
    oomAttempt: {
      description: sync
        ? 'get_page_from_freelist at min under oom_lock (patch 8), then the early exits'
        : 'get_page_from_freelist at high under the OOM lock (catches a parallel kill), then the early exits',
      on: {
        [task]: [
          { guard: r.guard('attemptOk', { task, site: 'oomAttempt' }), actions: [r.action('takePages', T), r.action('gotPage', T)], target: `${alloc}.oomUnlock` },
          { guard: r.guard('costlyExit', T), target: `${alloc}.oomUnlock` },
          { guard: r.guard('nofsExit', T), actions: [r.action('nofsExitProgress', T)], target: `${alloc}.oomUnlock` },
          { target: `${alloc}.outOfMemory` },
        ],
      },
    },
    outOfMemory: {
      description: 'out_of_memory: disabled / current dying / (v4.7) !__GFP_FS / abort on TIF_MEMDIE / select + SIGKILL / panic',
      on: {
        [task]: [
          { guard: r.guard('oomVerdictIs', { task, is: 'disabled' }), actions: [oomReturned('disabled')], target: `${alloc}.oomUnlock` },
          { guard: r.guard('oomVerdictIs', { task, is: 'self' }), actions: [r.action('markSelf', T), oomReturned('self')], target: `${alloc}.oomUnlock` },
          { guard: r.guard('oomVerdictIs', { task, is: 'nofs' }), actions: [oomReturned('nofs')], target: `${alloc}.oomUnlock` },
          { guard: r.guard('oomVerdictIs', { task, is: 'abort' }), actions: [oomReturned('abort')], target: afterOom(false) },
          { guard: r.guard('oomVerdictIs', { task, is: 'panic' }), target: PANIC_TARGET },
        ],
        [`${task}.kill`]: [
          { guard: r.guard('killsVictim', { task, self: true }), actions: [r.action('oomKill', T), oomReturned('kill')], target: afterOom(true) },
          { guard: r.guard('killsVictim', { task, self: false }), actions: [r.action('oomKill', T), oomReturned('kill')], target: afterOom(false) },
        ],
      },
    },
    oomUnlock: {
      description: 'mutex_unlock(&oom_lock); got a page: return it; else the post-OOM attempt, or retry / nopage',
      on: {
        [task]: [
          { ...returnPage(task, [r.action('releaseOomLock', T)]), guard: r.guard('gotPage', T) },
          { guard: r.guard('hasPostAttempt', T), actions: [r.action('releaseOomLock', T)], target: `${alloc}.postOom` },
          ...afterMayOom([r.action('releaseOomLock', T)]),
        ],
      },
    },
    postOom: {
      description: 'get_page_from_freelist after out_of_memory: min (patch 8), oom reserve (patch 9) or NO_WATERMARKS',
      on: { [task]: [succeedAt(task, 'postOom'), ...afterMayOom([])] },
    },
  };
  if (sync) {
    states.oomLockWait = {
      description: 'mutex_lock_killable(&oom_lock): killable sleep; SIGKILL: NO_WATERMARKS attempt instead',
      on: {
        [task]: [...killedPath('killed'), { guard: r.guard('oomLockFree', T), actions: [r.action('takeOomLock', T)], target: `${alloc}.oomAttempt` }],
      },
    };
    states.oomWait = {
      description: 'patch 8: wait_event_timeout(oom_victims_wait, !oom_victims) holding oom_lock',
      on: {
        [task]: [{ guard: r.guard('noVictims', T), actions: [r.action('releaseOomLock', T)], target: `${alloc}.postOom` }],
        [`${task}.timeout`]: [{ guard: r.guard('timeoutAllowed', T), actions: [r.action('releaseOomLock', T)], target: `${alloc}.postOom` }],
      },
    };
  }
  return states;
}
