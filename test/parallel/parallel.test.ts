/**
 * Parallel search (checker/parallel) against the sequential explorer: with 2 workers,
 * the same distinct states, transitions, depth and verdicts, and the same shortest
 * trace lengths for safety properties, deadlock and reachability witnesses (liveness
 * lassos may differ in length: state ids differ between the two runs). workerHandoff 1
 * hands the search to the workers at the first level with 2 states, so even the small
 * models are explored mostly by the workers.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { check } from '../../checker/check.ts';
import type { CheckOptions } from '../../checker/options.ts';
import type { CheckResult } from '../../checker/result.ts';
import type { Model } from '../../checker/model.ts';
import type { Property } from '../../checker/property.ts';
import type { ModelSource } from '../../checker/parallel/model-source.ts';
import { closeWorkerPools } from '../../checker/parallel/worker-pool.ts';
import { userModelSource } from '../../checker/parallel/user-model-source.ts';
import { kernelTarget, kernelWorkerSource } from '../../models/kernel/worker-source.ts';
import { builtinScenarioPath } from '../../models/kernel/scenario/builtin.ts';
import { arbitraryMachineSpec } from '../differential/arbitrary-machine.ts';
import { randomMachineSource, randomMachineTarget } from './random-target.ts';
import { checkScenario } from '../../models/kernel/check-scenario.ts';
import { parseScenario } from '../../models/kernel/scenario/index.ts';
import { PRESET_NAMES, resolvePolicy } from '../../models/kernel/policy.ts';
import { PROPERTY_INFO } from '../../properties/registry.ts';
import { twinsScenario } from '../fixtures/twins-scenario.ts';

afterAll(() => closeWorkerPools());

/** Everything that must not depend on the number of workers. */
function summary(r: CheckResult) {
  return {
    distinctStates: r.stats.distinctStates,
    transitions: r.stats.transitions,
    maxDepth: r.stats.maxDepth,
    complete: r.stats.complete,
    results: r.results.map((p) => ({
      property: p.property,
      status: p.status,
      length: p.kind === 'liveness' ? undefined : (p.trace ?? p.witness)?.path.actions.length,
    })),
  };
}

async function compare(model: Model<any, any>, properties: readonly Property<any, any>[], modelSource: ModelSource, options: CheckOptions = {}) {
  const sequential = await check(model, properties, options);
  const parallel = await check(model, properties, { ...options, workers: 2, modelSource, workerHandoff: 1 });
  expect(summary(parallel)).toEqual(summary(sequential));
  return parallel;
}

describe('parallel search equals sequential search', () => {
  const examples = ['peterson', 'dining-philosophers', 'broken-mutex', 'traffic-light'];
  it.each(examples)('example model %s', async (name) => {
    const file = fileURLToPath(new URL(`../../models/examples/${name}.ts`, import.meta.url));
    const def = (await import(file)).default;
    await compare(def.model, def.properties, userModelSource(file), { fairness: def.fairness });
  }, 20_000);

  it('10 random machines', async () => {
    const specs = fc.sample(arbitraryMachineSpec, { seed: 7, numRuns: 10 });
    for (const spec of specs) {
      const target = randomMachineTarget(spec);
      await compare(target.model, target.properties, randomMachineSource(spec));
    }
  }, 30_000);

  const kernel: [string, string][] = [
    ['kill-stolen-by-concurrent-alloc', 'v4.0'],
    ['kill-stolen-by-concurrent-alloc', 'v4.11'],
    ['mmap-sem-sibling', 'v4.0'],
    ['mmap-sem-sibling', 'v4.11'],
    ['nofail-oom-disabled', 'v4.2'],
    ['nofail-oom-disabled', 'rfc'],
  ];
  it.each(kernel)('kernel scenario %s under %s, liveness included, compiled (narrow packed ints) and interpreted', async (name, spec) => {
    const input = { file: builtinScenarioPath(name) };
    for (const engine of ['compiled', 'interpreted'] as const) {
      const target = kernelTarget(input, spec, engine);
      // The compiled kernel's ints are the same in every thread, so workers hash them.
      expect(target.model.portableInts ?? false).toBe(engine === 'compiled');
      const r = await compare(target.model, target.properties, kernelWorkerSource(input, spec, engine));
      expect(r.results.some((p) => p.kind === 'liveness')).toBe(true);
    }
  }, 60_000);
});

// Symmetry stores one state per orbit; with workers, each thread must fingerprint the same
// canonical encoding, and the states it expands must be the ones stored (the first of each
// orbit found), or a trace replayed by action index would leave the orbit. The orbit count
// does not depend on which member is found first, so the counts equal the sequential run's;
// check() replays every counterexample and verifies its fingerprints, so a wrong
// representative fails the run. Tasks A and B of the twins scenario are interchangeable.
describe('parallel search with symmetry equals sequential search with symmetry', () => {
  const input = { doc: twinsScenario, origin: 'test:twins' };
  const scenario = parseScenario(twinsScenario, 'test:twins');
  const safety = PROPERTY_INFO.filter((p) => p.kind !== 'liveness').map((p) => p.id);
  it.each(['compiled', 'interpreted'] as const)('the twins scenario under every preset, safety properties, %s engine', async (engine) => {
    let violated = 0;
    for (const preset of PRESET_NAMES) {
      const policy = resolvePolicy(preset);
      const sequential = await checkScenario(scenario, policy, { properties: safety, engine });
      const parallel = await checkScenario(scenario, policy, { properties: safety, engine, workers: 2, workerHandoff: 1, modelSource: kernelWorkerSource(input, preset, engine) });
      expect(parallel.stats.symmetry, preset).toBe('on: interchangeable tasks {A, B}');
      expect(summary(parallel), preset).toEqual(summary(sequential));
      violated += parallel.results.filter((r) => r.status === 'violated' && r.trace).length;
    }
    // Counterexamples were replayed, not only counted.
    expect(violated).toBeGreaterThan(0);
  }, 120_000);
});

describe('parallel search bounds and hooks', () => {
  const input = { file: builtinScenarioPath('kill-stolen-by-concurrent-alloc') };
  const target = kernelTarget(input, 'v4.11', 'interpreted');
  const source = kernelWorkerSource(input, 'v4.11', 'interpreted');

  it('stops at max-states with an incomplete, unsettled result', async () => {
    const r = await check(target.model, target.properties, { workers: 2, modelSource: source, workerHandoff: 1, maxStates: 500 });
    expect(r.stats.complete).toBe(false);
    expect(r.stats.stoppedBy).toBe('max-states');
    expect(r.stats.distinctStates).toBeGreaterThanOrEqual(500);
  }, 20_000);

  it('cuts at max-depth like the sequential explorer', async () => {
    const seq = await check(target.model, target.properties, { maxDepth: 12 });
    const par = await check(target.model, target.properties, { workers: 2, modelSource: source, workerHandoff: 1, maxDepth: 12 });
    expect(summary(par)).toEqual(summary(seq));
    expect(par.stats.stoppedBy).toBe('max-depth');
  }, 20_000);

  it('kernel states survive the transfer hooks (configuration and context, rebuilt by resolveState)', () => {
    const m = target.model;
    const seen = new Map<string, unknown>();
    const queue = [...m.initialStates()];
    for (const s of queue) seen.set(m.encode(s), s);
    while (queue.length > 0) {
      const s = queue.shift()!;
      const back = m.fromTransfer!(structuredClone(m.toTransfer!(s)));
      expect(m.encode(back)).toBe(m.encode(s));
      const actions = m.actions(s);
      expect(m.actions(back)).toEqual(actions);
      for (const a of actions) {
        const n = m.nextState(s, a);
        expect(n && m.encode(n)).toBe(m.nextState(back, a) && m.encode(m.nextState(back, a)!));
        if (n && !seen.has(m.encode(n))) {
          seen.set(m.encode(n), n);
          queue.push(n);
        }
      }
    }
    expect(seen.size).toBe(3437);
  }, 20_000);
});
