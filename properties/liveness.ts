/**
 * The liveness properties of MODEL.md section 5, as per-task "p leads to q" obligations
 * (label = the task's name) under the checker's weak fairness per process.
 *
 * MODEL.md 7 "Verdict words": an allocation is pending from the end of its fast-path step
 * until it leaves the op (phase `alloc`); a panic discharges every obligation, so every q
 * holds in the panic state; a terminal state with an obligation open stutters forever and
 * violates it.
 */
import type { Liveness, Obligation } from '../checker/property.ts';
import type { Scenario } from '../models/kernel/scenario/types.ts';
import type { AllocRequest, KernelSnapshotLike, TaskPhase } from '../models/kernel/state.ts';
import { isFinished, isPanic, phaseOf } from '../models/kernel/state.ts';
import { type KernelEventLike, canFs, isNofail, parkedAtHold, pendingReq, somePending } from './step.ts';

type S = KernelSnapshotLike;
type A = KernelEventLike;

/** One obligation per task: p = "the task's pending allocation is of this kind", q = "it left the op". */
function pendingReturns(scenario: Scenario, kind: (req: AllocRequest) => boolean): Obligation<S>[] {
  return scenario.tasks.map(({ name }) => ({
    label: name,
    p: (s: S) => {
      const req = pendingReq(s, name);
      return req !== null && kind(req);
    },
    q: (s: S) => isPanic(s) || phaseOf(s, name) !== 'alloc',
  }));
}

/** The phases of a task after its program has ended or been abandoned (unwind and exit). */
const EXITING: ReadonlySet<TaskPhase> = new Set<TaskPhase>(['unwind', 'exitMm', 'exitOomVictim', 'finished']);

/**
 * Every NOFAIL allocation eventually succeeds. The state does not record how the last
 * step ended, so success is read from where the task went: one obligation per NOFAIL op
 * at index k, discharged once the task is past op k (a failure with onFail 'retry' stays
 * at k and keeps the obligation open), or exiting after a SIGKILL (a killed task unwinds
 * after its allocation returns). A NOFAIL failure is also an action violation of
 * nofailNeverFails, which catches the 'continue' and killed cases this cannot tell apart.
 */
export function nofailCompletes(scenario: Scenario): Liveness<S, A> {
  const obligations: Obligation<S>[] = [];
  for (const task of scenario.tasks) {
    task.program.forEach((op, k) => {
      if (op.op !== 'alloc' || !op.flags.includes('__GFP_NOFAIL')) return;
      const name = task.name;
      obligations.push({
        label: name,
        p: (s) => phaseOf(s, name) === 'alloc' && s.context.tasks[name].pc === k,
        q: (s) => {
          if (isPanic(s)) return true;
          const t = s.context.tasks[name];
          if (t.pc > k) return true;
          const phase = phaseOf(s, name);
          return phase !== null && EXITING.has(phase) && t.killed;
        },
      });
    });
  }
  return {
    kind: 'liveness',
    name: 'nofailCompletes',
    meaning: 'every NOFAIL allocation eventually succeeds: no __GFP_NOFAIL deadlock',
    obligations,
    vacuousUnless: { describe: 'a pending __GFP_NOFAIL allocation', state: (s) => somePending(s, isNofail) },
  };
}

const lowOrder = (r: AllocRequest): boolean => r.order <= 3;
const notFs = (r: AllocRequest): boolean => !canFs(r);

/** Every order <= 3 allocation eventually returns, success or failure. */
export function lowOrderReturns(scenario: Scenario): Liveness<S, A> {
  return {
    kind: 'liveness',
    name: 'lowOrderReturns',
    meaning: 'every order <= 3 allocation eventually returns, success or failure',
    obligations: pendingReturns(scenario, lowOrder),
    vacuousUnless: { describe: 'a pending order <= 3 allocation', state: (s) => somePending(s, lowOrder) },
  };
}

/** Every !__GFP_FS allocation (GFP_NOFS, GFP_NOIO, GFP_ATOMIC) eventually returns. */
export function nofsReturns(scenario: Scenario): Liveness<S, A> {
  return {
    kind: 'liveness',
    name: 'nofsReturns',
    meaning: 'every !__GFP_FS allocation eventually returns',
    obligations: pendingReturns(scenario, notFs),
    vacuousUnless: { describe: 'a pending !__GFP_FS allocation', state: (s) => somePending(s, notFs) },
  };
}

/** Every task given TIF_MEMDIE eventually finishes its own exit (also after the reaper cleared the flag). */
export function victimExits(scenario: Scenario): Liveness<S, A> {
  return {
    kind: 'liveness',
    name: 'victimExits',
    meaning: 'every OOM victim eventually exits',
    obligations: scenario.tasks.map(({ name }) => ({
      label: name,
      p: (s: S) => s.context.tasks[name].memdie,
      q: (s: S) => isPanic(s) || isFinished(s, name),
    })),
    vacuousUnless: {
      describe: 'a reachable OOM kill (a task with TIF_MEMDIE)',
      state: (s) => Object.values(s.context.tasks).some((t) => t.memdie),
    },
  };
}

/** Every task eventually finishes its program or parks at `hold`. */
export function allTasksFinish(scenario: Scenario): Liveness<S, A> {
  return {
    kind: 'liveness',
    name: 'allTasksFinish',
    meaning: 'every task eventually finishes its program (or parks at hold)',
    obligations: scenario.tasks.map(({ name }) => ({
      label: name,
      p: 'initial' as const,
      q: (s: S) => isPanic(s) || isFinished(s, name) || parkedAtHold(scenario, s, name),
    })),
  };
}
