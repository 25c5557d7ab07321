/**
 * `oomcheck check --scenario NAME|FILE --policy POLICY [--property ID,...] [--format text|json]`:
 * load and validate the scenario, resolve the policy, check every kernel property (or the
 * chosen ones), print the report with the check command's renderers, and exit with the same
 * verdict codes. The JSON report also carries `scenario` (name, title, origin) and `policy`
 * (spec, preset, the toggles that are on).
 *
 * Errors: a scenario that does not load is bad input (150) with the ScenarioError's one
 * line; a bad policy or an unknown property id is bad configuration (151).
 */
import { toJsonReport } from '../../checker/report/json.ts';
import { renderText } from '../../checker/report/text.ts';
import { checkScenario as checkKernelScenario, type ScenarioCheckResult } from '../../models/kernel/check-scenario.ts';
import { PolicyError, resolvePolicy } from '../../models/kernel/policy.ts';
import type { ResolvedPolicy } from '../../models/kernel/policy-types.ts';
import { findScenario } from '../../models/kernel/scenario/builtin.ts';
import { isScenarioError } from '../../models/kernel/scenario/scenario-error.ts';
import type { Scenario } from '../../models/kernel/scenario/types.ts';
import { PROPERTY_IDS } from '../../properties/registry.ts';
import { DEPENDENTS } from '../../properties/reachability.ts';
import { CliError } from '../cli-error.ts';
import type { CommandContext } from '../context.ts';
import { ExitCode } from '../exit-codes.ts';
import { formatMessage, message } from '../messages.ts';
import { exitCodeFor } from '../verdict.ts';
import { type CheckCommandOptions, checkOptions, runWithProgressAndInterrupts } from './check.ts';

export async function checkScenario(options: CheckCommandOptions, ctx: CommandContext): Promise<ExitCode> {
  const scenario = loadScenarioOption(options.scenario ?? '');
  const policy = resolvePolicyOption(options.policy ?? 'v4.0');
  const properties = validatePropertyIds(options.property);

  const base = checkOptions(options);
  if (properties) base.properties = properties;
  const result = await runWithProgressAndInterrupts(ctx, options, (runOptions) => checkKernelScenario(scenario, policy, { ...base, ...runOptions }));

  ctx.io.out(renderScenarioResult(result, options.format));
  if (!options.quiet) for (const w of witnessWarnings(result)) ctx.io.err(w + '\n');
  if (!result.stats.complete && result.stats.stoppedBy !== 'stop-on-first' && !options.quiet) {
    ctx.io.err(formatMessage(message('incompleteVerdicts', { reason: result.stats.stoppedBy ?? 'a bound' })) + '\n');
  }
  return exitCodeFor(result);
}

/** A built-in name or a JSON file; a scenario that does not load is exit 150 with its one line. */
export function loadScenarioOption(nameOrPath: string): Scenario {
  try {
    return findScenario(nameOrPath);
  } catch (e) {
    if (isScenarioError(e)) throw new CliError(ExitCode.BadInput, message('badConfiguration', { reason: e.message.split('\n')[0] }), e);
    throw e;
  }
}

/** A preset with +toggle/-toggle; a bad one is exit 151. */
export function resolvePolicyOption(spec: string): ResolvedPolicy {
  try {
    return resolvePolicy(spec);
  } catch (e) {
    if (e instanceof PolicyError) throw new CliError(ExitCode.BadConfig, message('badConfiguration', { reason: e.message }), e);
    throw e;
  }
}

/** `--property a,b`: every id must be a kernel property id (exit 151 otherwise). */
export function validatePropertyIds(ids: readonly string[] | undefined): string[] | undefined {
  if (!ids || ids.length === 0) return undefined;
  const unknown = ids.filter((id) => !PROPERTY_IDS.includes(id));
  if (unknown.length > 0) {
    const reason = `unknown property ${unknown.map((u) => `"${u}"`).join(', ')}; known: ${PROPERTY_IDS.join(', ')}`;
    throw new CliError(ExitCode.BadConfig, message('badConfiguration', { reason }));
  }
  return [...ids];
}

export function renderScenarioResult(result: ScenarioCheckResult, format: string): string {
  if (format === 'json') {
    const { scenario, policy } = result;
    return JSON.stringify({ scenario, policy, ...toJsonReport(result) }, null, 2) + '\n';
  }
  const head = [`scenario ${result.scenario.name}: ${result.scenario.title} (${result.scenario.origin})`, `policy ${result.policy.spec}: ${result.policy.toggles.length > 0 ? result.policy.toggles.join(', ') : 'no toggles (v4.0 behaviour)'}`, ''];
  return head.join('\n') + renderText(result);
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
    out.push(`oomcheck: warning: ${r.property} has no witness in ${result.scenario.name} under ${result.policy.spec}: ${which} may be vacuous`);
  }
  return out;
}
