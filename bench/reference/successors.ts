/**
 * The kernel model's successor function written by hand over packed states (layout.ts):
 * for each process, the one step its event takes (an out_of_memory kill: one step per
 * tied victim), exactly as models/kernel's machine takes them under the supported
 * toggles. One successor per enabled event, so the count of successors is the checker's
 * count of transitions. The structure follows the machine's states so that the two can
 * be read side by side: task.ts (run, lockWait*, unwind, exitMm, exitOomVictim),
 * slowpath.ts (min, noWatermarks, reclaim, afterReclaim), oom-killer.ts (mayOom,
 * oomAttempt, outOfMemory, oomUnlock), oom-reaper.ts.
 */
import * as C from './config.ts';
import type { ReferenceConfig } from './config.ts';
import * as L from './layout.ts';

// Module-local copies of the layout's constants: V8 reads an imported binding through its
// module cell at every use, which made this function twice as slow as with local consts.
const {
  A_ATOMIC, A_CAN_FS, A_COSTLY, A_COSTLY_EXIT, A_NOFAIL, A_NOFS_EXIT, A_NOFS_IN_OOM, A_NORETRY,
  A_REPEAT, FAIL_CONTINUE, FAIL_UNWIND, OP_ALLOC, OP_END, OP_FREE, OP_HOLD, OP_LOCK,
  OP_LOCK_KILLABLE, OP_UNLOCK,
} = C;
const {
  ALLOC_BITS_A, CLEAN_SHIFT, CTL_AFTER_RECLAIM, CTL_EXIT_MM, CTL_EXIT_OOM_VICTIM, CTL_FINISHED,
  CTL_LOCK_WAIT, CTL_LOCK_WAIT_KILLABLE, CTL_MASK, CTL_MAY_OOM, CTL_MIN, CTL_NO_WATERMARKS,
  CTL_OOM_ATTEMPT, CTL_OOM_UNLOCK, CTL_OUT_OF_MEMORY, CTL_RECLAIM, CTL_RUN, CTL_UNWIND,
  DIRTY_SHIFT, FREE_MASK, G_LOCKS, G_ZONE, KILLED, LOOPS_MASK, LOOPS_SHIFT, MEMDIE, MM_GONE,
  MM_MASK, MM_REAPED, MM_SKIP, OOM_LOCK_MASK, OOM_PROGRESS, PAGE, PAGES_MASK, PAGES_SHIFT, PANIC,
  PC_MASK, PC_SHIFT, RECLAIMED_MASK, VICTIM_MASK, VICTIM_SHIFT, ZONE_PAGES_MASK,
  lockShift, reaperWord,
} = L;

/**
 * Writes every successor of `cur` into `out` from word `base` on, one after the other
 * (`width` words each), and returns how many there are. A panic state has none.
 */
export type Successors = (cur: Int32Array, out: Int32Array, base: number) => number;

/** Successors per state at most: one step per task, a kill per candidate, the reaper. */
export function maxSuccessors(c: ReferenceConfig): number {
  return c.taskCount * c.taskCount + c.taskCount + 1;
}

const PC_ONE = 1 << PC_SHIFT;
const PAGES_FIELD = PAGES_MASK << PAGES_SHIFT;

export function makeSuccessors(c: ReferenceConfig): Successors {
  const W = c.width;
  const T = c.taskCount;
  const stride = c.stride;
  const { opKind, opArg, allocFlags, minMark, batch, onFail, killable } = c;
  const lowMark = c.lowMark;
  const highMark = c.highMark;
  const maxNoProgress = c.maxNoProgress;
  const nLocks = c.lockNames.length;
  const reaperAt = c.reaper ? reaperWord(T) : -1;
  const mmapSemShift = c.mmapSem >= 0 ? lockShift(c.mmapSem) : -1;
  const nofsFail = c.nofsFail;
  const lowOrderFail = c.lowOrderFail;
  const reclaimRetries = c.reclaimRetries;

  const word = (i: number) => 2 + 2 * i;

  function copy(cur: Int32Array, out: Int32Array, o: number): void {
    for (let k = 0; k < W; k++) out[o + k] = cur[k];
  }

  /** exit_mm: the task's pages back to the freelist, mm gone, off the reaper's queue. */
  function exitMm(out: Int32Array, o: number, i: number): void {
    const w = o + word(i);
    const a = out[w];
    out[o + G_ZONE] += (a >>> PAGES_SHIFT) & PAGES_MASK;
    out[w] = (a & ~PAGES_FIELD & ~MM_MASK) | MM_GONE;
    if (reaperAt >= 0) {
      const q = out[o + reaperAt];
      let kept = 0;
      let shift = 0;
      for (let rest = q; rest !== 0; rest >>>= 4) {
        const entry = rest & 0xf;
        if (entry !== i + 1) {
          kept |= entry << shift;
          shift += 4;
        }
      }
      out[o + reaperAt] = kept;
    }
  }

  /** task.ts exitTransitions: release every held lock (one step), else exit_mm. */
  function exitStep(out: Int32Array, o: number, i: number): void {
    const w = o + word(i);
    const locks = out[o + G_LOCKS];
    let released = locks;
    for (let l = 0; l < nLocks; l++) {
      const s = lockShift(l);
      if (((locks >>> s) & 0xf) === i + 1) released &= ~(0xf << s);
    }
    if (released !== locks) {
      out[o + G_LOCKS] = released;
      out[w] = (out[w] & ~CTL_MASK) | CTL_EXIT_MM;
      return;
    }
    exitMm(out, o, i);
    out[w] = (out[w] & ~CTL_MASK) | (out[w] & MEMDIE ? CTL_EXIT_OOM_VICTIM : CTL_FINISHED);
  }

  /** got_pg: `took` pages join the task (0 when taken under the OOM lock), next op. */
  function succeed(out: Int32Array, o: number, i: number, took: number): void {
    const w = o + word(i);
    out[o + G_ZONE] -= took;
    out[w] = (((out[w] & ~CTL_MASK & ~ALLOC_BITS_A) + (took << PAGES_SHIFT) + PC_ONE) | CTL_RUN);
    out[w + 1] = 0;
  }

  /** nopage: unwind (the default), continue with the next op, or retry the op. */
  function fail(out: Int32Array, o: number, i: number, at: number): void {
    const w = o + word(i);
    const a = out[w] & ~CTL_MASK & ~ALLOC_BITS_A;
    const how = onFail[at];
    out[w] = how === FAIL_UNWIND ? a | CTL_UNWIND : how === FAIL_CONTINUE ? (a + PC_ONE) | CTL_RUN : a | CTL_RUN;
    out[w + 1] = 0;
  }

  function setCtl(out: Int32Array, o: number, i: number, ctl: number): void {
    const w = o + word(i);
    out[w] = (out[w] & ~CTL_MASK) | ctl;
  }

  /**
   * should_alloc_retry (v4.0) or should_reclaim_retry (v4.7) after a pass with or
   * without reclaim progress: retry (min), may_oom, or nopage. Reads `cur`, writes `o`.
   */
  function decide(cur: Int32Array, out: Int32Array, o: number, i: number, at: number, progress: boolean): void {
    const f = allocFlags[at];
    const b = cur[word(i) + 1];
    if (!reclaimRetries) {
      let retry: boolean;
      if (f & A_NORETRY) retry = false;
      else if (f & A_NOFAIL) retry = true;
      else if (!(f & A_COSTLY)) retry = true;
      else retry = (f & A_REPEAT) !== 0 && (b & RECLAIMED_MASK) < opArg[at];
      if (!retry) fail(out, o, i, at);
      else setCtl(out, o, i, progress ? CTL_MIN : CTL_MAY_OOM);
      return;
    }
    if (f & A_NORETRY || (f & A_COSTLY && !(f & A_REPEAT) && !(f & A_NOFAIL))) {
      fail(out, o, i, at);
      return;
    }
    const loopsBefore = (b & LOOPS_MASK) >>> LOOPS_SHIFT;
    const loops = progress ? 0 : Math.min(loopsBefore + 1, maxNoProgress + 1);
    let next = CTL_MAY_OOM;
    if (loops <= maxNoProgress) {
      const z = cur[G_ZONE];
      const available = (z & FREE_MASK) + ((z >>> CLEAN_SHIFT) & ZONE_PAGES_MASK) + ((z >>> DIRTY_SHIFT) & ZONE_PAGES_MASK);
      if (available - opArg[at] >= minMark[at]) next = CTL_MIN;
    }
    setCtl(out, o, i, next);
    out[o + word(i) + 1] = (b & ~LOOPS_MASK) | (loops << LOOPS_SHIFT);
  }

  /** v4.7 no_progress_loops = 0 after progress from may_oom. */
  function resetLoops(out: Int32Array, o: number, i: number): void {
    if (reclaimRetries) out[o + word(i) + 1] &= ~LOOPS_MASK;
  }

  /** The panic state keeps the context only: of the regions, what the context shows. */
  function canonicalPanic(out: Int32Array, o: number): void {
    out[o + G_ZONE] |= PANIC;
    for (let j = 0; j < T; j++) {
      const w = o + word(j);
      const ctl = out[w] & CTL_MASK;
      const shown = ctl >= CTL_MIN ? CTL_MIN : ctl === CTL_LOCK_WAIT ? CTL_LOCK_WAIT : CTL_RUN;
      out[w] = (out[w] & ~CTL_MASK) | shown;
    }
  }

  /**
   * out_of_memory, its checks in order: the caller dying (mark itself), v4.7's NOFS
   * check, abort while any task has TIF_MEMDIE, else one kill per tied candidate, or
   * panic when there is none. Returns the new successor count.
   */
  function outOfMemory(cur: Int32Array, out: Int32Array, base: number, count: number, i: number, a: number, at: number): number {
    const w = word(i);
    if (a & KILLED || allocFlags[at] & A_NOFS_IN_OOM) {
      const o = base + count++ * W;
      copy(cur, out, o);
      out[o + w] = (a & ~CTL_MASK) | (a & KILLED ? MEMDIE : 0) | OOM_PROGRESS | CTL_OOM_UNLOCK;
      return count;
    }
    let best = -1;
    for (let j = 0; j < T; j++) {
      const aj = cur[word(j)];
      if (aj & MEMDIE) {
        const o = base + count++ * W;
        copy(cur, out, o);
        out[o + w] = (a & ~CTL_MASK) | OOM_PROGRESS | CTL_OOM_UNLOCK;
        return count;
      }
      if ((aj & MM_MASK) === 0 && killable[j]) {
        const pages = (aj >>> PAGES_SHIFT) & PAGES_MASK;
        if (pages > best) best = pages;
      }
    }
    if (best < 0) {
      const o = base + count++ * W;
      copy(cur, out, o);
      canonicalPanic(out, o);
      return count;
    }
    for (let j = 0; j < T; j++) {
      const aj = cur[word(j)];
      if ((aj & MM_MASK) !== 0 || !killable[j] || ((aj >>> PAGES_SHIFT) & PAGES_MASK) !== best) continue;
      const o = base + count++ * W;
      copy(cur, out, o);
      // oom_kill_process: TIF_MEMDIE + SIGKILL on the victim (which may be the caller).
      out[o + word(j)] |= KILLED | MEMDIE;
      if (reaperAt >= 0) {
        const q = cur[reaperAt];
        let len = 0;
        while (len < 8 && (q >>> (4 * len)) & 0xf) len++;
        out[o + reaperAt] = q | ((j + 1) << (4 * len));
      }
      out[o + w] = (out[o + w] & ~CTL_MASK) | OOM_PROGRESS | CTL_OOM_UNLOCK;
      out[o + w + 1] = (cur[w + 1] & ~VICTIM_MASK) | ((j + 1) << VICTIM_SHIFT);
    }
    return count;
  }

  /** oom_reap_task on the oldest queued victim: unless mmap_sem is held, free every page; either way hide it. */
  function reap(cur: Int32Array, out: Int32Array, o: number): void {
    const q = cur[reaperAt];
    const v = (q & 0xf) - 1;
    copy(cur, out, o);
    out[o + reaperAt] = q >>> 4;
    const wv = o + word(v);
    const av = out[wv];
    const frees = mmapSemShift < 0 || ((cur[G_LOCKS] >>> mmapSemShift) & 0xf) === 0;
    if (frees) {
      out[o + G_ZONE] += (av >>> PAGES_SHIFT) & PAGES_MASK;
      out[wv] = (av & ~PAGES_FIELD & ~MM_MASK & ~MEMDIE) | MM_REAPED;
    } else {
      out[wv] = (av & ~MM_MASK & ~MEMDIE) | MM_SKIP;
    }
  }

  return function successors(cur: Int32Array, out: Int32Array, base: number): number {
    if (cur[G_ZONE] & PANIC) return 0;
    let count = 0;
    const zone = cur[G_ZONE];
    const free = zone & FREE_MASK;
    const locks = cur[G_LOCKS];
    for (let i = 0; i < T; i++) {
      const w = word(i);
      const a = cur[w];
      const ctl = a & CTL_MASK;
      const pc = (a >>> PC_SHIFT) & PC_MASK;
      const at = i * stride + pc;
      let o: number;
      switch (ctl) {
        case CTL_RUN: {
          const kind = opKind[at];
          if (a & KILLED || kind === OP_END) {
            o = base + count++ * W;
            copy(cur, out, o);
            exitStep(out, o, i);
            break;
          }
          if (kind === OP_HOLD) break;
          o = base + count++ * W;
          copy(cur, out, o);
          if (kind === OP_ALLOC) {
            // The fast path at `low` (fused with the op boundary), else the allocation is pending.
            const n = opArg[at];
            if (free - n >= lowMark) {
              out[o + G_ZONE] -= n;
              out[o + w] = a + (n << PAGES_SHIFT) + PC_ONE;
            } else {
              out[o + w] = (a & ~CTL_MASK) | CTL_MIN;
            }
          } else if (kind === OP_LOCK || kind === OP_LOCK_KILLABLE) {
            const s = lockShift(opArg[at]);
            if (((locks >>> s) & 0xf) === 0) {
              out[o + G_LOCKS] = locks | ((i + 1) << s);
              out[o + w] = a + PC_ONE;
            } else {
              out[o + w] = (a & ~CTL_MASK) | (kind === OP_LOCK ? CTL_LOCK_WAIT : CTL_LOCK_WAIT_KILLABLE);
            }
          } else if (kind === OP_UNLOCK) {
            out[o + G_LOCKS] = locks & ~(0xf << lockShift(opArg[at]));
            out[o + w] = a + PC_ONE;
          } else if (kind === OP_FREE) {
            const n = Math.min(opArg[at], (a >>> PAGES_SHIFT) & PAGES_MASK);
            out[o + G_ZONE] += n;
            out[o + w] = a - (n << PAGES_SHIFT) + PC_ONE;
          }
          break;
        }
        case CTL_LOCK_WAIT:
        case CTL_LOCK_WAIT_KILLABLE: {
          if (ctl === CTL_LOCK_WAIT_KILLABLE && a & KILLED) {
            o = base + count++ * W;
            copy(cur, out, o);
            exitStep(out, o, i);
            break;
          }
          const s = lockShift(opArg[at]);
          if (((locks >>> s) & 0xf) !== 0) break;
          o = base + count++ * W;
          copy(cur, out, o);
          out[o + G_LOCKS] = locks | ((i + 1) << s);
          out[o + w] = ((a & ~CTL_MASK) + PC_ONE) | CTL_RUN;
          break;
        }
        case CTL_UNWIND:
          o = base + count++ * W;
          copy(cur, out, o);
          exitStep(out, o, i);
          break;
        case CTL_EXIT_MM:
          o = base + count++ * W;
          copy(cur, out, o);
          exitMm(out, o, i);
          setCtl(out, o, i, a & MEMDIE ? CTL_EXIT_OOM_VICTIM : CTL_FINISHED);
          break;
        case CTL_EXIT_OOM_VICTIM:
          o = base + count++ * W;
          copy(cur, out, o);
          out[o + w] = (a & ~CTL_MASK & ~MEMDIE) | CTL_FINISHED;
          break;
        case CTL_FINISHED:
          break;
        case CTL_MIN: {
          // retry: get_page_from_freelist at min; TIF_MEMDIE: NO_WATERMARKS next; atomic: nopage.
          const n = opArg[at];
          o = base + count++ * W;
          copy(cur, out, o);
          if (free - n >= minMark[at]) succeed(out, o, i, n);
          else if (a & MEMDIE) setCtl(out, o, i, CTL_NO_WATERMARKS);
          else if (allocFlags[at] & A_ATOMIC) fail(out, o, i, at);
          else setCtl(out, o, i, CTL_RECLAIM);
          break;
        }
        case CTL_NO_WATERMARKS: {
          const n = opArg[at];
          o = base + count++ * W;
          copy(cur, out, o);
          if (free >= n) succeed(out, o, i, n);
          // NOFAIL: wait_iff_congested and try again: a step back to this very state.
          else if (allocFlags[at] & A_NOFAIL) break;
          else fail(out, o, i, at);
          break;
        }
        case CTL_RECLAIM: {
          // TIF_MEMDIE is read again here; else __perform_reclaim, clean first, dirty with __GFP_FS.
          const f = allocFlags[at];
          o = base + count++ * W;
          copy(cur, out, o);
          if (a & MEMDIE) {
            if (f & A_NOFAIL) setCtl(out, o, i, CTL_NO_WATERMARKS);
            else fail(out, o, i, at);
            break;
          }
          const clean = (zone >>> CLEAN_SHIFT) & ZONE_PAGES_MASK;
          const dirty = (zone >>> DIRTY_SHIFT) & ZONE_PAGES_MASK;
          const bt = batch[at];
          const fromClean = Math.min(bt, clean);
          const fromDirty = f & A_CAN_FS ? Math.min(bt - fromClean, dirty) : 0;
          const freed = fromClean + fromDirty;
          if (freed > 0) {
            out[o + G_ZONE] = zone + freed - (fromClean << CLEAN_SHIFT) - (fromDirty << DIRTY_SHIFT);
            const b = cur[w + 1];
            const reclaimed = Math.min((b & RECLAIMED_MASK) + freed, opArg[at]);
            out[o + w + 1] = (b & ~RECLAIMED_MASK) | reclaimed;
            setCtl(out, o, i, CTL_AFTER_RECLAIM);
          } else decide(cur, out, o, i, at, false);
          break;
        }
        case CTL_AFTER_RECLAIM: {
          const n = opArg[at];
          o = base + count++ * W;
          copy(cur, out, o);
          if (free - n >= minMark[at]) succeed(out, o, i, n);
          else decide(cur, out, o, i, at, true);
          break;
        }
        case CTL_MAY_OOM: {
          // Trylock the OOM lock; contended: back off and retry (patch 12: fail unless NOFAIL).
          o = base + count++ * W;
          copy(cur, out, o);
          if ((locks & OOM_LOCK_MASK) === 0) {
            out[o + G_LOCKS] = locks | (i + 1);
            out[o + w] = (a & ~CTL_MASK & ~ALLOC_BITS_A) | CTL_OOM_ATTEMPT;
          } else if (lowOrderFail && !(allocFlags[at] & A_NOFAIL)) {
            fail(out, o, i, at);
          } else {
            setCtl(out, o, i, CTL_MIN);
            resetLoops(out, o, i);
          }
          break;
        }
        case CTL_OOM_ATTEMPT: {
          // get_page_from_freelist at high under the lock, then the costly and NOFS early exits.
          const n = opArg[at];
          const f = allocFlags[at];
          o = base + count++ * W;
          copy(cur, out, o);
          if (free - n >= highMark) {
            out[o + G_ZONE] -= n;
            out[o + w] = ((a & ~CTL_MASK) + (n << PAGES_SHIFT)) | PAGE | CTL_OOM_UNLOCK;
          } else if (f & A_COSTLY_EXIT) {
            setCtl(out, o, i, CTL_OOM_UNLOCK);
          } else if (f & A_NOFS_EXIT) {
            out[o + w] = (a & ~CTL_MASK & ~OOM_PROGRESS) | (nofsFail ? 0 : OOM_PROGRESS) | CTL_OOM_UNLOCK;
          } else setCtl(out, o, i, CTL_OUT_OF_MEMORY);
          break;
        }
        case CTL_OUT_OF_MEMORY:
          count = outOfMemory(cur, out, base, count, i, a, at);
          break;
        case CTL_OOM_UNLOCK: {
          // Unlock; a page got under the lock returns, no progress fails, else goto retry.
          o = base + count++ * W;
          copy(cur, out, o);
          out[o + G_LOCKS] = locks & ~OOM_LOCK_MASK;
          if (a & PAGE) succeed(out, o, i, 0);
          else if (!(a & OOM_PROGRESS) || (lowOrderFail && !(allocFlags[at] & A_NOFAIL))) fail(out, o, i, at);
          else {
            setCtl(out, o, i, CTL_MIN);
            resetLoops(out, o, i);
          }
          break;
        }
        default:
          throw new Error(`reference explorer: unknown control state ${ctl}`);
      }
    }
    if (reaperAt >= 0 && cur[reaperAt] !== 0) reap(cur, out, base + count++ * W);
    return count;
  };
}
