/**
 * The reachability properties of MODEL.md section 5: a witness must exist, so that the
 * verdicts that depend on it are not vacuous. `dependents` names those verdicts, for the
 * warning printed when a witness is missing.
 */
import type { Reachability } from '../checker/property.ts';
import type { Scenario } from '../models/kernel/scenario/types.ts';
import type { KernelSnapshotLike } from '../models/kernel/state.ts';
import { phaseOf } from '../models/kernel/state.ts';
import { type KernelEventLike, allocFailureIn } from './step.ts';

type S = KernelSnapshotLike;
type A = KernelEventLike;

/** Some run issues an OOM kill: a state in which some task has received SIGKILL. */
export function oomKillHappens(): Reachability<S, A> {
  return {
    kind: 'reachability',
    name: 'oomKillHappens',
    meaning: 'some run issues an OOM kill',
    witness: (s) => Object.values(s.context.tasks).some((t) => t.killed),
  };
}

/**
 * Some run fails an allocation. A failure is a step (the state keeps no "last result"),
 * so the exact witness is `witnessStep`; the state witness is the part a single state
 * shows: a task unwinding (or exiting) before the end of its program without a SIGKILL,
 * which only a failed allocation with onFail 'unwind' causes. Failures with onFail
 * 'continue' or 'retry' are seen only through `witnessStep`.
 */
export function allocFailureHappens(scenario: Scenario): Reachability<S, A> {
  const length = new Map(scenario.tasks.map((t) => [t.name, t.program.length]));
  return {
    kind: 'reachability',
    name: 'allocFailureHappens',
    meaning: 'some run fails an allocation',
    witness: (s) => {
      for (const name in s.context.tasks) {
        const t = s.context.tasks[name];
        const phase = phaseOf(s, name);
        if ((phase === 'unwind' || phase === 'exitMm') && !t.killed && t.pc < (length.get(name) ?? 0)) return true;
      }
      return false;
    },
    witnessStep: (from, e, to) => allocFailureIn(from, e, to) !== null,
  };
}

/** Which verdicts lose their meaning when a reachability property has no witness. */
export const DEPENDENTS: Readonly<Record<string, readonly string[]>> = {
  oomKillHappens: ['victimExits', 'killerNotStarved', 'unkillableSpared', 'noKillWhileDisabled', 'nofsNeverKills'],
  allocFailureHappens: ['nofailNeverFails', 'noPrematureFailure', 'killerNotStarved'],
};
