/**
 * The packed state of the reference explorer: a fixed bit layout in a few Int32 words
 * (two shared, two per task, one for the oom_reaper's queue) with constant shifts, so
 * that the successor function compiles to plain integer arithmetic.
 *
 * Shared words first:
 *   G_ZONE (0)  free (bits 0-9), clean (10-19), dirty (20-29), panic (bit 30)
 *   G_LOCKS (1) oom_lock holder + 1 (bits 0-3), then each named lock's holder + 1, 4 bits each
 * Task i, word A at 2 + 2i:
 *   bits 0-3   control: the task's phase, and inside the slowpath its step (CTL_*)
 *   bits 4-9   pc
 *   bits 10-19 pages
 *   bit  20    killed (SIGKILL pending)
 *   bit  21    TIF_MEMDIE
 *   bits 22-23 mm: live, skip (reaper hid it), reaped, gone (exit_mm ran)
 *   bit  24    the pending allocation's oomProgress (may_oom's *did_some_progress)
 *   bit  25    the pending allocation's page taken under the OOM lock
 * Task i, word B at 3 + 2i (0 while no allocation is pending, as the checker's `alloc: null`):
 *   bits 0-4   pages_reclaimed, saturated at 2^order
 *   bits 5-7   v4.7 no_progress_loops
 *   bits 8-11  the allocation's own victim + 1 (0: none)
 * Last, only with the oom_reaper: its queue, oldest first, 4 bits per entry (task + 1),
 * at most MAX_REAPER_QUEUE entries (a task is queued at most once: once killed it stays
 * TIF_MEMDIE, which blocks every other kill, until exit_oom_victim or the reaper hides it).
 *
 * Why this is exactly the checker's notion of a state (two states are equal here iff their
 * canonical encodings are): every field of the checker's context is here or determined by
 * what is here, and nothing else is. oom_victims is the number of TIF_MEMDIE tasks (the
 * victimAccounting invariant), so it is not stored; free is stored although conservation
 * determines it, which adds no distinction. The phase of a task is its region's value;
 * `sleepingOn` is set exactly in phase lockWait; `alloc` is non-null exactly in the
 * slowpath steps, and its `postMark` is always null under the supported toggles. A
 * panic keeps the context but not the regions, so `canonicalPanic` in successors.ts keeps
 * of each control word only what the context shows (lockWait's sleepingOn, a pending alloc).
 */

export const MAX_TASKS = 14;
export const MAX_PC = 62;
export const MAX_PAGES = 1023;
export const MAX_LOCKS = 7;
export const MAX_ORDER = 4;
export const MAX_LOOPS = 7;
export const MAX_REAPER_QUEUE = 8;

// Control states. Order matters only in that every slowpath step is >= CTL_MIN.
export const CTL_RUN = 0;
export const CTL_LOCK_WAIT = 1;
export const CTL_LOCK_WAIT_KILLABLE = 2;
export const CTL_UNWIND = 3;
export const CTL_EXIT_MM = 4;
export const CTL_EXIT_OOM_VICTIM = 5;
export const CTL_FINISHED = 6;
export const CTL_MIN = 7;
export const CTL_NO_WATERMARKS = 8;
export const CTL_RECLAIM = 9;
export const CTL_AFTER_RECLAIM = 10;
export const CTL_MAY_OOM = 11;
export const CTL_OOM_ATTEMPT = 12;
export const CTL_OUT_OF_MEMORY = 13;
export const CTL_OOM_UNLOCK = 14;

export const CTL_MASK = 0xf;
export const PC_SHIFT = 4;
export const PC_MASK = 0x3f;
export const PAGES_SHIFT = 10;
export const PAGES_MASK = 0x3ff;
export const KILLED = 1 << 20;
export const MEMDIE = 1 << 21;
export const MM_SHIFT = 22;
export const MM_MASK = 3 << MM_SHIFT;
export const MM_LIVE = 0;
export const MM_SKIP = 1 << MM_SHIFT;
export const MM_REAPED = 2 << MM_SHIFT;
export const MM_GONE = 3 << MM_SHIFT;
export const OOM_PROGRESS = 1 << 24;
export const PAGE = 1 << 25;
/** The parts of word A that belong to the pending allocation. */
export const ALLOC_BITS_A = OOM_PROGRESS | PAGE;

export const RECLAIMED_MASK = 0x1f;
export const LOOPS_SHIFT = 5;
export const LOOPS_MASK = 0x7 << LOOPS_SHIFT;
export const VICTIM_SHIFT = 8;
export const VICTIM_MASK = 0xf << VICTIM_SHIFT;

export const FREE_MASK = 0x3ff;
export const CLEAN_SHIFT = 10;
export const DIRTY_SHIFT = 20;
export const ZONE_PAGES_MASK = 0x3ff;
export const PANIC = 1 << 30;

export const OOM_LOCK_MASK = 0xf;

export const G_ZONE = 0;
export const G_LOCKS = 1;

/** Word A of a task; its word B follows it. */
export function taskWord(task: number): number {
  return 2 + 2 * task;
}

/** The reaper queue's word (only with the oom_reaper): after the tasks. */
export function reaperWord(tasks: number): number {
  return 2 + 2 * tasks;
}

export function stateWidth(tasks: number, reaper: boolean): number {
  return 2 + 2 * tasks + (reaper ? 1 : 0);
}

/** Bit position of a named lock's holder in G_LOCKS. */
export function lockShift(lock: number): number {
  return 4 + 4 * lock;
}
