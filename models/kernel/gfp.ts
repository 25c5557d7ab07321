/**
 * GFP masks and the allocation flags they imply (v4.0 include/linux/gfp.h and
 * mm/page_alloc.c gfp_to_alloc_flags), reduced to what the model distinguishes.
 *
 *   GFP_NOIO   = __GFP_WAIT
 *   GFP_NOFS   = __GFP_WAIT | __GFP_IO
 *   GFP_KERNEL = __GFP_WAIT | __GFP_IO | __GFP_FS
 *   GFP_ATOMIC = __GFP_HIGH                 (no __GFP_WAIT: atomic, so ALLOC_HARDER)
 */
import type { AllocRequest } from './state.ts';
import type { Gfp, GfpFlag } from './scenario/types.ts';

/** PAGE_ALLOC_COSTLY_ORDER: orders above it are "costly" (no OOM kill, no implicit retry). */
export const PAGE_ALLOC_COSTLY_ORDER = 3;

/** __GFP_WAIT: the caller may sleep, so may reclaim and retry. */
export function canWait(gfp: Gfp): boolean {
  return gfp !== 'GFP_ATOMIC';
}

/** __GFP_IO. */
export function canIo(gfp: Gfp): boolean {
  return gfp === 'GFP_NOFS' || gfp === 'GFP_KERNEL';
}

/** __GFP_FS: may recurse into the filesystem, so may write back dirty pages and OOM-kill. */
export function canFs(gfp: Gfp): boolean {
  return gfp === 'GFP_KERNEL';
}

export function hasFlag(req: AllocRequest, flag: GfpFlag): boolean {
  return req.flags.includes(flag);
}

export const isNofail = (req: AllocRequest): boolean => hasFlag(req, '__GFP_NOFAIL');
export const isNoretry = (req: AllocRequest): boolean => hasFlag(req, '__GFP_NORETRY');
export const isRepeat = (req: AllocRequest): boolean => hasFlag(req, '__GFP_REPEAT');

/** ALLOC_HIGH (== __GFP_HIGH): GFP_ATOMIC carries it, or the __GFP_HIGH flag. */
export function allocHigh(req: AllocRequest): boolean {
  return req.gfp === 'GFP_ATOMIC' || hasFlag(req, '__GFP_HIGH');
}

/** ALLOC_HARDER: atomic allocations (no __GFP_WAIT) get it (MODEL.md 7 "Watermarks"). */
export function allocHarder(req: AllocRequest): boolean {
  return !canWait(req.gfp);
}

/** 2^order: the pages an order-k request needs (no fragmentation, MODEL.md 1). */
export function pagesOf(req: AllocRequest): number {
  return 1 << req.order;
}

export function isCostly(req: AllocRequest): boolean {
  return req.order > PAGE_ALLOC_COSTLY_ORDER;
}

/** "GFP_NOFS|__GFP_NOFAIL order 0", the bracketed tag of a trace line. */
export function describeRequest(req: AllocRequest): string {
  const mask = [req.gfp, ...req.flags].join('|');
  return `${mask} order ${req.order}`;
}
