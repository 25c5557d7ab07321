/** Twins of properties/reachability.ts over wide ints (kernel-ints.ts, facts.ts). */
import type { Reachability } from '../../checker/property.ts';
import type { KernelEventLike } from '../step.ts';
import { allocFailureTask, type Wide } from './facts.ts';
import { KILLED, PC, P_EXIT_MM, P_UNWIND, phase, type KernelInts } from './kernel-ints.ts';

type P = Reachability<Wide, KernelEventLike>;

export function oomKillHappens(k: KernelInts): P {
  return {
    kind: 'reachability',
    name: 'oomKillHappens',
    witness: (w) => {
      for (const t of k.tasks) if (w[t.base + KILLED] !== 0) return true;
      return false;
    },
  };
}

export function allocFailureHappens(k: KernelInts): P {
  return {
    kind: 'reachability',
    name: 'allocFailureHappens',
    witness: (w) => {
      for (const t of k.tasks) {
        const p = phase(t, w);
        if ((p === P_UNWIND || p === P_EXIT_MM) && w[t.base + KILLED] === 0 && w[t.base + PC] < t.programLength) return true;
      }
      return false;
    },
    witnessStep: (from, e, to) => allocFailureTask(k, from, e.type, to) !== null,
  };
}
