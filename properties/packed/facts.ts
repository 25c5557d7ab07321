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

// The step properties are asked in turn about the same step, and several of them derive
// the same fact from it: the last step's facts, by the identity of its views. A view is
// written only when it is made, or when the search rewrites one it is done with
// (index.ts viewInto), which calls forgetStepFacts first.
let killedFrom: Wide | undefined;
let killedTo: Wide | undefined;
let killedK: KernelInts | undefined;
let killed = false;

/** Forgets the last step's facts: a view they were known by is about to be rewritten. */
export function forgetStepFacts(): void {
  killedFrom = killedTo = failureFrom = failureTo = undefined;
}

/** killedInStep(from, to).length > 0. */
export function someKilledInStep(k: KernelInts, from: Wide, to: Wide): boolean {
  if (from === killedFrom && to === killedTo && k === killedK) return killed;
  killed = false;
  for (const t of k.tasks) {
    if (to[t.base + KILLED] !== 0 && from[t.base + KILLED] === 0) {
      killed = true;
      break;
    }
  }
  killedFrom = from;
  killedTo = to;
  killedK = k;
  return killed;
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

let failureFrom: Wide | undefined;
let failureTo: Wide | undefined;
let failureType = '';
let failureK: KernelInts | undefined;
let failure: TaskInts | null = null;

/** allocFailureIn's task (and its request: heldReq(t, from)), or null. */
export function allocFailureTask(k: KernelInts, from: Wide, type: string, to: Wide): TaskInts | null {
  if (from === failureFrom && to === failureTo && type === failureType && k === failureK) return failure;
  const t = allocReturnTask(k, from, type, to);
  failure = t !== null && !allocReturnOk(t, from, to) ? t : null;
  failureFrom = from;
  failureTo = to;
  failureType = type;
  failureK = k;
  return failure;
}

export { NONE };
