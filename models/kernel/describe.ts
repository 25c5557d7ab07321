/**
 * Trace lines in kernel terms: each step one line naming the task and what it did, in
 * the words of the code, e.g.
 *   A [GFP_NOFS order 0]: direct reclaim freed 0 pages (free 1 < min 2); may_oom
 *   A [GFP_KERNEL order 0]: out_of_memory: selected V (6 pages), SIGKILL, oom_victims 1
 *   V: sleeps in mutex_lock(i_mutex) held by A
 *   V: exit_mm frees 6 pages
 */
import { describeRequest, isCostly, isNoretry, isRepeat, pagesOf } from './gfp.ts';
import { opAt, type KernelConfig } from './kernel-config.ts';
import type { KernelEvent } from './machine-parts.ts';
import { MMAP_SEM } from './oom-reaper.ts';
import { stepOutcome, type AttemptOutcome, type StepOutcome } from './step-outcome.ts';
import { isPanic, locksHeldBy, phaseOf, slowpathStepOf, type KernelSnapshotLike, type SlowpathStep } from './state.ts';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function markName(a: AttemptOutcome): string {
  if (a.mark === 'nowmark') return 'ALLOC_NO_WATERMARKS';
  const flags = [a.high ? 'ALLOC_HIGH' : '', a.harder ? 'ALLOC_HARDER' : ''].filter(Boolean).join('|');
  return flags ? `${a.mark} (${flags})` : a.mark;
}

/** "get_page_from_freelist at min: free 1 - 1 < 2, fails". */
export function describeAttempt(a: AttemptOutcome, what = 'get_page_from_freelist'): string {
  if (a.mark === 'nowmark') return `${what} with ALLOC_NO_WATERMARKS: free ${a.free} ${a.ok ? '>=' : '<'} ${a.n}, ${a.ok ? `gets ${plural(a.n, 'page')}` : 'fails'}`;
  return `${what} at ${markName(a)}: free ${a.free} - ${a.n} ${a.ok ? '>=' : '<'} ${a.threshold}, ${a.ok ? `gets ${plural(a.n, 'page')}` : 'fails'}`;
}

/**
 * The kernel's names for the OOM lock under the policy: one global oom_lock mutex from
 * patch 6 (v4.2), before it the zonelist's ZONE_OOM_LOCKED bits (oom_zonelist_trylock /
 * oom_zonelist_unlock in v4.0). MODEL.md calls both oom_lock, as the state's field does.
 */
function oomLockNames(k: KernelConfig) {
  return k.policy.oomLockMutex
    ? { trylock: 'trylock oom_lock', unlock: 'mutex_unlock(oom_lock)', held: 'oom_lock' }
    : { trylock: 'oom_zonelist_trylock', unlock: 'oom_zonelist_unlock', held: 'the zonelist OOM lock' };
}

/** A lock op's kernel function: mmap_sem is an rw_semaphore, every other scenario lock a mutex. */
function lockFunctions(lock: string, killable: boolean) {
  if (lock === 'mmap_sem') return { lock: killable ? 'down_read_killable' : 'down_read', unlock: 'up' };
  return { lock: killable ? 'mutex_lock_killable' : 'mutex_lock', unlock: 'mutex_unlock' };
}

function nextStep(k: KernelConfig, step: SlowpathStep): string {
  const lock = oomLockNames(k);
  if (step === 'oomAttempt') return `holds ${lock.held}`;
  if (step === 'oomUnlock') return `unlocks ${lock.held} next`;
  return NEXT_STEP[step] ?? step;
}

const NEXT_STEP: Partial<Record<SlowpathStep, string>> = {
  min: 'goto retry',
  noWatermarks: 'TIF_MEMDIE: ALLOC_NO_WATERMARKS next',
  reclaim: 'direct reclaim next',
  afterReclaim: 'retries the freelist',
  mayOom: '__alloc_pages_may_oom',
  oomLockWait: 'sleeps in mutex_lock_killable(oom_lock)',
  outOfMemory: 'calls out_of_memory',
  oomWait: 'waits for oom_victims == 0 holding oom_lock',
  postOom: 'tries the freelist once more',
  nopageHarder: 'nopage: __GFP_NOFAIL tries ALLOC_HARDER',
};

/** The step ended in should_alloc_retry / should_reclaim_retry (not TIF_MEMDIE's skip of reclaim). */
function afterReclaimDecision(o: StepOutcome): boolean {
  return (o.step === 'reclaim' && o.reclaim !== null) || o.step === 'afterReclaim';
}

/**
 * Why the retry rule gave up on `req`: what a reader needs to see that the failure is the
 * rule's (NORETRY, a costly order), not a lack of memory alone.
 */
function noRetryReason(req: StepOutcome['request']): string | null {
  if (req === null) return null;
  if (isNoretry(req)) return '__GFP_NORETRY';
  if (!isCostly(req)) return null;
  return isRepeat(req) ? `order ${req.order} __GFP_REPEAT, ${pagesOf(req)} pages reclaimed already` : `order ${req.order} > 3 without __GFP_REPEAT`;
}

/** Where the allocation went: returned, failed, or its next slowpath step. */
function whatFollows(k: KernelConfig, o: StepOutcome, from: KernelSnapshotLike, to: KernelSnapshotLike, task: string): string {
  if (o.panic) return 'panic';
  if (o.allocReturned === 'success') return 'allocation succeeds';
  if (o.allocReturned === 'failure') {
    const op = opAt(k, task, from.context.tasks[task].pc);
    const onFail = op?.op === 'alloc' ? op.onFail : 'unwind';
    const fails = onFail === 'unwind' ? 'allocation fails: -ENOMEM' : onFail === 'retry' ? 'allocation fails, the caller retries' : 'allocation fails, the caller continues';
    const why = afterReclaimDecision(o) ? noRetryReason(o.request) : null;
    return why ? `${why}: no retry, ${fails}` : fails;
  }
  const next = slowpathStepOf(to, task);
  if (next === null) return '';
  if (next === slowpathStepOf(from, task)) return 'again';
  return nextStep(k, next);
}

function describeAllocStep(k: KernelConfig, o: StepOutcome, from: KernelSnapshotLike, to: KernelSnapshotLike, task: string): string {
  const f = from.context;
  const t = to.context;
  const parts: string[] = [];
  const step = o.step!;
  switch (step) {
    case 'min':
      if (t.kswapdAwake && !f.kswapdAwake) parts.push('wakes kswapd');
      parts.push(describeAttempt(o.attempt!));
      break;
    case 'reclaim':
      if (o.reclaim === null) parts.push(f.tasks[task].alloc?.req.flags.includes('__GFP_NOFAIL') ? 'TIF_MEMDIE, __GFP_NOFAIL' : 'TIF_MEMDIE set: no direct reclaim');
      else {
        const freed = o.reclaim.clean + o.reclaim.dirty;
        const detail = o.reclaim.dirty > 0 ? ` (${o.reclaim.clean} clean, ${o.reclaim.dirty} dirty)` : '';
        // Only what reclaim changed: the watermark test is the next attempt's to state, with
        // the request's size and its ALLOC_HIGH/HARDER (free >= min alone read as "should retry").
        parts.push(`direct reclaim freed ${plural(freed, 'page')}${detail}${freed > 0 ? ` (free now ${t.free})` : ''}`);
      }
      break;
    case 'mayOom':
    case 'oomLockWait':
      if (o.attempt) parts.push(`${step === 'mayOom' ? 'TIF_MEMDIE' : 'SIGKILL wakes it from mutex_lock_killable(oom_lock)'}: ${describeAttempt(o.attempt)}`);
      else if (t.oomLock === task) parts.push(k.policy.syncOomKill ? 'mutex_lock_killable(oom_lock)' : `${oomLockNames(k).trylock}: taken`);
      else if (slowpathStepOf(to, task) === 'oomLockWait') parts.push(`oom_lock held by ${f.oomLock}`);
      else parts.push(`${oomLockNames(k).trylock}: busy (held by ${f.oomLock}), progress 1`);
      break;
    case 'oomAttempt': {
      parts.push(describeAttempt(o.attempt!, `get_page_from_freelist under ${oomLockNames(k).held}`));
      const a = t.tasks[task].alloc;
      if (!o.attempt!.ok && slowpathStepOf(to, task) === 'oomUnlock' && a) {
        const req = a.req;
        if (req.order > 3) parts.push(`order ${req.order} > 3: no OOM kill, progress 0`);
        else parts.push(`!__GFP_FS: no OOM kill, progress ${a.oomProgress}`);
      }
      break;
    }
    case 'outOfMemory': {
      const v = o.oom!;
      if (v.kind === 'disabled') parts.push('out_of_memory: the OOM killer is disabled, returns false');
      else if (v.kind === 'self') parts.push(`out_of_memory: current has SIGKILL pending, marks itself TIF_MEMDIE, oom_victims ${t.oomVictims}`);
      else if (v.kind === 'nofs') parts.push('out_of_memory: !__GFP_FS, returns true without a kill');
      else if (v.kind === 'abort') parts.push(`out_of_memory: TIF_MEMDIE ${v.victims.join(', ')} alive, aborts (nothing killed)`);
      else if (v.kind === 'panic') parts.push('out_of_memory: no killable processes');
      else if (o.kill) parts.push(`out_of_memory: selected ${o.kill.victim} (${plural(v.points, 'page')}), SIGKILL, oom_victims ${t.oomVictims}`);
      break;
    }
    case 'oomWait':
      parts.push(o.timeout ? `wait_event_timeout times out (oom_victims ${f.oomVictims}), mutex_unlock(oom_lock)` : 'woken: oom_victims 0, mutex_unlock(oom_lock)');
      break;
    case 'oomUnlock':
      parts.push(f.tasks[task].alloc?.page ? `${oomLockNames(k).unlock} with the page` : `${oomLockNames(k).unlock}, progress ${f.tasks[task].alloc?.oomProgress ?? 0}`);
      break;
    default:
      if (o.attempt) parts.push(describeAttempt(o.attempt));
  }
  const follows = whatFollows(k, o, from, to, task);
  if (follows) parts.push(follows);
  return parts.join('; ');
}

function exitLine(from: KernelSnapshotLike, to: KernelSnapshotLike, task: string): string {
  const f = from.context;
  const held = locksHeldBy(f, task);
  const released = held.filter((l) => to.context.locks[l] !== task);
  if (released.length > 0) return `releases ${released.join(', ')}`;
  return `exit_mm frees ${plural(f.tasks[task].pages, 'page')}`;
}

export function describeStep(k: KernelConfig, from: KernelSnapshotLike, event: KernelEvent, to: KernelSnapshotLike): string {
  const o = stepOutcome(k, from, event, to);
  const f = from.context;
  const t = to.context;
  if (o.task === null) {
    if (o.process === 'kswapd') {
      const freed = t.free - f.free;
      if (freed > 0) return `kswapd: balance_pgdat reclaims ${plural(freed, 'page')} (${f.clean - t.clean} clean, ${f.dirty - t.dirty} dirty), free ${t.free}${t.kswapdAwake ? '' : '; sleeps'}`;
      return 'kswapd: zone balanced or nothing to reclaim, sleeps';
    }
    const victim = f.reaperQueue[0];
    if (t.tasks[victim].mm === 'skip') return `oom_reaper: ${victim}'s ${MMAP_SEM} is held: frees nothing, clears TIF_MEMDIE, hides it (oom_victims ${t.oomVictims})`;
    return `oom_reaper: reaps ${victim}: frees ${plural(f.tasks[victim].pages, 'page')}, clears TIF_MEMDIE, hides it (oom_victims ${t.oomVictims})`;
  }
  const task = o.task;
  const ft = f.tasks[task];
  const tt = t.tasks[task];
  const tag = o.request ? `${task} [${describeRequest(o.request)}]` : task;
  const phase = o.phase;
  if (phase === 'alloc') return `${tag}: ${describeAllocStep(k, o, from, to, task)}`;
  const toPhase = isPanic(to) ? null : phaseOf(to, task);
  // Patch 2 renamed v4.0's unmark_oom_victim to exit_oom_victim.
  if (phase === 'exitOomVictim') return `${task}: ${k.policy.victimWaitqueue ? 'exit_oom_victim' : 'unmark_oom_victim'} clears TIF_MEMDIE, oom_victims ${t.oomVictims}`;
  if (phase === 'exitMm') return `${task}: ${exitLine(from, to, task)}`;
  const op = opAt(k, task, ft.pc);
  if (toPhase === 'exitMm' || toPhase === 'exitOomVictim' || toPhase === 'finished') {
    const why = phase === 'unwind' ? '-ENOMEM, unwinds' : ft.killed ? 'SIGKILL pending, unwinds' : 'program done, exits';
    const wake = phase === 'lockWaitKillable' ? `SIGKILL wakes it from ${lockFunctions(op && 'lock' in op ? op.lock : '', true).lock}; ` : '';
    return `${task}: ${wake}${why}: ${exitLine(from, to, task)}`;
  }
  if (phase === 'lockWait' || phase === 'lockWaitKillable') return `${task}: wakes, takes ${op && 'lock' in op ? op.lock : '?'}`;
  if (phase === 'oomDisableWait') return `${task}: oom_victims 0: oom_killer_disable returns`;
  switch (op?.op) {
    case 'lock':
    case 'lockKillable': {
      const fn = lockFunctions(op.lock, op.op === 'lockKillable').lock;
      if (t.locks[op.lock] === task) return `${task}: ${fn}(${op.lock})`;
      return `${task}: sleeps in ${fn}(${op.lock}) held by ${f.locks[op.lock]}`;
    }
    case 'unlock':
      return `${task}: ${lockFunctions(op.lock, false).unlock}(${op.lock})`;
    case 'alloc': {
      const a = o.attempt!;
      return `${tag}: fast path ${describeAttempt(a)}${a.ok ? '' : '; enters __alloc_pages_slowpath'}`;
    }
    case 'free':
      return `${task}: frees ${plural(ft.pages - tt.pages, 'page')}`;
    case 'oomDisable':
      return `${task}: oom_killer_disable sets oom_killer_disabled${toPhase === 'oomDisableWait' ? `, waits for oom_victims ${t.oomVictims} to reach 0` : ''}`;
    case 'oomEnable':
      return `${task}: oom_killer_enable`;
    default:
      return `${task}: ${event.type}`;
  }
}
