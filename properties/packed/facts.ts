/**
 * The step and state facts of properties/step.ts over wide ints (kernel-ints.ts): the
 * same definitions, reading ints instead of snapshots. `req` and its flags come from the
 * scenario's op at the task's pc, as the decoded context's alloc.req does.
 */
import type { AllocRequest } from '../../models/kernel/state.ts';
import { ALLOC, KILLED, NONE, PAGE, PAGES, PC, P_ALLOC, phase, panicked, type KernelInts, type TaskInts } from './kernel-ints.ts';

/** A state's wide ints (region slots, then context ints), as a plain array. */
export type Wide = readonly number[];

/** The task's alloc.req, or undefined when no allocation state is held (alloc null). */
export function heldReq(t: TaskInts, w: Wide): AllocRequest | undefined {
  return w[t.base + ALLOC] === 0 ? undefined : t.req[w[t.base + PC]];
}

/** pendingReq: the request of the task's pending allocation (phase alloc), or null. */
export function pendingReq(t: TaskInts, w: Wide): AllocRequest | null {
  if (phase(t, w) !== P_ALLOC) return null;
  return heldReq(t, w) ?? null;
}

/** somePending. */
export function somePending(k: KernelInts, w: Wide, kind: (req: AllocRequest, t: TaskInts) => boolean): boolean {
  if (panicked(k, w)) return false;
  for (const t of k.tasks) {
    const req = pendingReq(t, w);
    if (req !== null && kind(req, t)) return true;
  }
  return false;
}

/** killedInStep(from, to).length > 0. */
export function someKilledInStep(k: KernelInts, from: Wide, to: Wide): boolean {
  for (const t of k.tasks) if (to[t.base + KILLED] !== 0 && from[t.base + KILLED] === 0) return true;
  return false;
}

/** allocReturnIn's task, or null when no allocation left its op in this step. */
export function allocReturnTask(k: KernelInts, from: Wide, type: string, to: Wide): TaskInts | null {
  if (panicked(k, to)) return null;
  const i = k.stepperOf(type);
  if (i < 0) return null;
  const t = k.tasks[i];
  if (phase(t, from) !== P_ALLOC || phase(t, to) === P_ALLOC) return null;
  if (from[t.base + ALLOC] === 0) return null;
  return t;
}

/** allocReturnIn's ok: a page handed back from under oom_lock, or the task's pages grew. */
export function allocReturnOk(t: TaskInts, from: Wide, to: Wide): boolean {
  return from[t.base + PAGE] !== 0 || to[t.base + PAGES] > from[t.base + PAGES];
}

/** allocFailureIn's task (and its request: heldReq(t, from)), or null. */
export function allocFailureTask(k: KernelInts, from: Wide, type: string, to: Wide): TaskInts | null {
  const t = allocReturnTask(k, from, type, to);
  return t !== null && !allocReturnOk(t, from, to) ? t : null;
}

export { NONE };
