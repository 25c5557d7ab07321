/**
 * Expected verdicts of every built-in scenario under v4.0 and rfc, for every property,
 * each from a full exploration (checkScenario), never from a table in the code under test.
 * Notation per row: the properties listed under `violated` and `vacuous` have those
 * statuses; every other property must hold. Each expectation is justified in a comment
 * (the interleaving that breaks it, citing MODEL.md, or why none can). Common to all rows:
 * conservation, oomLockExclusive, victimAccounting, reservesPrivileged and noPanic hold
 * (the model keeps the books; no scenario leaves nothing killable at an OOM kill, since every
 * scenario has a killable task with pages or never reaches out_of_memory's selection);
 * noDeadlock holds (every hang below is a livelock: the allocator keeps retrying, MODEL.md 7
 * "Verdict words", so the graph has a cycle, not a dead end).
 */
import { describe, expect, it } from 'vitest';
import { checkScenario } from '../../models/kernel/check-scenario.ts';
import { resolvePolicy } from '../../models/kernel/policy.ts';
import { findScenario } from '../../models/kernel/scenario/builtin.ts';
import { PROPERTY_IDS } from '../../properties/registry.ts';

interface Expect {
  violated: string[];
  vacuous: string[];
}

/** No kill reachable: the kill-premised properties are vacuous (MODEL.md 7). */
const NO_KILL_VACUOUS = ['unkillableSpared', 'noKillWhileDisabled', 'killerNotStarved', 'victimExits'];

const EXPECTED: Record<string, Record<'v4.0' | 'rfc', Expect>> = {
  // A holds i_mutex and loops in GFP_NOFS order 0; V sleeps on i_mutex. free 1 < min 2, no cache.
  'victim-behind-imutex': {
    // v4.0 (MODEL.md 3 step 6): !__GFP_FS -> progress = 1 without a kill, so A retries forever:
    // A's allocation never returns (lowOrderReturns, nofsReturns), V never gets i_mutex
    // (allTasksFinish), nobody is ever killed (oomKillHappens) and nothing fails (allocFailureHappens).
    // No NOFAIL allocation: nofailNeverFails and nofailCompletes vacuous.
    'v4.0': {
      violated: ['lowOrderReturns', 'nofsReturns', 'allTasksFinish', 'oomKillHappens', 'allocFailureHappens'],
      vacuous: [...NO_KILL_VACUOUS, 'nofailNeverFails', 'nofailCompletes'],
    },
    // rfc: nofsFail (patch 11) fails A when reclaim frees nothing; A unwinds, drops i_mutex,
    // V runs. But V (5 pages, killable, not a victim) could have been killed: the failure is
    // premature (MODEL.md 5 noPrematureFailure, "the filesystem developers' objection").
    rfc: {
      violated: ['noPrematureFailure', 'oomKillHappens'],
      vacuous: [...NO_KILL_VACUOUS, 'nofailNeverFails', 'nofailCompletes'],
    },
  },
  // The same with GFP_KERNEL: A's may_oom kills V (5 pages > A's 2).
  'victim-behind-imutex-kernel': {
    // v4.0: V gets TIF_MEMDIE but sleeps uninterruptibly on i_mutex (a SIGKILL does not wake it,
    // MODEL.md 2); every later selection aborts while V lives (MODEL.md 3), progress 1, A loops:
    // lowOrderReturns, victimExits, allTasksFinish violated; A never fails. No NOFS, no NOFAIL,
    // no -1000 task, never disabled.
    'v4.0': {
      violated: ['lowOrderReturns', 'victimExits', 'allTasksFinish', 'allocFailureHappens'],
      vacuous: ['unkillableSpared', 'noKillWhileDisabled', 'nofsNeverKills', 'nofailNeverFails', 'nofailCompletes', 'nofsReturns'],
    },
    // rfc: after the kill and patch 8's wait, the post-OOM attempt at `oom` (patch 9) fails
    // (free 1 - 1 < oom 1) and lowOrderFail (patch 12) fails A; A unwinds, V exits. The failure is
    // not premature (V is already a victim, no cache) and not starved (V's pages are not freed yet).
    rfc: {
      violated: [],
      vacuous: ['unkillableSpared', 'noKillWhileDisabled', 'nofsNeverKills', 'nofailNeverFails', 'nofailCompletes', 'nofsReturns'],
    },
  },
  // A holds the journal and asks GFP_NOFS|__GFP_NOFAIL order 1 (2 pages); free 1; V needs the journal.
  'nofail-holding-lock': {
    // v4.0: NOFAIL ignores the !__GFP_FS exemption and kills V (MODEL.md 3), V blocks on the
    // journal, selections abort, A loops forever: nofailCompletes, lowOrderReturns, nofsReturns,
    // victimExits, allTasksFinish; NOFAIL never fails, so no failure at all.
    'v4.0': {
      violated: ['nofailCompletes', 'lowOrderReturns', 'nofsReturns', 'victimExits', 'allTasksFinish', 'allocFailureHappens'],
      vacuous: ['unkillableSpared', 'noKillWhileDisabled', 'nofsNeverKills'],
    },
    // rfc: nofailReserves (patch 10) gives NO_WATERMARKS after out_of_memory, but free 1 < 2 pages:
    // "might still lock up" (cover letter). Same verdicts.
    rfc: {
      violated: ['nofailCompletes', 'lowOrderReturns', 'nofsReturns', 'victimExits', 'allTasksFinish', 'allocFailureHappens'],
      vacuous: ['unkillableSpared', 'noKillWhileDisabled', 'nofsNeverKills'],
    },
  },
  // T holds mmap_sem and allocates GFP_KERNEL; V needs mmap_sem. No oom_reaper in v4.0 or rfc.
  'mmap-sem-sibling': {
    // As victim-behind-imutex-kernel: the victim blocks on a lock the allocator holds.
    'v4.0': {
      violated: ['lowOrderReturns', 'victimExits', 'allTasksFinish', 'allocFailureHappens'],
      vacuous: ['unkillableSpared', 'noKillWhileDisabled', 'nofsNeverKills', 'nofailNeverFails', 'nofailCompletes', 'nofsReturns'],
    },
    rfc: {
      violated: [],
      vacuous: ['unkillableSpared', 'noKillWhileDisabled', 'nofsNeverKills', 'nofailNeverFails', 'nofailCompletes', 'nofsReturns'],
    },
  },
  // swapper asks GFP_NOFS order 0; both tasks are -1000 (nothing killable), free 1 = min.
  'nofs-nobody-to-kill': {
    // v4.0: the NOFS fake progress loops forever (the boot hang of S5); may_oom never selects, so no panic.
    'v4.0': {
      violated: ['lowOrderReturns', 'nofsReturns', 'allTasksFinish', 'oomKillHappens', 'allocFailureHappens'],
      vacuous: [...NO_KILL_VACUOUS, 'nofailNeverFails', 'nofailCompletes'],
    },
    // rfc: nofsFail fails it; nothing is killable and no cache is left, so not premature.
    rfc: {
      violated: ['oomKillHappens'],
      vacuous: [...NO_KILL_VACUOUS, 'nofailNeverFails', 'nofailCompletes'],
    },
  },
  // X retries GFP_NOFS order 0 itself on failure (XFS kmem_alloc); V holds 5 pages.
  'xfs-retry': {
    // v4.0: the slowpath itself loops (fake progress), as for victim-behind-imutex.
    'v4.0': {
      violated: ['lowOrderReturns', 'nofsReturns', 'allTasksFinish', 'oomKillHappens', 'allocFailureHappens'],
      vacuous: [...NO_KILL_VACUOUS, 'nofailNeverFails', 'nofailCompletes'],
    },
    // rfc: each allocation now returns (failure, nofsFail) so lowOrderReturns/nofsReturns hold, but
    // the caller retries forever: allTasksFinish is still violated (Dave Chinner's objection), and
    // every failure is premature (V is killable with pages).
    rfc: {
      violated: ['noPrematureFailure', 'allTasksFinish', 'oomKillHappens'],
      vacuous: [...NO_KILL_VACUOUS, 'nofailNeverFails', 'nofailCompletes'],
    },
  },
  // A kills V; B allocates concurrently and may take the freed pages. free 1, min 2, oom 1.
  'kill-stolen-by-concurrent-alloc': {
    // v4.0: an order-0 GFP_KERNEL by a task that is not killed never fails (MODEL.md 3 step 5,
    // progress from the OOM path); after a steal the next OOM kills again and the system always
    // progresses. A failure is still reachable: B, killed by A's second OOM kill while in its own
    // slowpath, has TIF_MEMDIE and fails (MODEL.md 3 step 3) -- allowed for a killed task.
    'v4.0': {
      violated: [],
      vacuous: ['unkillableSpared', 'noKillWhileDisabled', 'nofsNeverKills', 'nofailNeverFails', 'nofailCompletes', 'nofsReturns'],
    },
    // rfc: the `oom` mark (patch 9) keeps one page for the killer after B's steal; failures happen
    // only to killed tasks (TIF_MEMDIE fails, MODEL.md 3 step 3), so none is premature or starved.
    rfc: {
      violated: [],
      vacuous: ['unkillableSpared', 'noKillWhileDisabled', 'nofsNeverKills', 'nofailNeverFails', 'nofailCompletes', 'nofsReturns'],
    },
  },
  // As above, but the thief is an order-1 GFP_ATOMIC (HIGH+HARDER: it may go below min).
  'kill-stolen-by-atomic': {
    // irq is an interrupt context: no mm, never an OOM candidate (oomScoreAdj -1000), so with a
    // kill reachable unkillableSpared is not vacuous, and holds: out_of_memory never selects it.
    // v4.0: A (not killed) never fails; the order-1 GFP_ATOMIC fails at once whenever the min
    // attempt with HIGH|HARDER fails (MODEL.md 3 step 3), which is reachable (allocFailureHappens
    // holds) but atomic allocations are outside noPrematureFailure. The steal makes A kill again
    // when a killable task is left, or abort on a TIF_MEMDIE one.
    'v4.0': {
      violated: [],
      vacuous: ['noKillWhileDisabled', 'nofsNeverKills', 'nofailNeverFails', 'nofailCompletes'],
    },
    // rfc: A kills V, V exits (free 3), irq takes 2 pages below min (ALLOC_HIGH|HARDER), A's
    // post-OOM attempt at `oom` fails (free 1 - 1 < 1) and lowOrderFail fails A: the killer starves
    // (killerNotStarved, the RFC's "spurious failure"). noPrematureFailure holds: with V gone
    // no other killable task holds pages (irq is unkillable), so nothing is left to kill.
    rfc: {
      violated: ['killerNotStarved'],
      vacuous: ['noKillWhileDisabled', 'nofsNeverKills', 'nofailNeverFails', 'nofailCompletes'],
    },
  },
  // S disables the OOM killer (suspend), then waits for dev_lock, which K holds while it
  // allocates GFP_KERNEL|__GFP_NOFAIL order 0. free 4, min 4.
  'nofail-oom-disabled': {
    // v4.0 (S9): once disabled, out_of_memory returns false and NOFAIL fakes progress: K loops,
    // S never gets dev_lock. If K goes first it kills U and succeeds, so a kill is reachable;
    // no kill happens while disabled (noKillWhileDisabled holds). Nothing ever fails.
    'v4.0': {
      violated: ['nofailCompletes', 'lowOrderReturns', 'allTasksFinish', 'allocFailureHappens'],
      vacuous: ['unkillableSpared', 'nofsNeverKills', 'nofsReturns'],
    },
    // rfc: nofailReserves (patch 10) gives NOFAIL NO_WATERMARKS after out_of_memory (also when it
    // returned false, MODEL.md 7 "Reserves"): free 4 >= 1, K succeeds. Nothing fails.
    rfc: {
      violated: ['allocFailureHappens'],
      vacuous: ['unkillableSpared', 'nofsNeverKills', 'nofsReturns'],
    },
  },
  // C asks order 4 (costly) GFP_KERNEL|__GFP_REPEAT; 2 clean pages; V holds 14 pages.
  'costly-order': {
    // Both: no OOM kill for order > 3 (MODEL.md 3 step 6); REPEAT retries while reclaimed < 16,
    // reclaim runs dry, progress 0 -> may_oom gives progress 0 -> fail. Costly and no low-order
    // allocation: noPrematureFailure and lowOrderReturns vacuous.
    'v4.0': {
      violated: ['oomKillHappens'],
      vacuous: [...NO_KILL_VACUOUS, 'nofsNeverKills', 'nofailNeverFails', 'noPrematureFailure', 'nofailCompletes', 'lowOrderReturns', 'nofsReturns'],
    },
    rfc: {
      violated: ['oomKillHappens'],
      vacuous: [...NO_KILL_VACUOUS, 'nofsNeverKills', 'nofailNeverFails', 'noPrematureFailure', 'nofailCompletes', 'lowOrderReturns', 'nofsReturns'],
    },
  },
};

describe('built-in scenarios: verdicts under v4.0 and rfc', () => {
  for (const [name, byPolicy] of Object.entries(EXPECTED)) {
    for (const policy of ['v4.0', 'rfc'] as const) {
      it(`${name} under ${policy}`, async () => {
        const result = await checkScenario(findScenario(name), resolvePolicy(policy));
        expect(result.stats.complete).toBe(true);
        const want = byPolicy[policy];
        const expected = Object.fromEntries(
          PROPERTY_IDS.map((id) => [id, want.violated.includes(id) ? 'violated' : want.vacuous.includes(id) ? 'vacuous' : 'holds']),
        );
        const got = Object.fromEntries(result.results.map((r) => [r.property, r.status]));
        expect(got).toEqual(expected);
      });
    }
  }
});
