/**
 * The kernel machine's state: the shared kernel state (XState context) and each task's
 * state, plus small pure accessors that properties, traces and tests read it through.
 *
 * A model state is an XState snapshot `{ value, context }` of the machine system.ts
 * builds. Control flow lives in the state VALUE, data in the CONTEXT:
 *
 *   value = 'panic'                                  (out_of_memory found nothing to kill)
 *         | { running: { A: 'run', B: { alloc: 'reclaim' }, kswapd: 'kswapd', ... } }
 *
 * Each task region's value is a {@link TaskPhase}; inside `alloc` the nested value is the
 * {@link SlowpathStep} the task takes next. Accessors take the snapshot (anything with
 * `value` and `context`), since "is an allocation pending" is a question about the value.
 *
 * ## What a step did: read it from (from, event, to), never from a `lastStep` field
 *
 * Nothing in the state records the previous step (that would multiply states). A step is
 * recognised from its two ends; models/kernel/step-outcome.ts does it once, as the pure
 * `stepOutcome(config, from, event, to)`, for properties and traces. The rules it uses:
 *
 * - WHO stepped: `processOf(event)` = the part of `event.type` before the first '.'
 *   (a task name, 'kswapd' or 'oom_reaper'). `${task}.kill` carries `victim`,
 *   `${task}.timeout` ends the syncOomKill wait.
 * - A KILL (selection + SIGKILL by out_of_memory): some task's `killed` goes false -> true.
 *   Only a `${task}.kill` event does that, so the killer is `processOf(event)`.
 *   Self-marking (the caller is already killed) sets `memdie` without touching `killed`.
 * - An ALLOCATION RETURNS when the task had `alloc !== null` in `from` and has
 *   `alloc === null` in `to` (the slowpath ends in that step), or when a fast-path step
 *   from phase 'run' at an alloc op succeeds (the allocation never became pending).
 *   It SUCCEEDED iff `from.alloc.page` (a page got under oom_lock, handed back at the unlock)
 *   or the task's pages grew in that step; otherwise it FAILED. The request is `from.alloc.req`.
 * - The MARK of a freelist attempt is fixed by the slowpath step it is made from (the
 *   value of the task's region in `from`) and, for the post-OOM attempt, by `alloc.postMark`:
 *   see `ATTEMPTS` in slowpath.ts and `stepOutcome(...).attempt` = {mark, high, harder, n, ok}.
 * - The allocation's OWN VICTIM (for killerNotStarved) is `alloc.victim`, kept until the
 *   allocation returns; its pages are freed once its `mm` is 'reaped' or 'gone'.
 */
import type { AnyMachineSnapshot } from 'xstate';
import { canFs } from './gfp.ts';
import type { Gfp, GfpFlag } from './scenario/types.ts';

/** The request of one alloc op, as the scenario states it (shared object, never copied). */
export interface AllocRequest {
  readonly order: number;
  readonly gfp: Gfp;
  readonly flags: readonly GfpFlag[];
}

/** Where a post-OOM attempt (after may_oom) is made; null = there is none this pass. */
export type PostOomMark = 'min' | 'oom' | 'nowmark';

/**
 * One pending allocation (from the end of its failed fast path until it leaves the op):
 * the locals of __alloc_pages_slowpath that outlive a step.
 */
export interface AllocState {
  readonly req: AllocRequest;
  /** may_oom's *did_some_progress (0 or 1), from may_oom's entry to its decision. */
  readonly oomProgress: 0 | 1;
  /** pages_reclaimed, saturated at 2^order (only `< 2^order` matters: __GFP_REPEAT). */
  readonly reclaimed: number;
  /** v4.7 no_progress_loops, saturated at maxNoProgress + 1. */
  readonly noProgressLoops: number;
  /** A page taken under oom_lock (may_oom's own attempt): returned at the unlock. */
  readonly page: boolean;
  /** The post-OOM attempt's mark (alloc_flags after out_of_memory); null = no such attempt. */
  readonly postMark: PostOomMark | null;
  /** The task this allocation's own out_of_memory killed last (killerNotStarved). */
  readonly victim: string | null;
}

/**
 * The task's mm as the OOM killer sees it: 'live'; 'skip' = hidden by the oom_reaper
 * without freeing (mmap_sem was held); 'reaped' = hidden, pages freed by the reaper;
 * 'gone' = exit_mm has run.
 */
export type MmState = 'live' | 'skip' | 'reaped' | 'gone';

export interface TaskState {
  /** Index of the current op in the program; program.length = the program is done. */
  readonly pc: number;
  readonly pages: number;
  /** Static copy from the scenario (OOM_SCORE_ADJ_MIN = -1000: never selected). */
  readonly oomScoreAdj: number;
  /** SIGKILL pending (fatal_signal_pending). */
  readonly killed: boolean;
  /** TIF_MEMDIE. */
  readonly memdie: boolean;
  readonly mm: MmState;
  /**
   * The lock of an uninterruptible (D-state) mutex_lock sleep, else null. It mirrors
   * phase 'lockWait' (the kernel's task->blocked_on) so that guards, which see only the
   * context, can tell whether a victim can move (patientOomWait).
   */
  readonly sleepingOn: string | null;
  readonly alloc: AllocState | null;
}

export interface KernelContext {
  readonly free: number;
  /** Clean page cache: reclaimable by any direct reclaim. */
  readonly clean: number;
  /** Dirty page cache: reclaimable only with __GFP_FS (and by kswapd). */
  readonly dirty: number;
  readonly oomVictims: number;
  /** Holder of oom_lock (v4.0: the zonelist OOM lock), or null. */
  readonly oomLock: string | null;
  /** oom_killer_disabled. */
  readonly oomDisabled: boolean;
  /** Every lock the scenario names -> its holder or null. */
  readonly locks: Readonly<Record<string, string | null>>;
  /** kswapd woken and not yet back to sleep (only meaningful where kswapd runs). */
  readonly kswapdAwake: boolean;
  /** Victims queued for the oom_reaper, oldest first. */
  readonly reaperQueue: readonly string[];
  readonly tasks: Readonly<Record<string, TaskState>>;
}

/** The task lifecycle: the states of a task's region. */
export type TaskPhase =
  | 'run' // at the op boundary `pc` (or parked at `hold`)
  | 'lockWait' // uninterruptible sleep in mutex_lock
  | 'lockWaitKillable' // killable sleep in mutex_lock_killable
  | 'oomDisableWait' // oom_killer_disable waiting for oom_victims == 0
  | 'alloc' // in __alloc_pages_slowpath (nested: SlowpathStep)
  | 'unwind' // a failed allocation returns -ENOMEM: release the locks
  | 'exitMm'
  | 'exitOomVictim'
  | 'finished';

/** The states of the slowpath: each is the step the task takes next. */
export type SlowpathStep =
  | 'min' // retry: wake kswapd, get_page_from_freelist at min
  | 'noWatermarks' // TIF_MEMDIE: ALLOC_NO_WATERMARKS attempt
  | 'reclaim' // __perform_reclaim (TIF_MEMDIE re-read here)
  | 'afterReclaim' // get_page_from_freelist at min after progress, then should_*_retry
  | 'mayOom' // __alloc_pages_may_oom: trylock / mutex_lock_killable(oom_lock)
  | 'oomLockWait' // syncOomKill: killable sleep on oom_lock
  | 'oomAttempt' // get_page_from_freelist at high (syncOomKill: min) under oom_lock
  | 'outOfMemory' // out_of_memory: select + kill in one step
  | 'oomWait' // syncOomKill: wait_event_timeout(oom_victims == 0) holding oom_lock
  | 'oomUnlock' // mutex_unlock(oom_lock), with the fail-or-retry decision
  | 'postOom' // the attempt after may_oom (min / oom / NO_WATERMARKS)
  | 'nopageHarder'; // nofailHarder: NOFAIL at nopage tries ALLOC_HARDER, then retries

/** What the accessors need of a snapshot. */
export interface KernelSnapshotLike {
  readonly value: unknown;
  readonly context: KernelContext;
}

export type KernelSnapshot = AnyMachineSnapshot & { context: KernelContext };

export const PANIC = 'panic';
export const RUNNING = 'running';

// ---------------------------------------------------------------------------------------
// Accessors over the control state (the snapshot's value)

export function isPanic(s: KernelSnapshotLike): boolean {
  return s.value === PANIC;
}

/** The value of one process's region, or undefined (panic, or no such process). */
export function regionValue(s: KernelSnapshotLike, proc: string): unknown {
  const v = s.value as Record<string, Record<string, unknown>> | string;
  if (typeof v === 'string') return undefined;
  return v[RUNNING]?.[proc];
}

/** The task's lifecycle phase, or null after a panic. */
export function phaseOf(s: KernelSnapshotLike, task: string): TaskPhase | null {
  const v = regionValue(s, task);
  if (v === undefined) return null;
  if (typeof v === 'string') return v as TaskPhase;
  return Object.keys(v as object)[0] as TaskPhase;
}

/** The slowpath step the task takes next, or null when it is not in the slowpath. */
export function slowpathStepOf(s: KernelSnapshotLike, task: string): SlowpathStep | null {
  const v = regionValue(s, task);
  if (v === undefined || typeof v === 'string') return null;
  const step = (v as Record<string, unknown>).alloc;
  return typeof step === 'string' ? (step as SlowpathStep) : null;
}

/** MODEL.md 7 "Verdict words": pending from the end of its fast path until it leaves the op. Never in panic. */
export function allocPending(s: KernelSnapshotLike, task: string): boolean {
  return phaseOf(s, task) === 'alloc';
}

/** The request of the task's pending allocation, or null. */
export function allocOf(s: KernelSnapshotLike, task: string): AllocRequest | null {
  return allocPending(s, task) ? (s.context.tasks[task].alloc?.req ?? null) : null;
}

export function isFinished(s: KernelSnapshotLike, task: string): boolean {
  return phaseOf(s, task) === 'finished';
}

// ---------------------------------------------------------------------------------------
// Accessors over the data (context)

export function taskNames(ctx: KernelContext): string[] {
  return Object.keys(ctx.tasks);
}

export function taskPages(ctx: KernelContext, task: string): number {
  return ctx.tasks[task].pages;
}

/** TIF_MEMDIE set (an OOM victim that has not finished exit_oom_victim, or been reaped). */
export function isVictim(ctx: KernelContext, task: string): boolean {
  return ctx.tasks[task].memdie;
}

export function isKilled(ctx: KernelContext, task: string): boolean {
  return ctx.tasks[task].killed;
}

/** exit_mm has run: the task's pages are gone and it is no OOM candidate. */
export function hasExited(ctx: KernelContext, task: string): boolean {
  return ctx.tasks[task].mm === 'gone';
}

/** The task's pages were freed without its help or by its exit (reaper or exit_mm). */
export function pagesFreed(ctx: KernelContext, task: string): boolean {
  const mm = ctx.tasks[task].mm;
  return mm === 'reaped' || mm === 'gone';
}

/** Sum of every task's pages. */
export function totalTaskPages(ctx: KernelContext): number {
  let sum = 0;
  for (const name in ctx.tasks) sum += ctx.tasks[name].pages;
  return sum;
}

/** Tasks with TIF_MEMDIE (also between exit_mm and exit_oom_victim). */
export function memdieTasks(ctx: KernelContext): string[] {
  return taskNames(ctx).filter((t) => ctx.tasks[t].memdie);
}

/**
 * MODEL.md 7 "Victims": selection candidates = tasks whose exit_mm has not run (the
 * allocating task included, 0 pages included), not hidden by the reaper, oomScoreAdj > -1000.
 */
export function killableCandidates(ctx: KernelContext): string[] {
  return taskNames(ctx).filter((t) => isCandidate(ctx.tasks[t]));
}

export function isCandidate(t: TaskState): boolean {
  return t.mm === 'live' && t.oomScoreAdj > -1000;
}

/** Pages direct reclaim could take for this gfp: clean, plus dirty with __GFP_FS. */
export function reclaimableFor(ctx: KernelContext, gfp: Gfp): number {
  return ctx.clean + (canFs(gfp) ? ctx.dirty : 0);
}

/** Locks the task holds, sorted by name (oom_lock not included). */
export function locksHeldBy(ctx: KernelContext, task: string): string[] {
  const held: string[] = [];
  for (const lock in ctx.locks) if (ctx.locks[lock] === task) held.push(lock);
  return held.sort();
}

/** The victim the task's pending allocation killed, or null. */
export function ownVictimOf(ctx: KernelContext, task: string): string | null {
  return ctx.tasks[task].alloc?.victim ?? null;
}
