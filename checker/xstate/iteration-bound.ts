/**
 * A bound on the microsteps of one macrostep. XState 5 sets `maxIterations` to
 * Infinity unless the machine's config says otherwise, so a machine whose eventless
 * (`always`) transitions never settle makes a single step loop forever, synchronously:
 * the checker hangs and not even Ctrl-C stops it. Bounded, the loop throws instead,
 * and the step becomes a model error (exit 75) like any other throw from model code.
 */
import type { AnyStateMachine, StateValue } from 'xstate';
import { stateValueToString } from './view-snapshot.ts';

/** Far above any real chain of eventless transitions, and reached in well under a second. */
export const DEFAULT_MAX_MICROSTEPS = 100_000;

/**
 * The machine's microstep bound, made finite: a machine whose config leaves
 * `options.maxIterations` unset (or Infinity) gets DEFAULT_MAX_MICROSTEPS; one that
 * sets a finite bound keeps it. Set on the instance, because xstate reads it from
 * there (`snapshot.machine.options`) and so does the compiled engine, so both stop
 * after the same number of microsteps. Safe to mutate: the StateMachine constructor
 * builds `options` afresh for each instance (`{ maxIterations: Infinity,
 * ...config.options }`), so neither the config nor another machine sees it; the one
 * visible effect is that an actor later started from this same instance stops at the
 * bound too, rather than looping forever. Idempotent.
 */
export function boundIterations(machine: AnyStateMachine): number {
  const options = (machine.options ??= {});
  const own = options.maxIterations;
  if (own !== undefined && Number.isFinite(own)) return own;
  options.maxIterations = DEFAULT_MAX_MICROSTEPS;
  return DEFAULT_MAX_MICROSTEPS;
}

/** The state a step started from and its event, described (none: the initial step). */
export interface StepStart {
  from: StateValue;
  event: string;
}

/**
 * xstate's "Infinite loop detected" error as the checker's own (unsettledError); any
 * other error unchanged.
 */
export function explainUnsettled(machine: AnyStateMachine, error: unknown, step?: StepStart): unknown {
  if (!(error instanceof Error) || !error.message.startsWith('Infinite loop detected')) return error;
  return unsettledError(machine, step, error);
}

/** A step that hit the bound: what went wrong, and how to raise the bound. */
export function unsettledError(machine: AnyStateMachine, step?: StepStart, cause?: unknown): Error {
  const bound = machine.options?.maxIterations ?? DEFAULT_MAX_MICROSTEPS;
  const where = step === undefined ? 'entering the initial state' : `after event ${step.event} from state ${stateValueToString(step.from)}`;
  return new Error(
    `eventless transitions did not settle within ${bound} microsteps ${where} (an \`always\` loop with no exit?); ` +
      `a machine that needs more sets \`options: { maxIterations: N }\` in its createMachine config`,
    cause === undefined ? undefined : { cause },
  );
}
