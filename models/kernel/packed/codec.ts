/**
 * KernelContext <-> context ints. decode builds objects with the key order the kernel's
 * own objects have (initialContext, enterSlowpath's AllocState literal), since traces
 * compare contexts as JSON text. encode checks what it cannot store (alloc.req must be
 * the op at pc, the queue must fit) instead of silently merging two contexts.
 */
import type { KernelConfig } from '../kernel-config.ts';
import type { AllocState, KernelContext, TaskState } from '../state.ts';
import {
  ALLOC,
  clearAlloc,
  CLEAN,
  DIRTY,
  FREE,
  KILLED,
  KSWAPD_AWAKE,
  MEMDIE,
  MM,
  MM_STATES,
  NO_PROGRESS,
  NONE,
  OOM_DISABLED,
  OOM_LOCK,
  OOM_PROGRESS,
  OOM_VICTIMS,
  PAGE,
  PAGES,
  PC,
  POST_MARK,
  POST_MARKS,
  RECLAIMED,
  SLEEPING_ON,
  VICTIM,
  sleepCode,
  sleepName,
  taskCode,
  type KernelIntLayout,
} from './layout.ts';
import { postMarkCode, type TaskTables } from './tables.ts';

const bit = (b: boolean): number => (b ? 1 : 0);

export function encodeContext(lay: KernelIntLayout, tables: readonly TaskTables[], ctx: KernelContext, s: Int32Array, at: number): void {
  s[at + FREE] = ctx.free;
  s[at + CLEAN] = ctx.clean;
  s[at + DIRTY] = ctx.dirty;
  s[at + OOM_VICTIMS] = ctx.oomVictims;
  s[at + OOM_LOCK] = taskCode(lay, ctx.oomLock);
  s[at + OOM_DISABLED] = bit(ctx.oomDisabled);
  s[at + KSWAPD_AWAKE] = bit(ctx.kswapdAwake);
  if (Object.keys(ctx.locks).length !== lay.lockNames.length) throw new Error(`packed kernel context: locks ${JSON.stringify(Object.keys(ctx.locks))}, expected ${JSON.stringify(lay.lockNames)}`);
  lay.lockNames.forEach((l, i) => {
    if (!(l in ctx.locks)) throw new Error(`packed kernel context: lock ${l} missing`);
    s[at + lay.locks + i] = taskCode(lay, ctx.locks[l]);
  });
  const q = ctx.reaperQueue;
  if (q.length > lay.taskNames.length) throw new Error(`packed kernel context: reaperQueue ${JSON.stringify(q)} longer than the task list`);
  for (let i = 0; i < lay.taskNames.length; i++) s[at + lay.queue + i] = i < q.length ? taskCode(lay, q[i]) : NONE;
  if (Object.keys(ctx.tasks).length !== tables.length) throw new Error(`packed kernel context: tasks ${JSON.stringify(Object.keys(ctx.tasks))}, expected ${JSON.stringify(lay.taskNames)}`);
  for (const t of tables) {
    const ts = ctx.tasks[t.name];
    if (ts === undefined) throw new Error(`packed kernel context: task ${t.name} missing`);
    const b = at + t.base;
    if (!(ts.pc >= 0 && ts.pc <= t.programLength)) throw new Error(`packed kernel context: ${t.name}.pc ${ts.pc} outside its program`);
    s[b + PC] = ts.pc;
    s[b + PAGES] = ts.pages;
    s[b + KILLED] = bit(ts.killed);
    s[b + MEMDIE] = bit(ts.memdie);
    const mm = MM_STATES.indexOf(ts.mm);
    if (mm < 0) throw new Error(`packed kernel context: ${t.name}.mm ${JSON.stringify(ts.mm)}`);
    s[b + MM] = mm;
    s[b + SLEEPING_ON] = sleepCode(lay, ts.sleepingOn);
    const a = ts.alloc;
    s[b + ALLOC] = bit(a !== null);
    if (a === null) {
      clearAlloc(s, b);
      continue;
    }
    if (a.req !== t.req[ts.pc]) throw new Error(`packed kernel context: ${t.name}.alloc.req is not the scenario's alloc op at pc ${ts.pc}`);
    s[b + OOM_PROGRESS] = a.oomProgress;
    s[b + RECLAIMED] = a.reclaimed;
    s[b + NO_PROGRESS] = a.noProgressLoops;
    s[b + PAGE] = bit(a.page);
    s[b + POST_MARK] = postMarkCode(a.postMark);
    s[b + VICTIM] = taskCode(lay, a.victim);
  }
}

/**
 * A task's name by its code. Module level, not a closure in decodeContext: under tsx (the
 * CLI) every closure created pays for keepNames' __name call, which was 7% of a check.
 */
function taskName(lay: KernelIntLayout, code: number): string | null {
  return code === NONE ? null : lay.taskNames[code];
}

export function decodeContext(k: KernelConfig, lay: KernelIntLayout, tables: readonly TaskTables[], s: Int32Array, at: number): KernelContext {
  const locks: Record<string, string | null> = {};
  for (let i = 0; i < lay.lockNames.length; i++) locks[lay.lockNames[i]] = taskName(lay, s[at + lay.locks + i]);
  const reaperQueue: string[] = [];
  for (let i = 0; i < lay.taskNames.length && s[at + lay.queue + i] !== NONE; i++) reaperQueue.push(lay.taskNames[s[at + lay.queue + i]]);
  const tasks: Record<string, TaskState> = {};
  for (const t of tables) {
    const b = at + t.base;
    const pc = s[b + PC];
    let alloc: AllocState | null = null;
    if (s[b + ALLOC] !== 0) {
      const mark = s[b + POST_MARK];
      alloc = {
        req: t.req[pc]!,
        oomProgress: s[b + OOM_PROGRESS] as 0 | 1,
        reclaimed: s[b + RECLAIMED],
        noProgressLoops: s[b + NO_PROGRESS],
        page: s[b + PAGE] !== 0,
        postMark: mark === NONE ? null : POST_MARKS[mark],
        victim: taskName(lay, s[b + VICTIM]),
      };
    }
    tasks[t.name] = {
      pc,
      pages: s[b + PAGES],
      oomScoreAdj: k.tasks[t.index].oomScoreAdj,
      killed: s[b + KILLED] !== 0,
      memdie: s[b + MEMDIE] !== 0,
      mm: MM_STATES[s[b + MM]],
      sleepingOn: sleepName(lay, s[b + SLEEPING_ON]),
      alloc,
    };
  }
  return {
    free: s[at + FREE],
    clean: s[at + CLEAN],
    dirty: s[at + DIRTY],
    oomVictims: s[at + OOM_VICTIMS],
    oomLock: taskName(lay, s[at + OOM_LOCK]),
    oomDisabled: s[at + OOM_DISABLED] !== 0,
    locks,
    kswapdAwake: s[at + KSWAPD_AWAKE] !== 0,
    reaperQueue,
    tasks,
  };
}
