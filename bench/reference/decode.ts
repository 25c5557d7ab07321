/**
 * A packed reference state as the checker's snapshot (value + context) and its canonical
 * encoding (checker/xstate/encode-snapshot.ts): not used while exploring, only to compare
 * the reference's state SET with the interpreted model's, state by state, so that a
 * difference is shown as the states themselves rather than as two counts.
 */
import type { AnyMachineSnapshot } from 'xstate';
import { encodeSnapshot } from '../../checker/xstate/encode-snapshot.ts';
import type { AllocState, KernelContext, MmState, TaskState } from '../../models/kernel/state.ts';
import { PANIC as PANIC_STATE, RUNNING } from '../../models/kernel/state.ts';
import type { ReferenceConfig } from './config.ts';
import * as L from './layout.ts';

const PHASES: Record<number, string> = {
  [L.CTL_RUN]: 'run',
  [L.CTL_LOCK_WAIT]: 'lockWait',
  [L.CTL_LOCK_WAIT_KILLABLE]: 'lockWaitKillable',
  [L.CTL_UNWIND]: 'unwind',
  [L.CTL_EXIT_MM]: 'exitMm',
  [L.CTL_EXIT_OOM_VICTIM]: 'exitOomVictim',
  [L.CTL_FINISHED]: 'finished',
};

const STEPS: Record<number, string> = {
  [L.CTL_MIN]: 'min',
  [L.CTL_NO_WATERMARKS]: 'noWatermarks',
  [L.CTL_RECLAIM]: 'reclaim',
  [L.CTL_AFTER_RECLAIM]: 'afterReclaim',
  [L.CTL_MAY_OOM]: 'mayOom',
  [L.CTL_OOM_ATTEMPT]: 'oomAttempt',
  [L.CTL_OUT_OF_MEMORY]: 'outOfMemory',
  [L.CTL_OOM_UNLOCK]: 'oomUnlock',
};

const MM: readonly MmState[] = ['live', 'skip', 'reaped', 'gone'];

export interface DecodedState {
  status: 'active' | 'done';
  value: unknown;
  context: KernelContext;
}

export function decodeState(c: ReferenceConfig, s: Int32Array): DecodedState {
  const scenario = c.scenario;
  const zone = s[L.G_ZONE];
  const panic = (zone & L.PANIC) !== 0;
  const lockWord = s[L.G_LOCKS];
  const holder = (bits: number) => (bits === 0 ? null : scenario.tasks[bits - 1].name);
  const locks: Record<string, string | null> = {};
  c.lockNames.forEach((name, l) => (locks[name] = holder((lockWord >>> L.lockShift(l)) & 0xf)));
  const tasks: Record<string, TaskState> = {};
  const regions: Record<string, unknown> = {};
  let victims = 0;
  scenario.tasks.forEach((spec, i) => {
    const a = s[L.taskWord(i)];
    const b = s[L.taskWord(i) + 1];
    const ctl = a & L.CTL_MASK;
    const pc = (a >>> L.PC_SHIFT) & L.PC_MASK;
    const op = spec.program[pc];
    let alloc: AllocState | null = null;
    if (ctl >= L.CTL_MIN) {
      if (op?.op !== 'alloc') throw new Error(`decode: ${spec.name} in the slowpath at a non-alloc op`);
      alloc = {
        req: op,
        oomProgress: a & L.OOM_PROGRESS ? 1 : 0,
        reclaimed: b & L.RECLAIMED_MASK,
        noProgressLoops: (b & L.LOOPS_MASK) >>> L.LOOPS_SHIFT,
        page: (a & L.PAGE) !== 0,
        postMark: null,
        victim: holder((b & L.VICTIM_MASK) >>> L.VICTIM_SHIFT),
      };
    }
    const memdie = (a & L.MEMDIE) !== 0;
    if (memdie) victims++;
    tasks[spec.name] = {
      pc,
      pages: (a >>> L.PAGES_SHIFT) & L.PAGES_MASK,
      oomScoreAdj: spec.oomScoreAdj,
      killed: (a & L.KILLED) !== 0,
      memdie,
      mm: MM[(a & L.MM_MASK) >>> L.MM_SHIFT],
      sleepingOn: ctl === L.CTL_LOCK_WAIT && op !== undefined && 'lock' in op ? op.lock : null,
      alloc,
    };
    regions[spec.name] = ctl >= L.CTL_MIN ? { alloc: STEPS[ctl] } : PHASES[ctl];
  });
  const queue: string[] = [];
  if (c.reaper) {
    for (let q = s[L.reaperWord(c.taskCount)]; q !== 0; q >>>= 4) queue.push(scenario.tasks[(q & 0xf) - 1].name);
    regions.oom_reaper = 'oomReap';
  }
  const context: KernelContext = {
    free: zone & L.FREE_MASK,
    clean: (zone >>> L.CLEAN_SHIFT) & L.ZONE_PAGES_MASK,
    dirty: (zone >>> L.DIRTY_SHIFT) & L.ZONE_PAGES_MASK,
    oomVictims: victims,
    oomLock: holder(lockWord & L.OOM_LOCK_MASK),
    oomDisabled: false,
    locks,
    kswapdAwake: false,
    reaperQueue: queue,
    tasks,
  };
  return panic ? { status: 'done', value: PANIC_STATE, context } : { status: 'active', value: { [RUNNING]: regions }, context };
}

/** The checker's canonical encoding of the decoded state (what its fingerprint hashes). */
export function encodeReferenceState(c: ReferenceConfig, s: Int32Array): string {
  return encodeSnapshot(decodeState(c, s) as unknown as AnyMachineSnapshot);
}

/**
 * Every reachable state's canonical encoding, by a plain BFS keyed by those strings (no
 * fingerprints): slow, for small scenarios in tests, where it shows which states differ.
 */
export function referenceStateSet(c: ReferenceConfig, successors: (cur: Int32Array, out: Int32Array, base: number) => number, maxSuccessors: number): Map<string, Int32Array> {
  const seen = new Map<string, Int32Array>();
  const out = new Int32Array(maxSuccessors * c.width);
  const queue: Int32Array[] = [c.initial.slice()];
  seen.set(encodeReferenceState(c, c.initial), queue[0]);
  for (let q = 0; q < queue.length; q++) {
    const k = successors(queue[q], out, 0);
    for (let j = 0; j < k; j++) {
      const next = out.slice(j * c.width, (j + 1) * c.width);
      const key = encodeReferenceState(c, next);
      if (!seen.has(key)) {
        seen.set(key, next);
        queue.push(next);
      }
    }
  }
  return seen;
}
