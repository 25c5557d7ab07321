/**
 * The kernel model's library API (`import { checkScenario } from 'oomcheck/kernel'`):
 * load a scenario, resolve a policy, check it, or run the whole matrix.
 */
export * from './scenario/index.ts';
export { resolvePolicy, PolicyError, PRESETS, PRESET_NAMES, TOGGLE_INFO, formatPolicyList } from './policy.ts';
export type { Toggle, Policy, ResolvedPolicy } from './policy-types.ts';
export { buildKernelModel } from './system.ts';
export { checkScenario, type ScenarioCheckResult } from './check-scenario.ts';
export { runMatrix, readMatrix, chooseHighlights, type MatrixResult, type MatrixCell, type MatrixOptions } from './matrix.ts';
export { kernelProperties, PROPERTY_INFO, PROPERTY_IDS, formatPropertyList } from '../../properties/registry.ts';
export type * from './state.ts';
