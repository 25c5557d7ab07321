/** The scenario API in one import: loading, built-ins, and the error the CLI maps to exit 150. */
export { parseScenario, parseScenarioText, loadScenarioFile } from './load.ts';
export {
  BUILTIN_SCENARIO_NAMES,
  builtinScenarios,
  findScenario,
  formatScenarioList,
} from './builtin.ts';
export { ScenarioError, formatScenarioError, isScenarioError } from './scenario-error.ts';
export { defaultOomMark, DEFAULT_MAX_NO_PROGRESS } from './defaults.ts';
export type * from './types.ts';
