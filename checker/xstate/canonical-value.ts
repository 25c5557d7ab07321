/**
 * A canonical, injective string for plain JSON-like data: equal values give equal
 * strings whatever the key order of their objects, and different values give
 * different strings. Hand-written rather than JSON.stringify plus a sorting replacer
 * because it runs once per generated state (the hot path).
 *
 * Grammar (self-delimiting, so encodings can be concatenated):
 *   number 12 | -0 is 0 | NaN | Infinity      string "..." (JSON-escaped)
 *   true T | false F | null N | undefined U    bigint 12n
 *   array [a,b]   object {"k":v,...} keys sorted   Map M{k=>v,...} entries sorted
 *   Set S{a,...} elements sorted   Date D(iso)    other class instance Name{...}
 */
export function canonicalValue(value: unknown): string {
  switch (typeof value) {
    case 'number':
      return value === 0 ? '0' : String(value);
    case 'string':
      return quoteString(value);
    case 'boolean':
      return value ? 'T' : 'F';
    case 'undefined':
      return 'U';
    case 'bigint':
      return `${value}n`;
    case 'object':
      return value === null ? 'N' : canonicalObject(value as object);
    default:
      // Functions and symbols have no value identity a state could be compared by.
      throw new TypeError(`cannot encode a ${typeof value} in a state: keep context to plain data`);
  }
}

// Most context strings are identifiers; JSON.stringify is only needed when escaping is.
const PLAIN_STRING = /^[A-Za-z0-9_.:\- ]*$/;

function quoteString(s: string): string {
  return PLAIN_STRING.test(s) ? `"${s}"` : JSON.stringify(s);
}

/**
 * With a cache, the encoding of each object is remembered by identity: right for data
 * that is never mutated in place (assign builds new objects and shares the unchanged
 * ones), where most of a state's sub-objects are those of its parent state. A model
 * whose actions mutate context objects in place must not use it.
 */
let identityCache: WeakMap<object, string> | undefined;

export function canonicalValueCached(value: unknown, cache: WeakMap<object, string>): string {
  const outer = identityCache;
  identityCache = cache;
  try {
    return canonicalValue(value);
  } finally {
    identityCache = outer;
  }
}

function canonicalObject(obj: object): string {
  if (identityCache === undefined) return encodeObject(obj);
  let text = identityCache.get(obj);
  if (text === undefined) {
    text = encodeObject(obj);
    identityCache.set(obj, text);
  }
  return text;
}

function encodeObject(obj: object): string {
  if (Array.isArray(obj)) {
    let out = '[';
    for (let i = 0; i < obj.length; i++) {
      if (i > 0) out += ',';
      out += canonicalValue(obj[i]);
    }
    return out + ']';
  }
  const proto = Object.getPrototypeOf(obj);
  if (proto === Object.prototype || proto === null) return canonicalRecord(obj as Record<string, unknown>, '{');
  if (obj instanceof Map) {
    const entries: string[] = [];
    for (const [k, v] of obj) entries.push(`${canonicalValue(k)}=>${canonicalValue(v)}`);
    return `M{${entries.sort().join(',')}}`;
  }
  if (obj instanceof Set) {
    const elements: string[] = [];
    for (const e of obj) elements.push(canonicalValue(e));
    return `S{${elements.sort().join(',')}}`;
  }
  if (obj instanceof Date) return `D(${obj.getTime()})`;
  // A class instance: its own enumerable fields, tagged with the class so that
  // two classes with the same fields stay distinct.
  const name = (proto?.constructor?.name as string | undefined) ?? 'Object';
  return canonicalRecord(obj as Record<string, unknown>, `${quoteString(name)}{`);
}

function canonicalRecord(obj: Record<string, unknown>, open: string): string {
  const keys = Object.keys(obj);
  if (keys.length > 1 && !isSorted(keys)) keys.sort();
  let out = open;
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) out += ',';
    const key = keys[i];
    out += quoteString(key) + ':' + canonicalValue(obj[key]);
  }
  return out + '}';
}

// Contexts are usually declared in one order and copied by assign, so their keys are
// often already sorted; checking is cheaper than sorting.
function isSorted(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1] > keys[i]) return false;
  return true;
}
