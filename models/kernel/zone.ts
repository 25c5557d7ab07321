/**
 * One zone (ZONE_NORMAL) and its watermarks: __zone_watermark_ok reduced to the model's
 * one zone without fragmentation (MODEL.md 1, 7 "Watermarks"), and reclaim's page
 * accounting (clean before dirty, dirty only with __GFP_FS).
 */
import type { Watermarks } from './scenario/types.ts';

/** Which watermark an attempt is made at; 'nowmark' = ALLOC_NO_WATERMARKS. */
export type Mark = keyof Watermarks | 'nowmark';

/** One get_page_from_freelist: the mark and the alloc_flags that adjust it. */
export interface Attempt {
  readonly mark: Mark;
  /** ALLOC_HIGH: mark -= floor(mark/2). */
  readonly high: boolean;
  /** ALLOC_HARDER: mark -= floor(mark/4). */
  readonly harder: boolean;
}

/**
 * The threshold after ALLOC_HIGH / ALLOC_HARDER, in the kernel's order:
 * `min -= min / 2` then `min -= min / 4` (integer division).
 */
export function effectiveMark(mark: number, high: boolean, harder: boolean): number {
  let m = mark;
  if (high) m -= Math.floor(m / 2);
  if (harder) m -= Math.floor(m / 4);
  return m;
}

/**
 * __zone_watermark_ok for n pages: ok iff free - n >= mark (adjusted);
 * ALLOC_NO_WATERMARKS: ok iff free >= n.
 */
export function watermarkOk(free: number, n: number, attempt: Attempt, wm: Watermarks): boolean {
  if (attempt.mark === 'nowmark') return free >= n;
  return free - n >= effectiveMark(wm[attempt.mark], attempt.high, attempt.harder);
}

/** The threshold an attempt compares against (for traces); NO_WATERMARKS: 0. */
export function thresholdOf(attempt: Attempt, wm: Watermarks): number {
  return attempt.mark === 'nowmark' ? 0 : effectiveMark(wm[attempt.mark], attempt.high, attempt.harder);
}

/** What one reclaim pass takes: clean pages first, then dirty ones when allowed. */
export interface ReclaimResult {
  readonly clean: number;
  readonly dirty: number;
}

export function reclaimPass(clean: number, dirty: number, batch: number, mayWriteback: boolean): ReclaimResult {
  const fromClean = Math.min(batch, clean);
  const fromDirty = mayWriteback ? Math.min(batch - fromClean, dirty) : 0;
  return { clean: fromClean, dirty: fromDirty };
}
