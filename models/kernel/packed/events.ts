/**
 * kernelEvents (events.ts) over a packed state: the same events in the same order, read
 * from the region slots (phase and slowpath step) and the context ints. Event objects
 * are made once per kernel and shared between calls.
 */
import type { EventObject } from 'xstate';
import type { PackedLayoutInfo } from '../../../checker/compiled/packed-context.ts';
import type { KernelEvent } from '../machine-parts.ts';
import { taskId } from '../machine-parts.ts';
import { PANIC } from '../state.ts';
import type { TwinEnv } from './context.ts';
import { KILLED, KSWAPD_AWAKE, NONE, OOM_LOCK, OOM_VICTIMS, PC } from './layout.ts';
import { bestPoints, isTiedCandidate, V_KILL, verdictOf } from './oom.ts';
import { OP_HOLD, OP_OOM_DISABLE } from './tables.ts';

/** What kernelEvents does per phase (and, inside alloc, per slowpath step). */
const ALWAYS = 0;
const RUN = 1;
const LOCK_WAIT = 2;
const LOCK_WAIT_KILLABLE = 3;
const OOM_DISABLE_WAIT = 4;
const OUT_OF_MEMORY = 5;
const OOM_WAIT = 6;
const OOM_LOCK_WAIT = 7;
const FINISHED = 8;

function caseOf(path: readonly string[]): number {
  switch (path[0]) {
    case 'finished':
      return FINISHED;
    case 'run':
      return RUN;
    case 'lockWait':
      return LOCK_WAIT;
    case 'lockWaitKillable':
      return LOCK_WAIT_KILLABLE;
    case 'oomDisableWait':
      return OOM_DISABLE_WAIT;
    case 'alloc':
      return path[1] === 'outOfMemory' ? OUT_OF_MEMORY : path[1] === 'oomWait' ? OOM_WAIT : path[1] === 'oomLockWait' ? OOM_LOCK_WAIT : ALWAYS;
    default:
      return ALWAYS;
  }
}

export function packedEvents(env: TwinEnv, info: PackedLayoutInfo): (s: Int32Array, at: number) => readonly EventObject[] {
  const { k, lay, tables } = env;
  const rootSlot = info.slotOf('kernel');
  const panicPath = info.pathsOf('kernel').findIndex((p) => p.length === 1 && p[0] === PANIC);
  if (panicPath < 0) throw new Error(`packed kernel events: the root region has no '${PANIC}' path`);
  const regions = tables.map((t) => {
    const paths = info.pathsOf(taskId(t.name));
    return {
      t,
      slot: info.slotOf(taskId(t.name)),
      cases: Int8Array.from(paths, caseOf),
      step: { type: t.name } as KernelEvent,
      timeout: { type: `${t.name}.timeout` } as KernelEvent,
      kills: tables.map((v) => ({ type: `${t.name}.kill`, victim: v.name }) as KernelEvent),
    };
  });
  const kswapd = k.kswapd ? ({ type: 'kswapd' } as KernelEvent) : null;
  const reaper = k.oomReaper ? ({ type: 'oom_reaper' } as KernelEvent) : null;
  const oomDisableWaits = k.policy.oomLockMutex;

  return (s, at) => {
    const out: KernelEvent[] = [];
    if (s[rootSlot] === panicPath) return out;
    for (let r = 0; r < regions.length; r++) {
      const region = regions[r];
      const value = s[region.slot];
      if (value === NONE) continue;
      const t = region.t;
      const b = at + t.base;
      switch (region.cases[value]) {
        case FINISHED:
          break;
        case RUN: {
          const op = t.op[s[b + PC]];
          if (s[b + KILLED] !== 0 || op === NONE) out.push(region.step);
          else if (op === OP_HOLD) break;
          else if (op === OP_OOM_DISABLE && oomDisableWaits && s[at + OOM_LOCK] !== NONE) break;
          else out.push(region.step);
          break;
        }
        case LOCK_WAIT:
        case LOCK_WAIT_KILLABLE: {
          const l = t.lock[s[b + PC]];
          const free = l !== NONE && s[at + lay.locks + l] === NONE;
          if (free || (s[b + KILLED] !== 0 && region.cases[value] === LOCK_WAIT_KILLABLE)) out.push(region.step);
          break;
        }
        case OOM_DISABLE_WAIT:
          if (s[at + OOM_VICTIMS] === 0) out.push(region.step);
          break;
        case OUT_OF_MEMORY:
          if (verdictOf(s, at, tables, t) === V_KILL) {
            const points = bestPoints(s, at, tables);
            for (let v = 0; v < tables.length; v++) if (isTiedCandidate(s, at, tables[v], points)) out.push(region.kills[v]);
          } else out.push(region.step);
          break;
        case OOM_WAIT:
          if (s[at + OOM_VICTIMS] === 0) out.push(region.step);
          out.push(region.timeout);
          break;
        case OOM_LOCK_WAIT:
          if (s[b + KILLED] !== 0 || s[at + OOM_LOCK] === NONE) out.push(region.step);
          break;
        default:
          out.push(region.step);
      }
    }
    if (kswapd !== null && s[at + KSWAPD_AWAKE] !== 0) out.push(kswapd);
    if (reaper !== null && s[at + lay.queue] !== NONE) out.push(reaper);
    return out;
  };
}
