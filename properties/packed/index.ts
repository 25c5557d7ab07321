/**
 * The kernel properties for a compiled kernel model, with twins over wide ints: during
 * the search each property is evaluated by its twin (this folder) on the state's wide
 * ints, one widening per state and step end, instead of on an unpacked snapshot (about
 * twenty objects per state, most of a real check's time). Verdicts, traces and
 * explanations still re-evaluate the snapshot properties (properties/*.ts), which stay
 * the definitions; the twins must agree with them on every state and step
 * (test/kernel/property-twins.test.ts checks that on the built-in scenarios, and
 * property-twins-random.test.ts on random ones).
 */
import { onPacked, onPackedTwin } from '../../checker/compiled/packed-properties.ts';
import type { CompiledMachine } from '../../checker/compiled/compile-machine.ts';
import type { Property } from '../../checker/property.ts';
import type { KernelConfig } from '../../models/kernel/kernel-config.ts';
import type { ResolvedPolicy } from '../../models/kernel/policy-types.ts';
import type { Scenario } from '../../models/kernel/scenario/types.ts';
import { kernelProperties } from '../registry.ts';
import type { KernelEventLike } from '../step.ts';
import * as actions from './actions.ts';
import { forgetStepFacts, type Wide } from './facts.ts';
import * as invariants from './invariants.ts';
import { kernelInts } from './kernel-ints.ts';
import * as liveness from './liveness.ts';
import * as reachability from './reachability.ts';

export type PackedKernelProperty = Property<Int32Array, KernelEventLike>;

/** The twins by property name, each over wide ints. */
export function propertyTwins(scenario: Scenario, config: KernelConfig, compiled: CompiledMachine): ReadonlyMap<string, Property<Wide, KernelEventLike>> {
  const k = kernelInts(scenario, config, compiled.layout);
  const twins: Property<Wide, KernelEventLike>[] = [
    invariants.conservation(k, scenario),
    invariants.oomLockExclusive(k),
    invariants.victimAccounting(k),
    actions.unkillableSpared(k),
    actions.noKillWhileDisabled(k),
    actions.nofsNeverKills(k),
    actions.nofailNeverFails(k),
    actions.reservesPrivileged(k, scenario),
    actions.noPrematureFailure(k),
    actions.killerNotStarved(k),
    invariants.noPanic(k),
    { kind: 'deadlock', name: 'noDeadlock' },
    liveness.nofailCompletes(k, scenario),
    liveness.lowOrderReturns(k, scenario),
    liveness.nofsReturns(k, scenario),
    liveness.victimExits(k, scenario),
    liveness.allTasksFinish(k, scenario),
    reachability.oomKillHappens(k),
    reachability.allocFailureHappens(k),
  ];
  return new Map(twins.map((t) => [t.name, t]));
}

/**
 * Every kernel property (kernelProperties' order) over the compiled model's packed
 * states. `twins: false` evaluates the snapshot properties on unpacked snapshots
 * throughout (what the twins are tested against). States that are not narrow (no
 * NarrowPlan) have no wide form to share, and get the snapshot properties too.
 */
export function compiledKernelProperties(
  scenario: Scenario,
  policy: ResolvedPolicy | undefined,
  config: KernelConfig,
  compiled: CompiledMachine,
  options: { twins?: boolean } = {},
): PackedKernelProperty[] {
  const properties = kernelProperties(scenario, policy);
  const plan = compiled.narrowing;
  if (options.twins === false || plan === undefined) return properties.map((p) => onPacked(p as never, compiled.unpack) as PackedKernelProperty);
  const twins = propertyTwins(scenario, config, compiled);
  // An array per view, rewritten in place when the search is done with it (property.ts viewInto):
  // it holds a step's two ends and a new state's view at once, three arrays in all.
  const wide = (narrow: Int32Array): Wide => plan.widenToArray(narrow);
  const wideInto = (narrow: Int32Array, reuse: Wide | undefined): Wide => {
    if (reuse === undefined) return plan.widenToArray(narrow);
    forgetStepFacts();
    plan.widenIntoArray(narrow, reuse as number[]);
    return reuse;
  };
  return properties.map((p) => {
    const twin = twins.get(p.name);
    if (twin === undefined) throw new Error(`internal: kernel property '${p.name}' has no twin over ints`);
    return onPackedTwin(p as never, compiled.unpack, { view: wide, viewInto: wideInto, property: twin }) as PackedKernelProperty;
  });
}
