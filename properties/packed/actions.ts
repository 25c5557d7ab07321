/** Twins of properties/actions.ts over wide ints (kernel-ints.ts, facts.ts). */
import type { ActionProperty } from '../../checker/property.ts';
import type { Scenario } from '../../models/kernel/scenario/types.ts';
import type { AllocRequest } from '../../models/kernel/state.ts';
import { canFs as gfpCanFs } from '../../models/kernel/gfp.ts';
import { canFs, canWait, hasFlag, isNofail, type KernelEventLike } from '../step.ts';
import { allocFailureTask, heldReq, somePending, someKilledInStep, type Wide } from './facts.ts';
import {
  CLEAN, DIRTY, FREE, KILLED, MEMDIE, MM, MM_GONE, MM_LIVE, MM_REAPED, NONE, OOM_DISABLED, PAGES, POST_MARK, STEPS, VICTIM,
  panicked, step, type KernelInts,
} from './kernel-ints.ts';

type P = ActionProperty<Wide, KernelEventLike>;

const killStep = (k: KernelInts) => (from: Wide, _e: KernelEventLike, to: Wide) => someKilledInStep(k, from, to);

export function unkillableSpared(k: KernelInts): P {
  const unkillable = Uint8Array.from(k.tasks, (t) => (t.oomScoreAdj <= -1000 ? 1 : 0));
  const any = unkillable.includes(1);
  return {
    kind: 'action',
    name: 'unkillableSpared',
    holds: (from, _e, to) => {
      for (const t of k.tasks) if (unkillable[t.index] === 1 && to[t.base + KILLED] !== 0 && from[t.base + KILLED] === 0) return false;
      return true;
    },
    vacuousUnless: { describe: '', step: (from, _e, to) => any && someKilledInStep(k, from, to) },
  };
}

export function noKillWhileDisabled(k: KernelInts): P {
  return {
    kind: 'action',
    name: 'noKillWhileDisabled',
    holds: (from, _e, to) => !(from[k.at + OOM_DISABLED] !== 0 && someKilledInStep(k, from, to)),
    vacuousUnless: { describe: '', state: (w) => w[k.at + OOM_DISABLED] !== 0 },
  };
}

export function nofsNeverKills(k: KernelInts): P {
  return {
    kind: 'action',
    name: 'nofsNeverKills',
    holds: (from, e, to) => {
      if (!someKilledInStep(k, from, to)) return true;
      const i = k.stepperOf(e.type);
      const req = i < 0 ? undefined : heldReq(k.tasks[i], from);
      return !(req && !canFs(req) && !isNofail(req));
    },
    vacuousUnless: { describe: '', state: (w) => somePending(k, w, (r) => !canFs(r) && canWait(r) && !isNofail(r)) },
  };
}

export function nofailNeverFails(k: KernelInts): P {
  return {
    kind: 'action',
    name: 'nofailNeverFails',
    holds: (from, e, to) => {
      const t = allocFailureTask(k, from, e.type, to);
      return !(t !== null && isNofail(heldReq(t, from)!));
    },
    vacuousUnless: { describe: '', state: (w) => somePending(k, w, isNofail) },
  };
}

const code = (name: string) => STEPS.indexOf(name as never);
const NO_WATERMARKS = code('noWatermarks');
const NOPAGE_HARDER = code('nopageHarder');
const POST_OOM = code('postOom');
const MAY_OOM = code('mayOom');
const OOM_LOCK_WAIT = code('oomLockWait');
const MIN = code('min');
const AFTER_RECLAIM = code('afterReclaim');
const OOM_ATTEMPT = code('oomAttempt');
/** POST_MARKS codes (models/kernel/packed/layout.ts): 'min', 'oom', 'nowmark'. */
const MARK_OOM = 1;
const MARK_NOWMARK = 2;

export function reservesPrivileged(k: KernelInts, scenario: Scenario): P {
  const min = scenario.zone.watermarks.min;
  const at = k.at;
  return {
    kind: 'action',
    name: 'reservesPrivileged',
    holds: (from, e, to) => {
      if (panicked(k, to) || !(to[at + FREE] < from[at + FREE] && to[at + FREE] < min)) return true;
      const i = k.stepperOf(e.type);
      if (i < 0) return false;
      const t = k.tasks[i];
      const req = heldReq(t, from);
      if (req === undefined) return false; // the fast path (no pending allocation) is at low
      const s = step(t, from);
      const highOrHarder = hasFlag(req, '__GFP_HIGH') || !canWait(req);
      switch (s) {
        case NO_WATERMARKS:
        case NOPAGE_HARDER:
          return true;
        case POST_OOM: {
          const mark = from[t.base + POST_MARK];
          return mark === MARK_OOM || mark === MARK_NOWMARK || highOrHarder;
        }
        case MAY_OOM:
        case OOM_LOCK_WAIT:
          return from[t.base + KILLED] !== 0 || from[t.base + MEMDIE] !== 0;
        case MIN:
        case AFTER_RECLAIM:
        case OOM_ATTEMPT:
          return highOrHarder;
        default:
          return false;
      }
    },
    vacuousUnless: { describe: '', state: (w) => somePending(k, w, () => true) },
  };
}

/** actions.ts lowOrderWaiting. */
function lowOrderWaiting(req: AllocRequest): boolean {
  return req.order <= 3 && req.gfp !== 'GFP_ATOMIC' && !req.flags.includes('__GFP_NORETRY');
}

export function noPrematureFailure(k: KernelInts): P {
  const at = k.at;
  return {
    kind: 'action',
    name: 'noPrematureFailure',
    holds: (from, e, to) => {
      const me = allocFailureTask(k, from, e.type, to);
      if (me === null) return true;
      const req = heldReq(me, from)!;
      if (!lowOrderWaiting(req)) return true;
      if (from[me.base + KILLED] !== 0 || from[me.base + MEMDIE] !== 0 || to[me.base + KILLED] !== 0) return true;
      // reclaimableFor(to.context, req.gfp)
      if (to[at + CLEAN] + (gfpCanFs(req.gfp) ? to[at + DIRTY] : 0) > 0) return false;
      for (const t of k.tasks) {
        if (t === me) continue;
        const b = t.base;
        // isCandidate(other) && !other.memdie && !other.killed && other.pages > 0
        if (to[b + MM] === MM_LIVE && t.oomScoreAdj > -1000 && to[b + MEMDIE] === 0 && to[b + KILLED] === 0 && to[b + PAGES] > 0) return false;
      }
      return true;
    },
    vacuousUnless: { describe: '', state: (w) => somePending(k, w, (r, t) => lowOrderWaiting(r) && w[t.base + KILLED] === 0) },
  };
}

export function killerNotStarved(k: KernelInts): P {
  return {
    kind: 'action',
    name: 'killerNotStarved',
    holds: (from, e, to) => {
      const me = allocFailureTask(k, from, e.type, to);
      if (me === null) return true;
      if (from[me.base + KILLED] !== 0 || to[me.base + KILLED] !== 0) return true;
      const victim = from[me.base + VICTIM];
      if (victim === NONE) return true;
      const mm = from[k.tasks[victim].base + MM];
      return !(mm === MM_REAPED || mm === MM_GONE);
    },
    vacuousUnless: { describe: '', step: killStep(k) },
  };
}
