/** Policy toggles of MODEL.md section 4: a policy is the set of toggles that are on. */

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
  'nofailHarder',
  'patientOomWait',
  /** v4.7: the !__GFP_FS check moves from may_oom into out_of_memory (MODEL.md section 7, "v4.7"). */
  'nofsCheckInOom',
] as const;

export type Toggle = (typeof TOGGLES)[number];

export type Policy = Readonly<Record<Toggle, boolean>>;

export interface ResolvedPolicy {
  /** As the user wrote it, e.g. "v4.0+lowOrderFail". */
  spec: string;
  preset: string;
  toggles: Policy;
}
