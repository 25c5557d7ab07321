/**
 * xstate's candidate transitions of a state node for an event type (getCandidates), with
 * its wildcard descriptors: what the compiled selection tree is built from, once per
 * (node, event type).
 */
import type { AnyStateNode } from 'xstate';
import type { XTransition } from './semantics.ts';

/** xstate's getCandidates: exact descriptor first, then matching wildcards, longest first. */
export function transitionCandidates(node: AnyStateNode, type: string): XTransition[] {
  const exact = (node.transitions.get(type) ?? []) as XTransition[];
  const wildcards = [...node.transitions.keys()]
    .filter((d) => d !== type && descriptorMatches(type, d))
    .sort((a, b) => b.length - a.length)
    .flatMap((d) => node.transitions.get(d) as XTransition[]);
  return [...exact, ...wildcards];
}

/** xstate's matchesEventDescriptor ('*', and 'a.b.*' matching 'a.b' and 'a.b.c...'). */
function descriptorMatches(type: string, descriptor: string): boolean {
  if (descriptor === type || descriptor === '*') return true;
  if (!descriptor.endsWith('.*')) return false;
  const parts = descriptor.split('.');
  const tokens = type.split('.');
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === '*') return i === parts.length - 1;
    if (parts[i] !== tokens[i]) return false;
  }
  return true;
}
