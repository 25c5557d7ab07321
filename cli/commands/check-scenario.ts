/**
 * `oomcheck check --scenario NAME|FILE --policy POLICY [--property ID,...] [--format F]
 * [--expect FILE] [--junit FILE]`: load and validate the scenario, resolve the policy, check
 * every kernel property (or the chosen ones), and finish like the generic check: the same
 * formats (text, json, itf, mermaid, dot), expectations, JUnit and exit codes.
 *
 * The JSON and ITF reports carry `source: { kind: 'kernel', scenario, policy }`, so that
 * `oomcheck replay saved.json` rebuilds this model by itself; the JSON report also carries
 * `scenario` (name, title, origin) and `policy` (spec, preset, the toggles that are on).
 *
 * This module imports the kernel statically: check.ts and matrix.ts import it lazily, so
 * that `oomcheck --help` and `check FILE` never load the kernel or Ajv.
 *
 * Errors: a scenario that does not load is bad input (150) with the loader's one line
 * (file, JSON path, what was expected); a bad policy or an unknown property id is bad
 * configuration (151).
 */
import type { FormatContext, FormatName } from '../../checker/report/formats.ts';
import { renderText } from '../../checker/report/text.ts';
import type { TraceSource } from '../../checker/report/trace-source.ts';
import { checkScenario as checkKernelScenario, compileKernel, policyInfo, scenarioInfo, type ScenarioCheckOptions, type ScenarioCheckResult } from '../../models/kernel/check-scenario.ts';
import type { Model } from '../../checker/model.ts';
import type { Property } from '../../checker/property.ts';
import { PolicyError, resolvePolicy } from '../../models/kernel/policy.ts';
import type { ResolvedPolicy } from '../../models/kernel/policy-types.ts';
import { BUILTIN_SCENARIO_NAMES, builtinScenarioPath, findScenario } from '../../models/kernel/scenario/builtin.ts';
import { kernelWorkerSource } from '../../models/kernel/worker-source.ts';
import { compiledKernelProperties } from '../../properties/packed/index.ts';
import { kernelProperties } from '../../properties/registry.ts';
import { resolve } from 'node:path';
import { isScenarioError } from '../../models/kernel/scenario/scenario-error.ts';
import type { Scenario } from '../../models/kernel/scenario/types.ts';
import { buildKernelModel } from '../../models/kernel/system.ts';
import { PROPERTY_IDS } from '../../properties/registry.ts';
import { DEPENDENTS } from '../../properties/reachability.ts';
import { CliError } from '../cli-error.ts';
import type { CommandContext } from '../context.ts';
import { ExitCode } from '../exit-codes.ts';
import { formatMessage, message } from '../messages.ts';
import { exitCodeFor } from '../verdict.ts';
import { type CheckCommandOptions, checkOptions, isSimulation, workerCount, runWithProgressAndInterrupts, simulationJson, simulationRunOptions, textHeader, warnIfUnsettled } from './check.ts';
import { runSimulation, simulationPlan } from '../simulation.ts';
import { finishReport, rowsFor } from './report-options.ts';

export async function checkScenario(options: CheckCommandOptions, ctx: CommandContext): Promise<ExitCode> {
  const scenarioArg = options.scenario ?? '';
  const scenario = loadScenarioOption(scenarioArg);
  const policy = resolvePolicyOption(options.policy ?? 'v4.0');
  const properties = validatePropertyIds(options.property);
  const format = (options.format ?? 'text') as FormatName;

  if (isSimulation(options)) {
    const plan = simulationPlan(options);
    const { model, properties: all } = simulationTarget(scenario, policy, options.engine ?? 'compiled');
    const result = await runWithProgressAndInterrupts(ctx, options, (runOptions) =>
      runSimulation(model, all, plan, { ...simulationRunOptions(options, runOptions, ctx), ...(properties ? { properties } : {}) }),
    );
    const scenarioResult = { ...result, scenario: scenarioInfo(scenario), policy: policyInfo(policy) };
    const context = scenarioFormatContext(scenarioResult, scenarioArg, scenario, policy, format);
    context.jsonExtra = { ...context.jsonExtra, ...simulationJson(result, plan) };
    const header = format === 'text' ? scenarioHeader(scenarioResult) + (textHeader(options, result, plan) ?? '') : undefined;
    const expected = await finishReport({ result, rows: rowsFor(result, scenario.name, policy.spec), context, header }, { ...options, format }, ctx.io);
    if (!options.quiet) for (const w of witnessWarnings(scenarioResult)) ctx.io.err(w + '\n');
    warnIfUnsettled(result, options, ctx);
    return expected ?? exitCodeFor(result);
  }

  const base: ScenarioCheckOptions = checkOptions(options);
  if (properties) base.properties = properties;
  if (options.engine) base.engine = options.engine;
  if (options.workers !== undefined) {
    base.workers = workerCount(options.workers, options, ctx);
    base.modelSource = kernelWorkerSource(scenarioInput(scenarioArg), policy.spec, options.engine ?? 'compiled');
  }
  const result = await runWithProgressAndInterrupts(ctx, options, (runOptions) => checkKernelScenario(scenario, policy, { ...base, ...runOptions }));

  const expected = await finishReport(
    {
      result,
      rows: rowsFor(result, scenario.name, policy.spec),
      context: scenarioFormatContext(result, scenarioArg, scenario, policy, format),
      header: format === 'text' ? scenarioHeader(result) : undefined,
    },
    { ...options, format },
    ctx.io,
  );
  if (!options.quiet) for (const w of witnessWarnings(result)) ctx.io.err(w + '\n');
  warnIfUnsettled(result, options, ctx);
  return expected ?? exitCodeFor(result);
}

/** Where worker threads load the scenario from: its file (a built-in's lives in models/kernel/scenarios). */
export function scenarioInput(scenarioArg: string): { file: string } {
  return (BUILTIN_SCENARIO_NAMES as readonly string[]).includes(scenarioArg) ? { file: builtinScenarioPath(scenarioArg) } : { file: resolve(scenarioArg) };
}

/**
 * The model random walks step through: compiled over packed states unless the engine is
 * interpreted or the compiler refuses the machine, as checkScenario does. Symmetry plays
 * no part (walks store no graph).
 */
export function simulationTarget(scenario: Scenario, policy: ResolvedPolicy, engine: 'compiled' | 'interpreted') {
  const built = buildKernelModel(scenario, policy.toggles);
  const properties = kernelProperties(scenario, policy);
  const compiled = engine === 'compiled' ? compileKernel(built) : undefined;
  if (compiled) return { model: compiled.model as Model<any, any>, properties: compiledKernelProperties(scenario, policy, built.config, compiled) as Property<any, any>[] };
  return { model: built.model as unknown as Model<any, any>, properties: properties as unknown as Property<any, any>[] };
}

/**
 * What the formats need: the source (as typed on the command line, so that a scenario
 * file is found again by replay), the scenario and policy for the JSON report, and the
 * model for `dot`, which explores a counterexample's neighbourhood (built only then).
 */
export function scenarioFormatContext(result: ScenarioCheckResult, scenarioArg: string, scenario: Scenario, policy: ResolvedPolicy, format: FormatName): FormatContext {
  const source: TraceSource = { kind: 'kernel', scenario: scenarioArg || scenario.name, policy: policy.spec };
  const context: FormatContext = { source, jsonExtra: { scenario: result.scenario, policy: result.policy } };
  if (format === 'dot') context.model = buildKernelModel(scenario, policy.toggles).model as FormatContext['model'];
  return context;
}

/** Two lines above the text report: which scenario, which policy. */
export function scenarioHeader(result: ScenarioCheckResult): string {
  const toggles = result.policy.toggles.length > 0 ? result.policy.toggles.join(', ') : 'no toggles (v4.0 behaviour)';
  return [`scenario ${result.scenario.name}: ${result.scenario.title} (${result.scenario.origin})`, `policy ${result.policy.spec}: ${toggles}`, ''].join('\n') + '\n';
}

/** A built-in name or a JSON file; a scenario that does not load is exit 150 with its one line. */
export function loadScenarioOption(nameOrPath: string): Scenario {
  try {
    return findScenario(nameOrPath);
  } catch (e) {
    if (isScenarioError(e)) throw new CliError(ExitCode.BadInput, message('scenarioInvalid', { reason: e.message.split('\n')[0] }), e);
    throw e;
  }
}

/** A preset with +toggle/-toggle; a bad one is exit 151. */
export function resolvePolicyOption(spec: string): ResolvedPolicy {
  try {
    return resolvePolicy(spec);
  } catch (e) {
    if (e instanceof PolicyError) throw new CliError(ExitCode.BadConfig, message('policyInvalid', { reason: e.message }), e);
    throw e;
  }
}

/** `--property a,b`: every id must be a kernel property id (exit 151 otherwise). */
export function validatePropertyIds(ids: readonly string[] | undefined): string[] | undefined {
  if (!ids || ids.length === 0) return undefined;
  const unknown = ids.filter((id) => !PROPERTY_IDS.includes(id));
  if (unknown.length > 0) {
    throw new CliError(ExitCode.BadConfig, message('unknownProperty', { names: unknown.map((u) => `"${u}"`).join(', '), known: PROPERTY_IDS.join(', ') }));
  }
  return [...ids];
}

/** The text report with its scenario and policy header (what `check --scenario` prints by default). */
export function renderScenarioResult(result: ScenarioCheckResult): string {
  return scenarioHeader(result) + renderText(result);
}

/**
 * A reachability property without a witness makes the verdicts that depend on it
 * possibly vacuous (MODEL.md 5: "a witness must exist, so that no other verdict is
 * vacuous"): one warning line each, naming them.
 */
export function witnessWarnings(result: ScenarioCheckResult): string[] {
  const out: string[] = [];
  for (const r of result.results) {
    if (r.kind !== 'reachability' || r.status !== 'violated') continue;
    const dependents = (DEPENDENTS[r.property] ?? []).filter((d) => result.results.some((x) => x.property === d));
    const which = dependents.length > 0 ? dependents.join(', ') : 'the verdicts that depend on it';
    out.push(formatMessage(message('noWitness', { property: r.property, scenario: result.scenario.name, policy: result.policy.spec, dependents: which })));
  }
  return out;
}
