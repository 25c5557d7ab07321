/**
 * What `report --model`, `replay` and `draw` work on: a model file, or a kernel scenario
 * under a policy, loaded with its properties, its machine (for drawing) and the
 * TraceSource that names it. The kernel's modules are imported only when a scenario is
 * asked for, so that `--help` and `check FILE` do not load them.
 */
import type { AnyStateMachine } from 'xstate';
import type { Model } from '../../checker/model.ts';
import type { Property } from '../../checker/property.ts';
import type { TraceSource } from '../../checker/report/trace-source.ts';
import { loadModelFile } from '../load-model.ts';

export interface LoadedModel {
  model: Model<any, any>;
  properties: readonly Property<any, any>[];
  machine?: AnyStateMachine;
  source: TraceSource;
  fairness?: unknown;
}

export async function loadModel(file: string): Promise<LoadedModel> {
  const def = await loadModelFile(file);
  const loaded: LoadedModel = { model: def.model, properties: def.properties, machine: def.machine, source: { kind: 'model-file', file } };
  if (def.fairness) loaded.fairness = def.fairness;
  return loaded;
}

/**
 * A kernel scenario (built-in name or JSON file) under a policy spec, with the same
 * loaders and exit codes as `check --scenario` (150 for a scenario that does not load,
 * 151 for a bad policy), imported only now.
 */
export async function loadKernel(scenarioName: string, policySpec: string): Promise<LoadedModel> {
  const [{ loadScenarioOption, resolvePolicyOption }, { buildKernelModel }, { kernelProperties }] = await Promise.all([
    import('./check-scenario.ts'),
    import('../../models/kernel/system.ts'),
    import('../../properties/registry.ts'),
  ]);
  const scenario = loadScenarioOption(scenarioName);
  const policy = resolvePolicyOption(policySpec);
  const built = buildKernelModel(scenario, policy.toggles) as ReturnType<typeof buildKernelModel> & { fairness?: unknown };
  const loaded: LoadedModel = {
    model: built.model as unknown as Model<any, any>,
    properties: kernelProperties(scenario, policy) as unknown as Property<any, any>[],
    machine: built.machine as unknown as AnyStateMachine,
    source: { kind: 'kernel', scenario: scenarioName, policy: policy.spec },
  };
  if (built.fairness) loaded.fairness = built.fairness;
  return loaded;
}
