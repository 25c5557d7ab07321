/**
 * Finality read from the region slots (xstate's isInFinalState, per region): whether a
 * packed state is done, and which regions sit in a final state (the part of a footprint
 * key that says whether entering a final state completes a parallel ancestor).
 */
import type { AnyStateNode } from 'xstate';
import { childrenOf, type Layout } from './layout.ts';

export interface Finality {
  /** The machine's root is in a final state. */
  isDone(slots: ArrayLike<number>): boolean;
  /** Bit r set when region r's active path ends in a final state. */
  finalityBits(slots: ArrayLike<number>): number;
}

export function finality(layout: Layout, root: AnyStateNode): Finality {
  const R = layout.regionCount;
  // Compiled once into closures: isDone runs on every state.
  const finalTest = (node: AnyStateNode): ((slots: ArrayLike<number>) => boolean) => {
    if (node.type === 'compound') {
      const r = layout.slotOfOwner.get(node)!;
      const finalPath = layout.finalPath[r];
      return (slots) => slots[r] >= 0 && finalPath[slots[r]] === 1;
    }
    if (node.type === 'parallel') {
      const tests = childrenOf(node).map(finalTest);
      return (slots) => {
        for (let i = 0; i < tests.length; i++) if (!tests[i](slots)) return false;
        return true;
      };
    }
    const final = node.type === 'final';
    return () => final;
  };
  const isDone = finalTest(root);
  const finalityBits = (slots: ArrayLike<number>): number => {
    let bits = 0;
    for (let r = 0; r < R; r++) if (slots[r] >= 0 && layout.finalPath[r][slots[r]] === 1) bits |= 1 << r;
    return bits;
  };
  return { isDone, finalityBits };
}
