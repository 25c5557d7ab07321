/**
 * The lookup of one transition's memoised local microstep as generated JavaScript
 * (packed mode, no history): the footprint key (local-microstep.ts localMicrostep's
 * `key`) written out with its slots, radices and finality tables as constants, then the
 * memo array read.
 *
 * Why generate code: the generic lookup loops over the footprint's slots and over every
 * region for the finality bits, reading the radices from arrays, on every transition;
 * written out it is a few loads and multiply-adds that V8 compiles once per transition.
 * localMicrostep stays the specification and fills the memo: this only reads it.
 */

/** The parts of a footprint the key is made of (local-microstep.ts `Footprint`). */
export interface KeyShape {
  readonly slots: Int32Array;
  readonly radix: readonly number[];
  readonly product: number;
  readonly finalSensitive: boolean;
}

/** Reads memo[key(head)]: a memoised step, or undefined when it was never computed. */
export type MemoLookup<T> = (head: Int32Array) => T | undefined;

/**
 * `finalPath[r][p]` = 1 when path p of region r ends in a final state (layout.finalPath);
 * `memo` is the candidate's memo array, which must already exist (it is read, not replaced).
 */
export function generateMemoLookup<T>(shape: KeyShape, finalPath: readonly ArrayLike<number>[], memo: (T | undefined)[]): MemoLookup<T> {
  const terms = Array.from(shape.slots, (slot, i) => `(h[${slot}] + 1) * ${shape.radix[i]}`);
  // Finality bit r of localMicrostep's finalityBits, as a table indexed by the slot
  // value + 1 (slot -1, an inactive region, is never final): F[r][v + 1] = 2^r * product.
  const tables: Int32Array[] = [];
  if (shape.finalSensitive) {
    for (let r = 0; r < finalPath.length; r++) {
      const paths = finalPath[r];
      const table = new Int32Array(paths.length + 1);
      let any = false;
      for (let p = 0; p < paths.length; p++) {
        if (paths[p] === 1) {
          table[p + 1] = 2 ** r * shape.product;
          any = true;
        }
      }
      if (any) {
        terms.push(`F${tables.length}[h[${r}] + 1]`);
        tables.push(table);
      }
    }
  }
  const hoisted = tables.map((_, i) => `const F${i} = F[${i}];`).join('\n');
  const key = terms.length === 0 ? '0' : terms.join(' + ');
  return new Function('F', 'M', `"use strict";\n${hoisted}\nreturn function lookup(h) { return M[${key}]; };`)(tables, memo) as MemoLookup<T>;
}
