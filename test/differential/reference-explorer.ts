/**
 * A deliberately naive explorer to check the checker against: plain BFS with a Map
 * keyed by a simple serialization, stepping through xstate's public
 * `initialTransition`/`transition` (a fresh actor scope each call). It shares no code
 * with the checker or its XState front end.
 */
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from 'xstate';

export interface ReferenceResult {
  distinctStates: number;
  /**
   * Steps to the nearest deadlock, or undefined: a non-final state where no event changes
   * anything and none is enabled by xstate's own word (snapshot.can: a self-transition
   * that changes nothing is an enabled self-loop, as for TLC and SPIN).
   */
  deadlockDepth?: number;
  /** Steps to the nearest state violating `invariant`, or undefined. */
  violationDepth?: number;
  /** Steps to the nearest state where `witness` holds, or undefined. */
  witnessDepth?: number;
}

export interface ReferenceOptions {
  invariant?: (s: AnyMachineSnapshot) => boolean;
  witness?: (s: AnyMachineSnapshot) => boolean;
  maxStates?: number;
}

export function referenceExplore(machine: AnyStateMachine, events: EventObject[], options: ReferenceOptions = {}): ReferenceResult {
  const [initial] = initialTransition(machine);
  const seen = new Map<string, number>();
  let frontier: AnyMachineSnapshot[] = [initial as AnyMachineSnapshot];
  seen.set(serialize(initial as AnyMachineSnapshot), 0);
  const result: ReferenceResult = { distinctStates: 0 };
  for (let depth = 0; frontier.length > 0; depth++) {
    const next: AnyMachineSnapshot[] = [];
    for (const state of frontier) {
      if (options.invariant && result.violationDepth === undefined && !options.invariant(state)) result.violationDepth = depth;
      if (options.witness && result.witnessDepth === undefined && options.witness(state)) result.witnessDepth = depth;
      let moved = false;
      if (state.status === 'active') {
        for (const event of events) {
          const after: AnyMachineSnapshot = transition(machine, state, event)[0];
          if (after === state) continue;
          moved = true;
          const key = serialize(after as AnyMachineSnapshot);
          if (!seen.has(key)) {
            seen.set(key, depth + 1);
            next.push(after as AnyMachineSnapshot);
          }
        }
      }
      const stuck = !moved && state.status !== 'done' && !(state.status === 'active' && events.some((e) => state.can(e)));
      if (stuck && result.deadlockDepth === undefined) result.deadlockDepth = depth;
    }
    if (options.maxStates !== undefined && seen.size > options.maxStates) throw new Error(`reference: more than ${options.maxStates} states`);
    frontier = next;
  }
  result.distinctStates = seen.size;
  return result;
}

function serialize(s: AnyMachineSnapshot): string {
  const history: Record<string, string[]> = {};
  for (const [key, nodes] of Object.entries(s.historyValue ?? {})) history[key] = (nodes as { id: string }[]).map((n) => n.id).sort();
  return JSON.stringify(sortKeys({ status: s.status, value: s.value, context: s.context, history }));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}
