/**
 * What the property twins read of a compiled kernel state, as its wide ints (the region
 * slots, then the context ints of models/kernel/packed/layout.ts): the phase and slowpath
 * step of each task from its region slot, the panic state from the root slot, and the
 * context fields, by absolute index.
 *
 * The tables are built from the compiled layout's own paths, with the same rules the
 * snapshot accessors (models/kernel/state.ts phaseOf, slowpathStepOf, isPanic) apply to
 * the state value those paths unpack to, so a twin reads the same facts without the
 * snapshot. Request facts (flags, order) are not read here: a twin asks the same
 * helpers the properties use, once per task and pc (taskRequests).
 */
import type { Layout } from '../../checker/compiled/layout.ts';
import type { KernelConfig } from '../../models/kernel/kernel-config.ts';
import { taskId } from '../../models/kernel/machine-parts.ts';
import { kernelIntLayout } from '../../models/kernel/packed/layout.ts';
import type { Scenario } from '../../models/kernel/scenario/types.ts';
import type { AllocRequest, SlowpathStep, TaskPhase } from '../../models/kernel/state.ts';
import { PANIC } from '../../models/kernel/state.ts';

export { ALLOC, CLEAN, DIRTY, FREE, KILLED, MEMDIE, MM, MM_GONE, MM_LIVE, MM_REAPED, NONE, OOM_DISABLED, OOM_LOCK, OOM_VICTIMS, PAGE, PAGES, PC, POST_MARK, VICTIM } from '../../models/kernel/packed/layout.ts';

/** Phase codes: an index here; NO_PHASE when the region is inactive (after a panic). */
export const PHASES: readonly TaskPhase[] = ['run', 'lockWait', 'lockWaitKillable', 'oomDisableWait', 'alloc', 'unwind', 'exitMm', 'exitOomVictim', 'finished'];
export const NO_PHASE = -1;
export const P_RUN = 0;
export const P_ALLOC = 4;
export const P_UNWIND = 5;
export const P_EXIT_MM = 6;
export const P_EXIT_OOM_VICTIM = 7;
export const P_FINISHED = 8;

/** Slowpath step codes: an index here; NO_STEP outside the slowpath. */
export const STEPS: readonly SlowpathStep[] = ['min', 'noWatermarks', 'reclaim', 'afterReclaim', 'mayOom', 'oomLockWait', 'oomAttempt', 'outOfMemory', 'oomWait', 'oomUnlock', 'postOom', 'nopageHarder'];
export const NO_STEP = -1;

/** A task as the twins see it. */
export interface TaskInts {
  readonly index: number;
  readonly name: string;
  /** Absolute index of the task's first context int. */
  readonly base: number;
  /** Index of the task's region slot. */
  readonly slot: number;
  /** Phase code per value of the region slot (PHASES index). */
  readonly phaseOfPath: Int8Array;
  /** Slowpath step code per value of the region slot (STEPS index, or NO_STEP). */
  readonly stepOfPath: Int8Array;
  readonly oomScoreAdj: number;
  readonly programLength: number;
  /** The scenario's alloc request at each pc (undefined at other ops and past the end). */
  readonly req: readonly (AllocRequest | undefined)[];
  /** 1 where the op at pc is `hold`. */
  readonly holdAt: Uint8Array;
}

export interface KernelInts {
  readonly tasks: readonly TaskInts[];
  readonly rootSlot: number;
  readonly panicPath: number;
  /** Absolute indices of the global context ints. */
  readonly at: number;
  /** The task that took a step, by event type (the part before the first '.'), or -1. */
  stepperOf(type: string): number;
}

export function kernelInts(scenario: Scenario, config: KernelConfig, layout: Layout): KernelInts {
  const lay = kernelIntLayout(config);
  const at = layout.contextBase;
  const regionOf = (id: string) => {
    const r = layout.regions.findIndex((region) => region.owner.id === id);
    if (r < 0) throw new Error(`property twins: no region '${id}' in the compiled layout`);
    return r;
  };
  const rootSlot = regionOf('kernel');
  const panicPath = layout.regions[rootSlot].paths.findIndex((p) => p.length === 1 && p[0].key === PANIC);
  if (panicPath < 0) throw new Error(`property twins: the root region has no '${PANIC}' path`);
  const tasks = lay.taskNames.map((name, index): TaskInts => {
    const spec = scenario.tasks.find((t) => t.name === name);
    if (!spec) throw new Error(`property twins: task ${name} is not in the scenario`);
    const slot = regionOf(taskId(name));
    const paths = layout.regions[slot].paths;
    return {
      index,
      name,
      base: at + lay.taskBase[index],
      slot,
      phaseOfPath: Int8Array.from(paths, (path) => phaseCode(path[0].key)),
      // slowpathStepOf: the region value is { alloc: step } with step a string, i.e. the
      // path is alloc then an atomic (or final) node; deeper or parallel values are objects.
      stepOfPath: Int8Array.from(paths, (path) => (path.length === 2 && path[0].key === 'alloc' && path[1].type !== 'parallel' && path[1].type !== 'compound' ? stepCode(path[1].key) : NO_STEP)),
      oomScoreAdj: config.tasks[index].oomScoreAdj,
      programLength: spec.program.length,
      req: Array.from({ length: spec.program.length + 1 }, (_, pc) => {
        const op = spec.program[pc];
        return op?.op === 'alloc' ? op : undefined;
      }),
      holdAt: Uint8Array.from({ length: spec.program.length + 1 }, (_, pc) => (spec.program[pc]?.op === 'hold' ? 1 : 0)),
    };
  });
  const stepper = new Map<string, number>();
  const stepperOf = (type: string): number => {
    let t = stepper.get(type);
    if (t === undefined) {
      const dot = type.indexOf('.');
      const name = dot < 0 ? type : type.slice(0, dot);
      t = lay.taskIndex.get(name) ?? -1;
      stepper.set(type, t);
    }
    return t;
  };
  return { tasks, rootSlot, panicPath, at, stepperOf };
}

function phaseCode(key: string): number {
  const i = PHASES.indexOf(key as TaskPhase);
  if (i < 0) throw new Error(`property twins: unknown task phase '${key}'`);
  return i;
}

function stepCode(key: string): number {
  const i = STEPS.indexOf(key as SlowpathStep);
  if (i < 0) throw new Error(`property twins: unknown slowpath step '${key}'`);
  return i;
}

/** isPanic. */
export function panicked(k: KernelInts, w: ArrayLike<number>): boolean {
  return w[k.rootSlot] === k.panicPath;
}

/** phaseOf as a code: NO_PHASE when the task's region is inactive (panic). */
export function phase(t: TaskInts, w: ArrayLike<number>): number {
  const p = w[t.slot];
  return p < 0 ? NO_PHASE : t.phaseOfPath[p];
}

/** slowpathStepOf as a code, or NO_STEP. */
export function step(t: TaskInts, w: ArrayLike<number>): number {
  const p = w[t.slot];
  return p < 0 ? NO_STEP : t.stepOfPath[p];
}
