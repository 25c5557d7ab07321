/**
 * Narrow packed states: every int of a wide packed state (one per region slot and per
 * context field, as the guards and actions read them) squeezed into as few bits as its
 * declared range needs, several per word.
 *
 * Why: a state is hashed, queued and compared far more often than it is stepped. The
 * kernel's wide state is 13 ints per task; most hold a flag or a count below 16, so the
 * narrow form is over 10x shorter (83 ints to 5 for five tasks), which makes hashing and
 * the BFS queue (the memory a large run needs besides the visited set) that much cheaper. Stepping keeps the wide
 * form: a state is widened once when it is expanded, and each successor narrowed once.
 *
 * The packing code is generated with its constants inlined. A value outside its declared
 * range is an error (the model declared a wrong range), never a silent wrap.
 */

export interface NarrowPlan {
  /** Ints of the wide form. */
  readonly wide: number;
  /** Ints of the narrow form. */
  readonly words: number;
  /** Writes the narrow form of `wide` into `out` (length `words`). */
  narrow(wide: Int32Array, out: Int32Array): void;
  /** Writes the wide form of `narrow` into `out` (length `wide`). */
  widen(narrow: Int32Array, out: Int32Array): void;
  /**
   * The wide form of `narrow` as a new plain array: for views a caller keeps (property
   * twins), where a fresh Int32Array this long, its store outside the heap, costs more.
   */
  widenToArray(narrow: Int32Array): number[];
  /** widenToArray into `out`, an array widenToArray made (the same length and element kind). */
  widenIntoArray(narrow: Int32Array, out: number[]): void;
}

/** Thrown when a wide int is outside the range declared for it. */
export class OutOfRange extends Error {}

/** `ranges[i]` = [min, max] of wide int i, inclusive. */
export function narrowPlan(ranges: readonly (readonly [number, number])[], describe: (index: number) => string): NarrowPlan {
  interface Field {
    index: number;
    min: number;
    span: number;
    bits: number;
    word: number;
    shift: number;
  }
  const fields: Field[] = [];
  let word = 0;
  let used = 0;
  for (let index = 0; index < ranges.length; index++) {
    const [min, max] = ranges[index];
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) throw new Error(`narrow: bad range [${min}, ${max}] for ${describe(index)}`);
    const span = max - min;
    const bits = span === 0 ? 0 : Math.ceil(Math.log2(span + 1));
    if (bits > 31) throw new Error(`narrow: the range of ${describe(index)} needs ${bits} bits`);
    if (used + bits > 32) {
      word++;
      used = 0;
    }
    fields.push({ index, min, span, bits, word, shift: used });
    used += bits;
  }
  const words = used === 0 ? word : word + 1;

  const narrowLines: string[] = [];
  for (let w = 0; w < words; w++) narrowLines.push(`  let x${w} = 0;`);
  narrowLines.push('  let v = 0;');
  for (const f of fields) {
    narrowLines.push(`  v = w[${f.index}] - ${f.min}; if ((v >>> 0) > ${f.span}) fail(${f.index}, w[${f.index}]);`);
    if (f.bits > 0) narrowLines.push(`  x${f.word} |= v << ${f.shift};`);
  }
  for (let w = 0; w < words; w++) narrowLines.push(`  o[${w}] = x${w};`);

  const widenLines: string[] = [];
  const wideValues: string[] = [];
  for (const f of fields) {
    const mask = f.bits === 0 ? 0 : f.bits === 31 ? 0x7fffffff : (1 << f.bits) - 1;
    const value = f.bits === 0 ? `${f.min}` : `((n[${f.word}] >>> ${f.shift}) & ${mask}) + ${f.min}`;
    widenLines.push(`  o[${f.index}] = ${value};`);
    wideValues[f.index] = value;
  }

  const fail = (index: number, value: number) => {
    const [min, max] = ranges[index];
    throw new OutOfRange(`${describe(index)} is ${value}, outside its declared range [${min}, ${max}]`);
  };
  const narrow = new Function('fail', `"use strict";\nreturn function narrow(w, o) {\n${narrowLines.join('\n')}\n};`)(fail) as NarrowPlan['narrow'];
  const widen = new Function(`"use strict";\nreturn function widen(n, o) {\n${widenLines.join('\n')}\n};`)() as NarrowPlan['widen'];
  // One array literal: allocated once with its final length and element kind.
  const widenToArray = new Function(`"use strict";\nreturn function widenToArray(n) {\n  return [\n${wideValues.map((v) => `    ${v},`).join('\n')}\n  ];\n};`)() as NarrowPlan['widenToArray'];
  // widen's code again, as a function of its own: each then only ever sees one kind of
  // target (an Int32Array, a plain array of small ints), and V8 keeps both monomorphic.
  const widenIntoArray = new Function(`"use strict";\nreturn function widenIntoArray(n, o) {\n${widenLines.join('\n')}\n};`)() as NarrowPlan['widenIntoArray'];
  return { wide: ranges.length, words, narrow, widen, widenToArray, widenIntoArray };
}
