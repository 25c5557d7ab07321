/**
 * A task's lifecycle (MODEL.md 2): it runs its program op by op, sleeps on locks
 * (uninterruptibly in mutex_lock, killably in mutex_lock_killable), allocates through the
 * slowpath (nested state `alloc`), parks at `hold`, and exits: on SIGKILL at the next op
 * boundary, after -ENOMEM (onFail unwind) or at the end of its program it releases every
 * lock it holds (one step, skipped when it holds none), then exit_mm frees all its pages,
 * then exit_oom_victim clears TIF_MEMDIE (victims only).
 *
 * Step granularity (MODEL.md 7 "Steps"): the op-boundary check is fused with the op's
 * first step (for alloc: the fast path at `low`); a lock op whose lock is busy makes one
 * step that puts the task to sleep, the wake-up that takes the lock is the next.
 */
import { pagesOf } from './gfp.ts';
import { opAt, requestAt, withTask, type KernelConfig } from './kernel-config.ts';
import { allOf, refs, taskId, type GuardImpl, type StateConfig, type TransitionConfig, type UpdateImpl } from './machine-parts.ts';
import { slowpathStates } from './slowpath.ts';
import { OOM_VICTIMS_WAIT, type makeTaskFlagGuards } from './task-flags.ts';
import type { KernelContext } from './state.ts';
import { watermarkOk } from './zone.ts';

function lockOfOp(k: KernelConfig, ctx: KernelContext, task: string): string | undefined {
  const op = opAt(k, task, ctx.tasks[task].pc);
  return op && (op.op === 'lock' || op.op === 'lockKillable' || op.op === 'unlock') ? op.lock : undefined;
}

export type OpName = 'lock' | 'lockKillable' | 'unlock' | 'alloc' | 'free' | 'oomDisable' | 'oomEnable' | 'hold';

export function makeTaskGuards(k: KernelConfig) {
  return {
    atOp: (({ context }, p) => opAt(k, p.task, context.tasks[p.task].pc)?.op === p.op) as GuardImpl<{ task: string; op: OpName }>,
    /** The lock the current lock op wants is free. */
    opLockFree: (({ context }, p) => {
      const op = opAt(k, p.task, context.tasks[p.task].pc);
      return (op?.op === 'lock' || op?.op === 'lockKillable') && context.locks[op.lock] === null;
    }) as GuardImpl,
    /** __alloc_pages_nodemask's first get_page_from_freelist at the low mark succeeds. */
    fastPathOk: (({ context }, p) => {
      const req = requestAt(k, p.task, context.tasks[p.task].pc);
      return req !== undefined && watermarkOk(context.free, pagesOf(req), { mark: 'low', high: false, harder: false }, k.scenario.zone.watermarks);
    }) as GuardImpl,
    /** With oomLockMutex, oom_killer_disable takes oom_lock: it waits while another holds it. */
    oomDisableAllowed: (({ context }) => !k.policy.oomLockMutex || context.oomLock === null) as GuardImpl,
  };
}

export function makeTaskUpdates(k: KernelConfig) {
  return {
    takeLock: (({ context }, p) => {
      const lock = lockOfOp(k, context, p.task)!;
      return withTask({ ...context, locks: { ...context.locks, [lock]: p.task } }, p.task, { pc: context.tasks[p.task].pc + 1, sleepingOn: null });
    }) as UpdateImpl,
    /** Goes to sleep on a busy lock; an uninterruptible sleep is recorded (task->blocked_on). */
    sleepOnLock: (({ context }, p) => withTask(context, p.task, { sleepingOn: p.uninterruptible ? lockOfOp(k, context, p.task)! : null })) as UpdateImpl<{
      task: string;
      uninterruptible: boolean;
    }>,
    releaseLock: (({ context }, p) => {
      const lock = lockOfOp(k, context, p.task)!;
      return withTask({ ...context, locks: { ...context.locks, [lock]: null } }, p.task, { pc: context.tasks[p.task].pc + 1 });
    }) as UpdateImpl,
    freePages: (({ context }, p) => {
      const t = context.tasks[p.task];
      const op = opAt(k, p.task, t.pc);
      const n = op?.op === 'free' ? Math.min(op.pages, t.pages) : 0;
      return withTask({ ...context, free: context.free + n }, p.task, { pages: t.pages - n, pc: t.pc + 1 });
    }) as UpdateImpl,
    fastPathTake: (({ context }, p) => {
      const t = context.tasks[p.task];
      const n = pagesOf(requestAt(k, p.task, t.pc)!);
      return withTask({ ...context, free: context.free - n }, p.task, { pages: t.pages + n, pc: t.pc + 1 });
    }) as UpdateImpl,
    /** The fast path failed: the allocation is pending, with the slowpath's locals. */
    enterSlowpath: (({ context }, p) =>
      withTask(context, p.task, {
        alloc: { req: requestAt(k, p.task, context.tasks[p.task].pc)!, oomProgress: 0, reclaimed: 0, noProgressLoops: 0, page: false, postMark: null, victim: null },
      })) as UpdateImpl,
    disableOom: (({ context }) => ({ ...context, oomDisabled: true })) as UpdateImpl,
    waitForVictims: (({ context }, p) => withTask(context, p.task, { sleepingOn: OOM_VICTIMS_WAIT })) as UpdateImpl,
    enableOom: (({ context }, p) => withTask({ ...context, oomDisabled: false }, p.task, { pc: context.tasks[p.task].pc + 1 })) as UpdateImpl,
    nextOp: (({ context }, p) => withTask(context, p.task, { pc: context.tasks[p.task].pc + 1, sleepingOn: null })) as UpdateImpl,
    releaseAllLocks: (({ context }, p) => {
      const locks: Record<string, string | null> = { ...context.locks };
      for (const l in locks) if (locks[l] === p.task) locks[l] = null;
      return withTask({ ...context, locks }, p.task, { sleepingOn: null });
    }) as UpdateImpl,
    /** exit_mm: every page back to the freelist; the reaper forgets the task. */
    exitMm: (({ context }, p) => {
      const t = context.tasks[p.task];
      const reaperQueue = context.reaperQueue.includes(p.task) ? context.reaperQueue.filter((v) => v !== p.task) : context.reaperQueue;
      return withTask({ ...context, free: context.free + t.pages, reaperQueue }, p.task, { pages: 0, mm: 'gone', sleepingOn: null });
    }) as UpdateImpl,
    /** exit_oom_victim: clear TIF_MEMDIE, oom_victims-- (waking waiters at 0). */
    exitOomVictim: (({ context }, p) => withTask({ ...context, oomVictims: context.oomVictims - 1 }, p.task, { memdie: false })) as UpdateImpl,
  };
}

type G = keyof ReturnType<typeof makeTaskGuards> | keyof ReturnType<typeof makeTaskFlagGuards>;
type A = keyof ReturnType<typeof makeTaskUpdates>;
const r = refs<G, A>();

/** Unwind and exit, as transitions under `when` (undefined: unconditionally). */
function exitTransitions(task: string, when: unknown): TransitionConfig[] {
  const id = `#${taskId(task)}`;
  const under = (g: unknown) => (when === undefined ? g : allOf(when, g));
  return [
    { guard: under(r.guard('holdsLocks', { task })), actions: [r.action('releaseAllLocks', { task })], target: `${id}.exitMm` },
    { guard: under(r.guard('memdie', { task })), actions: [r.action('exitMm', { task })], target: `${id}.exitOomVictim` },
    { ...(when === undefined ? {} : { guard: when }), actions: [r.action('exitMm', { task })], target: `${id}.finished` },
  ];
}

/** The region of one task: its lifecycle, with the slowpath nested in `alloc`. */
export function taskRegion(k: KernelConfig, task: string): StateConfig {
  const id = `#${taskId(task)}`;
  const T = { task };
  const at = (op: OpName) => r.guard('atOp', { task, op });
  return {
    id: taskId(task),
    initial: 'run',
    description: `task ${task}`,
    states: {
      run: {
        description: 'At an op boundary: a killed task unwinds, else the op makes its first step',
        on: {
          [task]: [
            ...exitTransitions(task, r.guard('mustExit', T)),
            { guard: r.guard('opLockFree', T), actions: [r.action('takeLock', T)] },
            { guard: at('lock'), actions: [r.action('sleepOnLock', { task, uninterruptible: true })], target: `${id}.lockWait` },
            { guard: at('lockKillable'), target: `${id}.lockWaitKillable` },
            { guard: at('unlock'), actions: [r.action('releaseLock', T)] },
            { guard: r.guard('fastPathOk', T), actions: [r.action('fastPathTake', T)] },
            { guard: at('alloc'), actions: [r.action('enterSlowpath', T)], target: `${id}.alloc` },
            { guard: at('free'), actions: [r.action('freePages', T)] },
            {
              guard: allOf(at('oomDisable'), r.guard('oomDisableAllowed', T), r.guard('noVictims', T)),
              actions: [r.action('disableOom', T), r.action('nextOp', T)],
            },
            { guard: allOf(at('oomDisable'), r.guard('oomDisableAllowed', T)), actions: [r.action('disableOom', T), r.action('waitForVictims', T)], target: `${id}.oomDisableWait` },
            { guard: at('oomEnable'), actions: [r.action('enableOom', T)] },
          ],
        },
      },
      lockWait: {
        description: 'mutex_lock: uninterruptible sleep until the lock is free (SIGKILL does not wake it)',
        on: { [task]: [{ guard: r.guard('opLockFree', T), actions: [r.action('takeLock', T)], target: `${id}.run` }] },
      },
      lockWaitKillable: {
        description: 'mutex_lock_killable: SIGKILL wakes the waiter, which unwinds',
        on: {
          [task]: [...exitTransitions(task, r.guard('killed', T)), { guard: r.guard('opLockFree', T), actions: [r.action('takeLock', T)], target: `${id}.run` }],
        },
      },
      oomDisableWait: {
        description: 'oom_killer_disable: wait_event(oom_victims_wait, !oom_victims)',
        on: { [task]: [{ guard: r.guard('noVictims', T), actions: [r.action('nextOp', T)], target: `${id}.run` }] },
      },
      alloc: {
        description: '__alloc_pages_slowpath',
        initial: 'min',
        states: slowpathStates(k, task),
      },
      unwind: {
        description: 'The allocation failed: -ENOMEM, release every lock, end the program',
        on: { [task]: exitTransitions(task, undefined) },
      },
      exitMm: {
        description: 'do_exit: exit_mm frees every page of the task',
        on: {
          [task]: [
            { guard: r.guard('memdie', T), actions: [r.action('exitMm', T)], target: `${id}.exitOomVictim` },
            { actions: [r.action('exitMm', T)], target: `${id}.finished` },
          ],
        },
      },
      exitOomVictim: {
        description: 'exit_oom_victim: clear TIF_MEMDIE, oom_victims--',
        on: { [task]: [{ actions: [r.action('exitOomVictim', T)], target: `${id}.finished` }] },
      },
      finished: { type: 'final', description: 'The task has exited' },
    },
  };
}
