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

// Keys of plain objects are nearly always identifiers; quote the others so the
// composite key stays injective.
const PLAIN_KEY = /^[A-Za-z0-9_$]*$/;

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
    const key = this.compositeKey(obj);
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.values.length;
      // Shared from now on by every state holding an equal value, as xstate shares
      // unchanged parts between snapshots; models must not change context in place.
      // Not frozen: V8 copies frozen arrays (slice, spread) an order of magnitude slower.
      this.values.push(obj);
      this.byKey.set(key, id);
    }
    this.byObject.set(obj, id);
    return id;
  }

  private compositeKey(obj: object): string {
    if (Array.isArray(obj)) {
      let key = '[';
      for (let i = 0; i < obj.length; i++) key += this.encode(obj[i]) + ',';
      return key;
    }
    if (isPlainObject(obj)) {
      const keys = Object.keys(obj);
      if (keys.length > 1 && !isSorted(keys)) keys.sort();
      let key = '{';
      for (const k of keys) {
        key += (PLAIN_KEY.test(k) ? k : JSON.stringify(k)) + ':' + this.encode((obj as Record<string, unknown>)[k]) + ',';
      }
      return key;
    }
    // Maps, Sets, Dates, class instances: rare in contexts, keyed by their full encoding.
    return 'C' + canonicalValue(obj);
  }
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isSorted(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1] > keys[i]) return false;
  return true;
}
