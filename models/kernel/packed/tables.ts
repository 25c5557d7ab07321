/**
 * Per task and pc, everything the twins read from the scenario and the policy, computed
 * once with the kernel model's own helpers, so that a twin is array reads and integer
 * arithmetic. Every table has programLength + 1 entries (the last: program done); at a
 * pc without an alloc op the alloc entries are inert (NEVER, 0), which is never read in
 * a reachable state: the object guards throw there (pendingAlloc).
 */
import { attemptAt, withAllocFlags, type AttemptSite } from '../attempts.ts';
import { canFs, canWait, isCostly, isNofail, isNoretry, isRepeat, pagesOf } from '../gfp.ts';
import { requestAt, type KernelConfig } from '../kernel-config.ts';
import { nofailExempt, oomProgress, postMarkAfterOom } from '../oom-killer.ts';
import { reclaimBatch } from '../slowpath.ts';
import type { AllocRequest, PostOomMark } from '../state.ts';
import type { OpName } from '../task.ts';
import { thresholdOf } from '../zone.ts';
import { NONE, POST_MARKS, type KernelIntLayout } from './layout.ts';

/** A free count no zone reaches: the threshold where no attempt is made. */
export const NEVER = 0x7fffffff;

export const OP_NAMES: readonly OpName[] = ['lock', 'lockKillable', 'unlock', 'alloc', 'free', 'oomDisable', 'oomEnable', 'hold'];
export const OP_OOM_DISABLE = 5;
export const OP_HOLD = 7;

/** should_alloc_retry from the request alone; REPEAT: retry iff pages_reclaimed < 2^order. */
export const ALLOC_RETRY_NO = 0;
export const ALLOC_RETRY_YES = 1;
export const ALLOC_RETRY_REPEAT = 2;

const SITES: readonly AttemptSite[] = ['fastPath', 'min', 'noWatermarks', 'afterReclaim', 'oomAttempt', 'postOom', 'nopageHarder', 'killedNoWatermarks'];

export interface TaskTables {
  readonly index: number;
  readonly name: string;
  /** Offset of the task's fields among the context ints. */
  readonly base: number;
  readonly programLength: number;
  /** oomScoreAdj > -1000 (static): may be selected while its mm is live. */
  readonly killable: boolean;
  /** Index in OP_NAMES, NONE once the program is done. */
  readonly op: Int8Array;
  /** The lock of a lock, lockKillable or unlock op (lockOfOp), else NONE. */
  readonly lock: Int32Array;
  /** The lock of a lock or lockKillable op (opLockFree), else NONE. */
  readonly wantsLock: Int32Array;
  readonly freePages: Int32Array;
  readonly req: readonly (AllocRequest | undefined)[];
  /** 2^order. */
  readonly pages: Int32Array;
  /**
   * Per attempt site: get_page_from_freelist succeeds iff free >= need[pc]
   * (free - n >= mark  <=>  free >= n + mark; NO_WATERMARKS has mark 0).
   * postOom's table is by pc * 4 + postMark + 1, the mark depending on alloc.postMark.
   */
  readonly need: Readonly<Record<AttemptSite, Int32Array>>;
  readonly nofail: Uint8Array;
  /** No __GFP_WAIT. */
  readonly atomic: Uint8Array;
  readonly canFs: Uint8Array;
  readonly onFailUnwind: Uint8Array;
  readonly onFailContinue: Uint8Array;
  readonly nofailHarderAtNopage: Uint8Array;
  /** costlyProgressNoReset: reclaim progress leaves this request's no-progress count going up. */
  readonly progressCounts: Uint8Array;
  /** Direct reclaim's batch (reclaimBatch, else 2^order). */
  readonly batch: Int32Array;
  readonly allocRetry: Uint8Array;
  /** should_reclaim_retry fails before looking at the zone (NORETRY; costly without REPEAT or NOFAIL). */
  readonly reclaimRetryFails: Uint8Array;
  /** should_reclaim_retry's test: free + clean + dirty >= reclaimNeed (min with the request's alloc_flags). */
  readonly reclaimNeed: Int32Array;
  readonly costlyExit: Uint8Array;
  readonly nofsExit: Uint8Array;
  /** v4.7's out_of_memory returns early for !__GFP_FS (verdict 'nofs'). */
  readonly nofsInOom: Uint8Array;
  /** mayOomFails' second half: lowOrderFail and not NOFAIL. */
  readonly lowOrderFails: Uint8Array;
  /** oomProgress after a 'disabled' verdict (every other verdict gives 1). */
  readonly disabledProgress: Uint8Array;
  /** postMarkAfterOom's code. */
  readonly postMarkAfter: Int8Array;
}

export function postMarkCode(mark: PostOomMark | null): number {
  return mark === null ? NONE : POST_MARKS.indexOf(mark);
}

export function taskTables(k: KernelConfig, lay: KernelIntLayout): TaskTables[] {
  const wm = k.scenario.zone.watermarks;
  return k.tasks.map((spec, index) => {
    const n = spec.program.length + 1;
    const reqs = Array.from({ length: n }, (_, pc) => requestAt(k, spec.name, pc));
    const u8 = (f: (req: AllocRequest) => boolean) => Uint8Array.from(reqs, (req) => (req !== undefined && f(req) ? 1 : 0));
    const i32 = (f: (req: AllocRequest) => number, otherwise: number) => Int32Array.from(reqs, (req) => (req === undefined ? otherwise : f(req)));
    const need = {} as Record<AttemptSite, Int32Array>;
    for (const site of SITES) {
      if (site === 'postOom') {
        need[site] = Int32Array.from({ length: n * 4 }, (_, i) => {
          const req = reqs[i >> 2];
          const mark = (i & 3) === 0 ? null : POST_MARKS[(i & 3) - 1];
          return req === undefined ? NEVER : pagesOf(req) + thresholdOf(attemptAt(k, site, req, mark), wm);
        });
      } else need[site] = i32((req) => pagesOf(req) + thresholdOf(attemptAt(k, site, req, null), wm), NEVER);
    }
    const opAtPc = (pc: number) => spec.program[pc];
    const lockOf = (pc: number, ops: readonly string[]) => {
      const op = opAtPc(pc);
      return op !== undefined && ops.includes(op.op) && 'lock' in op ? lay.lockIndex.get(op.lock)! : NONE;
    };
    return {
      index,
      name: spec.name,
      base: lay.taskBase[index],
      programLength: spec.program.length,
      killable: spec.oomScoreAdj > -1000,
      op: Int8Array.from({ length: n }, (_, pc) => (pc < spec.program.length ? OP_NAMES.indexOf(spec.program[pc].op) : NONE)),
      lock: Int32Array.from({ length: n }, (_, pc) => lockOf(pc, ['lock', 'lockKillable', 'unlock'])),
      wantsLock: Int32Array.from({ length: n }, (_, pc) => lockOf(pc, ['lock', 'lockKillable'])),
      freePages: Int32Array.from({ length: n }, (_, pc) => {
        const op = opAtPc(pc);
        return op?.op === 'free' ? op.pages : 0;
      }),
      req: reqs,
      pages: i32(pagesOf, 0),
      need,
      nofail: u8(isNofail),
      atomic: u8((req) => !canWait(req.gfp)),
      canFs: u8((req) => canFs(req.gfp)),
      onFailUnwind: Uint8Array.from({ length: n }, (_, pc) => (opAtPc(pc)?.op === 'alloc' && (opAtPc(pc) as { onFail: string }).onFail === 'unwind' ? 1 : 0)),
      onFailContinue: Uint8Array.from({ length: n }, (_, pc) => (opAtPc(pc)?.op === 'alloc' && (opAtPc(pc) as { onFail: string }).onFail === 'continue' ? 1 : 0)),
      nofailHarderAtNopage: u8((req) => k.policy.nofailHarder && isNofail(req) && canWait(req.gfp)),
      progressCounts: u8((req) => k.policy.costlyProgressNoReset && isCostly(req)),
      batch: i32((req) => reclaimBatch(k, req.order), 0),
      allocRetry: Uint8Array.from(reqs, (req) => {
        if (req === undefined || isNoretry(req)) return ALLOC_RETRY_NO;
        if (isNofail(req) || !isCostly(req)) return ALLOC_RETRY_YES;
        return isRepeat(req) ? ALLOC_RETRY_REPEAT : ALLOC_RETRY_NO;
      }),
      reclaimRetryFails: u8((req) => isNoretry(req) || (isCostly(req) && !isRepeat(req) && (!isNofail(req) || k.policy.costlyNofailNopage))),
      reclaimNeed: i32((req) => pagesOf(req) + thresholdOf(withAllocFlags('min', req), wm), NEVER),
      costlyExit: u8((req) => isCostly(req) && !nofailExempt(k, req)),
      nofsExit: u8((req) => !k.policy.nofsCheckInOom && !canFs(req.gfp) && !nofailExempt(k, req)),
      nofsInOom: u8((req) => k.policy.nofsCheckInOom && !canFs(req.gfp) && !nofailExempt(k, req)),
      lowOrderFails: u8((req) => k.policy.lowOrderFail && !isNofail(req)),
      disabledProgress: u8((req) => oomProgress('disabled', req) === 1),
      postMarkAfter: Int8Array.from(reqs, (req) => (req === undefined ? NONE : postMarkCode(postMarkAfterOom(k, req)))),
    };
  });
}
