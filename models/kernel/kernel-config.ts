/**
 * The static half of a kernel model: a loaded scenario and a policy, plus what is
 * derived from them once (which kthreads run, every lock name). Guards and actions
 * close over it; nothing static is kept in the machine's context.
 */
import type { Policy } from './policy-types.ts';
import type { KthreadName, Op, Scenario, TaskSpec } from './scenario/types.ts';
import type { AllocRequest, KernelContext, TaskState } from './state.ts';

export interface KernelConfig {
  readonly scenario: Scenario;
  readonly policy: Policy;
  readonly tasks: readonly TaskSpec[];
  readonly taskByName: ReadonlyMap<string, TaskSpec>;
  /** kswapd runs where the scenario lists it. */
  readonly kswapd: boolean;
  /** oom_reaper runs where the scenario lists it or the oomReaper toggle adds it. */
  readonly oomReaper: boolean;
  readonly kthreads: readonly KthreadName[];
  /** Every lock the scenario names (holds and ops), sorted. */
  readonly lockNames: readonly string[];
}

/** Process names that are not tasks. */
export const KTHREAD_NAMES: readonly KthreadName[] = ['kswapd', 'oom_reaper'];

export function makeKernelConfig(scenario: Scenario, policy: Policy): KernelConfig {
  const names = new Set<string>();
  for (const t of scenario.tasks) {
    if (t.name.includes('.')) throw new Error(`task name ${JSON.stringify(t.name)}: a task name may not contain '.' (events are NAME.kill, NAME.timeout)`);
    if ((KTHREAD_NAMES as readonly string[]).includes(t.name)) throw new Error(`task name ${JSON.stringify(t.name)} is taken by a kernel thread`);
    if (names.has(t.name)) throw new Error(`task name ${JSON.stringify(t.name)} appears twice`);
    names.add(t.name);
  }
  const kswapd = scenario.kthreads.includes('kswapd');
  const oomReaper = scenario.kthreads.includes('oom_reaper') || policy.oomReaper;
  const kthreads: KthreadName[] = [];
  if (kswapd) kthreads.push('kswapd');
  if (oomReaper) kthreads.push('oom_reaper');
  const locks = new Set<string>();
  for (const t of scenario.tasks) {
    for (const l of t.holds) locks.add(l);
    for (const op of t.program) if ('lock' in op) locks.add(op.lock);
  }
  return {
    scenario,
    policy,
    tasks: scenario.tasks,
    taskByName: new Map(scenario.tasks.map((t) => [t.name, t])),
    kswapd,
    oomReaper,
    kthreads,
    lockNames: [...locks].sort(),
  };
}

/** The op at the task's pc, or undefined when its program is done. */
export function opAt(k: KernelConfig, task: string, pc: number): Op | undefined {
  return k.taskByName.get(task)!.program[pc];
}

/** The alloc op at pc as a request (the scenario's own object: never copied). */
export function requestAt(k: KernelConfig, task: string, pc: number): AllocRequest | undefined {
  const op = opAt(k, task, pc);
  return op?.op === 'alloc' ? op : undefined;
}

export function initialContext(k: KernelConfig): KernelContext {
  const locks: Record<string, string | null> = {};
  for (const l of k.lockNames) locks[l] = null;
  const tasks: Record<string, TaskState> = {};
  for (const t of k.tasks) {
    for (const l of t.holds) locks[l] = t.name;
    tasks[t.name] = {
      pc: 0,
      pages: t.rss,
      oomScoreAdj: t.oomScoreAdj,
      killed: false,
      memdie: false,
      mm: 'live',
      sleepingOn: null,
      alloc: null,
    };
  }
  return {
    free: k.scenario.initialFree,
    clean: k.scenario.zone.clean,
    dirty: k.scenario.zone.dirty,
    oomVictims: 0,
    oomLock: null,
    oomDisabled: false,
    locks,
    kswapdAwake: false,
    reaperQueue: [],
    tasks,
  };
}

/** The context with one task's state patched (immutable update). */
export function withTask(ctx: KernelContext, task: string, patch: Partial<TaskState>): KernelContext {
  return { ...ctx, tasks: { ...ctx.tasks, [task]: { ...ctx.tasks[task], ...patch } } };
}
