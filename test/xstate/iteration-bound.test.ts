/**
 * The microstep bound (checker/xstate/iteration-bound.ts). XState 5 leaves
 * `maxIterations` at Infinity, so without the bound a machine whose eventless
 * transitions never settle hangs the checker in a synchronous loop. These tests prove
 * that both engines (xstate's own transition through fromMachine, and compileMachine)
 * stop after the same number of microsteps with a model error, that a finite chain
 * within the bound still works and agrees, and that a machine's own bound is kept.
 */
import { describe, expect, it } from 'vitest';
import { assign, createMachine, setup, type AnyStateMachine, type EventObject } from 'xstate';
import { check } from '../../checker/check.ts';
import { compileMachine, type CompiledMachine } from '../../checker/compiled/index.ts';
import type { Model } from '../../checker/model.ts';
import { ModelEvaluationError } from '../../checker/result.ts';
import { fromMachine } from '../../checker/xstate/from-machine.ts';
import { boundIterations, DEFAULT_MAX_MICROSTEPS } from '../../checker/xstate/iteration-bound.ts';
import { cli, fixture } from '../cli/run-cli.ts';

const events = [{ type: 'GO' }, { type: 'BACK' }];

/** After GO, ping and pong hand over to each other forever. A new instance per call: the bound is set on it. */
function loopMachine(maxIterations?: number) {
  return createMachine({
    id: 'loop',
    ...(maxIterations === undefined ? {} : { options: { maxIterations } }),
    initial: 'idle',
    states: {
      idle: { on: { GO: 'ping' } },
      ping: { always: 'pong' },
      pong: { always: 'ping' },
    },
  });
}

/** After GO, one targetless eventless transition taken `steps` times in the same macrostep. */
function chainMachine(steps: number, maxIterations: number) {
  return setup({ types: { context: {} as { n: number } } }).createMachine({
    id: 'chain',
    options: { maxIterations },
    context: { n: 0 },
    initial: 'idle',
    states: {
      idle: { on: { GO: { target: 'counting', actions: assign({ n: 0 }) } } },
      counting: {
        always: { guard: ({ context }) => context.n < steps, actions: assign({ n: ({ context }) => context.n + 1 }) },
        on: { BACK: 'idle' },
      },
    },
  });
}

/** The compiled engine, refusing any fallback to xstate's transition (which would hide what the compiler does). */
function compiled(machine: AnyStateMachine): CompiledMachine {
  const c = compileMachine(machine, {
    events,
    onFallback: (reason) => {
      throw new Error(`unexpected fallback: ${reason}`);
    },
  });
  if ('unsupported' in c) throw new Error(c.unsupported);
  return c;
}

/** The model error check() rejects with. */
async function modelError(run: Promise<unknown>): Promise<ModelEvaluationError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelEvaluationError);
  return error as ModelEvaluationError;
}

describe('the microstep bound', () => {
  it('stops an always loop in the interpreted engine with a model error naming the step and the fix', async () => {
    const e = await modelError(check(fromMachine(loopMachine(50), { events }), []));
    // The loop is entered by GO from idle: the error is that step's, with its own bound.
    expect(e.message).toBe(
      'the model threw: eventless transitions did not settle within 50 microsteps after event GO from state idle ' +
        '(an `always` loop with no exit?); a machine that needs more sets `options: { maxIterations: N }` in its createMachine config',
    );
    expect(e.action).toEqual({ type: 'GO' });
    expect(e.state).toMatchObject({ state: 'idle' });
  });

  it('stops the same always loop in the compiled engine with a model error at the same step', async () => {
    const c = compiled(loopMachine(50));
    const e = await modelError(check(c.model, []));
    // Same loop, same step: the compiled macrostep loop reads the same bound and says the same.
    const interpreted = await modelError(check(fromMachine(loopMachine(50), { events }), []));
    expect(e.message).toBe(interpreted.message);
    expect(e.action).toEqual({ type: 'GO' });
    expect(e.state).toMatchObject({ state: 'idle' });
    expect(c.stats.fallbackSteps).toBe(0);
  });

  it('stops a loop entered by the initial step, in both engines', async () => {
    const machine = () => createMachine({ options: { maxIterations: 50 }, initial: 'ping', states: { ping: { always: 'pong' }, pong: { always: 'ping' } } });
    // No event yet: the initial macrostep itself never settles.
    const interpreted = await modelError(check(fromMachine(machine(), { events }), []));
    expect(interpreted.message).toMatch(/did not settle within 50 microsteps entering the initial state/);
    const e = await modelError(check(compiled(machine()).model, []));
    expect(e.message).toBe(interpreted.message);
  });

  it('stops with the default bound when the machine sets none, in both engines', async () => {
    // 100,000 microsteps of a two-state loop: an error, not a hang (vitest's timeout would catch one).
    const interpreted = await modelError(check(fromMachine(loopMachine(), { events }), []));
    expect(interpreted.message).toContain(`within ${DEFAULT_MAX_MICROSTEPS} microsteps`);
    const e = await modelError(check(compiled(loopMachine()).model, []));
    expect(e.message).toBe(interpreted.message);
  });

  it('lets a finite eventless chain within the bound through, with the same states in both engines', async () => {
    // 30 eventless microsteps plus xstate's final check are 31 iterations, within 50.
    const a = await check(fromMachine(chainMachine(30, 50), { events }), []);
    const b = await check(compiled(chainMachine(30, 50)).model, []);
    // (idle, n=0) -GO-> (counting, n=30) -BACK-> (idle, n=30) -GO-> (counting, n=30).
    expect(a.stats.distinctStates).toBe(3);
    expect(b.stats.distinctStates).toBe(3);
    expect(b.stats.transitions).toBe(a.stats.transitions);
  });

  it('puts the edge at the same microstep in both engines', async () => {
    // xstate counts the iteration that finds nothing more to do: 49 eventless
    // microsteps fit a bound of 50, and 50 do not. The compiled engine must agree.
    for (const engine of ['interpreted', 'compiled'] as const) {
      // One model type for check(): the two engines' state types differ.
      const model = (m: AnyStateMachine): Model<unknown, EventObject> => (engine === 'compiled' ? compiled(m).model : fromMachine(m, { events })) as Model<unknown, EventObject>;
      expect((await check(model(chainMachine(49, 50)), [])).stats.distinctStates, engine).toBe(3);
      const e = await modelError(check(model(chainMachine(50, 50)), []));
      expect(e.message, engine).toMatch(/\b50 microsteps\b/);
    }
  });

  it("keeps a machine's own finite bound, and bounds an unset or infinite one", () => {
    const own = loopMachine(500);
    fromMachine(own, { events });
    // The config's own bound is the user's decision: kept, by both engines.
    expect(own.options.maxIterations).toBe(500);
    expect(boundIterations(own)).toBe(500);
    const mine = loopMachine(500);
    compiled(mine);
    expect(mine.options.maxIterations).toBe(500);

    const unset = loopMachine();
    expect(unset.options.maxIterations).toBe(Infinity); // xstate's default, which hangs
    fromMachine(unset, { events });
    expect(unset.options.maxIterations).toBe(DEFAULT_MAX_MICROSTEPS);
    const infinite = loopMachine(Infinity);
    compiled(infinite);
    expect(infinite.options.maxIterations).toBe(DEFAULT_MAX_MICROSTEPS);
    // Set per instance: a fresh machine from the same config is untouched.
    expect(loopMachine().options.maxIterations).toBe(Infinity);
  });

  it('exits 75 from the CLI with one clear message and no stack trace', async () => {
    const run = await cli(['check', fixture('always-loop.ts')]);
    // A model that never settles is a model error, as a model that throws is.
    expect(run.code).toBe(75);
    const lines = run.stderr.split('\n');
    expect(lines[0]).toBe(
      `oomcheck: error 4000: the model threw: eventless transitions did not settle within ${DEFAULT_MAX_MICROSTEPS} microsteps after event go from state idle ` +
        '(an `always` loop with no exit?); a machine that needs more sets `options: { maxIterations: N }` in its createMachine config',
    );
    expect(lines[1]).toBe('oomcheck: error 4001: while taking event go from the state below');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});
