/** Twins of properties/liveness.ts over wide ints (kernel-ints.ts, facts.ts): the same obligations, in the same order. */
import type { Liveness, Obligation } from '../../checker/property.ts';
import type { Scenario } from '../../models/kernel/scenario/types.ts';
import type { AllocRequest } from '../../models/kernel/state.ts';
import { canFs, isNofail, type KernelEventLike } from '../step.ts';
import { pendingReq, somePending, type Wide } from './facts.ts';
import { KILLED, MEMDIE, NO_PHASE, PC, P_ALLOC, P_EXIT_MM, P_EXIT_OOM_VICTIM, P_FINISHED, P_RUN, P_UNWIND, panicked, phase, type KernelInts, type TaskInts } from './kernel-ints.ts';

type P = Liveness<Wide, KernelEventLike>;

function taskNamed(k: KernelInts, name: string): TaskInts {
  const t = k.tasks.find((x) => x.name === name);
  if (!t) throw new Error(`property twins: no task ${name}`);
  return t;
}

function pendingReturns(k: KernelInts, scenario: Scenario, kind: (req: AllocRequest) => boolean): Obligation<Wide>[] {
  return scenario.tasks.map(({ name }) => {
    const t = taskNamed(k, name);
    return {
      label: name,
      p: (w: Wide) => {
        const req = pendingReq(t, w);
        return req !== null && kind(req);
      },
      q: (w: Wide) => panicked(k, w) || phase(t, w) !== P_ALLOC,
    };
  });
}

/** liveness.ts EXITING. */
function exiting(p: number): boolean {
  return p === P_UNWIND || p === P_EXIT_MM || p === P_EXIT_OOM_VICTIM || p === P_FINISHED;
}

export function nofailCompletes(k: KernelInts, scenario: Scenario): P {
  const obligations: Obligation<Wide>[] = [];
  for (const task of scenario.tasks) {
    task.program.forEach((op, pc) => {
      if (op.op !== 'alloc' || !op.flags.includes('__GFP_NOFAIL')) return;
      const t = taskNamed(k, task.name);
      obligations.push({
        label: task.name,
        p: (w) => phase(t, w) === P_ALLOC && w[t.base + PC] === pc,
        q: (w) => {
          if (panicked(k, w)) return true;
          if (w[t.base + PC] > pc) return true;
          const p = phase(t, w);
          return p !== NO_PHASE && exiting(p) && w[t.base + KILLED] !== 0;
        },
      });
    });
  }
  return { kind: 'liveness', name: 'nofailCompletes', obligations, vacuousUnless: { describe: '', state: (w) => somePending(k, w, isNofail) } };
}

const lowOrder = (r: AllocRequest): boolean => r.order <= 3;
const notFs = (r: AllocRequest): boolean => !canFs(r);

export function lowOrderReturns(k: KernelInts, scenario: Scenario): P {
  return { kind: 'liveness', name: 'lowOrderReturns', obligations: pendingReturns(k, scenario, lowOrder), vacuousUnless: { describe: '', state: (w) => somePending(k, w, lowOrder) } };
}

export function nofsReturns(k: KernelInts, scenario: Scenario): P {
  return { kind: 'liveness', name: 'nofsReturns', obligations: pendingReturns(k, scenario, notFs), vacuousUnless: { describe: '', state: (w) => somePending(k, w, notFs) } };
}

export function victimExits(k: KernelInts, scenario: Scenario): P {
  return {
    kind: 'liveness',
    name: 'victimExits',
    obligations: scenario.tasks.map(({ name }) => {
      const t = taskNamed(k, name);
      return { label: name, p: (w: Wide) => w[t.base + MEMDIE] !== 0, q: (w: Wide) => panicked(k, w) || phase(t, w) === P_FINISHED };
    }),
    vacuousUnless: {
      describe: '',
      state: (w) => {
        for (const t of k.tasks) if (w[t.base + MEMDIE] !== 0) return true;
        return false;
      },
    },
  };
}

export function allTasksFinish(k: KernelInts, scenario: Scenario): P {
  return {
    kind: 'liveness',
    name: 'allTasksFinish',
    obligations: scenario.tasks.map(({ name }) => {
      const t = taskNamed(k, name);
      return {
        label: name,
        p: 'initial' as const,
        // isFinished || parkedAtHold (phase run at a hold op)
        q: (w: Wide) => {
          if (panicked(k, w)) return true;
          const p = phase(t, w);
          return p === P_FINISHED || (p === P_RUN && t.holdAt[w[t.base + PC]] === 1);
        },
      };
    }),
  };
}
