/**
 * The vocabulary the component files (task, slowpath, oom-killer, kswapd, oom-reaper)
 * share to contribute named guards, named context updates and state-node configs to the
 * one machine that system.ts assembles with xstate's setup().
 *
 * Each component exports `makeXGuards(k)` / `makeXUpdates(k)` (closures over the static
 * KernelConfig) and config builders whose transitions name them through `guardRef` /
 * `actionRef`, typed by the component's own table so a misspelt name fails to compile.
 */
import type { KernelContext } from './state.ts';

/**
 * A step is an event addressed to one process: `type` = the process name for its
 * ordinary step; `${task}.kill` (with `victim`) for an out_of_memory selection among
 * tied candidates; `${task}.timeout` for the syncOomKill bounded wait's timeout.
 */
export interface KernelEvent {
  readonly type: string;
  readonly victim?: string;
}

export interface TaskParams {
  readonly task: string;
}

export interface StepArgs {
  readonly context: KernelContext;
  readonly event: KernelEvent;
}

export type GuardImpl<P = TaskParams> = (args: StepArgs, params: P) => boolean;
/** A context update: returns the whole next context (wrapped in xstate's assign by system.ts). */
export type UpdateImpl<P = TaskParams> = (args: StepArgs, params: P) => KernelContext;

export interface Ref<N extends string = string, P = unknown> {
  readonly type: N;
  readonly params: P;
}

/** Guard reference as xstate config takes it: a named guard, or and/not over them. */
export type GuardConfig = Ref | { readonly type: 'xstate.and' | 'xstate.not' | 'xstate.or' } | ((...args: never[]) => boolean);

export interface TransitionConfig {
  readonly guard?: unknown;
  readonly target?: string;
  readonly actions?: readonly Ref[];
  readonly description?: string;
}

export interface StateConfig {
  readonly id?: string;
  readonly type?: 'parallel' | 'final';
  readonly initial?: string;
  readonly description?: string;
  readonly on?: Readonly<Record<string, readonly TransitionConfig[]>>;
  readonly states?: Readonly<Record<string, StateConfig>>;
}

/** Typed reference builders for one component's table. */
export function refs<G extends string, A extends string>() {
  return {
    guard<P>(type: G, params: P): Ref<G, P> {
      return { type, params };
    },
    action<P>(type: A, params: P): Ref<A, P> {
      return { type, params };
    },
  };
}

/** The id of a task's region, for absolute targets like `#task-A.run`. */
export function taskId(task: string): string {
  return `task-${task}`;
}

export const PANIC_TARGET = '#kernel.panic';

import { and, not } from 'xstate';

/** xstate's and([...]) over named guards (loosely typed: the names are checked by `refs`). */
export function allOf(...guards: unknown[]): unknown {
  return (and as (g: unknown[]) => unknown)(guards);
}

/** xstate's not(guard). */
export function notG(guard: unknown): unknown {
  return (not as (g: unknown) => unknown)(guard);
}
