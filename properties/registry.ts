/**
 * Every kernel property of MODEL.md section 5, in its order, built for one scenario:
 * `kernelProperties(scenario, policy)` for the checker, `PROPERTY_INFO` for
 * `oomcheck list properties` and docs/properties.md.
 */
import type { DeadlockProperty, Property, PropertyKind } from '../checker/property.ts';
import type { ResolvedPolicy } from '../models/kernel/policy-types.ts';
import type { Scenario } from '../models/kernel/scenario/types.ts';
import type { KernelSnapshotLike } from '../models/kernel/state.ts';
import {
  killerNotStarved,
  noKillWhileDisabled,
  noPrematureFailure,
  nofailNeverFails,
  nofsNeverKills,
  reservesPrivileged,
  unkillableSpared,
} from './actions.ts';
import { conservation, noPanic, oomLockExclusive, victimAccounting } from './invariants.ts';
import { allTasksFinish, lowOrderReturns, nofailCompletes, nofsReturns, victimExits } from './liveness.ts';
import { allocFailureHappens, oomKillHappens } from './reachability.ts';
import type { KernelEventLike } from './step.ts';

export type KernelProperty = Property<KernelSnapshotLike, KernelEventLike>;

/** A terminal state with an unfinished task; panic and all-finished (or parked at hold) are final. */
export function noDeadlock(): DeadlockProperty<KernelSnapshotLike, KernelEventLike> {
  return { kind: 'deadlock', name: 'noDeadlock', meaning: 'no reachable state where a task is unfinished and nothing can step' };
}

/**
 * The properties for one scenario. The policy does not change what a property means
 * (MODEL.md 5 is policy-independent); it is taken so that a later property may depend
 * on it without changing callers.
 */
export function kernelProperties(scenario: Scenario, _policy?: ResolvedPolicy): KernelProperty[] {
  return [
    conservation(scenario),
    oomLockExclusive(),
    victimAccounting(),
    unkillableSpared(scenario),
    noKillWhileDisabled(),
    nofsNeverKills(),
    nofailNeverFails(),
    reservesPrivileged(scenario),
    noPrematureFailure(),
    killerNotStarved(),
    noPanic(),
    noDeadlock(),
    nofailCompletes(scenario),
    lowOrderReturns(scenario),
    nofsReturns(scenario),
    victimExits(scenario),
    allTasksFinish(scenario),
    oomKillHappens(),
    allocFailureHappens(scenario),
  ];
}

export interface PropertyInfo {
  id: string;
  kind: PropertyKind;
  meaning: string;
  /** What must be reached for a "holds" to mean something (MODEL.md 7), or null. */
  premise: string | null;
}

/** Id, kind, meaning and vacuity premise of every property, built from a tiny scenario. */
export const PROPERTY_INFO: readonly PropertyInfo[] = kernelProperties({
  name: 'info',
  title: 'info',
  zone: { managed: 1, watermarks: { oom: 0, min: 0, low: 0, high: 0 }, clean: 0, dirty: 0, maxNoProgress: 2 },
  kthreads: [],
  tasks: [{ name: 'T', rss: 0, oomScoreAdj: 0, holds: [], program: [{ op: 'alloc', order: 0, gfp: 'GFP_KERNEL', flags: ['__GFP_NOFAIL'], onFail: 'unwind' }] }],
  initialFree: 1,
  origin: 'info',
}).map((p) => ({ id: p.name, kind: p.kind, meaning: p.meaning ?? '', premise: p.vacuousUnless?.describe ?? null }));

export const PROPERTY_IDS: readonly string[] = PROPERTY_INFO.map((p) => p.id);

/** What `oomcheck list properties` prints: id, kind and meaning, then the premise. */
export function formatPropertyList(): string {
  const idWidth = Math.max(...PROPERTY_INFO.map((p) => p.id.length));
  const kindWidth = Math.max(...PROPERTY_INFO.map((p) => p.kind.length));
  const lines: string[] = [];
  for (const p of PROPERTY_INFO) {
    lines.push(`${p.id.padEnd(idWidth)}  ${p.kind.padEnd(kindWidth)}  ${p.meaning}`);
    if (p.premise) lines.push(`${' '.repeat(idWidth + kindWidth + 4)}vacuous unless: ${p.premise}`);
  }
  return lines.join('\n');
}
