/**
 * How an allocation leaves the slowpath (got_pg / nopage), shared by the slowpath and
 * the OOM killer's states: success hands 2^order pages to the task and moves to the next
 * op; failure honours the op's onFail (unwind: -ENOMEM, release the locks, end the
 * program; continue: next op; retry: the caller loops, a new allocation), except that
 * 4.11 (nofailHarder) sends a NOFAIL allocation at nopage to one more ALLOC_HARDER try.
 */
import { attemptAt, type AttemptSite } from './attempts.ts';
import { canWait, isNofail, pagesOf } from './gfp.ts';
import { opAt, withTask, type KernelConfig } from './kernel-config.ts';
import { allOf, refs, taskId, type Ref, type GuardImpl, type TaskParams, type TransitionConfig, type UpdateImpl } from './machine-parts.ts';
import type { AllocState, KernelContext } from './state.ts';
import { watermarkOk } from './zone.ts';

export interface AttemptParams extends TaskParams {
  readonly site: AttemptSite;
}

export function pendingAlloc(ctx: KernelContext, task: string): AllocState {
  const a = ctx.tasks[task].alloc;
  if (!a) throw new Error(`internal: ${task} has no pending allocation`);
  return a;
}

/** get_page_from_freelist would succeed at this call site. */
export function attemptSucceeds(k: KernelConfig, ctx: KernelContext, task: string, site: AttemptSite): boolean {
  const a = pendingAlloc(ctx, task);
  return watermarkOk(ctx.free, pagesOf(a.req), attemptAt(k, site, a.req, a.postMark), k.scenario.zone.watermarks);
}

export function makeReturnGuards(k: KernelConfig) {
  return {
    attemptOk: (({ context }, p) => attemptSucceeds(k, context, p.task, p.site)) as GuardImpl<AttemptParams>,
    /** The op's onFail is unwind (the default): -ENOMEM ends the program. */
    onFailUnwind: (({ context }, p) => {
      const op = opAt(k, p.task, context.tasks[p.task].pc);
      return op?.op === 'alloc' && op.onFail === 'unwind';
    }) as GuardImpl,
    /** 4.11: at nopage a NOFAIL allocation that may sleep tries ALLOC_HARDER and retries. */
    nofailHarderAtNopage: (({ context }, p) => {
      const req = pendingAlloc(context, p.task).req;
      return k.policy.nofailHarder && isNofail(req) && canWait(req.gfp);
    }) as GuardImpl,
  };
}

export function makeReturnUpdates(_k: KernelConfig) {
  return {
    /** The attempt's pages leave the freelist for the task. */
    takePages: (({ context }, p) => {
      const a = pendingAlloc(context, p.task);
      const n = pagesOf(a.req);
      return withTask({ ...context, free: context.free - n }, p.task, { pages: context.tasks[p.task].pages + n });
    }) as UpdateImpl,
    /** got_pg: the allocation returns its page; the task moves to its next op. */
    allocSucceeded: (({ context }, p) => withTask(context, p.task, { alloc: null, pc: context.tasks[p.task].pc + 1 })) as UpdateImpl,
    /** nopage: returns NULL; `continue` moves on, `retry` stays at the op, `unwind` is a target. */
    allocFailed: (({ context }, p) => {
      const t = context.tasks[p.task];
      const op = opAt(_k, p.task, t.pc);
      const next = op?.op === 'alloc' && op.onFail === 'continue' ? t.pc + 1 : t.pc;
      return withTask(context, p.task, { alloc: null, pc: next });
    }) as UpdateImpl,
  };
}

type G = keyof ReturnType<typeof makeReturnGuards>;
type A = keyof ReturnType<typeof makeReturnUpdates>;
const r = refs<G, A>();

/** A successful attempt at `site`: take the pages and return (guarded by the attempt). */
export function succeedAt(task: string, site: AttemptSite, extra: readonly Ref[] = []): TransitionConfig {
  return {
    guard: r.guard('attemptOk', { task, site }),
    actions: [...extra, r.action('takePages', { task }), r.action('allocSucceeded', { task })],
    target: `#${taskId(task)}.run`,
  };
}

/** Return the page already taken under oom_lock. */
export function returnPage(task: string, extra: readonly Ref[] = []): TransitionConfig {
  return { actions: [...extra, r.action('allocSucceeded', { task })], target: `#${taskId(task)}.run` };
}

/**
 * nopage, as a list of transitions all under `guard` (or unconditional): nofailHarder's
 * NOFAIL detour, then unwind, then continue/retry. `extra` actions run first.
 *
 * `nofailDetour: false` leaves the detour out where it could never be taken: `guard`
 * excludes __GFP_NOFAIL, or an earlier transition of the same state already took every
 * NOFAIL allocation. A branch whose guard can never hold is one no scenario can cover
 * (`--coverage` would list it as never taken forever).
 */
export function failWhen(
  task: string,
  guard: unknown,
  extra: readonly Ref[] = [],
  nofailDetour = true,
): TransitionConfig[] {
  const both = (g: unknown) => (guard === undefined ? g : allOf(guard, g));
  return [
    ...(nofailDetour
      ? [{ guard: both(r.guard('nofailHarderAtNopage', { task })), actions: [...extra], target: `#${taskId(task)}.alloc.nopageHarder` }]
      : []),
    { guard: both(r.guard('onFailUnwind', { task })), actions: [...extra, r.action('allocFailed', { task })], target: `#${taskId(task)}.unwind` },
    { ...(guard === undefined ? {} : { guard }), actions: [...extra, r.action('allocFailed', { task })], target: `#${taskId(task)}.run` },
  ];
}
