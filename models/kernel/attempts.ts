/**
 * Which watermark and alloc_flags each get_page_from_freelist call site uses
 * (MODEL.md 3 and 7 "Watermarks"). One table, read by the slowpath's guards and by
 * stepOutcome, so a trace and a property always agree with the step that was taken.
 *
 *   fast path               ALLOC_WMARK_LOW                   (no HIGH/HARDER)
 *   retry: / after reclaim  ALLOC_WMARK_MIN | HIGH | HARDER   (gfp_to_alloc_flags)
 *   TIF_MEMDIE              ALLOC_NO_WATERMARKS
 *   may_oom (v4.0)          ALLOC_WMARK_HIGH                  (catches a parallel kill)
 *   may_oom (patch 8)       the slowpath's alloc_flags: MIN | HIGH | HARDER
 *   post-OOM (patch 8-10)   MIN, or OOM (patch 9) | HIGH | HARDER, or NO_WATERMARKS
 *   nopage (4.11 NOFAIL)    __alloc_pages_cpuset_fallback(ALLOC_HARDER): MIN | HARDER
 */
import { allocHarder, allocHigh } from './gfp.ts';
import type { KernelConfig } from './kernel-config.ts';
import type { AllocRequest, PostOomMark, SlowpathStep } from './state.ts';
import type { Attempt } from './zone.ts';

export type AttemptSite = 'fastPath' | 'min' | 'noWatermarks' | 'afterReclaim' | 'oomAttempt' | 'postOom' | 'nopageHarder' | 'killedNoWatermarks';

const NO_WATERMARKS: Attempt = { mark: 'nowmark', high: false, harder: false };

/** gfp_to_alloc_flags at `mark`: ALLOC_HIGH and ALLOC_HARDER as the request implies. */
export function withAllocFlags(mark: 'min' | 'oom', req: AllocRequest): Attempt {
  return { mark, high: allocHigh(req), harder: allocHarder(req) };
}

export function attemptAt(k: KernelConfig, site: AttemptSite, req: AllocRequest, postMark: PostOomMark | null): Attempt {
  switch (site) {
    case 'fastPath':
      return { mark: 'low', high: false, harder: false };
    case 'min':
    case 'afterReclaim':
      return withAllocFlags('min', req);
    case 'noWatermarks':
    case 'killedNoWatermarks':
      return NO_WATERMARKS;
    case 'oomAttempt':
      return k.policy.syncOomKill ? withAllocFlags('min', req) : { mark: 'high', high: false, harder: false };
    case 'postOom':
      return postMark === 'nowmark' ? NO_WATERMARKS : withAllocFlags(postMark ?? 'min', req);
    case 'nopageHarder':
      return { mark: 'min', high: false, harder: true };
  }
}

/**
 * The attempt a slowpath step makes, if it makes one. mayOom and oomLockWait make one
 * only on syncOomKill's killed path (TIF_MEMDIE on entry, killed while sleeping).
 */
export function attemptSiteOf(step: SlowpathStep): AttemptSite | null {
  switch (step) {
    case 'min':
    case 'noWatermarks':
    case 'afterReclaim':
    case 'oomAttempt':
    case 'postOom':
    case 'nopageHarder':
      return step;
    case 'mayOom':
    case 'oomLockWait':
      return 'killedNoWatermarks';
    default:
      return null;
  }
}
