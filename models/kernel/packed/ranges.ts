/**
 * The range of every context int (PackedContext.ranges), so the checker can store kernel
 * states narrow: a task's thirteen ints take about 20 bits.
 *
 * Page counts: free, clean, dirty and every task's pages add up to `managed` in every
 * state (the conservation invariant: pages only move between them), so each lies in
 * [0, managed]. A model change that broke conservation would make the narrow packing
 * throw "outside its declared range", naming the field, rather than store a wrong state.
 * The other bounds follow from the layout: flags, task and lock indices (NONE = -1),
 * pc up to the program's length, reclaimed saturated at 2^order, no_progress_loops at
 * maxNoProgress + 1, oom_victims at most one per task.
 */
import type { KernelConfig } from '../kernel-config.ts';
import {
  ALLOC,
  CLEAN,
  DIRTY,
  FREE,
  KILLED,
  KSWAPD_AWAKE,
  MEMDIE,
  MM,
  MM_STATES,
  NO_PROGRESS,
  NONE,
  OOM_DISABLED,
  OOM_LOCK,
  OOM_PROGRESS,
  OOM_VICTIMS,
  PAGE,
  PAGES,
  PC,
  POST_MARK,
  POST_MARKS,
  RECLAIMED,
  SLEEPING_ON,
  TASK_STRIDE,
  VICTIM,
  type KernelIntLayout,
} from './layout.ts';

type Range = readonly [number, number];

const TASK_FIELDS = ['pc', 'pages', 'killed', 'memdie', 'mm', 'sleepingOn', 'alloc', 'oomProgress', 'reclaimed', 'noProgressLoops', 'page', 'postMark', 'victim'];
const GLOBAL_FIELDS = ['free', 'clean', 'dirty', 'oomVictims', 'oomLock', 'oomDisabled', 'kswapdAwake'];

export function kernelIntRanges(k: KernelConfig, lay: KernelIntLayout): Range[] {
  const T = lay.taskNames.length;
  const pages: Range = [0, k.scenario.zone.managed];
  const flag: Range = [0, 1];
  const task: Range = [NONE, T - 1];
  const ranges: Range[] = new Array(lay.width);
  ranges[FREE] = pages;
  ranges[CLEAN] = pages;
  ranges[DIRTY] = pages;
  ranges[OOM_VICTIMS] = [0, T];
  ranges[OOM_LOCK] = task;
  ranges[OOM_DISABLED] = flag;
  ranges[KSWAPD_AWAKE] = flag;
  for (let l = 0; l < lay.lockNames.length; l++) ranges[lay.locks + l] = task;
  for (let q = 0; q < T; q++) ranges[lay.queue + q] = task;
  k.tasks.forEach((spec, i) => {
    const b = lay.taskBase[i];
    const maxOrder = Math.max(0, ...spec.program.map((op) => (op.op === 'alloc' ? op.order : 0)));
    ranges[b + PC] = [0, spec.program.length];
    ranges[b + PAGES] = pages;
    ranges[b + KILLED] = flag;
    ranges[b + MEMDIE] = flag;
    ranges[b + MM] = [0, MM_STATES.length - 1];
    ranges[b + SLEEPING_ON] = [NONE, lay.victimsWait];
    ranges[b + ALLOC] = flag;
    ranges[b + OOM_PROGRESS] = flag;
    ranges[b + RECLAIMED] = [0, 1 << maxOrder];
    ranges[b + NO_PROGRESS] = [0, k.scenario.zone.maxNoProgress + 1];
    ranges[b + PAGE] = flag;
    ranges[b + POST_MARK] = [NONE, POST_MARKS.length - 1];
    ranges[b + VICTIM] = task;
  });
  for (let i = 0; i < lay.width; i++) if (ranges[i] === undefined) throw new Error(`internal: packed kernel int ${i} has no range`);
  return ranges;
}

/** A name for context int i, for the narrow packing's errors ("task A pages"). */
export function describeKernelInt(lay: KernelIntLayout, i: number): string {
  if (i < GLOBAL_FIELDS.length) return GLOBAL_FIELDS[i];
  if (i < lay.queue) return `lock ${lay.lockNames[i - lay.locks]} holder`;
  if (i < lay.taskBase[0] || lay.taskNames.length === 0) return `oom_reaper queue entry ${i - lay.queue}`;
  const t = Math.floor((i - lay.taskBase[0]) / TASK_STRIDE);
  return `task ${lay.taskNames[t]} ${TASK_FIELDS[i - lay.taskBase[t]]}`;
}
