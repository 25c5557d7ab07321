/**
 * The context as objects, for machines without a PackedContext: each field's value is
 * interned (intern.ts) and stored as its int after the head (region and history slots);
 * a field the machine has not had before gets the next slot, a missing one is ABSENT
 * (and trailing ABSENT ints are not stored).
 */
import { Unsupported } from './guards-actions.ts';
import { ABSENT, type ValueInterner } from './intern.ts';
import type { Layout } from './layout.ts';

export interface ObjectContexts {
  decodeContext(state: Int32Array): any;
  /**
   * The packed state: `head` holds the region and history slots. The fields `context`
   * shares with `prevContext` (the context of `prev`) keep their ints without interning.
   */
  packState(head: ArrayLike<number>, context: any, prev: Int32Array | undefined, prevContext: any): Int32Array;
}

export function objectContexts(layout: Layout, interner: ValueInterner): ObjectContexts {
  const CB = layout.contextBase;
  let factory = contextFactory(layout.contextKeys);
  const decodeContext = (state: Int32Array): any => {
    const F = layout.contextKeys.length;
    const values: unknown[] = new Array(F);
    let absent = false;
    for (let f = 0; f < F; f++) {
      const at = CB + f;
      const code = at < state.length ? state[at] : ABSENT;
      if (code === ABSENT) absent = true;
      else values[f] = interner.decode(code);
    }
    if (!absent) return factory(values);
    const ctx: Record<string, unknown> = {};
    for (let f = 0; f < F; f++) {
      const at = CB + f;
      const code = at < state.length ? state[at] : ABSENT;
      if (code !== ABSENT) ctx[layout.contextKeys[f]] = values[f];
    }
    return ctx;
  };
  const codes: number[] = [];
  const packState = (head: ArrayLike<number>, context: any, prev: Int32Array | undefined, prevContext: any): Int32Array => {
    if (context === null || typeof context !== 'object') throw new Unsupported('a context that is not an object');
    let F = layout.contextKeys.length;
    let present = 0;
    for (let f = 0; f < F; f++) {
      const key = layout.contextKeys[f];
      const value = context[key];
      let code: number;
      if (prev !== undefined && value === prevContext[key] && (value !== undefined || (key in prevContext) === (key in context))) {
        code = CB + f < prev.length ? prev[CB + f] : ABSENT;
      } else if (value === undefined && !(key in context)) code = ABSENT;
      else code = interner.encode(value);
      if (code !== ABSENT) present++;
      codes[f] = code;
    }
    let total = 0;
    for (const _ in context) total++;
    if (total !== present) {
      for (const key of Object.keys(context)) {
        if (layout.contextSlotOf.has(key)) continue;
        codes[layout.contextSlot(key)] = interner.encode(context[key]);
      }
      F = layout.contextKeys.length;
      factory = contextFactory(layout.contextKeys);
    }
    let length = F;
    while (length > 0 && codes[length - 1] === ABSENT) length--;
    const out = new Int32Array(CB + length);
    for (let i = 0; i < CB; i++) out[i] = head[i];
    for (let f = 0; f < length; f++) out[CB + f] = codes[f];
    return out;
  };
  return { decodeContext, packState };
}

/** A context object with a fixed key order (one hidden class for all contexts). */
function contextFactory(keys: readonly string[]): (values: unknown[]) => Record<string, unknown> {
  return (values) => {
    const ctx: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) ctx[keys[i]] = values[i];
    return ctx;
  };
}
