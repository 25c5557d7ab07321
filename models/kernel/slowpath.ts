/**
 * __alloc_pages_slowpath, v4.0 (MODEL.md 3), with v4.7's should_reclaim_retry and 4.11's
 * NOFAIL nopage as toggles. Its states are its steps; the may_oom part lives in
 * oom-killer.ts. Read top to bottom it is the kernel function:
 *
 *   retry:   wake_all_kswapds; page = get_page_from_freelist(min | HIGH | HARDER)
 *            if TIF_MEMDIE: ALLOC_NO_WATERMARKS (NOFAIL repeats only this)
 *            if !__GFP_WAIT: nopage
 *            if TIF_MEMDIE && !NOFAIL: nopage                  (read again here, MODEL.md 7)
 *            progress = direct reclaim; if progress: get_page_from_freelist(min ...)
 *            should_alloc_retry / should_reclaim_retry -> retry | may_oom | nopage
 *   may_oom: (oom-killer.ts) -> got_pg | retry | nopage
 */
import { pendingAlloc, failWhen, succeedAt } from './alloc-return.ts';
import { canFs, isCostly, isNofail, isNoretry, isRepeat, pagesOf } from './gfp.ts';
import { withTask, type KernelConfig } from './kernel-config.ts';
import { allOf, notG, refs, taskId, type GuardImpl, type StateConfig, type TransitionConfig, type UpdateImpl } from './machine-parts.ts';
import { mayOomStates } from './oom-killer.ts';
import type { KernelContext } from './state.ts';
import type { makeTaskFlagGuards } from './task-flags.ts';
import { reclaimPass, watermarkOk } from './zone.ts';
import { withAllocFlags } from './attempts.ts';
import type { makeKswapdUpdates } from './kswapd.ts';

/** Where the slowpath goes after a reclaim pass that did not get a page. */
export type RetryDecision = 'retry' | 'mayOom' | 'fail';

/** Pages one direct-reclaim pass frees at most: the scenario's reclaimBatch, else 2^order. */
export function reclaimBatch(k: KernelConfig, order: number): number {
  return k.scenario.zone.reclaimBatch ?? 1 << order;
}

/** What the task's direct reclaim pass would take now. */
export function directReclaimPass(k: KernelConfig, ctx: KernelContext, task: string) {
  const req = pendingAlloc(ctx, task).req;
  return reclaimPass(ctx.clean, ctx.dirty, reclaimBatch(k, req.order), canFs(req.gfp));
}

/**
 * v4.0 should_alloc_retry, then the slowpath's `if (!did_some_progress) may_oom`:
 * NORETRY: no; NOFAIL: yes; order <= 3: yes; REPEAT and pages_reclaimed < 2^order: yes.
 */
export function shouldAllocRetry(ctx: KernelContext, task: string, progress: boolean): RetryDecision {
  const a = pendingAlloc(ctx, task);
  const req = a.req;
  let retry: boolean;
  if (isNoretry(req)) retry = false;
  else if (isNofail(req)) retry = true;
  else if (!isCostly(req)) retry = true;
  else retry = isRepeat(req) && a.reclaimed < pagesOf(req);
  if (!retry) return 'fail';
  return progress ? 'retry' : 'mayOom';
}

/**
 * v4.7 no_progress_loops after this pass (saturated: only `> maxNoProgress` matters).
 * MODEL.md 7 "v4.7" resets it on any reclaim progress; the 4.7 code resets it only for
 * order <= 3 (`did_some_progress && order <= PAGE_ALLOC_COSTLY_ORDER`). The model follows
 * MODEL.md unless costlyProgressNoReset asks for the code (docs/kernel-model.md).
 */
export function nextNoProgressLoops(k: KernelConfig, ctx: KernelContext, task: string, progress: boolean): number {
  const a = pendingAlloc(ctx, task);
  if (progress && !(k.policy.costlyProgressNoReset && isCostly(a.req))) return 0;
  return Math.min(a.noProgressLoops + 1, k.scenario.zone.maxNoProgress + 1);
}

/**
 * v4.7 (reclaimRetries): NORETRY fails; order > 3 without REPEAT fails unless NOFAIL;
 * should_reclaim_retry retries while no_progress_loops <= maxNoProgress and
 * free + clean + dirty (whatever the gfp) would pass `min` with the request's
 * alloc_flags; otherwise may_oom.
 */
export function shouldReclaimRetry(k: KernelConfig, ctx: KernelContext, task: string, progress: boolean): RetryDecision {
  const req = pendingAlloc(ctx, task).req;
  if (isNoretry(req)) return 'fail';
  // MODEL.md 7 exempts NOFAIL; the code does not (costlyNofailNopage, docs/kernel-model.md).
  if (isCostly(req) && !isRepeat(req) && (!isNofail(req) || k.policy.costlyNofailNopage)) return 'fail';
  const loops = nextNoProgressLoops(k, ctx, task, progress);
  if (loops > k.scenario.zone.maxNoProgress) return 'mayOom';
  const available = ctx.free + ctx.clean + ctx.dirty;
  return watermarkOk(available, pagesOf(req), withAllocFlags('min', req), k.scenario.zone.watermarks) ? 'retry' : 'mayOom';
}

export function retryDecision(k: KernelConfig, ctx: KernelContext, task: string, progress: boolean): RetryDecision {
  return k.policy.reclaimRetries ? shouldReclaimRetry(k, ctx, task, progress) : shouldAllocRetry(ctx, task, progress);
}

export function makeSlowpathGuards(k: KernelConfig) {
  return {
    /** try_to_free_pages would free something (did_some_progress > 0). */
    reclaimProgress: (({ context }, p) => {
      const r = directReclaimPass(k, context, p.task);
      return r.clean + r.dirty > 0;
    }) as GuardImpl,
    retryDecisionIs: (({ context }, p) => retryDecision(k, context, p.task, p.progress) === p.is) as GuardImpl<{
      task: string;
      progress: boolean;
      is: RetryDecision;
    }>,
  };
}

export function makeSlowpathUpdates(k: KernelConfig) {
  return {
    /** try_to_free_pages: clean cache first, dirty only with __GFP_FS; pages go to the freelist. */
    directReclaim: (({ context }, p) => {
      const r = directReclaimPass(k, context, p.task);
      const freed = r.clean + r.dirty;
      const a = pendingAlloc(context, p.task);
      return withTask({ ...context, free: context.free + freed, clean: context.clean - r.clean, dirty: context.dirty - r.dirty }, p.task, {
        alloc: { ...a, reclaimed: Math.min(a.reclaimed + freed, pagesOf(a.req)) },
      });
    }) as UpdateImpl,
    /** v4.7 no_progress_loops bookkeeping. */
    countNoProgress: (({ context }, p) => {
      const a = pendingAlloc(context, p.task);
      return withTask(context, p.task, { alloc: { ...a, noProgressLoops: nextNoProgressLoops(k, context, p.task, p.progress) } });
    }) as UpdateImpl<{ task: string; progress: boolean }>,
    /** __alloc_pages_high_priority with __GFP_NOFAIL: wait_iff_congested, try again. */
    congestionWait: (({ context }) => context) as UpdateImpl,
  };
}

type G = keyof ReturnType<typeof makeSlowpathGuards> | keyof ReturnType<typeof makeTaskFlagGuards>;
type A = keyof ReturnType<typeof makeSlowpathUpdates> | keyof ReturnType<typeof makeKswapdUpdates>;
const r = refs<G, A>();

export function slowpathStates(k: KernelConfig, task: string): Record<string, StateConfig> {
  const T = { task };
  const alloc = `#${taskId(task)}.alloc`;
  const wake = k.kswapd ? [r.action('wakeKswapd', T)] : [];
  const countLoops = (progress: boolean) => (k.policy.reclaimRetries ? [r.action('countNoProgress', { task, progress })] : []);
  /** should_*_retry after a pass with or without progress. */
  const decide = (progress: boolean): TransitionConfig[] => [
    { guard: r.guard('retryDecisionIs', { task, progress, is: 'retry' }), actions: countLoops(progress), target: `${alloc}.min` },
    { guard: r.guard('retryDecisionIs', { task, progress, is: 'mayOom' }), actions: countLoops(progress), target: `${alloc}.mayOom` },
    // The NOFAIL detour only with costlyNofailNopage: otherwise neither retry rule fails a NOFAIL
    // request (only __GFP_NORETRY, which the scenario loader rejects together with
    // __GFP_NOFAIL, fails before the NOFAIL test).
    ...failWhen(task, undefined, [], k.policy.costlyNofailNopage),
  ];
  return {
    min: {
      description: 'retry: wake_all_kswapds; get_page_from_freelist at min (HIGH/HARDER apply)',
      on: {
        [task]: [
          succeedAt(task, 'min', wake),
          { guard: r.guard('memdie', T), actions: wake, target: `${alloc}.noWatermarks` },
          // No NOFAIL detour: its ALLOC_HARDER retry needs __GFP_WAIT, which an atomic request lacks.
          ...failWhen(task, r.guard('atomic', T), wake, false),
          { actions: wake, target: `${alloc}.reclaim` },
        ],
      },
    },
    noWatermarks: {
      description: 'TIF_MEMDIE: __alloc_pages_high_priority with ALLOC_NO_WATERMARKS (NOFAIL loops here)',
      on: {
        [task]: [
          succeedAt(task, 'noWatermarks'),
          { guard: r.guard('nofail', T), actions: [r.action('congestionWait', T)] },
          // NOFAIL stays in the loop above, so nopage's NOFAIL detour is never reached here.
          ...failWhen(task, undefined, [], false),
        ],
      },
    },
    reclaim: {
      description: 'TIF_MEMDIE && !NOFAIL: nopage; else __perform_reclaim (clean, then dirty with __GFP_FS)',
      on: {
        [task]: [
          // The guard excludes NOFAIL: no NOFAIL detour.
          ...failWhen(task, allOf(r.guard('memdie', T), notG(r.guard('nofail', T))), [], false),
          { guard: r.guard('memdie', T), target: `${alloc}.noWatermarks` },
          { guard: r.guard('reclaimProgress', T), actions: [r.action('directReclaim', T)], target: `${alloc}.afterReclaim` },
          ...decide(false),
        ],
      },
    },
    afterReclaim: {
      description: 'did_some_progress: get_page_from_freelist at min; else should_alloc_retry',
      on: { [task]: [succeedAt(task, 'afterReclaim'), ...decide(true)] },
    },
    ...mayOomStates(k, task),
    nopageHarder: {
      description: '4.11 nopage, __GFP_NOFAIL: __alloc_pages_cpuset_fallback(ALLOC_HARDER), then goto retry',
      on: { [task]: [succeedAt(task, 'nopageHarder'), { target: `${alloc}.min` }] },
    },
  };
}
