/**
 * A flat, readable view of a snapshot for traces and JSON output: `state` is the
 * state value as a string, `context.<field>` each context field (nested plain objects
 * flattened with dots; arrays and other values kept whole as JSON values), so a
 * trace diff can show exactly the fields a step changed.
 */
import type { AnyMachineSnapshot, StateValue } from 'xstate';

export function viewSnapshot(snapshot: AnyMachineSnapshot): Record<string, unknown> {
  const view: Record<string, unknown> = { state: stateValueToString(snapshot.value) };
  if (snapshot.status !== 'active') view.status = snapshot.status;
  flattenInto(view, 'context', snapshot.context);
  return view;
}

/** "a.b" for nested states; "r1:x r2:y" for parallel regions, parenthesised when nested: "a.(r1:x r2:y)". */
export function stateValueToString(value: StateValue): string {
  if (typeof value === 'string') return value;
  const keys = Object.keys(value);
  if (keys.length === 1) return `${keys[0]}.${nestedString(value[keys[0]] as StateValue)}`;
  return keys.map((key) => `${key}:${nestedString(value[key] as StateValue)}`).join(' ');
}

function nestedString(value: StateValue): string {
  const text = stateValueToString(value);
  return text.includes(' ') ? `(${text})` : text;
}

function flattenInto(view: Record<string, unknown>, prefix: string, value: unknown): void {
  if (isPlainObject(value)) {
    for (const key of Object.keys(value)) flattenInto(view, `${prefix}.${key}`, value[key]);
    return;
  }
  view[prefix] = value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
