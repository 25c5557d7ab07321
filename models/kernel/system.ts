/**
 * A scenario and a policy composed into ONE xstate machine: a parallel region per task
 * (its lifecycle, with __alloc_pages_slowpath nested) and per kernel thread, the shared
 * kernel state in the context, and a top-level `panic` state. Built with
 * setup({ types, guards, actions }) from the components' named guard and update tables.
 */
import { assign, setup, type AnyStateMachine, type SnapshotFrom } from 'xstate';
import { fromMachine } from '../../checker/xstate/from-machine.ts';
import type { Model } from '../../checker/model.ts';
import { makeReturnGuards, makeReturnUpdates } from './alloc-return.ts';
import { describeStep } from './describe.ts';
import { kernelEvents, processOf } from './events.ts';
import { initialContext, makeKernelConfig, opAt, type KernelConfig } from './kernel-config.ts';
import { kswapdRegion, makeKswapdGuards, makeKswapdUpdates } from './kswapd.ts';
import type { GuardImpl, KernelEvent, StateConfig, UpdateImpl } from './machine-parts.ts';
import { makeOomGuards, makeOomUpdates } from './oom-killer.ts';
import { makeReaperGuards, makeReaperUpdates, oomReaperRegion } from './oom-reaper.ts';
import type { Policy } from './policy-types.ts';
import type { Scenario } from './scenario/types.ts';
import { makeSlowpathGuards, makeSlowpathUpdates } from './slowpath.ts';
import { isPanic, phaseOf, PANIC, RUNNING, type KernelContext, type KernelSnapshotLike } from './state.ts';
import { makeTaskFlagGuards } from './task-flags.ts';
import { makeTaskGuards, makeTaskUpdates, taskRegion } from './task.ts';
import { kernelView } from './view.ts';

function mergeTables<T>(tables: readonly Record<string, T>[], what: string): Record<string, T> {
  const out: Record<string, T> = {};
  for (const table of tables) {
    for (const [name, impl] of Object.entries(table)) {
      if (name in out) throw new Error(`internal: ${what} ${name} defined twice`);
      out[name] = impl;
    }
  }
  return out;
}

/** The machine's config, before setup: kept separate so tests can read its structure. */
export function kernelMachineConfig(k: KernelConfig): StateConfig & { context: KernelContext } {
  const regions: Record<string, StateConfig> = {};
  for (const t of k.tasks) regions[t.name] = taskRegion(k, t.name);
  if (k.kswapd) regions.kswapd = kswapdRegion();
  if (k.oomReaper) regions.oom_reaper = oomReaperRegion();
  return {
    id: 'kernel',
    initial: RUNNING,
    context: initialContext(k),
    description: `${k.scenario.name}: ${k.scenario.title}`,
    states: {
      [RUNNING]: { type: 'parallel', states: regions },
      [PANIC]: { type: 'final', description: 'panic("Out of memory and no killable processes")' },
    },
  };
}

export function buildKernelMachine(k: KernelConfig) {
  const guards = mergeTables<GuardImpl<any>>(
    [
      makeTaskFlagGuards(k),
      makeTaskGuards(k),
      makeReturnGuards(k),
      makeSlowpathGuards(k),
      makeOomGuards(k),
      makeKswapdGuards(k),
      makeReaperGuards(k),
    ],
    'guard',
  );
  const updates = mergeTables<UpdateImpl<any>>(
    [makeTaskUpdates(k), makeReturnUpdates(k), makeSlowpathUpdates(k), makeOomUpdates(k), makeKswapdUpdates(k), makeReaperUpdates(k)],
    'action',
  );
  const actions: Record<string, ReturnType<typeof assign>> = {};
  for (const [name, update] of Object.entries(updates)) {
    actions[name] = assign(((args: { context: KernelContext; event: KernelEvent }, params: unknown) => update(args, params)) as never) as never;
  }
  const machine = setup({
    types: { context: {} as KernelContext, events: {} as KernelEvent },
    guards: guards as Record<string, (args: { context: KernelContext; event: KernelEvent }, params: any) => boolean>,
    actions: actions as never,
  }).createMachine(kernelMachineConfig(k) as never);
  return machine;
}

export type KernelMachine = ReturnType<typeof buildKernelMachine>;
export type KernelSnapshotOf = SnapshotFrom<KernelMachine> & { context: KernelContext };

/** Every task finished or parked at `hold` (not killed): a valid end. A panic is one too. */
export function kernelIsFinal(k: KernelConfig, s: KernelSnapshotLike): boolean {
  if (isPanic(s)) return true;
  for (const t of k.tasks) {
    const phase = phaseOf(s, t.name);
    if (phase === 'finished') continue;
    const ts = s.context.tasks[t.name];
    if (phase === 'run' && !ts.killed && opAt(k, t.name, ts.pc)?.op === 'hold') continue;
    return false;
  }
  return true;
}

export interface KernelModel {
  readonly config: KernelConfig;
  readonly machine: KernelMachine;
  readonly model: Model<KernelSnapshotOf, KernelEvent>;
}

export function buildKernelModel(scenario: Scenario, policy: Policy): KernelModel {
  const k = makeKernelConfig(scenario, policy);
  const machine = buildKernelMachine(k);
  const base = fromMachine(machine as unknown as AnyStateMachine, {
    events: (s) => kernelEvents(k, s as unknown as KernelSnapshotOf),
    process: (e) => processOf(e as KernelEvent),
    // Every kernel action builds new objects (withTask, spreads): encodings can be shared.
    immutableContext: true,
  }) as unknown as Model<KernelSnapshotOf, KernelEvent>;
  // MODEL.md 5: a deadlock is a state where a task is unfinished and nothing can step; an
  // event the machine takes without changing anything is no step, so it does not save a
  // state from being a deadlock here (the generic rule, for user machines, is TLC's).
  const { hasUnchangingStep: _generic, ...rest } = base;
  const model: Model<KernelSnapshotOf, KernelEvent> = {
    ...rest,
    isFinal: (s) => kernelIsFinal(k, s),
    describeStep: (from, event, to) => describeStep(k, from, event, to),
    view: (s) => kernelView(k, s),
    actionJson: (e) => ({ ...e }),
  };
  return { config: k, machine, model };
}
