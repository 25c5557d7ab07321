/**
 * What a step of the kernel model did, read from its two ends (from, event, to) as
 * models/kernel/state.ts documents: nothing in the state records the previous step.
 * The properties derive these facts here, on their own, rather than through the
 * model's stepOutcome, so that a property is a second opinion on the model, not a copy.
 */
import type { GfpFlag, Op, Scenario } from '../models/kernel/scenario/types.ts';
import type { AllocRequest, KernelContext, KernelSnapshotLike } from '../models/kernel/state.ts';
import { allocPending, isPanic, phaseOf, slowpathStepOf } from '../models/kernel/state.ts';

/** The kernel model's events: `${process}.${what}` (plus payload such as `victim`). */
export interface KernelEventLike {
  readonly type: string;
}

/** The process that took the step: the part of the event type before the first '.'. */
export function stepper(event: KernelEventLike): string {
  const dot = event.type.indexOf('.');
  return dot < 0 ? event.type : event.type.slice(0, dot);
}

export function hasFlag(req: AllocRequest, flag: GfpFlag): boolean {
  return req.flags.includes(flag);
}

/** __GFP_WAIT: every gfp but GFP_ATOMIC. */
export function canWait(req: AllocRequest): boolean {
  return req.gfp !== 'GFP_ATOMIC';
}

/** __GFP_FS: only GFP_KERNEL among the model's masks. */
export function canFs(req: AllocRequest): boolean {
  return req.gfp === 'GFP_KERNEL';
}

export const isNofail = (req: AllocRequest): boolean => hasFlag(req, '__GFP_NOFAIL');

/** The task's pending allocation (phase `alloc`), or null. */
export function pendingReq(s: KernelSnapshotLike, task: string): AllocRequest | null {
  if (!allocPending(s, task)) return null;
  return s.context.tasks[task].alloc?.req ?? null;
}

/** Some task has a pending allocation that satisfies `kind`. */
export function somePending(s: KernelSnapshotLike, kind: (req: AllocRequest, task: string) => boolean): boolean {
  if (isPanic(s)) return false;
  for (const task in s.context.tasks) {
    const req = pendingReq(s, task);
    if (req && kind(req, task)) return true;
  }
  return false;
}

/** Tasks whose SIGKILL arrived in this step (killed false -> true): the victims of a kill. */
export function killedInStep(from: KernelSnapshotLike, to: KernelSnapshotLike): string[] {
  const out: string[] = [];
  for (const task in to.context.tasks) {
    if (to.context.tasks[task].killed && !from.context.tasks[task]?.killed) out.push(task);
  }
  return out;
}

export interface AllocReturn {
  task: string;
  req: AllocRequest;
  ok: boolean;
}

/**
 * The allocation that left its op in this step, if any: the stepping task was in phase
 * `alloc` before and is not after (a panic is no return). It succeeded iff a page was
 * handed back from under oom_lock (`alloc.page`) or the task's pages grew in the step.
 */
export function allocReturnIn(from: KernelSnapshotLike, event: KernelEventLike, to: KernelSnapshotLike): AllocReturn | null {
  if (isPanic(to)) return null;
  const task = stepper(event);
  const before = from.context.tasks[task];
  if (!before || phaseOf(from, task) !== 'alloc' || phaseOf(to, task) === 'alloc') return null;
  const alloc = before.alloc;
  if (!alloc) return null;
  const ok = alloc.page || to.context.tasks[task].pages > before.pages;
  return { task, req: alloc.req, ok };
}

/** An allocation failure in this step (the allocation returned without pages). */
export function allocFailureIn(from: KernelSnapshotLike, event: KernelEventLike, to: KernelSnapshotLike): AllocReturn | null {
  const r = allocReturnIn(from, event, to);
  return r && !r.ok ? r : null;
}

/** The op at the task's program counter, or undefined past the end. */
export function opAt(scenario: Scenario, ctx: KernelContext, task: string): Op | undefined {
  const spec = scenario.tasks.find((t) => t.name === task);
  return spec?.program[ctx.tasks[task].pc];
}

/** Parked at `hold`: at the op boundary of a hold op (MODEL.md 2: counts as finished). */
export function parkedAtHold(scenario: Scenario, s: KernelSnapshotLike, task: string): boolean {
  return phaseOf(s, task) === 'run' && opAt(scenario, s.context, task)?.op === 'hold';
}

export { slowpathStepOf };
