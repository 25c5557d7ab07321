/**
 * The memoised microstep of one transition, keyed by its FOOTPRINT only: the slots of the
 * regions its domain covers (it reads and writes only these), plus every region's
 * finality when entering a final state may complete a parallel ancestor. Many
 * configurations share a footprint key, so the step is computed once per key
 * (configurations.ts fullMicrostep) and replayed on the slots it touches.
 */
import type { AnyStateNode, EventObject } from 'xstate';
import type { Candidate } from './candidates.ts';
import type { Configurations, MicrostepEffects } from './configurations.ts';
import type { Finality } from './finality.ts';
import type { HistorySlots } from './history-slots.ts';
import type { Layout } from './layout.ts';
import { domainOf, hasParallelAncestor, isDescendant } from './semantics.ts';

/** What one transition's microstep touches, in slot terms (it reads and writes only these). */
export interface Footprint {
  /** Region slots the microstep may read or change. */
  readonly slots: Int32Array;
  readonly radix: readonly number[];
  readonly product: number;
  /** Entering a final state may complete a parallel ancestor: the key includes every region's finality. */
  readonly finalSensitive: boolean;
  /** Keys (with finality) stay below 2^16: memoised steps live in an array. */
  readonly smallKeys: boolean;
  readonly keySpace: number;
}

/** A memoised single-transition microstep, local to its footprint. */
export interface LocalStep extends MicrostepEffects {
  /** The footprint's region slots after the step (in the order of Footprint.slots). */
  readonly values: Int32Array;
  /**
   * Packed mode: the whole step on a copy of the state as one generated function: the
   * footprint's region slots set to `values` and the history slots to `history`
   * (constants in the code), then the actions' twins.
   */
  packedRun?: (s: Int32Array, event: EventObject) => void;
}
/** A step its footprint cannot replay (it reaches a final configuration): the step takes fullMicrostep. */
export const NEEDS_FULL = 'full' as const;

export interface LocalMicrosteps {
  /** The candidate's footprint (memoised on it), or null when its step needs the whole configuration. */
  footprintOf(c: Candidate): Footprint | null;
  /** The candidate's step from `head`, memoised by its footprint key. */
  localMicrostep(c: Candidate, fp: Footprint, head: Int32Array): LocalStep | typeof NEEDS_FULL;
}

export function localMicrosteps(parts: {
  layout: Layout;
  configurations: Pick<Configurations, 'configOfSlots' | 'fullMicrostep'>;
  finalityBits: Finality['finalityBits'];
  histKey: HistorySlots['histKey'];
}): LocalMicrosteps {
  const { layout, finalityBits, histKey } = parts;
  const { configOfSlots, fullMicrostep } = parts.configurations;
  const R = layout.regionCount;
  const H = layout.histories.length;
  // A compound whose initial state is a history node makes entry depend on history in
  // ways a footprint does not see: such machines take the whole-configuration path.
  const initialHistory = layout.nodes.some((n) => n.type === 'compound' && (n.initial.target[0] as AnyStateNode | undefined)?.type === 'history');

  const footprintOf = (c: Candidate): Footprint | null => {
    let fp = c.fp;
    if (fp !== undefined) return fp;
    fp = null;
    const targetsHistory = (c.t.target ?? []).some((n) => n.type === 'history');
    if (!targetsHistory && !initialHistory) {
      const domain = domainOf(c.t, {});
      const slots: number[] = [];
      if (domain === undefined) for (let r = 0; r < R; r++) slots.push(r);
      else {
        layout.regions.forEach((region, r) => {
          if (region.owner === domain || isDescendant(region.owner, domain)) slots.push(r);
        });
        const home = layout.activation.get(domain);
        if (home && !layout.slotOfOwner.has(domain) && !slots.includes(home.slot)) slots.push(home.slot);
      }
      const finalSensitive = layout.nodes.some((n) => n.type === 'final' && (domain === undefined || isDescendant(n, domain)) && hasParallelAncestor(n));
      const radix: number[] = [];
      let product = 1;
      for (const r of slots) {
        radix.push(product);
        product *= layout.regions[r].paths.length + 1;
      }
      const keySpace = finalSensitive ? product * 2 ** R : product;
      if (!finalSensitive || R <= 30) fp = { slots: Int32Array.from(slots), radix, product, finalSensitive, smallKeys: keySpace <= 1 << 16, keySpace };
    }
    c.fp = fp;
    return fp;
  };
  const localMicrostep = (c: Candidate, fp: Footprint, head: Int32Array): LocalStep | typeof NEEDS_FULL => {
    let key: number | string = 0;
    for (let i = 0; i < fp.slots.length; i++) key += (head[fp.slots[i]] + 1) * fp.radix[i];
    const small = H === 0 && fp.smallKeys;
    if (fp.finalSensitive) key += finalityBits(head) * fp.product;
    if (small) {
      const hit = c.memoArray?.[key];
      if (hit !== undefined) return hit;
    }
    let memo = c.memo;
    if (!memo) c.memo = memo = new Map();
    if (H > 0 || !Number.isSafeInteger(key)) key = (fp.finalSensitive ? `${key}/${finalityBits(head)}` : String(key)) + histKey(head);
    let step = memo.get(key);
    if (step === undefined) {
      const config = configOfSlots(head);
      const full = fullMicrostep(config, head, [c]);
      if (full.next.status === 'done') step = NEEDS_FULL;
      else {
        for (let r = 0; r < R; r++) {
          if (full.next.slots[r] !== config.slots[r] && !fp.slots.includes(r)) throw new Error(`internal: transition from '${c.t.source.id}' changed region '${layout.regions[r].owner.id}' outside its footprint`);
        }
        step = {
          values: Int32Array.from(fp.slots, (r) => full.next.slots[r]),
          history: full.history,
          actions: full.actions,
          doneEvents: full.doneEvents,
          changed: full.changed,
        };
      }
      memo.set(key, step);
      // Sized up front: a JS array grown by writes at high indices turns into a dictionary.
      if (small) (c.memoArray ??= new Array(fp.keySpace))[key as number] = step;
    }
    return step;
  };
  return { footprintOf, localMicrostep };
}
