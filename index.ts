/**
 * oomcheck's library API: `import { check, defineModel, always } from 'oomcheck'`.
 * The kernel model has its own entry, 'oomcheck/kernel', so that checking a plain
 * XState machine does not load it.
 */
export type { Model, FairnessSpec } from './checker/model.ts';
export * from './checker/property.ts';
export * from './checker/result.ts';
export type { CheckOptions, Progress, Strategy } from './checker/options.ts';
export type { Coverage, ActionCoverage, FieldCoverage } from './checker/coverage.ts';
export { check } from './checker/xstate/check-definition.ts';
export { simulate, type SimulationOptions, type SimulationInfo } from './checker/strategy/simulate.ts';
export { replay, toTrace } from './checker/trace.ts';
export {
  defineModel,
  fromMachine,
  isModelDefinition,
  type ModelDefinition,
  type DefineModelConfig,
  type FromMachineOptions,
  type EventSource,
} from './checker/xstate/index.ts';
export { renderText } from './checker/report/text.ts';
export { renderJson } from './checker/report/json.ts';
