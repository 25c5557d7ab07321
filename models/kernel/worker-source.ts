/**
 * The kernel as a parallel model source: each worker thread of `check --workers N`
 * rebuilds the scenario's machine, properties and fairness from plain data, exactly
 * as checkScenario assembles them.
 */
import { fileURLToPath } from 'node:url';
import type { ModelSource, ModelTarget } from '../../checker/parallel/model-source.ts';
import { kernelProperties } from '../../properties/registry.ts';
import { resolvePolicy } from './policy.ts';
import { loadScenarioFile, parseScenario } from './scenario/load.ts';
import type { Scenario } from './scenario/types.ts';
import { buildKernelModel, type KernelModel } from './system.ts';
import { compileKernel, withKernelSymmetry, type Engine } from './check-scenario.ts';
import { compiledKernelProperties } from '../../properties/packed/index.ts';

/** A scenario as data: a scenario file, or a parsed JSON document and where it came from. */
export type ScenarioInput = { file: string } | { doc: unknown; origin: string };

export function kernelWorkerSource(scenario: ScenarioInput, policySpec: string, engine: Engine = 'compiled', propertyTwins = true): ModelSource {
  return { module: fileURLToPath(import.meta.url), exportName: 'kernelTarget', args: [scenario, policySpec, engine, propertyTwins] };
}

/**
 * The compiled model when its packed ints are the same in every thread (the packed
 * context: nothing interned), so workers fingerprint and hand over narrow ints;
 * otherwise XState's snapshots with their canonical string encoding.
 */
export function kernelTarget(input: ScenarioInput, policySpec: string, engine: Engine = 'compiled', propertyTwins = true): ModelTarget {
  const scenario: Scenario = 'file' in input ? loadScenarioFile(input.file) : parseScenario(input.doc, input.origin);
  const policy = resolvePolicy(policySpec);
  const built = buildKernelModel(scenario, policy.toggles) as ReturnType<typeof buildKernelModel> & { fairness?: ModelTarget['fairness'] };
  const properties = kernelProperties(scenario, policy);
  const compiled = engine === 'compiled' ? compileKernel(built) : undefined;
  if (compiled?.model.portableInts) {
    return { model: withKernelSymmetry(scenario, built, compiled.model, compiled), properties: compiledKernelProperties(scenario, policy, built.config, compiled, { twins: propertyTwins }) as never, fairness: built.fairness as never };
  }
  return { model: withKernelSymmetry(scenario, built, withTransfer(built)), properties, fairness: built.fairness };
}

/**
 * A kernel state crosses threads as its configuration and context (plain data, no
 * history states, no spawned actors): xstate's resolveState rebuilds the snapshot, so
 * workers can hand frontier states to each other (test/parallel checks the round trip).
 */
export function withTransfer(built: KernelModel): KernelModel['model'] {
  const { machine, model } = built;
  return {
    ...model,
    toTransfer: (s) => ({ value: s.value, context: s.context }),
    fromTransfer: (data) => machine.resolveState(data as Parameters<typeof machine.resolveState>[0]) as typeof model extends { initialStates(): (infer S)[] } ? S : never,
  };
}
