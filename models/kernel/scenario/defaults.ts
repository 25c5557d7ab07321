/**
 * From a schema-valid JSON document to the loaded Scenario: every optional field gets its default
 * here, in one place, so that the kernel machines never see an absent field. The input is not
 * mutated (Ajv's useDefaults would write into the caller's object).
 */
import type { KthreadName, Op, Scenario, TaskSpec, Watermarks, ZoneSpec } from './types.ts';

/** The document shape that schema.json guarantees (optional fields still optional). */
export interface ScenarioDoc {
  name: string;
  title: string;
  source?: string;
  lesson?: string;
  zone: {
    managed: number;
    watermarks: { oom?: number; min: number; low: number; high: number };
    clean?: number;
    dirty?: number;
    reclaimBatch?: number;
    maxNoProgress?: number;
  };
  kthreads?: KthreadName[];
  tasks: Array<{
    name: string;
    rss: number;
    oomScoreAdj?: number;
    holds?: string[];
    program: Array<Record<string, unknown> & { op: Op['op'] }>;
  }>;
}

/** v4.7 should_reclaim_retry bound of MODEL.md section 4 (the kernel's is 16; 2 keeps graphs small). */
export const DEFAULT_MAX_NO_PROGRESS = 2;

/**
 * RFC patch 9 puts WMARK_OOM at the old min and raises min by min/8; MODEL.md gives the scenario's
 * min and asks for oom = min - max(1, min/8). Clamped at 0 so that a zone with min 0 (no reserves)
 * stays valid: there is nothing below 0 to reserve.
 */
export function defaultOomMark(min: number): number {
  return Math.max(0, min - Math.max(1, Math.floor(min / 8)));
}

export function applyDefaults(doc: ScenarioDoc, origin: string): Scenario {
  const wm = doc.zone.watermarks;
  const watermarks: Watermarks = {
    oom: wm.oom ?? defaultOomMark(wm.min),
    min: wm.min,
    low: wm.low,
    high: wm.high,
  };
  const zone: ZoneSpec = {
    managed: doc.zone.managed,
    watermarks,
    clean: doc.zone.clean ?? 0,
    dirty: doc.zone.dirty ?? 0,
    maxNoProgress: doc.zone.maxNoProgress ?? DEFAULT_MAX_NO_PROGRESS,
  };
  // Absent means "2^order of each allocation" (MODEL.md section 7); keep it absent, not a number.
  if (doc.zone.reclaimBatch !== undefined) zone.reclaimBatch = doc.zone.reclaimBatch;

  const tasks: TaskSpec[] = doc.tasks.map((t) => ({
    name: t.name,
    rss: t.rss,
    oomScoreAdj: t.oomScoreAdj ?? 0,
    holds: [...(t.holds ?? [])],
    program: t.program.map(normaliseOp),
  }));

  const scenario: Scenario = {
    name: doc.name,
    title: doc.title,
    zone,
    kthreads: [...(doc.kthreads ?? [])],
    tasks,
    initialFree: zone.managed - tasks.reduce((sum, t) => sum + t.rss, 0) - zone.clean - zone.dirty,
    origin,
  };
  if (doc.source !== undefined) scenario.source = doc.source;
  if (doc.lesson !== undefined) scenario.lesson = doc.lesson;
  return scenario;
}

function normaliseOp(raw: Record<string, unknown> & { op: Op['op'] }): Op {
  switch (raw.op) {
    case 'lock':
    case 'lockKillable':
    case 'unlock':
      return { op: raw.op, lock: raw.lock as string };
    case 'alloc':
      return {
        op: 'alloc',
        order: raw.order as number,
        gfp: raw.gfp as Extract<Op, { op: 'alloc' }>['gfp'],
        flags: [...((raw.flags as Extract<Op, { op: 'alloc' }>['flags'] | undefined) ?? [])],
        onFail: (raw.onFail as Extract<Op, { op: 'alloc' }>['onFail'] | undefined) ?? 'unwind',
      };
    case 'free':
      return { op: 'free', pages: raw.pages as number };
    case 'oomDisable':
    case 'oomEnable':
    case 'hold':
      return { op: raw.op };
  }
}
