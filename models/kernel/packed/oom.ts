/**
 * out_of_memory's decision and victimCanStep over the ints, shared by the guards and the
 * events function (both must agree with oom-killer.ts's outOfMemoryVerdict to the case).
 */
import { KILLED, MEMDIE, MM, MM_LIVE, NONE, OOM_DISABLED, OOM_VICTIMS, PAGES, PC, SLEEPING_ON, type KernelIntLayout } from './layout.ts';
import type { TaskTables } from './tables.ts';

/** OomVerdictKind codes. */
export const VERDICTS = ['disabled', 'self', 'nofs', 'abort', 'kill', 'panic'] as const;
export const V_DISABLED = 0;
export const V_SELF = 1;
export const V_NOFS = 2;
export const V_ABORT = 3;
export const V_KILL = 4;
export const V_PANIC = 5;

/** bestPoints when a TIF_MEMDIE task aborts the scan. */
export const SCAN_ABORT = -2;

/**
 * select_bad_process: SCAN_ABORT if any task has TIF_MEMDIE, NONE without a candidate,
 * else the candidates' most pages (the tied candidates are those with exactly that many).
 */
export function bestPoints(s: Int32Array, at: number, tables: readonly TaskTables[]): number {
  for (let i = 0; i < tables.length; i++) if (s[at + tables[i].base + MEMDIE] !== 0) return SCAN_ABORT;
  let points = NONE;
  for (let i = 0; i < tables.length; i++) {
    const t = tables[i];
    const b = at + t.base;
    if (t.killable && s[b + MM] === MM_LIVE && s[b + PAGES] > points) points = s[b + PAGES];
  }
  return points;
}

export function isTiedCandidate(s: Int32Array, at: number, t: TaskTables, points: number): boolean {
  const b = at + t.base;
  return t.killable && s[b + MM] === MM_LIVE && s[b + PAGES] === points;
}

/** outOfMemoryVerdict(k, ctx, task).kind, in v4.7's order of checks. */
export function verdictOf(s: Int32Array, at: number, tables: readonly TaskTables[], t: TaskTables): number {
  if (s[at + OOM_DISABLED] !== 0) return V_DISABLED;
  const b = at + t.base;
  if (s[b + KILLED] !== 0) return V_SELF;
  if (t.nofsInOom[s[b + PC]] !== 0) return V_NOFS;
  const points = bestPoints(s, at, tables);
  return points === SCAN_ABORT ? V_ABORT : points === NONE ? V_PANIC : V_KILL;
}

/** victimCanStep: a TIF_MEMDIE task not in a D-state sleep on something still busy. */
export function victimCanStep(s: Int32Array, at: number, lay: KernelIntLayout, t: TaskTables): boolean {
  const b = at + t.base;
  if (s[b + MEMDIE] === 0) return false;
  const on = s[b + SLEEPING_ON];
  if (on === NONE) return true;
  if (on === lay.victimsWait) return s[at + OOM_VICTIMS] === 0;
  return s[at + lay.locks + on] === NONE;
}
