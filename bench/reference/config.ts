/**
 * The static half of the reference explorer: a scenario and a policy checked against
 * what the reference supports (README.md), then flattened into typed arrays indexed by
 * (task, pc) so that the successor function reads no objects on its hot path.
 *
 * Everything the kernel model decides from the op alone (watermark thresholds, the
 * should_alloc_retry inputs, the may_oom early exits) is decided here once per op.
 */
import { PAGE_ALLOC_COSTLY_ORDER } from '../../models/kernel/gfp.ts';
import type { Policy, Toggle } from '../../models/kernel/policy-types.ts';
import type { Op, Scenario } from '../../models/kernel/scenario/types.ts';
import { effectiveMark } from '../../models/kernel/zone.ts';
import * as L from './layout.ts';

/** A scenario or policy outside what the reference explorer models. */
export class ReferenceUnsupportedError extends Error {
  override readonly name = 'ReferenceUnsupportedError';
}

/** Toggles the reference implements; any other toggle that is on is refused. */
export const SUPPORTED_TOGGLES: readonly Toggle[] = [
  'oomLockMutex', // only oomDisable reads it, and oomDisable is refused
  'victimWaitqueue', // changes no step (MODEL.md 7)
  'nofsFail',
  'lowOrderFail',
  'oomReaper',
  'reclaimRetries',
  'nofsCheckInOom',
];

// Op kinds in the per-(task, pc) table; END marks pc == program length.
export const OP_END = 0;
export const OP_ALLOC = 1;
export const OP_HOLD = 2;
export const OP_FREE = 3;
export const OP_LOCK = 4;
export const OP_LOCK_KILLABLE = 5;
export const OP_UNLOCK = 6;

// onFail codes.
export const FAIL_UNWIND = 0;
export const FAIL_CONTINUE = 1;
export const FAIL_RETRY = 2;

// Bits of the per-op allocation flags word (A_*).
export const A_CAN_FS = 1;
export const A_ATOMIC = 2; // no __GFP_WAIT
export const A_NOFAIL = 4;
export const A_NORETRY = 8;
export const A_REPEAT = 16;
export const A_COSTLY = 32;
/** may_oom's order > 3 exit applies (NOFAIL is exempt). */
export const A_COSTLY_EXIT = 64;
/** may_oom's !__GFP_FS exit applies (v4.0 placement; NOFAIL exempt). */
export const A_NOFS_EXIT = 128;
/** v4.7 out_of_memory's !(__GFP_FS|__GFP_NOFAIL) check applies. */
export const A_NOFS_IN_OOM = 256;

export interface ReferenceConfig {
  readonly scenario: Scenario;
  readonly taskCount: number;
  /** Words per packed state. */
  readonly width: number;
  /** Stride of the per-op tables: max program length + 1. */
  readonly stride: number;
  /** Per (task * stride + pc). */
  readonly opKind: Int32Array;
  /** alloc: 2^order; free: pages; lock ops: lock index. */
  readonly opArg: Int32Array;
  readonly allocFlags: Int32Array;
  /** free - n must be >= this at the `min` attempts (HIGH / HARDER applied). */
  readonly minMark: Int32Array;
  /** Pages one direct reclaim pass frees at most. */
  readonly batch: Int32Array;
  readonly onFail: Int32Array;
  /** Per task. */
  readonly killable: Uint8Array;
  readonly lowMark: number;
  readonly highMark: number;
  readonly maxNoProgress: number;
  readonly reaper: boolean;
  /** Lock index of `mmap_sem`, or -1. */
  readonly mmapSem: number;
  readonly lockNames: readonly string[];
  readonly nofsFail: boolean;
  readonly lowOrderFail: boolean;
  readonly reclaimRetries: boolean;
  readonly initial: Int32Array;
}

/** Why the reference cannot explore this scenario under this policy, or null when it can. */
export function referenceUnsupported(scenario: Scenario, policy: Policy): string | null {
  try {
    referenceConfig(scenario, policy);
    return null;
  } catch (e) {
    if (e instanceof ReferenceUnsupportedError) return e.message;
    throw e;
  }
}

export function referenceConfig(scenario: Scenario, policy: Policy): ReferenceConfig {
  const refuse = (what: string): never => {
    throw new ReferenceUnsupportedError(`reference explorer: ${scenario.name}: ${what}`);
  };
  for (const [toggle, on] of Object.entries(policy) as [Toggle, boolean][]) {
    if (on && !SUPPORTED_TOGGLES.includes(toggle)) refuse(`policy toggle ${toggle} is not modelled (supported: ${SUPPORTED_TOGGLES.join(', ')})`);
  }
  if (scenario.kthreads.includes('kswapd')) refuse('kswapd is not modelled');
  const tasks = scenario.tasks;
  if (tasks.length === 0 || tasks.length > L.MAX_TASKS) refuse(`${tasks.length} tasks (1..${L.MAX_TASKS} supported)`);
  const zone = scenario.zone;
  if (zone.managed > L.MAX_PAGES) refuse(`managed ${zone.managed} > ${L.MAX_PAGES} pages`);
  if (zone.maxNoProgress + 1 > L.MAX_LOOPS) refuse(`maxNoProgress ${zone.maxNoProgress} > ${L.MAX_LOOPS - 1}`);

  const lockSet = new Set<string>();
  for (const t of tasks) {
    for (const l of t.holds) lockSet.add(l);
    for (const op of t.program) if ('lock' in op) lockSet.add(op.lock);
  }
  const lockNames = [...lockSet].sort();
  if (lockNames.length > L.MAX_LOCKS) refuse(`${lockNames.length} locks (at most ${L.MAX_LOCKS})`);
  const lockIndex = (name: string) => lockNames.indexOf(name);

  const stride = Math.max(...tasks.map((t) => t.program.length)) + 1;
  if (stride - 1 > L.MAX_PC) refuse(`a program of ${stride - 1} ops (at most ${L.MAX_PC})`);
  const size = tasks.length * stride;
  const opKind = new Int32Array(size);
  const opArg = new Int32Array(size);
  const allocFlags = new Int32Array(size);
  const minMark = new Int32Array(size);
  const batch = new Int32Array(size);
  const onFail = new Int32Array(size);
  const wm = zone.watermarks;
  tasks.forEach((t, ti) => {
    t.program.forEach((op: Op, pc) => {
      const at = ti * stride + pc;
      switch (op.op) {
        case 'alloc': {
          if (op.order < 0 || op.order > L.MAX_ORDER) refuse(`task ${t.name}: order ${op.order} (0..${L.MAX_ORDER} supported)`);
          const n = 1 << op.order;
          const canFs = op.gfp === 'GFP_KERNEL';
          const atomic = op.gfp === 'GFP_ATOMIC';
          const nofail = op.flags.includes('__GFP_NOFAIL');
          const costly = op.order > PAGE_ALLOC_COSTLY_ORDER;
          const high = atomic || op.flags.includes('__GFP_HIGH');
          let f = 0;
          if (canFs) f |= A_CAN_FS;
          if (atomic) f |= A_ATOMIC;
          if (nofail) f |= A_NOFAIL;
          if (op.flags.includes('__GFP_NORETRY')) f |= A_NORETRY;
          if (op.flags.includes('__GFP_REPEAT')) f |= A_REPEAT;
          if (costly) f |= A_COSTLY;
          if (costly && !nofail) f |= A_COSTLY_EXIT;
          if (!canFs && !nofail) f |= policy.nofsCheckInOom ? A_NOFS_IN_OOM : A_NOFS_EXIT;
          opKind[at] = OP_ALLOC;
          opArg[at] = n;
          allocFlags[at] = f;
          minMark[at] = effectiveMark(wm.min, high, atomic);
          batch[at] = zone.reclaimBatch ?? n;
          onFail[at] = op.onFail === 'continue' ? FAIL_CONTINUE : op.onFail === 'retry' ? FAIL_RETRY : FAIL_UNWIND;
          break;
        }
        case 'hold':
          opKind[at] = OP_HOLD;
          break;
        case 'free':
          opKind[at] = OP_FREE;
          opArg[at] = op.pages;
          break;
        case 'lock':
          opKind[at] = OP_LOCK;
          opArg[at] = lockIndex(op.lock);
          break;
        case 'lockKillable':
          opKind[at] = OP_LOCK_KILLABLE;
          opArg[at] = lockIndex(op.lock);
          break;
        case 'unlock':
          opKind[at] = OP_UNLOCK;
          opArg[at] = lockIndex(op.lock);
          break;
        default:
          refuse(`task ${t.name}: op ${op.op} is not modelled`);
      }
    });
    // pc == program length: OP_END (0), already.
  });

  const reaper = scenario.kthreads.includes('oom_reaper') || policy.oomReaper;
  if (reaper && tasks.length > L.MAX_REAPER_QUEUE) refuse(`${tasks.length} tasks with the oom_reaper (at most ${L.MAX_REAPER_QUEUE})`);
  const width = L.stateWidth(tasks.length, reaper);
  const initial = new Int32Array(width);
  tasks.forEach((t, ti) => {
    initial[L.taskWord(ti)] = L.CTL_RUN | (t.rss << L.PAGES_SHIFT);
  });
  initial[L.G_ZONE] = scenario.initialFree | (zone.clean << L.CLEAN_SHIFT) | (zone.dirty << L.DIRTY_SHIFT);
  let locks = 0;
  tasks.forEach((t, ti) => {
    for (const l of t.holds) locks |= (ti + 1) << L.lockShift(lockIndex(l));
  });
  initial[L.G_LOCKS] = locks;

  return {
    scenario,
    taskCount: tasks.length,
    width,
    stride,
    opKind,
    opArg,
    allocFlags,
    minMark,
    batch,
    onFail,
    killable: Uint8Array.from(tasks, (t) => (t.oomScoreAdj > -1000 ? 1 : 0)),
    lowMark: wm.low,
    highMark: wm.high,
    maxNoProgress: zone.maxNoProgress,
    reaper,
    mmapSem: lockIndex('mmap_sem'),
    lockNames,
    nofsFail: policy.nofsFail,
    lowOrderFail: policy.lowOrderFail,
    reclaimRetries: policy.reclaimRetries,
    initial,
  };
}
