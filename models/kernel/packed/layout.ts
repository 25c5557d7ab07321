/**
 * Where each field of a KernelContext lives among the context ints (offsets from `at`).
 *
 *   [ globals | locks | reaperQueue | task 0 | task 1 | ... ]
 *
 * globals: free, clean, dirty, oomVictims, oomLock, oomDisabled, kswapdAwake.
 * locks: one int per k.lockNames entry, the holder's task index or NONE.
 * reaperQueue: T ints, task indices oldest first, padded with NONE (a task is queued at
 *   most once: only a live mm is killed, and the kill's TIF_MEMDIE blocks the next kill
 *   until the reaper or exit_mm has taken the task out of the queue and off the list).
 * task: pc, pages, killed, memdie, mm, sleepingOn, allocPresent, then the AllocState
 *   locals; without a pending allocation those are clearAlloc's values, so that a
 *   context has exactly one encoding.
 *
 * oomScoreAdj and alloc.req are not stored: the first is the scenario's, the second is
 * always the scenario's op at pc (enterSlowpath), restored by identity.
 */
import type { KernelConfig } from '../kernel-config.ts';
import { OOM_VICTIMS_WAIT } from '../task-flags.ts';
import type { MmState, PostOomMark } from '../state.ts';

export const NONE = -1;

export const FREE = 0;
export const CLEAN = 1;
export const DIRTY = 2;
export const OOM_VICTIMS = 3;
export const OOM_LOCK = 4;
export const OOM_DISABLED = 5;
export const KSWAPD_AWAKE = 6;
const GLOBALS = 7;

export const PC = 0;
export const PAGES = 1;
export const KILLED = 2;
export const MEMDIE = 3;
export const MM = 4;
export const SLEEPING_ON = 5;
export const ALLOC = 6;
export const OOM_PROGRESS = 7;
export const RECLAIMED = 8;
export const NO_PROGRESS = 9;
export const PAGE = 10;
export const POST_MARK = 11;
export const VICTIM = 12;
export const TASK_STRIDE = 13;

/** No allocation pending: the alloc fields' one encoding (also enterSlowpath's start values). */
export function clearAlloc(s: Int32Array, b: number): void {
  s[b + ALLOC] = 0;
  s[b + OOM_PROGRESS] = 0;
  s[b + RECLAIMED] = 0;
  s[b + NO_PROGRESS] = 0;
  s[b + PAGE] = 0;
  s[b + POST_MARK] = NONE;
  s[b + VICTIM] = NONE;
}

export const MM_STATES: readonly MmState[] = ['live', 'skip', 'reaped', 'gone'];
export const MM_LIVE = 0;
export const MM_SKIP = 1;
export const MM_REAPED = 2;
export const MM_GONE = 3;

/** postMark codes: NONE = null, else the index here. */
export const POST_MARKS: readonly PostOomMark[] = ['min', 'oom', 'nowmark'];

export interface KernelIntLayout {
  readonly width: number;
  readonly taskNames: readonly string[];
  readonly taskIndex: ReadonlyMap<string, number>;
  readonly lockNames: readonly string[];
  readonly lockIndex: ReadonlyMap<string, number>;
  /** Offset of the first lock int. */
  readonly locks: number;
  /** Offset of the first reaperQueue int (T of them). */
  readonly queue: number;
  /** Offset of each task's fields, by task index. */
  readonly taskBase: Int32Array;
  /** sleepingOn's code for oom_killer_disable's wait (lock indices come before it). */
  readonly victimsWait: number;
}

export function kernelIntLayout(k: KernelConfig): KernelIntLayout {
  const taskNames = k.tasks.map((t) => t.name);
  const locks = GLOBALS;
  const queue = locks + k.lockNames.length;
  const tasks = queue + taskNames.length;
  return {
    width: tasks + TASK_STRIDE * taskNames.length,
    taskNames,
    taskIndex: new Map(taskNames.map((n, i) => [n, i])),
    lockNames: k.lockNames,
    lockIndex: new Map(k.lockNames.map((n, i) => [n, i])),
    locks,
    queue,
    taskBase: Int32Array.from(taskNames, (_, i) => tasks + TASK_STRIDE * i),
    victimsWait: k.lockNames.length,
  };
}

/** sleepingOn's code: a lock index, victimsWait, or NONE. */
export function sleepCode(lay: KernelIntLayout, on: string | null): number {
  if (on === null) return NONE;
  if (on === OOM_VICTIMS_WAIT) return lay.victimsWait;
  return indexIn(lay.lockIndex, on, 'lock');
}

export function sleepName(lay: KernelIntLayout, code: number): string | null {
  if (code === NONE) return null;
  return code === lay.victimsWait ? OOM_VICTIMS_WAIT : lay.lockNames[code];
}

export function taskCode(lay: KernelIntLayout, name: string | null): number {
  return name === null ? NONE : indexIn(lay.taskIndex, name, 'task');
}

export function indexIn(map: ReadonlyMap<string, number>, name: string, what: string): number {
  const i = map.get(name);
  if (i === undefined) throw new Error(`packed kernel context: unknown ${what} ${JSON.stringify(name)}`);
  return i;
}
