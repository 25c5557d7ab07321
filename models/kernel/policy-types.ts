/**
 * Policy toggles of MODEL.md section 4: a policy is the set of toggles that are on. Listed in
 * history order (RFC patches, then 4.6 .. 4.11, then the modelling toggle), the order of
 * `oomcheck list policies`. Sources and descriptions: policy.ts (TOGGLE_INFO).
 */

export const TOGGLES = [
  'oomLockMutex',
  'victimWaitqueue',
  'syncOomKill',
  'oomReserves',
  'oomReservesNoWmark',
  'nofailReserves',
  'nofsFail',
  'lowOrderFail',
  'oomReaper',
  'reclaimRetries',
  /** v4.7: the !__GFP_FS check moves from may_oom into out_of_memory (MODEL.md section 7, "v4.7"). */
  'nofsCheckInOom',
  /** 0a0337e0d1d1 as merged: costly NOFAIL without REPEAT goes to nopage after reclaim (MODEL.md 7 exempts it; in no preset). */
  'costlyNofailNopage',
  /** The 4.7 code: reclaim progress does not reset no_progress_loops for order > 3 (MODEL.md 7 resets it; in no preset). */
  'costlyProgressNoReset',
  'nofailHarder',
  'patientOomWait',
] as const;

export type Toggle = (typeof TOGGLES)[number];

export type Policy = Readonly<Record<Toggle, boolean>>;

export interface ResolvedPolicy {
  /** As the user wrote it, e.g. "v4.0+lowOrderFail". */
  spec: string;
  preset: string;
  toggles: Policy;
}
