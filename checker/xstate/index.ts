/** The XState v5 front end of the checker. */
export { fromMachine, describeEvent, type FromMachineOptions, type EventSource } from './from-machine.ts';
export {
  defineModel,
  isModelDefinition,
  whyNotModelDefinition,
  MODEL_DEFINITION_BRAND,
  type ModelDefinition,
  type DefineModelConfig,
} from './define-model.ts';
export { encodeSnapshot, encodeStateValue } from './encode-snapshot.ts';
export { canonicalValue } from './canonical-value.ts';
export { viewSnapshot, stateValueToString } from './view-snapshot.ts';
export { UnsupportedMachineError, assertMachineSupported } from './unsupported-features.ts';
export { createReusableActorScope } from './actor-scope.ts';
