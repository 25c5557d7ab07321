/**
 * xstate's own transition, for the steps the compiled path finds it cannot run only while
 * running them (several eventless transitions enabled in one microstep: eventless.ts);
 * each reason is told once, and every such step is counted (stats.fallbackSteps).
 */
import type { AnyActorScope, AnyMachineSnapshot, AnyStateMachine, EventObject } from 'xstate';
import type { CompiledStats } from './compile-machine.ts';

export type Fallback = (state: Int32Array, event: EventObject, reason: string) => Int32Array | undefined;

export function xstateFallback(parts: {
  machine: AnyStateMachine;
  scope: AnyActorScope;
  stats: CompiledStats;
  /** Told once per reason (default console.warn). */
  onFallback: ((reason: string) => void) | undefined;
  toSnapshot: (state: Int32Array) => AnyMachineSnapshot;
  pack: (snapshot: AnyMachineSnapshot) => Int32Array;
}): Fallback {
  const { machine, scope, stats, toSnapshot, pack } = parts;
  const warned = new Set<string>();
  const onFallback = parts.onFallback ?? ((reason: string) => console.warn(`oomcheck compiled: ${reason}; using xstate's transition for such steps`));
  return (state, event, reason) => {
    if (!warned.has(reason)) {
      warned.add(reason);
      onFallback(reason);
    }
    stats.fallbackSteps++;
    const real = toSnapshot(state);
    const next = machine.transition(real, event, scope) as AnyMachineSnapshot;
    if (next === real) return undefined;
    return pack(next);
  };
}
