/**
 * A kernel scenario as loaded from JSON (MODEL.md section 6), after validation and
 * defaults. The JSON shape is described by scenario/schema.json.
 */

export type Gfp = 'GFP_KERNEL' | 'GFP_NOFS' | 'GFP_NOIO' | 'GFP_ATOMIC';
export type GfpFlag = '__GFP_NOFAIL' | '__GFP_NORETRY' | '__GFP_REPEAT' | '__GFP_HIGH';
export type OnFail = 'unwind' | 'continue' | 'retry';
export type KthreadName = 'kswapd' | 'oom_reaper';

export type Op =
  | { op: 'lock'; lock: string }
  | { op: 'lockKillable'; lock: string }
  | { op: 'unlock'; lock: string }
  | { op: 'alloc'; order: number; gfp: Gfp; flags: GfpFlag[]; onFail: OnFail }
  | { op: 'free'; pages: number }
  | { op: 'oomDisable' }
  | { op: 'oomEnable' }
  | { op: 'hold' };

export interface TaskSpec {
  name: string;
  rss: number;
  /** -1000 = never killed (OOM_SCORE_ADJ_MIN). Default 0. */
  oomScoreAdj: number;
  /** Locks held at the start. */
  holds: string[];
  program: Op[];
}

export interface Watermarks {
  /** RFC patch 9's lowest mark; default min - max(1, floor(min/8)). */
  oom: number;
  min: number;
  low: number;
  high: number;
}

export interface ZoneSpec {
  managed: number;
  watermarks: Watermarks;
  clean: number;
  dirty: number;
  /** Pages one direct-reclaim pass frees; absent = 2^order of the allocation. */
  reclaimBatch?: number;
  /** v4.7 should_reclaim_retry bound (MODEL.md section 4); default 2. */
  maxNoProgress: number;
}

export interface Scenario {
  name: string;
  title: string;
  /** Where the hang was reported (mail, Message-ID, commit). */
  source?: string;
  /** What a kernel developer should learn from it. */
  lesson?: string;
  zone: ZoneSpec;
  kthreads: KthreadName[];
  tasks: TaskSpec[];
  /** Derived: managed - sum(rss) - clean - dirty. */
  initialFree: number;
  /** The file it came from, or "built-in:NAME". */
  origin: string;
}
