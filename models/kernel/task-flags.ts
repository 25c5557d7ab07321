/**
 * Guards over one task's flags, its pending request and the shared OOM state, used by
 * every component (task lifecycle, slowpath, OOM killer).
 */
import { pendingAlloc } from './alloc-return.ts';
import { canWait, isNofail } from './gfp.ts';
import type { KernelConfig } from './kernel-config.ts';
import type { GuardImpl } from './machine-parts.ts';
import type { KernelContext } from './state.ts';

/** Pseudo-lock a task "sleeps on" in oom_killer_disable's wait_event(oom_victims == 0). */
export const OOM_VICTIMS_WAIT = '#oom_victims';

export function holdsAnyLock(ctx: KernelContext, task: string): boolean {
  for (const l in ctx.locks) if (ctx.locks[l] === task) return true;
  return false;
}

/** Can this TIF_MEMDIE task take a step now? Only a D-state sleep on a busy lock stops it. */
export function victimCanStep(ctx: KernelContext, task: string): boolean {
  const t = ctx.tasks[task];
  if (!t.memdie) return false;
  if (t.sleepingOn === null) return true;
  if (t.sleepingOn === OOM_VICTIMS_WAIT) return ctx.oomVictims === 0;
  return ctx.locks[t.sleepingOn] === null;
}

export function makeTaskFlagGuards(k: KernelConfig) {
  return {
    /** fatal_signal_pending(current). */
    killed: (({ context }, p) => context.tasks[p.task].killed) as GuardImpl,
    /** test_thread_flag(TIF_MEMDIE). */
    memdie: (({ context }, p) => context.tasks[p.task].memdie) as GuardImpl,
    programDone: (({ context }, p) => context.tasks[p.task].pc >= k.taskByName.get(p.task)!.program.length) as GuardImpl,
    /** At an op boundary a killed task unwinds; a task whose program is done exits. */
    mustExit: (({ context }, p) => {
      const t = context.tasks[p.task];
      return t.killed || t.pc >= k.taskByName.get(p.task)!.program.length;
    }) as GuardImpl,
    holdsLocks: (({ context }, p) => holdsAnyLock(context, p.task)) as GuardImpl,
    nofail: (({ context }, p) => isNofail(pendingAlloc(context, p.task).req)) as GuardImpl,
    /** No __GFP_WAIT (GFP_ATOMIC): may not sleep, reclaim or OOM-kill. */
    atomic: (({ context }, p) => !canWait(pendingAlloc(context, p.task).req.gfp)) as GuardImpl,
    noVictims: (({ context }) => context.oomVictims === 0) as GuardImpl,
    oomLockFree: (({ context }) => context.oomLock === null) as GuardImpl,
  };
}
