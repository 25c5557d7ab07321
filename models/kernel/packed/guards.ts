/**
 * Twins of the kernel's named guards (task-flags.ts, task.ts, alloc-return.ts,
 * slowpath.ts, oom-killer.ts, kswapd.ts, oom-reaper.ts), by the same names. Where the
 * object guard would throw (pendingAlloc without a pending allocation) the twin's answer
 * is unspecified: such a guard is never evaluated in a reachable state.
 */
import type { AttemptSite } from '../attempts.ts';
import type { OomVerdictKind } from '../oom-killer.ts';
import type { RetryDecision } from '../slowpath.ts';
import type { OpName } from '../task.ts';
import type { PackedGuard } from '../../../checker/compiled/packed-context.ts';
import { taskOf, type TwinEnv } from './context.ts';
import {
  CLEAN,
  DIRTY,
  FREE,
  KILLED,
  KSWAPD_AWAKE,
  MEMDIE,
  NO_PROGRESS,
  NONE,
  OOM_LOCK,
  OOM_PROGRESS,
  OOM_VICTIMS,
  PAGE,
  PC,
  POST_MARK,
  RECLAIMED,
} from './layout.ts';
import { isTiedCandidate, verdictOf, victimCanStep, bestPoints, V_KILL, VERDICTS } from './oom.ts';
import { ALLOC_RETRY_REPEAT, ALLOC_RETRY_YES, OP_NAMES } from './tables.ts';

type Factory = (params: any) => PackedGuard;

const RETRY = 0;
const MAY_OOM = 1;
const FAIL = 2;
const DECISIONS: readonly RetryDecision[] = ['retry', 'mayOom', 'fail'];

function codeOf<T extends string>(list: readonly T[], value: T, what: string): number {
  const i = list.indexOf(value);
  if (i < 0) throw new Error(`packed kernel twin: unknown ${what} ${JSON.stringify(value)}`);
  return i;
}

/** A guard on one flag table indexed by the task's pc. */
function byPc(env: TwinEnv, params: { task: string }, pick: (t: ReturnType<typeof taskOf>) => Uint8Array): PackedGuard {
  const t = taskOf(env, params);
  const table = pick(t);
  const pc = t.base + PC;
  return (s, at) => table[s[at + pc]] !== 0;
}

export function packedGuards(env: TwinEnv): Record<string, Factory> {
  const { k, lay, tables } = env;
  const policy = k.policy;
  const zone = k.scenario.zone;
  const nLocks = lay.lockNames.length;

  const taskFlags: Record<string, Factory> = {
    killed: (p) => {
      const o = taskOf(env, p).base + KILLED;
      return (s, at) => s[at + o] !== 0;
    },
    memdie: (p) => {
      const o = taskOf(env, p).base + MEMDIE;
      return (s, at) => s[at + o] !== 0;
    },
    programDone: (p) => {
      const t = taskOf(env, p);
      const o = t.base + PC;
      const end = t.programLength;
      return (s, at) => s[at + o] >= end;
    },
    mustExit: (p) => {
      const t = taskOf(env, p);
      const pc = t.base + PC;
      const killed = t.base + KILLED;
      const end = t.programLength;
      return (s, at) => s[at + killed] !== 0 || s[at + pc] >= end;
    },
    holdsLocks: (p) => {
      const ti = taskOf(env, p).index;
      const first = lay.locks;
      return (s, at) => {
        for (let i = 0; i < nLocks; i++) if (s[at + first + i] === ti) return true;
        return false;
      };
    },
    nofail: (p) => byPc(env, p, (t) => t.nofail),
    atomic: (p) => byPc(env, p, (t) => t.atomic),
    noVictims: () => (s, at) => s[at + OOM_VICTIMS] === 0,
    oomLockFree: () => (s, at) => s[at + OOM_LOCK] === NONE,
  };

  const task: Record<string, Factory> = {
    atOp: (p: { task: string; op: OpName }) => {
      const t = taskOf(env, p);
      const want = codeOf(OP_NAMES, p.op, 'op');
      const pc = t.base + PC;
      const ops = t.op;
      return (s, at) => ops[s[at + pc]] === want;
    },
    opLockFree: (p) => {
      const t = taskOf(env, p);
      const pc = t.base + PC;
      const wants = t.wantsLock;
      const first = lay.locks;
      return (s, at) => {
        const l = wants[s[at + pc]];
        return l !== NONE && s[at + first + l] === NONE;
      };
    },
    fastPathOk: (p) => needGuard(env, p, 'fastPath'),
    oomDisableAllowed: () => (policy.oomLockMutex ? (s, at) => s[at + OOM_LOCK] === NONE : () => true),
  };

  const ret: Record<string, Factory> = {
    attemptOk: (p: { task: string; site: AttemptSite }) => {
      if (p.site !== 'postOom') return needGuard(env, p, p.site);
      const t = taskOf(env, p);
      const pc = t.base + PC;
      const mark = t.base + POST_MARK;
      const need = t.need.postOom;
      // need is laid out by pc * 4 + postMark + 1 (postMark NONE = -1).
      return (s, at) => s[at + FREE] >= need[(s[at + pc] << 2) + s[at + mark] + 1];
    },
    onFailUnwind: (p) => byPc(env, p, (t) => t.onFailUnwind),
    nofailHarderAtNopage: (p) => byPc(env, p, (t) => t.nofailHarderAtNopage),
  };

  const slowpath: Record<string, Factory> = {
    reclaimProgress: (p) => {
      const t = taskOf(env, p);
      const pc = t.base + PC;
      const { batch, canFs } = t;
      return (s, at) => {
        const i = s[at + pc];
        const b = batch[i];
        const fromClean = Math.min(b, s[at + CLEAN]);
        const fromDirty = canFs[i] !== 0 ? Math.min(b - fromClean, s[at + DIRTY]) : 0;
        return fromClean + fromDirty > 0;
      };
    },
    retryDecisionIs: (p: { task: string; progress: boolean; is: RetryDecision }) => {
      const t = taskOf(env, p);
      const want = codeOf(DECISIONS, p.is, 'retry decision');
      const pc = t.base + PC;
      const progress = p.progress;
      if (!policy.reclaimRetries) {
        // v4.0 should_alloc_retry.
        const mode = t.allocRetry;
        const pages = t.pages;
        const reclaimed = t.base + RECLAIMED;
        const onRetry = progress ? RETRY : MAY_OOM;
        return (s, at) => {
          const i = s[at + pc];
          const m = mode[i];
          const retry = m === ALLOC_RETRY_YES || (m === ALLOC_RETRY_REPEAT && s[at + reclaimed] < pages[i]);
          return (retry ? onRetry : FAIL) === want;
        };
      }
      // v4.7 should_reclaim_retry.
      const fails = t.reclaimRetryFails;
      const counts = t.progressCounts;
      const need = t.reclaimNeed;
      const loopsAt = t.base + NO_PROGRESS;
      const maxNoProgress = zone.maxNoProgress;
      return (s, at) => {
        const i = s[at + pc];
        let d: number;
        if (fails[i] !== 0) d = FAIL;
        else if ((progress && counts[i] === 0 ? 0 : Math.min(s[at + loopsAt] + 1, maxNoProgress + 1)) > maxNoProgress) d = MAY_OOM;
        else d = s[at + FREE] + s[at + CLEAN] + s[at + DIRTY] >= need[i] ? RETRY : MAY_OOM;
        return d === want;
      };
    },
  };

  const oom: Record<string, Factory> = {
    oomVerdictIs: (p: { task: string; is: OomVerdictKind }) => {
      const t = taskOf(env, p);
      const want = codeOf(VERDICTS, p.is, 'verdict');
      return (s, at) => verdictOf(s, at, tables, t) === want;
    },
    killsVictim: (p: { task: string; self: boolean }) => {
      const t = taskOf(env, p);
      const self = p.self;
      const victims = lay.taskIndex;
      return (s, at, event) => {
        const name = (event as { victim?: string }).victim;
        if (name === undefined) return false;
        const v = victims.get(name);
        if (v === undefined || (v === t.index) !== self) return false;
        return verdictOf(s, at, tables, t) === V_KILL && isTiedCandidate(s, at, tables[v], bestPoints(s, at, tables));
      };
    },
    costlyExit: (p) => byPc(env, p, (t) => t.costlyExit),
    nofsExit: (p) => byPc(env, p, (t) => t.nofsExit),
    gotPage: (p) => {
      const o = taskOf(env, p).base + PAGE;
      return (s, at) => s[at + o] !== 0;
    },
    hasPostAttempt: (p) => {
      const o = taskOf(env, p).base + POST_MARK;
      return (s, at) => s[at + o] !== NONE;
    },
    mayOomFails: (p) => {
      const t = taskOf(env, p);
      const pc = t.base + PC;
      const progress = t.base + OOM_PROGRESS;
      const lowOrder = t.lowOrderFails;
      return (s, at) => s[at + progress] === 0 || lowOrder[s[at + pc]] !== 0;
    },
    timeoutAllowed: (p) => {
      if (!policy.patientOomWait) return () => true;
      const me = taskOf(env, p).index;
      const others = tables.filter((o) => o.index !== me);
      return (s, at) => {
        for (let i = 0; i < others.length; i++) if (victimCanStep(s, at, lay, others[i])) return false;
        return true;
      };
    },
  };

  const high = zone.watermarks.high;
  const kthreads: Record<string, Factory> = {
    kswapdAwake: () => (s, at) => s[at + KSWAPD_AWAKE] !== 0,
    kswapdHasWork: () => (s, at) => s[at + KSWAPD_AWAKE] !== 0 && s[at + FREE] < high && s[at + CLEAN] + s[at + DIRTY] > 0,
    reaperHasWork: () => (s, at) => s[at + lay.queue] !== NONE,
  };

  return { ...taskFlags, ...task, ...ret, ...slowpath, ...oom, ...kthreads };
}

/** get_page_from_freelist at a site whose mark does not depend on the state: free >= need[pc]. */
function needGuard(env: TwinEnv, params: { task: string }, site: AttemptSite): PackedGuard {
  const t = taskOf(env, params);
  const pc = t.base + PC;
  const need = t.need[site];
  if (need === undefined) throw new Error(`packed kernel twin: unknown attempt site ${JSON.stringify(site)}`);
  return (s, at) => s[at + FREE] >= need[s[at + pc]];
}
