/**
 * checkScenario: one built-in or user scenario under one policy, with every kernel
 * property (or a chosen few), the library call behind `oomcheck check --scenario` and
 * behind each cell of the matrix.
 */
import { check } from '../../checker/check.ts';
import type { CheckOptions } from '../../checker/options.ts';
import type { CheckResult, PropertyResult } from '../../checker/result.ts';
import { type KernelProperty, kernelProperties } from '../../properties/registry.ts';
import type { StepReachability } from '../../properties/reachability.ts';
import { enabledToggles } from './policy.ts';
import type { ResolvedPolicy, Toggle } from './policy-types.ts';
import type { Scenario } from './scenario/types.ts';
import { buildKernelModel } from './system.ts';

export interface ScenarioInfo {
  name: string;
  title: string;
  origin: string;
}

export interface PolicyInfo {
  spec: string;
  preset: string;
  /** The toggles that are on, in TOGGLES order. */
  toggles: Toggle[];
}

export type ScenarioCheckResult = CheckResult & { scenario: ScenarioInfo; policy: PolicyInfo };

export function scenarioInfo(s: Scenario): ScenarioInfo {
  return { name: s.name, title: s.title, origin: s.origin };
}

export function policyInfo(p: ResolvedPolicy): PolicyInfo {
  return { spec: p.spec, preset: p.preset, toggles: enabledToggles(p.toggles) };
}

/**
 * Explore the scenario's whole state graph under the policy and give each property its
 * verdict. `options.properties` narrows by id (an unknown id throws the checker's
 * ConfigurationError). The kernel model decides which states are final (panic, every task
 * finished or parked at hold), so deadlock is the `noDeadlock` property.
 */
export async function checkScenario(scenario: Scenario, policy: ResolvedPolicy, options: CheckOptions = {}): Promise<ScenarioCheckResult> {
  const built = buildKernelModel(scenario, policy.toggles) as ReturnType<typeof buildKernelModel> & { fairness?: CheckOptions['fairness'] };
  const properties = kernelProperties(scenario, policy).map(asStepProbe);
  const opts: CheckOptions = { ...options };
  if (built.fairness && !opts.fairness) opts.fairness = built.fairness;
  const result = await check(built.model as any, properties as any, opts);
  const results = result.results.map((r) => (STEP_PROBES.has(r.property) ? fromStepProbe(r) : r));
  return { ...result, results, scenario: scenarioInfo(scenario), policy: policyInfo(policy) };
}

/**
 * A reachability property whose witness is a step (allocFailureHappens: a failure leaves
 * no mark in the state) is checked as an action property "no step is a witness": its
 * shortest violation is the shortest witness. The verdict is then turned back:
 * violated -> holds with that witness, holds -> violated (no witness), unknown stays.
 */
const STEP_PROBES = new Set<string>();

function asStepProbe(p: KernelProperty): KernelProperty {
  const witnessStep = (p as StepReachability).witnessStep;
  if (p.kind !== 'reachability' || !witnessStep) return p;
  STEP_PROBES.add(p.name);
  return { kind: 'action', name: p.name, meaning: p.meaning, holds: (from, e, to) => !witnessStep(from, e, to) };
}

function fromStepProbe(r: PropertyResult): PropertyResult {
  const base: PropertyResult = { property: r.property, kind: 'reachability', status: r.status };
  if (r.meaning) base.meaning = r.meaning;
  if (r.status === 'violated') return { ...base, status: 'holds', ...(r.trace ? { witness: r.trace } : {}) };
  if (r.status === 'holds' || r.status === 'vacuous') {
    return { ...base, status: 'violated', message: 'no reachable step is a witness: verdicts that depend on it may be vacuous' };
  }
  return { ...base, ...(r.message ? { message: r.message } : {}) };
}
