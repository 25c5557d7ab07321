/** The invariants of MODEL.md section 5: predicates every reachable state must satisfy. */
import type { Invariant } from '../checker/property.ts';
import type { Scenario } from '../models/kernel/scenario/types.ts';
import type { KernelSnapshotLike, SlowpathStep } from '../models/kernel/state.ts';
import { isPanic, slowpathStepOf } from '../models/kernel/state.ts';
import type { KernelEventLike } from './step.ts';

type S = KernelSnapshotLike;
type A = KernelEventLike;

/** free + task pages + clean + dirty == managed, every term >= 0. */
export function conservation(scenario: Scenario): Invariant<S, A> {
  const managed = scenario.zone.managed;
  return {
    kind: 'invariant',
    name: 'conservation',
    meaning: 'free + task pages + clean + dirty == managed, all >= 0',
    holds: (s) => {
      const c = s.context;
      if (c.free < 0 || c.clean < 0 || c.dirty < 0) return false;
      let sum = c.free + c.clean + c.dirty;
      for (const t in c.tasks) {
        const pages = c.tasks[t].pages;
        if (pages < 0) return false;
        sum += pages;
      }
      return sum === managed;
    },
  };
}

/**
 * The slowpath steps a task can only be in while it holds oom_lock: the attempt under
 * the lock, out_of_memory, patch 8's wait, and the unlock itself (MODEL.md 3 and 7).
 */
const UNDER_OOM_LOCK: ReadonlySet<SlowpathStep> = new Set<SlowpathStep>(['oomAttempt', 'outOfMemory', 'oomWait', 'oomUnlock']);

/**
 * At most one holder of oom_lock. The context names one holder, so the check is that
 * every task whose control is inside the locked section is that holder: two tasks in
 * out_of_memory at once would be two holders, whatever the field says.
 */
export function oomLockExclusive(): Invariant<S, A> {
  return {
    kind: 'invariant',
    name: 'oomLockExclusive',
    meaning: 'at most one holder of oom_lock',
    holds: (s) => {
      if (isPanic(s)) return true;
      const holder = s.context.oomLock;
      for (const t in s.context.tasks) {
        const step = slowpathStepOf(s, t);
        if (step !== null && UNDER_OOM_LOCK.has(step) && holder !== t) return false;
      }
      return true;
    },
  };
}

/** oom_victims == tasks with TIF_MEMDIE (also between exit_mm and exit_oom_victim). */
export function victimAccounting(): Invariant<S, A> {
  return {
    kind: 'invariant',
    name: 'victimAccounting',
    meaning: 'oom_victims == live tasks with TIF_MEMDIE',
    holds: (s) => {
      let n = 0;
      for (const t in s.context.tasks) if (s.context.tasks[t].memdie) n++;
      return s.context.oomVictims === n;
    },
  };
}

/** The OOM killer never finds nothing to kill (the panic state is never reached). */
export function noPanic(): Invariant<S, A> {
  return {
    kind: 'invariant',
    name: 'noPanic',
    meaning: 'the OOM killer never finds nothing to kill',
    holds: (s) => !isPanic(s),
  };
}
