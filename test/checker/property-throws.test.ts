/**
 * A property's predicate is the model's code: when it throws, the exhaustive search
 * (sequential, and each worker's level expander) reports a ModelEvaluationError naming
 * the property and the state it was evaluated on (and, for a step predicate, the event
 * and the state the step leaves), as it does for a throwing guard. The CLI turns that
 * into exit 75 (docs/exit-codes.md: "the model itself threw"); any other error would be
 * exit 255, "a bug in oomcheck", which it is not.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { check } from '../../checker/check.ts';
import type { Model } from '../../checker/model.ts';
import type { Property } from '../../checker/property.ts';
import { ModelEvaluationError } from '../../checker/result.ts';
import { closeWorkerPools } from '../../checker/parallel/worker-pool.ts';
import { userModelSource } from '../../checker/parallel/user-model-source.ts';
import { gridWalk } from './grid-walk.ts';

afterAll(() => closeWorkerPools());

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

async function thrown(run: Promise<unknown>): Promise<ModelEvaluationError> {
  const e = await run.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ModelEvaluationError);
  return e as ModelEvaluationError;
}

describe('a throwing property is a model error', () => {
  it('an invariant: named, at the state it threw on (sequential BFS and DFS)', async () => {
    const def = (await import('../fixtures/property-throws.ts')).default;
    for (const strategy of ['bfs', 'dfs'] as const) {
      const e = await thrown(check(def.model, def.properties, { strategy }));
      expect(e.message).toBe("the model threw: property 'mutual-exclusion' threw on the state below: prop boom");
      expect(e.state?.['context.inside']).toHaveLength(2);
      expect(e.action).toBeUndefined();
      expect((e.cause as Error).message).toBe('prop boom'); // --debug prints the model's own stack
    }
  });

  it('an action property: named, at the step (its event and the state it leaves)', async () => {
    const def = (await import('../fixtures/action-property-throws.ts')).default;
    const e = await thrown(check(def.model, def.properties));
    expect(e.message).toBe("the model threw: property 'enter-when-free' threw: step boom");
    expect(e.action).toEqual({ type: 'enter', who: 'B' });
    expect(e.state).toMatchObject({ 'context.inside': ['A'] });
    expect(e.path).toEqual({ init: 0, actions: [0] });
  });

  it('in the workers too (the throw happens in a worker thread, past the handoff)', async () => {
    for (const name of ['property-throws.ts', 'action-property-throws.ts']) {
      const file = fixture(name);
      const def = (await import(file)).default;
      const e = await thrown(check(def.model, def.properties, { workers: 2, modelSource: userModelSource(file), workerHandoff: 1 }));
      expect(e.message).toMatch(/^the model threw: property '(mutual-exclusion|enter-when-free)' threw/);
      expect(e.state).toBeDefined();
    }
  }, 20_000);

  it('every kind of predicate: a witness, a step witness, a premise, a liveness obligation', async () => {
    const walk: Model<Int32Array, number> = { ...gridWalk(3, [[1, 0], [0, 1]]), isFinal: () => false };
    const boom = (s: Int32Array) => {
      if (s[0] + s[1] === 2) throw new Error('boom');
      return false;
    };
    const cases: Property<Int32Array, number>[] = [
      { kind: 'reachability', name: 'witness', witness: boom },
      { kind: 'reachability', name: 'step-witness', witness: () => false, witnessStep: (_a, _e, b) => boom(b) },
      { kind: 'invariant', name: 'premise', holds: () => true, vacuousUnless: { describe: 'never', state: boom } },
      { kind: 'liveness', name: 'obligation', obligations: [{ label: 'obligation', p: 'initial', q: boom }] },
    ];
    for (const p of cases) {
      const e = await thrown(check(walk, [p], { deadlock: false }));
      expect(e.message).toMatch(new RegExp(`^the model threw: property '${p.name}' threw( on the state below)?: boom$`));
      const at = e.action === undefined ? e.state : undefined;
      if (at) expect((at.x as number) + (at.y as number)).toBe(2); // the state it threw on, not a later one
    }
  });

  it('on the packed frontier, the state is read before its buffer is reused', async () => {
    const walk = gridWalk(4, [[1, 0], [0, 1]]);
    const e = await thrown(check(walk, [{ kind: 'invariant', name: 'x-below-2', holds: (s) => (s[0] < 2 ? true : (() => { throw new Error(`at ${s[0]},${s[1]}`); })()) }]));
    expect(e.message).toBe(`the model threw: property 'x-below-2' threw on the state below: at ${e.state?.x},${e.state?.y}`);
    expect(e.state).toEqual({ x: 2, y: 0 });
  });

  // Random walks evaluate the predicates themselves: the same error, naming the property,
  // at the state it threw on (an invariant) or at the step (an action property).
  it('on random walks too, named, at the state or step it threw on', async () => {
    const { simulate } = await import('../../checker/strategy/simulate.ts');
    const invariant = (await import('../fixtures/property-throws.ts')).default;
    const e = await thrown(simulate(invariant.model, invariant.properties, { seed: 1, runs: 50, depth: 10 }));
    expect(e.message).toBe("the model threw: property 'mutual-exclusion' threw on the state below: prop boom");
    expect(e.state?.['context.inside']).toHaveLength(2);
    expect(e.action).toBeUndefined();
    const step = (await import('../fixtures/action-property-throws.ts')).default;
    const f = await thrown(simulate(step.model, step.properties, { seed: 1, runs: 50, depth: 10 }));
    expect(f.message).toBe("the model threw: property 'enter-when-free' threw: step boom");
    expect(f.action).toEqual({ type: 'enter', who: 'B' });
    expect(f.state).toMatchObject({ 'context.inside': ['A'] });
  });
});
