/**
 * xstate's state values, as compiled machines compute them off the hot path: of a set
 * of active nodes (whole configurations, the cold path) or along a region's path
 * (unpacking). Values are frozen because they are shared: one per
 * configuration or region path, handed to every snapshot that reads it.
 */
import type { AnyStateNode, StateValue } from 'xstate';
import { isAtomic } from './semantics.ts';

/** The value of a region's path (xstate's getValueFromAdj along the chain). */
export function chainValue(path: readonly AnyStateNode[], i: number, endValue: (end: AnyStateNode) => StateValue): StateValue {
  const node = path[i];
  if (i === path.length - 1) return isAtomic(node) ? node.key : { [node.key]: endValue(node) };
  return { [node.key]: chainValue(path, i + 1, endValue) };
}

/** xstate's state value of a configuration (getValueFromAdj). */
export function stateValueOf(node: AnyStateNode, active: ReadonlySet<AnyStateNode>): StateValue {
  const activeChildren = Object.keys(node.states)
    .map((k) => node.states[k])
    .filter((c) => c.type !== 'history' && active.has(c));
  if (node.type === 'compound') {
    const child = activeChildren[0];
    if (!child) return {};
    if (isAtomic(child)) return child.key;
  }
  const value: Record<string, StateValue> = {};
  for (const child of activeChildren) value[child.key] = stateValueOf(child, active);
  return value;
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
