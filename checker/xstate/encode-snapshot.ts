/**
 * The canonical encoding of an XState snapshot: what makes two snapshots the same
 * state for the checker. Status, state value, context and history all count (a
 * machine remembering a different history state behaves differently later);
 * `children` is always empty (machines with actors are rejected), and tags, output
 * and the node list are determined by these.
 */
import type { AnyMachineSnapshot, StateValue } from 'xstate';
import { canonicalValue, canonicalValueCached } from './canonical-value.ts';

/** `cache`: remember sub-objects' encodings by identity (only for contexts never mutated in place). */
export function encodeSnapshot(snapshot: AnyMachineSnapshot, cache?: WeakMap<object, string>): string {
  let out = snapshot.status === 'active' ? '' : `!${snapshot.status}`;
  out += encodeStateValue(snapshot.value);
  out += cache ? canonicalValueCached(snapshot.context, cache) : canonicalValue(snapshot.context);
  out += encodeHistory(snapshot.historyValue as Record<string, readonly { id: string }[]> | undefined);
  return out;
}

/** `a`, `a(b)`, parallel `p(r1(x)r2(y))` with regions sorted by key. */
export function encodeStateValue(value: StateValue): string {
  if (typeof value === 'string') return stateKey(value);
  const keys = Object.keys(value);
  if (keys.length > 1) keys.sort();
  let out = '';
  for (const key of keys) out += `${stateKey(key)}(${encodeStateValue(value[key] as StateValue)})`;
  return out;
}

// State keys are nearly always identifiers; quote the rare one that could be confused
// with the encoding's punctuation, so the encoding stays injective.
const PLAIN_KEY = /^[A-Za-z0-9_$.\- ]*$/;

function stateKey(key: string): string {
  return PLAIN_KEY.test(key) ? key : JSON.stringify(key);
}

/** `H{historyNodeId:[stateId,...];...}`, both levels sorted; empty history adds nothing. */
function encodeHistory(history: Record<string, readonly { id: string }[]> | undefined): string {
  if (!history) return '';
  const keys = Object.keys(history);
  if (keys.length === 0) return '';
  if (keys.length > 1) keys.sort();
  let out = 'H{';
  for (const key of keys) {
    const ids = history[key].map((node) => node.id);
    if (ids.length > 1) ids.sort();
    out += `${JSON.stringify(key)}:${JSON.stringify(ids)};`;
  }
  return out + '}';
}
