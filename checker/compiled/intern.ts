/**
 * Hash-consing of context values into int32 codes, so a context packs into a few ints.
 *
 * A code is either a small integer, stored as itself (|n| < 2^30), or a TAGGED id of an
 * interned value: INTERNED_BASE + id, in [-2^31, -2^30). The two ranges are disjoint, so
 * one slot can hold a number in one state and a string or null in another without any
 * per-field type declaration. Ids 0..4 are fixed: absent (the key is missing), undefined,
 * null, false, true.
 *
 * Interning is canonical (equal values, whatever the key order of their objects, get the
 * same id, as checker/xstate/canonical-value.ts would encode them equally) and
 * compositional: an array or plain object is keyed by the codes of its children, which
 * are themselves interned, so a changed task record costs one short key, and an object
 * seen before costs one WeakMap lookup (object identity -> id).
 *
 * Decoding returns the interned representative: the first object met with that value,
 * shared by every state holding it (so nobody may change it in place; it is not frozen,
 * because V8 copies frozen arrays an order of magnitude slower).
 */
import { canonicalValue } from '../xstate/canonical-value.ts';

export const SMALL_LIMIT = 1 << 30;
export const INTERNED_BASE = -(2 ** 31);

export const ABSENT_ID = 0;
export const UNDEFINED_ID = 1;
export const NULL_ID = 2;
export const FALSE_ID = 3;
export const TRUE_ID = 4;

export const ABSENT = INTERNED_BASE + ABSENT_ID;
export const CODE_UNDEFINED = INTERNED_BASE + UNDEFINED_ID;
export const CODE_NULL = INTERNED_BASE + NULL_ID;
export const CODE_FALSE = INTERNED_BASE + FALSE_ID;
export const CODE_TRUE = INTERNED_BASE + TRUE_ID;

/** Marks the value of a missing key while decoding (never handed to model code). */
const ABSENT_VALUE: unique symbol = Symbol('absent');


export class ValueInterner {
  private readonly values: unknown[] = [ABSENT_VALUE, undefined, null, false, true];
  private readonly byObject = new WeakMap<object, number>();
  private readonly byKey = new Map<string, number>();
  private readonly byString = new Map<string, number>();
  private readonly byNumber = new Map<number, number>();

  /** How many values are interned (for memory reports). */
  get size(): number {
    return this.values.length;
  }

  /** The int32 code of any plain-data value. */
  encode(value: unknown): number {
    switch (typeof value) {
      case 'number':
        if ((value | 0) === value && value < SMALL_LIMIT && value > -SMALL_LIMIT) return value;
        return INTERNED_BASE + this.internNumber(value);
      case 'boolean':
        return value ? CODE_TRUE : CODE_FALSE;
      case 'undefined':
        return CODE_UNDEFINED;
      case 'string':
        return INTERNED_BASE + this.internString(value);
      case 'object':
        if (value === null) return CODE_NULL;
        return INTERNED_BASE + this.internObject(value);
      case 'bigint':
        return INTERNED_BASE + this.internKey(`B${value}`, value);
      default:
        throw new TypeError(`cannot encode a ${typeof value} in a state: keep context to plain data`);
    }
  }

  /** The value of a code. Never call it with ABSENT (see decodeField). */
  decode(code: number): unknown {
    return code >= -SMALL_LIMIT ? code : this.values[code - INTERNED_BASE];
  }

  isAbsent(code: number): boolean {
    return code === ABSENT;
  }

  private internNumber(n: number): number {
    // -0 is 0 for the canonical encoding; NaN is one value (Map uses SameValueZero).
    let id = this.byNumber.get(n);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(n === 0 ? 0 : n);
      this.byNumber.set(n, id);
    }
    return id;
  }

  private internString(s: string): number {
    let id = this.byString.get(s);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(s);
      this.byString.set(s, id);
    }
    return id;
  }

  private internKey(key: string, value: unknown): number {
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.byKey.set(key, id);
    }
    return id;
  }

  private internObject(obj: object): number {
    const known = this.byObject.get(obj);
    if (known !== undefined) return known;
    const before = this.values.length;
    let id: number;
    if (Array.isArray(obj)) id = this.internArray(obj);
    else if (isPlainObject(obj)) id = this.internRecord(obj as Record<string, unknown>);
    // Maps, Sets, Dates, class instances: rare in contexts, keyed by their full encoding.
    else id = this.internKey('C' + canonicalValue(obj), obj);
    // Remember representatives only: decoded states hand them out again, while an equal
    // duplicate is garbage once its state is packed (and WeakMap entries are not cheap).
    if (id >= before) this.byObject.set(obj, id);
    return id;
  }

  // ---- composites: hash-consed on (shape, child codes), all in typed arrays ----
  // A child's code is pushed on `stack` after the child is interned (which uses the
  // stack above and restores it), so nesting needs no allocation.
  private stack = new Int32Array(256);
  private sp = 0;
  /** Per id of a composite: offset of [shape, n, codes...] in `pool`; -1 for other values. */
  private offsets = new Int32Array(1024).fill(-1);
  private pool = new Int32Array(4096);
  private poolLength = 0;
  private table = new Int32Array(1 << 12).fill(-1);
  private tableCount = 0;
  private readonly shapeRoot: ShapeNode = { keys: [], next: [] };
  private readonly sortedShapes = new Map<string, number>();
  private sortedShapeCount = 0;

  private push(code: number): void {
    if (this.sp === this.stack.length) {
      const grown = new Int32Array(this.stack.length * 2);
      grown.set(this.stack);
      this.stack = grown;
    }
    this.stack[this.sp++] = code;
  }

  private internArray(arr: readonly unknown[]): number {
    const base = this.sp;
    for (let i = 0; i < arr.length; i++) {
      const code = this.encode(arr[i]);
      this.push(code);
    }
    // Arrays have shapes -1 - length, plain objects shapes >= 0.
    const id = this.internComposite(-1 - arr.length, base, null, arr);
    this.sp = base;
    return id;
  }

  private internRecord(obj: Record<string, unknown>): number {
    const base = this.sp;
    // The keys in for-in order select a node of the shape trie (=== on property-name
    // strings is a pointer comparison), which knows the canonical (sorted) shape.
    let node = this.shapeRoot;
    for (const k in obj) {
      const code = this.encode(obj[k]);
      this.push(code);
      const keys = node.keys;
      let i = 0;
      while (i < keys.length && keys[i] !== k) i++;
      if (i === keys.length) {
        keys.push(k);
        node.next.push({ keys: [], next: [] });
      }
      node = node.next[i];
    }
    if (node.shape === undefined) this.resolveShape(node, obj);
    const id = this.internComposite(node.shape!, base, node.order!, obj);
    this.sp = base;
    return id;
  }

  private resolveShape(node: ShapeNode, obj: Record<string, unknown>): void {
    const keys: string[] = [];
    for (const k in obj) keys.push(k);
    const order = keys.map((_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
    const sortedKey = JSON.stringify(order.map((i) => keys[i]));
    let shape = this.sortedShapes.get(sortedKey);
    if (shape === undefined) {
      shape = this.sortedShapeCount++;
      this.sortedShapes.set(sortedKey, shape);
    }
    node.shape = shape;
    // Identity order (already sorted) is the common case: no permutation needed.
    node.order = order.every((v, i) => v === i) ? null : Int32Array.from(order);
  }

  /** The id of the composite (shape, codes at stack[base..sp) permuted by order). */
  private internComposite(shape: number, base: number, order: Int32Array | null, value: unknown): number {
    const n = this.sp - base;
    const stack = this.stack;
    let h = Math.imul(shape ^ 0x5bd1e995, 0x9e3779b1) ^ n;
    for (let j = 0; j < n; j++) h = mixCode(h, stack[base + (order === null ? j : order[j])]);
    h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35);
    const mask = this.table.length - 1;
    let slot = h & mask;
    for (;;) {
      const id = this.table[slot];
      if (id === -1) break;
      const at = this.offsets[id];
      if (this.pool[at] === shape && this.pool[at + 1] === n) {
        let same = true;
        for (let j = 0; j < n; j++) {
          if (this.pool[at + 2 + j] !== stack[base + (order === null ? j : order[j])]) {
            same = false;
            break;
          }
        }
        if (same) return id;
      }
      slot = (slot + 1) & mask;
    }
    const id = this.values.length;
    this.values.push(value);
    if (id >= this.offsets.length) {
      const grown = new Int32Array(this.offsets.length * 2).fill(-1);
      grown.set(this.offsets);
      this.offsets = grown;
    }
    if (this.poolLength + n + 2 > this.pool.length) {
      const grown = new Int32Array(Math.max(this.pool.length * 2, this.poolLength + n + 2));
      grown.set(this.pool);
      this.pool = grown;
    }
    const at = this.poolLength;
    this.offsets[id] = at;
    this.pool[at] = shape;
    this.pool[at + 1] = n;
    for (let j = 0; j < n; j++) this.pool[at + 2 + j] = stack[base + (order === null ? j : order[j])];
    this.poolLength += n + 2;
    this.table[slot] = id;
    if (++this.tableCount * 2 > this.table.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2).fill(-1);
    const mask = table.length - 1;
    for (let id = 0; id < this.values.length && id < this.offsets.length; id++) {
      const at = this.offsets[id];
      if (at < 0) continue;
      const n = this.pool[at + 1];
      let h = Math.imul(this.pool[at] ^ 0x5bd1e995, 0x9e3779b1) ^ n;
      for (let j = 0; j < n; j++) h = mixCode(h, this.pool[at + 2 + j]);
      h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35);
      let slot = h & mask;
      while (table[slot] !== -1) slot = (slot + 1) & mask;
      table[slot] = id;
    }
    this.table = table;
  }
}

function mixCode(h: number, code: number): number {
  h = Math.imul(h ^ code, 0x85ebca6b);
  return h ^ (h >>> 13);
}

interface ShapeNode {
  keys: string[];
  next: ShapeNode[];
  /** Canonical shape id (of the sorted key list), once resolved. */
  shape?: number;
  /** order[j]: position in for-in order of the j-th key in sorted order; null when already sorted. */
  order?: Int32Array | null;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
