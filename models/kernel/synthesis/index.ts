/** Synthesis (issue 6) in one import: the generator, the size measure, the search, the kernel binding, the reports. */
export { DEFAULT_BOUNDS, buildScenarioDoc, rawScenarioArb, scenarioDocArb } from './arbitrary.ts';
export type { OpDoc, RawScenario, ScenarioBounds, ScenarioDoc, TaskDoc } from './arbitrary.ts';
export { atMostAsLarge, compareSize, dominatedBy, formatSize, scenarioSize, smallest } from './size.ts';
export type { ScenarioSize } from './size.ts';
export { SYNTHESIS_DEFAULTS, SynthesisCandidateError, SynthesisReplayError, propertyResult, synthesize } from './search.ts';
export type { CandidateChecker, CandidateCheckOptions, Coverage, SynthesisFound, SynthesisNotFound, SynthesisOptions, SynthesisProgress, SynthesisResult } from './search.ts';
export { kernelCandidateChecker } from './kernel-checker.ts';
export { describeFound, renderSynthesisJson, renderSynthesisText, scenarioFileText, toSynthesisJson } from './report.ts';
