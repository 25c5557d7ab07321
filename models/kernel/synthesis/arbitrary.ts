/**
 * A fast-check arbitrary of kernel scenario documents (MODEL.md section 6) within
 * bounds, for synthesis (issue 6).
 *
 * Design: fast-check draws a *raw* scenario from independent, small domains (no value
 * depends on another), and one pure function, `buildScenarioDoc`, turns any raw value
 * into a valid document: page counts are clamped to the bound so that free >= 0,
 * watermarks are built from non-negative steps so that oom <= min <= low <= high <=
 * managed, a lock op on a lock the task already holds becomes its unlock, initial
 * holds are given to one task only, a program ends at its first `hold`, no
 * allocation asks for more pages than the zone has, `free`
 * never returns more than the task can own, and flag combinations the loader rejects
 * as caller bugs are resolved (see buildProgram). Validity is
 * therefore by construction, for every raw value, including every value fast-check
 * tries while shrinking; and shrinking works on the raw value, where every step is
 * a simplification:
 *
 * - arrays (tasks, ops, holds) shrink toward empty: fewer tasks, fewer ops;
 * - integers shrink toward 0: fewer pages, order 0, lower watermarks;
 * - every choice lists its simplest option first (GFP_KERNEL before GFP_NOFS, GFP_NOIO,
 *   GFP_ATOMIC; onFail unwind before continue, retry; i_mutex before mmap_sem; no held
 *   lock before one), and flags shrink toward off (no flag, no kthread, oomScoreAdj 0);
 * - an op can cross-shrink to the simplest op (an order-0 GFP_KERNEL alloc).
 *
 * Defaults are omitted from the document (flags [], onFail unwind, holds [],
 * oomScoreAdj 0), so that a shrunk scenario reads like a hand-written one.
 */
import fc from 'fast-check';
import type { Gfp, GfpFlag, KthreadName, OnFail } from '../scenario/types.ts';

/** Bounds of the search space. */
export interface ScenarioBounds {
  /** Tasks per scenario, 1.. (kthreads not counted). */
  maxTasks: number;
  /** zone.managed: every page (task rss, clean, dirty, free) is one of these. */
  maxPages: number;
  /** Ops per task program. */
  maxOps: number;
}

export const DEFAULT_BOUNDS: ScenarioBounds = { maxTasks: 3, maxPages: 8, maxOps: 3 };

/** The JSON shape of a scenario as written in a file (MODEL.md section 6). */
export type OpDoc =
  | { op: 'lock' | 'lockKillable' | 'unlock'; lock: string }
  | { op: 'alloc'; order: number; gfp: Gfp; flags?: GfpFlag[]; onFail?: OnFail }
  | { op: 'free'; pages: number }
  | { op: 'oomDisable' }
  | { op: 'oomEnable' }
  | { op: 'hold' };

export interface TaskDoc {
  name: string;
  rss: number;
  oomScoreAdj?: number;
  holds?: string[];
  program: OpDoc[];
}

export interface ScenarioDoc {
  name: string;
  title: string;
  source?: string;
  lesson?: string;
  zone: {
    managed: number;
    watermarks: { oom: number; min: number; low: number; high: number };
    clean: number;
    dirty: number;
    reclaimBatch?: number;
    maxNoProgress?: number;
  };
  kthreads: KthreadName[];
  tasks: TaskDoc[];
}

/** Simplest first: the order fast-check shrinks toward. */
export const GFP_CHOICES: readonly Gfp[] = ['GFP_KERNEL', 'GFP_NOFS', 'GFP_NOIO', 'GFP_ATOMIC'];
export const ON_FAIL_CHOICES: readonly OnFail[] = ['unwind', 'continue', 'retry'];
/** The order flags are written in. */
export const FLAG_ORDER: readonly GfpFlag[] = ['__GFP_NOFAIL', '__GFP_NORETRY', '__GFP_REPEAT', '__GFP_HIGH'];
/** i_mutex: a filesystem lock; mmap_sem: the lock the oom_reaper cannot reap past. */
export const LOCK_NAMES = ['i_mutex', 'mmap_sem'] as const;
export const MAX_ORDER = 4;

// ---------------------------------------------------------------------------------
// Raw values: what fast-check generates and shrinks.

export type RawOp =
  | { kind: 'alloc'; order: number; gfp: Gfp; nofail: boolean; noretry: boolean; repeat: boolean; high: boolean; onFail: OnFail }
  /** Lock `lock` if not held (killably or not), else unlock it. */
  | { kind: 'lock'; lock: number; killable: boolean }
  | { kind: 'free'; pages: number }
  /** oomDisable if this task has not disabled the OOM killer, else oomEnable. */
  | { kind: 'oomToggle' }
  | { kind: 'hold' };

export interface RawTask {
  rss: number;
  unkillable: boolean;
  /** Indices into LOCK_NAMES. */
  holds: number[];
  program: RawOp[];
}

export interface RawScenario {
  tasks: RawTask[];
  clean: number;
  dirty: number;
  free: number;
  /** Watermark steps: oom = a, min = a + b, low = min + c, high = low + d (then clamped). */
  marks: [number, number, number, number];
  kswapd: boolean;
  oomReaper: boolean;
}

/**
 * One of several values with weights, drawn as an integer index: fast-check shrinks
 * integers toward 0, so the value shrinks toward the first option (the simplest).
 */
export function weighted<T>(...options: ReadonlyArray<readonly [T, number]>): fc.Arbitrary<T> {
  const slots: T[] = [];
  for (const [value, weight] of options) for (let i = 0; i < weight; i++) slots.push(value);
  return fc.integer({ min: 0, max: slots.length - 1 }).map((i) => slots[i]);
}

/** true once in `n` draws; shrinks to false. */
const rarely = (n: number) => weighted<boolean>([false, n - 1], [true, 1]);

/**
 * The weights favour what the hangs of MODEL.md section 6 are made of (allocations and
 * locks, GFP_KERNEL and GFP_NOFS, low orders, few flags, tight memory), so that a few
 * hundred draws reach them; every other choice stays reachable.
 */
function rawOpArb(bounds: ScenarioBounds): fc.Arbitrary<RawOp> {
  const alloc = fc.record({
    kind: fc.constant('alloc' as const),
    order: weighted([0, 4], [1, 2], [2, 1], [3, 1], [4, 1]),
    gfp: weighted<Gfp>(['GFP_KERNEL', 4], ['GFP_NOFS', 4], ['GFP_NOIO', 1], ['GFP_ATOMIC', 1]),
    nofail: rarely(4),
    noretry: rarely(8),
    repeat: rarely(8),
    high: rarely(8),
    onFail: weighted<OnFail>(['unwind', 4], ['continue', 1], ['retry', 2]),
  });
  const lock = fc.record({
    kind: fc.constant('lock' as const),
    lock: weighted([0, 3], [1, 1]),
    killable: rarely(4),
  });
  const free = fc.record({ kind: fc.constant('free' as const), pages: fc.integer({ min: 1, max: Math.max(1, bounds.maxPages) }) });
  const oomToggle = fc.constant({ kind: 'oomToggle' as const });
  const hold = fc.constant({ kind: 'hold' as const });
  // The first arbitrary is also the cross-shrink target: any op may become an order-0
  // GFP_KERNEL allocation.
  return fc.oneof(
    { withCrossShrink: true },
    { arbitrary: alloc, weight: 6 },
    { arbitrary: lock, weight: 4 },
    { arbitrary: free, weight: 1 },
    { arbitrary: hold, weight: 1 },
    { arbitrary: oomToggle, weight: 1 },
  );
}

export function rawScenarioArb(bounds: ScenarioBounds = DEFAULT_BOUNDS): fc.Arbitrary<RawScenario> {
  checkBounds(bounds);
  const pages = fc.integer({ min: 0, max: bounds.maxPages });
  // Free memory, and cache, are mostly none: the slowpath only runs when memory is tight.
  const fewPages = fc.oneof({ withCrossShrink: true }, { arbitrary: fc.constant(0), weight: 2 }, { arbitrary: pages, weight: 1 });
  const task: fc.Arbitrary<RawTask> = fc.record({
    rss: pages,
    unkillable: rarely(6),
    holds: weighted<number[]>([[], 4], [[0], 3], [[1], 1], [[0, 1], 1]),
    program: fc.array(rawOpArb(bounds), { minLength: 0, maxLength: bounds.maxOps }),
  });
  const mark = fc.integer({ min: 0, max: Math.max(0, Math.min(3, bounds.maxPages)) });
  return fc.record({
    // minLength 0, not 1: fast-check cannot drop the last element of an array at its
    // minimum length, so [A, B] with the failure in A would never shrink to [A].
    // buildScenarioDoc gives an empty list one idle task.
    tasks: fc.array(task, { minLength: 0, maxLength: bounds.maxTasks }),
    clean: fewPages,
    dirty: fewPages,
    free: fewPages,
    marks: fc.tuple(mark, mark, mark, mark),
    kswapd: rarely(5),
    oomReaper: rarely(5),
  });
}

/** Scenario documents within the bounds, valid by construction. */
export function scenarioDocArb(bounds: ScenarioBounds = DEFAULT_BOUNDS): fc.Arbitrary<ScenarioDoc> {
  return rawScenarioArb(bounds).map((raw) => buildScenarioDoc(raw, bounds));
}

function checkBounds(bounds: ScenarioBounds): void {
  for (const [k, v] of Object.entries(bounds)) {
    if (!Number.isSafeInteger(v) || v < (k === 'maxOps' ? 0 : 1)) throw new RangeError(`synthesis bound ${k} must be a positive integer, got ${v}`);
  }
}

// ---------------------------------------------------------------------------------
// Raw value -> valid document.

export const TASK_NAMES = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

export function taskName(i: number): string {
  return i < TASK_NAMES.length ? TASK_NAMES[i] : `T${i}`;
}

const IDLE_TASK: RawTask = { rss: 0, unkillable: false, holds: [], program: [] };

export function buildScenarioDoc(raw: RawScenario, bounds: ScenarioBounds): ScenarioDoc {
  const rawTasks = raw.tasks.length > 0 ? raw.tasks : [IDLE_TASK];
  // Pages: each owner takes what it asks for, as long as the bound allows, in a fixed
  // order (tasks, clean, dirty, free); so free >= 0 and managed <= maxPages.
  let left = bounds.maxPages;
  const take = (n: number) => {
    const got = Math.max(0, Math.min(n, left));
    left -= got;
    return got;
  };
  const rss = rawTasks.map((t) => take(t.rss));
  const clean = take(raw.clean);
  const dirty = take(raw.dirty);
  const free = take(raw.free);
  let managed = bounds.maxPages - left;
  // An empty zone is not a zone: at least one page (a free one).
  const extraFree = managed === 0 ? 1 : 0;
  managed += extraFree;

  // Watermarks: non-negative steps, clamped to managed, keep oom <= min <= low <= high.
  const [a, b, c, d] = raw.marks;
  const clamp = (n: number) => Math.min(n, managed);
  const oom = clamp(a);
  const min = clamp(a + b);
  const low = clamp(a + b + c);
  const high = clamp(a + b + c + d);

  // Initial holds: a lock is held by the first task that claims it, and only once.
  const taken = new Set<number>();
  const tasks: TaskDoc[] = rawTasks.map((t, i) => {
    const holds: number[] = [];
    for (const l of t.holds) {
      if (!taken.has(l)) {
        taken.add(l);
        holds.push(l);
      }
    }
    const task: TaskDoc = { name: taskName(i), rss: rss[i], program: buildProgram(t.program, holds, rss[i], managed) };
    if (t.unkillable) task.oomScoreAdj = -1000;
    if (holds.length > 0) task.holds = holds.map((l) => LOCK_NAMES[l]);
    return task;
  });

  const kthreads: KthreadName[] = [];
  if (raw.kswapd) kthreads.push('kswapd');
  if (raw.oomReaper) kthreads.push('oom_reaper');

  return {
    name: 'synthesized',
    title: 'A scenario generated by oomcheck synthesize',
    zone: { managed, watermarks: { oom, min, low, high }, clean, dirty },
    kthreads,
    tasks,
  };
}

/**
 * A task's program, valid against the loader's semantic checks: lock ops well nested
 * against the locks it holds, no request for more pages than the zone manages, `free n`
 * at most what the task can own at that point
 * (rss + earlier allocations - earlier frees; dropped when that is 0), no flag
 * combination the kernel treats as a caller bug (NOFAIL wins over NORETRY; GFP_ATOMIC
 * loses NOFAIL), and nothing after `hold`.
 */
function buildProgram(ops: readonly RawOp[], initiallyHeld: readonly number[], rss: number, managed: number): OpDoc[] {
  const held = new Set(initiallyHeld);
  let maxOwned = rss;
  let oomDisabled = false;
  const program: OpDoc[] = [];
  for (const op of ops) {
    switch (op.kind) {
      case 'alloc': {
        const nofail = op.nofail && op.gfp !== 'GFP_ATOMIC';
        const flags: GfpFlag[] = [];
        if (nofail) flags.push('__GFP_NOFAIL');
        if (op.noretry && !nofail) flags.push('__GFP_NORETRY');
        if (op.repeat) flags.push('__GFP_REPEAT');
        if (op.high) flags.push('__GFP_HIGH');
        // No request larger than the zone: it could never succeed under any policy, and
        // a hang it causes says nothing about the policy.
        let order = op.order;
        while (order > 0 && 2 ** order > managed) order--;
        const alloc: OpDoc = { op: 'alloc', order, gfp: op.gfp };
        if (flags.length > 0) alloc.flags = flags;
        if (op.onFail !== 'unwind') alloc.onFail = op.onFail;
        program.push(alloc);
        maxOwned += 2 ** order;
        break;
      }
      case 'lock': {
        const lock = LOCK_NAMES[op.lock];
        if (held.has(op.lock)) {
          held.delete(op.lock);
          program.push({ op: 'unlock', lock });
        } else {
          held.add(op.lock);
          program.push({ op: op.killable ? 'lockKillable' : 'lock', lock });
        }
        break;
      }
      case 'free': {
        const pages = Math.min(op.pages, maxOwned);
        if (pages >= 1) {
          program.push({ op: 'free', pages });
          maxOwned -= pages;
        }
        break;
      }
      case 'oomToggle':
        program.push({ op: oomDisabled ? 'oomEnable' : 'oomDisable' });
        oomDisabled = !oomDisabled;
        break;
      case 'hold':
        // A task parked at `hold` never runs another op (a killed one unwinds instead).
        program.push({ op: 'hold' });
        return program;
    }
  }
  return program;
}
