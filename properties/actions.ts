/**
 * The action properties of MODEL.md section 5: predicates over every step
 * (from, event, to), each with its vacuity premise (MODEL.md 7 "Verdict words").
 */
import type { ActionProperty } from '../checker/property.ts';
import type { Scenario } from '../models/kernel/scenario/types.ts';
import type { KernelSnapshotLike } from '../models/kernel/state.ts';
import { isCandidate, isPanic, reclaimableFor, slowpathStepOf } from '../models/kernel/state.ts';
import {
  type KernelEventLike,
  allocFailureIn,
  canFs,
  canWait,
  hasFlag,
  isNofail,
  killedInStep,
  somePending,
  stepper,
} from './step.ts';

type S = KernelSnapshotLike;
type A = KernelEventLike;

/** A kill happened in this step (some task's SIGKILL went false -> true). */
const killStep = (from: S, _e: A, to: S): boolean => killedInStep(from, to).length > 0;

/** No task with oomScoreAdj -1000 is ever killed. */
export function unkillableSpared(scenario: Scenario): ActionProperty<S, A> {
  const unkillable = new Set(scenario.tasks.filter((t) => t.oomScoreAdj <= -1000).map((t) => t.name));
  return {
    kind: 'action',
    name: 'unkillableSpared',
    meaning: 'no task with oomScoreAdj -1000 is ever killed',
    holds: (from, _e, to) => killedInStep(from, to).every((t) => !unkillable.has(t)),
    vacuousUnless: {
      describe: 'a task with oomScoreAdj -1000 together with a reachable kill',
      step: (from, e, to) => unkillable.size > 0 && killStep(from, e, to),
    },
  };
}

/** No kill while the OOM killer is disabled (oom_killer_disable for suspend). */
export function noKillWhileDisabled(): ActionProperty<S, A> {
  return {
    kind: 'action',
    name: 'noKillWhileDisabled',
    meaning: 'no kill while the OOM killer is disabled',
    holds: (from, e, to) => !(from.context.oomDisabled && killStep(from, e, to)),
    vacuousUnless: { describe: 'a reachable state with the OOM killer disabled', state: (s) => s.context.oomDisabled },
  };
}

/** A !__GFP_FS allocation without NOFAIL never issues a kill. */
export function nofsNeverKills(): ActionProperty<S, A> {
  return {
    kind: 'action',
    name: 'nofsNeverKills',
    meaning: 'a !__GFP_FS allocation without NOFAIL never issues a kill',
    holds: (from, e, to) => {
      if (!killStep(from, e, to)) return true;
      const req = from.context.tasks[stepper(e)]?.alloc?.req;
      return !(req && !canFs(req) && !isNofail(req));
    },
    vacuousUnless: {
      describe: 'a pending !__GFP_FS allocation with __GFP_WAIT and without __GFP_NOFAIL',
      state: (s) => somePending(s, (r) => !canFs(r) && canWait(r) && !isNofail(r)),
    },
  };
}

/** A NOFAIL allocation never returns failure. */
export function nofailNeverFails(): ActionProperty<S, A> {
  return {
    kind: 'action',
    name: 'nofailNeverFails',
    meaning: 'a NOFAIL allocation never returns failure',
    holds: (from, e, to) => {
      const failed = allocFailureIn(from, e, to);
      return !(failed && isNofail(failed.req));
    },
    vacuousUnless: { describe: 'a pending __GFP_NOFAIL allocation', state: (s) => somePending(s, isNofail) },
  };
}

/**
 * Only NO_WATERMARKS, HIGH/HARDER, or OOM-reserve contexts take `free` below `min`.
 * A step that takes pages from `free` and leaves it below min must come from such a
 * context, judged from the slowpath step the task was at (MODEL.md 3 and 7):
 * the TIF_MEMDIE attempt, patch 8's killed-task attempt in may_oom, the post-OOM attempt
 * at the `oom` mark or with NO_WATERMARKS, 4.11's ALLOC_HARDER at nopage, or a request
 * with __GFP_HIGH / GFP_ATOMIC (ALLOC_HIGH, ALLOC_HARDER) at any min-based attempt.
 * The fast path (low) and the attempt at high never qualify.
 */
export function reservesPrivileged(scenario: Scenario): ActionProperty<S, A> {
  const min = scenario.zone.watermarks.min;
  return {
    kind: 'action',
    name: 'reservesPrivileged',
    meaning: 'only NO_WATERMARKS, HIGH/HARDER, or OOM-reserve contexts take free below min',
    holds: (from, e, to) => {
      if (isPanic(to) || !(to.context.free < from.context.free && to.context.free < min)) return true;
      const task = stepper(e);
      const t = from.context.tasks[task];
      if (!t || !t.alloc) return false; // the fast path (no pending allocation) is at low
      const step = slowpathStepOf(from, task);
      const req = t.alloc.req;
      const highOrHarder = hasFlag(req, '__GFP_HIGH') || !canWait(req);
      switch (step) {
        case 'noWatermarks':
        case 'nopageHarder':
          return true;
        case 'postOom':
          return t.alloc.postMark === 'oom' || t.alloc.postMark === 'nowmark' || highOrHarder;
        case 'mayOom':
        case 'oomLockWait':
          return t.killed || t.memdie; // patch 8: a killed caller gets one NO_WATERMARKS attempt
        case 'min':
        case 'afterReclaim':
          return highOrHarder;
        case 'oomAttempt':
          return highOrHarder; // at high (v4.0) never below min; at min with flags (patch 8)
        default:
          return false;
      }
    },
    vacuousUnless: { describe: 'a pending allocation (a fast path that failed)', state: (s) => somePending(s, () => true) },
  };
}

/** The allocation kind noPrematureFailure is about. */
function lowOrderWaiting(req: { order: number; gfp: string; flags: readonly string[] }): boolean {
  return req.order <= 3 && req.gfp !== 'GFP_ATOMIC' && !req.flags.includes('__GFP_NORETRY');
}

/**
 * An order <= 3 allocation with __GFP_WAIT and without NORETRY, by a task that has not
 * been killed, fails only when no reclaimable cache is left for its context and no other
 * killable task that is not yet a victim holds pages (judged in the state after the step).
 */
export function noPrematureFailure(): ActionProperty<S, A> {
  return {
    kind: 'action',
    name: 'noPrematureFailure',
    meaning: 'an order <= 3 __GFP_WAIT allocation without NORETRY by a task not killed fails only when nothing is left to reclaim or kill',
    holds: (from, e, to) => {
      const failed = allocFailureIn(from, e, to);
      if (!failed || !lowOrderWaiting(failed.req)) return true;
      const me = from.context.tasks[failed.task];
      if (me.killed || me.memdie || to.context.tasks[failed.task].killed) return true;
      const c = to.context;
      if (reclaimableFor(c, failed.req.gfp) > 0) return false;
      for (const t in c.tasks) {
        if (t === failed.task) continue;
        const other = c.tasks[t];
        if (isCandidate(other) && !other.memdie && !other.killed && other.pages > 0) return false;
      }
      return true;
    },
    vacuousUnless: {
      describe: 'a pending order <= 3 allocation with __GFP_WAIT and without __GFP_NORETRY by a task not killed',
      state: (s) => somePending(s, (r, t) => lowOrderWaiting(r) && !s.context.tasks[t].killed),
    },
  };
}

/**
 * An allocation by a task that has not been killed, whose own out_of_memory killed a
 * victim whose pages have since been freed (exit_mm or the reaper), does not fail.
 */
export function killerNotStarved(): ActionProperty<S, A> {
  return {
    kind: 'action',
    name: 'killerNotStarved',
    meaning: 'an allocation whose own OOM kill has freed its victim\'s pages does not fail (no spurious failure)',
    holds: (from, e, to) => {
      const failed = allocFailureIn(from, e, to);
      if (!failed) return true;
      const me = from.context.tasks[failed.task];
      if (me.killed || to.context.tasks[failed.task].killed) return true;
      const victim = me.alloc?.victim ?? null;
      if (victim === null) return true;
      const mm = from.context.tasks[victim].mm;
      return !(mm === 'reaped' || mm === 'gone');
    },
    vacuousUnless: { describe: 'a reachable OOM kill', step: killStep },
  };
}
