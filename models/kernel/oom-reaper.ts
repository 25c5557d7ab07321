/**
 * The oom_reaper kthread (4.6, MODEL.md 2 and 7 "oom_reaper"): a kill queues the victim
 * (a self-marking caller is not queued), the victim's exit_mm dequeues it. In one step
 * the reaper takes the oldest queued victim and, unless a lock named mmap_sem is held
 * (down_read_trylock fails), frees all its pages; either way it clears TIF_MEMDIE,
 * decrements oom_victims and hides the task from selection (MMF_OOM_SKIP), so that the
 * OOM killer may pick another victim.
 */
import { withTask, type KernelConfig } from './kernel-config.ts';
import { refs, type GuardImpl, type StateConfig, type UpdateImpl } from './machine-parts.ts';
import type { KernelContext } from './state.ts';

export const MMAP_SEM = 'mmap_sem';

/** down_read_trylock(&mm->mmap_sem) fails while anyone holds the lock named mmap_sem. */
export function mmapSemHeld(ctx: KernelContext): boolean {
  return (ctx.locks[MMAP_SEM] ?? null) !== null;
}

export function makeReaperGuards(_k: KernelConfig) {
  return {
    reaperHasWork: (({ context }) => context.reaperQueue.length > 0) as GuardImpl<unknown>,
  };
}

export function makeReaperUpdates(_k: KernelConfig) {
  return {
    oomReap: (({ context }) => {
      const [victim, ...rest] = context.reaperQueue;
      const t = context.tasks[victim];
      const frees = !mmapSemHeld(context);
      const next: KernelContext = {
        ...context,
        reaperQueue: rest,
        free: context.free + (frees ? t.pages : 0),
        oomVictims: context.oomVictims - (t.memdie ? 1 : 0),
      };
      return withTask(next, victim, { pages: frees ? 0 : t.pages, memdie: false, mm: frees ? 'reaped' : 'skip' });
    }) as UpdateImpl<unknown>,
  };
}

type G = keyof ReturnType<typeof makeReaperGuards>;
type A = keyof ReturnType<typeof makeReaperUpdates>;
const r = refs<G, A>();

export function oomReaperRegion(): StateConfig {
  return {
    initial: 'oomReap',
    description: 'oom_reaper',
    states: {
      oomReap: {
        description: 'oom_reaper: reap the oldest queued victim (nothing freed while mmap_sem is held)',
        on: { oom_reaper: [{ guard: r.guard('reaperHasWork', {}), actions: [r.action('oomReap', {})] }] },
      },
    },
  };
}
