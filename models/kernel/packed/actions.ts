/**
 * Twins of the kernel's named context updates (task.ts, alloc-return.ts, slowpath.ts,
 * oom-killer.ts, kswapd.ts, oom-reaper.ts), by the same names: each writes into the
 * context ints what the update's returned context would encode to. Cases the object
 * update cannot meet in a reachable state (no lock at pc, an empty reaper queue) throw
 * rather than write a context that does not encode anything.
 */
import type { PackedUpdate } from '../../../checker/compiled/packed-context.ts';
import { kswapdBatch } from '../kswapd.ts';
import type { OomVerdictKind } from '../oom-killer.ts';
import { MMAP_SEM } from '../oom-reaper.ts';
import { taskOf, type TwinEnv } from './context.ts';
import {
  ALLOC,
  CLEAN,
  clearAlloc,
  DIRTY,
  FREE,
  KILLED,
  KSWAPD_AWAKE,
  MEMDIE,
  MM,
  MM_GONE,
  MM_REAPED,
  MM_SKIP,
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
  RECLAIMED,
  SLEEPING_ON,
  VICTIM,
  type KernelIntLayout,
} from './layout.ts';
import { postMarkCode } from './tables.ts';

type Factory = (params: any) => PackedUpdate;

function lockAt(lockIndex: number, task: string, pc: number): number {
  if (lockIndex === NONE) throw new Error(`packed kernel twin: ${task} has no lock op at pc ${pc}`);
  return lockIndex;
}

/** Drops every occurrence of `task` from the reaper queue, keeping the others in order. */
function dequeue(s: Int32Array, at: number, lay: KernelIntLayout, task: number): void {
  const q = at + lay.queue;
  const n = lay.taskNames.length;
  let w = 0;
  for (let r = 0; r < n; r++) {
    const v = s[q + r];
    if (v === NONE) break;
    if (v !== task) s[q + w++] = v;
  }
  for (; w < n && s[q + w] !== NONE; w++) s[q + w] = NONE;
}

export function packedActions(env: TwinEnv): Record<string, Factory> {
  const { k, lay, tables } = env;
  const policy = k.policy;
  const zone = k.scenario.zone;
  const nLocks = lay.lockNames.length;

  const task: Record<string, Factory> = {
    takeLock: (p) => {
      const t = taskOf(env, p);
      const b = t.base;
      return (s, at) => {
        const pc = s[at + b + PC];
        s[at + lay.locks + lockAt(t.lock[pc], t.name, pc)] = t.index;
        s[at + b + PC] = pc + 1;
        s[at + b + SLEEPING_ON] = NONE;
      };
    },
    sleepOnLock: (p: { task: string; uninterruptible: boolean }) => {
      const t = taskOf(env, p);
      const b = t.base;
      if (!p.uninterruptible) return (s, at) => void (s[at + b + SLEEPING_ON] = NONE);
      return (s, at) => {
        const pc = s[at + b + PC];
        s[at + b + SLEEPING_ON] = lockAt(t.lock[pc], t.name, pc);
      };
    },
    releaseLock: (p) => {
      const t = taskOf(env, p);
      const b = t.base;
      return (s, at) => {
        const pc = s[at + b + PC];
        s[at + lay.locks + lockAt(t.lock[pc], t.name, pc)] = NONE;
        s[at + b + PC] = pc + 1;
      };
    },
    freePages: (p) => {
      const t = taskOf(env, p);
      const b = t.base;
      return (s, at) => {
        const pc = s[at + b + PC];
        const n = Math.min(t.freePages[pc], s[at + b + PAGES]);
        s[at + FREE] += n;
        s[at + b + PAGES] -= n;
        s[at + b + PC] = pc + 1;
      };
    },
    fastPathTake: (p) => {
      const t = taskOf(env, p);
      const b = t.base;
      return (s, at) => {
        const pc = s[at + b + PC];
        const n = t.pages[pc];
        s[at + FREE] -= n;
        s[at + b + PAGES] += n;
        s[at + b + PC] = pc + 1;
      };
    },
    enterSlowpath: (p) => {
      const b = taskOf(env, p).base;
      return (s, at) => {
        clearAlloc(s, at + b);
        s[at + b + ALLOC] = 1;
      };
    },
    disableOom: () => (s, at) => void (s[at + OOM_DISABLED] = 1),
    waitForVictims: (p) => {
      const o = taskOf(env, p).base + SLEEPING_ON;
      return (s, at) => void (s[at + o] = lay.victimsWait);
    },
    enableOom: (p) => {
      const o = taskOf(env, p).base + PC;
      return (s, at) => {
        s[at + OOM_DISABLED] = 0;
        s[at + o] += 1;
      };
    },
    nextOp: (p) => {
      const b = taskOf(env, p).base;
      return (s, at) => {
        s[at + b + PC] += 1;
        s[at + b + SLEEPING_ON] = NONE;
      };
    },
    releaseAllLocks: (p) => {
      const t = taskOf(env, p);
      return (s, at) => {
        for (let i = 0; i < nLocks; i++) if (s[at + lay.locks + i] === t.index) s[at + lay.locks + i] = NONE;
        s[at + t.base + SLEEPING_ON] = NONE;
      };
    },
    exitMm: (p) => {
      const t = taskOf(env, p);
      const b = t.base;
      return (s, at) => {
        s[at + FREE] += s[at + b + PAGES];
        dequeue(s, at, lay, t.index);
        s[at + b + PAGES] = 0;
        s[at + b + MM] = MM_GONE;
        s[at + b + SLEEPING_ON] = NONE;
      };
    },
    exitOomVictim: (p) => {
      const o = taskOf(env, p).base + MEMDIE;
      return (s, at) => {
        s[at + OOM_VICTIMS] -= 1;
        s[at + o] = 0;
      };
    },
  };

  const ret: Record<string, Factory> = {
    takePages: (p) => {
      const t = taskOf(env, p);
      const b = t.base;
      return (s, at) => {
        const n = t.pages[s[at + b + PC]];
        s[at + FREE] -= n;
        s[at + b + PAGES] += n;
      };
    },
    allocSucceeded: (p) => {
      const b = taskOf(env, p).base;
      return (s, at) => {
        clearAlloc(s, at + b);
        s[at + b + PC] += 1;
      };
    },
    allocFailed: (p) => {
      const t = taskOf(env, p);
      const b = t.base;
      return (s, at) => {
        clearAlloc(s, at + b);
        s[at + b + PC] += t.onFailContinue[s[at + b + PC]];
      };
    },
  };

  const maxLoops = zone.maxNoProgress + 1;
  const slowpath: Record<string, Factory> = {
    directReclaim: (p) => {
      const t = taskOf(env, p);
      const b = t.base;
      return (s, at) => {
        const pc = s[at + b + PC];
        const batch = t.batch[pc];
        const fromClean = Math.min(batch, s[at + CLEAN]);
        const fromDirty = t.canFs[pc] !== 0 ? Math.min(batch - fromClean, s[at + DIRTY]) : 0;
        const freed = fromClean + fromDirty;
        s[at + FREE] += freed;
        s[at + CLEAN] -= fromClean;
        s[at + DIRTY] -= fromDirty;
        s[at + b + RECLAIMED] = Math.min(s[at + b + RECLAIMED] + freed, t.pages[pc]);
      };
    },
    countNoProgress: (p: { task: string; progress: boolean }) => {
      const t = taskOf(env, p);
      const o = t.base + NO_PROGRESS;
      if (!p.progress) return (s, at) => void (s[at + o] = Math.min(s[at + o] + 1, maxLoops));
      if (!policy.costlyProgressNoReset) return (s, at) => void (s[at + o] = 0);
      const counts = t.progressCounts;
      const pc = t.base + PC;
      return (s, at) => void (s[at + o] = counts[s[at + pc]] !== 0 ? Math.min(s[at + o] + 1, maxLoops) : 0);
    },
    congestionWait: () => () => {},
  };

  const takeMark = postMarkCode(policy.syncOomKill ? 'min' : null);
  const nofsProgress = policy.nofsFail ? 0 : 1;
  const oom: Record<string, Factory> = {
    takeOomLock: (p) => {
      const t = taskOf(env, p);
      const b = t.base;
      return (s, at) => {
        s[at + OOM_LOCK] = t.index;
        s[at + b + OOM_PROGRESS] = 0;
        s[at + b + PAGE] = 0;
        s[at + b + POST_MARK] = takeMark;
      };
    },
    releaseOomLock: () => (s, at) => void (s[at + OOM_LOCK] = NONE),
    gotPage: (p) => {
      const o = taskOf(env, p).base + PAGE;
      return (s, at) => void (s[at + o] = 1);
    },
    nofsExitProgress: (p) => {
      const o = taskOf(env, p).base + OOM_PROGRESS;
      return (s, at) => void (s[at + o] = nofsProgress);
    },
    markSelf: (p) => {
      const o = taskOf(env, p).base + MEMDIE;
      return (s, at) => {
        if (s[at + o] !== 0) return;
        s[at + OOM_VICTIMS] += 1;
        s[at + o] = 1;
      };
    },
    oomKill: (p) => {
      const t = taskOf(env, p);
      const queue = lay.queue;
      const n = lay.taskNames.length;
      return (s, at, event) => {
        const name = (event as { victim?: string }).victim;
        const v = name === undefined ? undefined : lay.taskIndex.get(name);
        if (v === undefined) throw new Error(`packed kernel twin: ${t.name}.kill without a known victim (${JSON.stringify(name)})`);
        if (k.oomReaper) {
          let i = 0;
          while (i < n && s[at + queue + i] !== NONE) i++;
          if (i === n) throw new Error(`packed kernel twin: reaper queue full when ${t.name} kills ${name}`);
          s[at + queue + i] = v;
        }
        s[at + OOM_VICTIMS] += 1;
        const vb = tables[v].base;
        s[at + vb + KILLED] = 1;
        s[at + vb + MEMDIE] = 1;
        s[at + t.base + VICTIM] = v;
      };
    },
    oomReturned: (p: { task: string; verdict: OomVerdictKind }) => {
      const t = taskOf(env, p);
      const b = t.base;
      const disabled = p.verdict === 'disabled';
      return (s, at) => {
        const pc = s[at + b + PC];
        s[at + b + OOM_PROGRESS] = disabled ? t.disabledProgress[pc] : 1;
        s[at + b + POST_MARK] = t.postMarkAfter[pc];
      };
    },
    resetNoProgress: (p) => {
      const o = taskOf(env, p).base + NO_PROGRESS;
      return (s, at) => void (s[at + o] = 0);
    },
  };

  const high = zone.watermarks.high;
  const batch = kswapdBatch(k);
  const kswapd: Record<string, Factory> = {
    wakeKswapd: () => (s, at) => {
      if (s[at + FREE] < high && s[at + KSWAPD_AWAKE] === 0) s[at + KSWAPD_AWAKE] = 1;
    },
    kswapdReclaim: () => (s, at) => {
      const fromClean = Math.min(batch, s[at + CLEAN]);
      const fromDirty = Math.min(batch - fromClean, s[at + DIRTY]);
      const free = (s[at + FREE] += fromClean + fromDirty);
      const left = (s[at + CLEAN] -= fromClean) + (s[at + DIRTY] -= fromDirty);
      s[at + KSWAPD_AWAKE] = free < high && left > 0 ? 1 : 0;
    },
    kswapdSleep: () => (s, at) => void (s[at + KSWAPD_AWAKE] = 0),
  };

  const mmapSem = lay.lockIndex.get(MMAP_SEM) ?? NONE;
  const reaper: Record<string, Factory> = {
    oomReap: () => (s, at) => {
      const q = at + lay.queue;
      const v = s[q];
      if (v === NONE) throw new Error('packed kernel twin: oomReap with an empty queue');
      const n = lay.taskNames.length;
      for (let i = 1; i < n; i++) s[q + i - 1] = s[q + i];
      s[q + n - 1] = NONE;
      const vb = at + tables[v].base;
      const frees = mmapSem === NONE || s[at + lay.locks + mmapSem] === NONE;
      if (frees) {
        s[at + FREE] += s[vb + PAGES];
        s[vb + PAGES] = 0;
      }
      if (s[vb + MEMDIE] !== 0) s[at + OOM_VICTIMS] -= 1;
      s[vb + MEMDIE] = 0;
      s[vb + MM] = frees ? MM_REAPED : MM_SKIP;
    },
  };

  return { ...task, ...ret, ...slowpath, ...oom, ...kswapd, ...reaper };
}
