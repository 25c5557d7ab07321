/** Twins of properties/invariants.ts over wide ints (kernel-ints.ts). */
import type { Invariant } from '../../checker/property.ts';
import type { Scenario } from '../../models/kernel/scenario/types.ts';
import type { KernelEventLike } from '../step.ts';
import type { Wide } from './facts.ts';
import { CLEAN, DIRTY, FREE, MEMDIE, OOM_LOCK, OOM_VICTIMS, PAGES, STEPS, panicked, step, type KernelInts } from './kernel-ints.ts';

type P = Invariant<Wide, KernelEventLike>;

export function conservation(k: KernelInts, scenario: Scenario): P {
  const managed = scenario.zone.managed;
  const at = k.at;
  return {
    kind: 'invariant',
    name: 'conservation',
    holds: (w) => {
      const free = w[at + FREE];
      const clean = w[at + CLEAN];
      const dirty = w[at + DIRTY];
      if (free < 0 || clean < 0 || dirty < 0) return false;
      let sum = free + clean + dirty;
      for (const t of k.tasks) {
        const pages = w[t.base + PAGES];
        if (pages < 0) return false;
        sum += pages;
      }
      return sum === managed;
    },
  };
}

/** invariants.ts UNDER_OOM_LOCK as step codes. */
const UNDER_OOM_LOCK = Uint8Array.from(STEPS, (s) => (s === 'oomAttempt' || s === 'outOfMemory' || s === 'oomWait' || s === 'oomUnlock' ? 1 : 0));

export function oomLockExclusive(k: KernelInts): P {
  return {
    kind: 'invariant',
    name: 'oomLockExclusive',
    holds: (w) => {
      if (panicked(k, w)) return true;
      const holder = w[k.at + OOM_LOCK];
      for (const t of k.tasks) {
        const s = step(t, w);
        if (s >= 0 && UNDER_OOM_LOCK[s] === 1 && holder !== t.index) return false;
      }
      return true;
    },
  };
}

export function victimAccounting(k: KernelInts): P {
  return {
    kind: 'invariant',
    name: 'victimAccounting',
    holds: (w) => {
      let n = 0;
      for (const t of k.tasks) if (w[t.base + MEMDIE] !== 0) n++;
      return w[k.at + OOM_VICTIMS] === n;
    },
  };
}

export function noPanic(k: KernelInts): P {
  return { kind: 'invariant', name: 'noPanic', holds: (w) => !panicked(k, w) };
}
