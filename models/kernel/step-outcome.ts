/**
 * What one step did, read from its two ends and the event (see state.ts): which process
 * stepped, the freelist attempt it made (mark, HIGH/HARDER, ok), the reclaim pass, what
 * out_of_memory decided, a kill and by whom, self-marking, and whether an allocation
 * returned and how. Properties and traces read steps only through this function, so a
 * property never guesses at the machine's structure.
 */
import { pendingAlloc } from './alloc-return.ts';
import { attemptAt, attemptSiteOf, type AttemptSite } from './attempts.ts';
import { pagesOf } from './gfp.ts';
import { opAt, requestAt, type KernelConfig } from './kernel-config.ts';
import { processOf } from './events.ts';
import type { KernelEvent } from './machine-parts.ts';
import { outOfMemoryVerdict, type OomVerdict } from './oom-killer.ts';
import { directReclaimPass } from './slowpath.ts';
import {
  isPanic,
  phaseOf,
  slowpathStepOf,
  type AllocRequest,
  type KernelSnapshotLike,
  type SlowpathStep,
  type TaskPhase,
} from './state.ts';
import { thresholdOf, watermarkOk, type Attempt, type ReclaimResult } from './zone.ts';

export interface AttemptOutcome extends Attempt {
  readonly site: AttemptSite;
  /** 2^order. */
  readonly n: number;
  /** Free pages before the attempt. */
  readonly free: number;
  /** The adjusted mark compared against (0 for NO_WATERMARKS). */
  readonly threshold: number;
  readonly ok: boolean;
}

export interface StepOutcome {
  /** The task or kthread that stepped. */
  readonly process: string;
  /** The task that stepped, or null for a kthread. */
  readonly task: string | null;
  /** The task's phase and slowpath step before the step (null for kthreads / panic). */
  readonly phase: TaskPhase | null;
  readonly step: SlowpathStep | null;
  /** The allocation the step worked on: the pending one, or the op's at a fast-path step. */
  readonly request: AllocRequest | null;
  /** A get_page_from_freelist made in this step, if any. */
  readonly attempt: AttemptOutcome | null;
  /** A direct reclaim pass made in this step (possibly freeing nothing). */
  readonly reclaim: ReclaimResult | null;
  /** out_of_memory ran in this step and decided this. */
  readonly oom: OomVerdict | null;
  /** out_of_memory selected and SIGKILLed `victim`; the killer is the stepping task. */
  readonly kill: { readonly killer: string; readonly victim: string } | null;
  /** out_of_memory marked the (dying) caller TIF_MEMDIE. */
  readonly selfMarked: boolean;
  /** The allocation returned in this step (a fast-path success counts). */
  readonly allocReturned: 'success' | 'failure' | null;
  /** The step entered the panic state. */
  readonly panic: boolean;
  /** The step was the syncOomKill wait's timeout. */
  readonly timeout: boolean;
}

function attemptOutcome(k: KernelConfig, free: number, req: AllocRequest, site: AttemptSite, postMark: Parameters<typeof attemptAt>[3]): AttemptOutcome {
  const a = attemptAt(k, site, req, postMark);
  const n = pagesOf(req);
  const wm = k.scenario.zone.watermarks;
  return { ...a, site, n, free, threshold: thresholdOf(a, wm), ok: watermarkOk(free, n, a, wm) };
}

export function stepOutcome(k: KernelConfig, from: KernelSnapshotLike, event: KernelEvent, to: KernelSnapshotLike): StepOutcome {
  const proc = processOf(event);
  const isTask = k.taskByName.has(proc);
  const fctx = from.context;
  const tctx = to.context;
  let kill: StepOutcome['kill'] = null;
  for (const name in tctx.tasks) if (tctx.tasks[name].killed && !fctx.tasks[name].killed) kill = { killer: proc, victim: name };
  const base = {
    process: proc,
    task: isTask ? proc : null,
    kill,
    panic: isPanic(to) && !isPanic(from),
    timeout: event.type.endsWith('.timeout'),
  };
  if (!isTask) {
    return { ...base, phase: null, step: null, request: null, attempt: null, reclaim: null, oom: null, selfMarked: false, allocReturned: null };
  }
  const task = proc;
  const phase = phaseOf(from, task);
  const step = slowpathStepOf(from, task);
  const ft = fctx.tasks[task];
  const tt = tctx.tasks[task];
  let request: AllocRequest | null = null;
  let attempt: AttemptOutcome | null = null;
  let reclaim: ReclaimResult | null = null;
  let oom: OomVerdict | null = null;
  let allocReturned: StepOutcome['allocReturned'] = null;

  if (phase === 'run') {
    const op = opAt(k, task, ft.pc);
    const atBoundary = !ft.killed && op?.op === 'alloc';
    if (atBoundary) {
      request = requestAt(k, task, ft.pc)!;
      attempt = attemptOutcome(k, fctx.free, request, 'fastPath', null);
      if (attempt.ok) allocReturned = 'success';
    }
  } else if (phase === 'alloc' && step !== null) {
    const a = pendingAlloc(fctx, task);
    request = a.req;
    const site = attemptSiteOf(step);
    let makesAttempt = site !== null;
    if (step === 'mayOom') makesAttempt = k.policy.syncOomKill && ft.memdie;
    if (step === 'oomLockWait') makesAttempt = ft.killed;
    if (site !== null && makesAttempt) attempt = attemptOutcome(k, fctx.free, a.req, site, a.postMark);
    if (step === 'reclaim' && !ft.memdie) reclaim = directReclaimPass(k, fctx, task);
    if (step === 'outOfMemory') oom = outOfMemoryVerdict(k, fctx, task);
    if (!isPanic(to) && phaseOf(to, task) !== 'alloc') allocReturned = a.page || tt.pages > ft.pages ? 'success' : 'failure';
  }
  return {
    ...base,
    phase,
    step,
    request,
    attempt,
    reclaim,
    oom,
    selfMarked: oom?.kind === 'self' && !ft.memdie,
    allocReturned,
  };
}
