/**
 * checkScenario: one built-in or user scenario under one policy, with every kernel
 * property (or a chosen few), the library call behind `oomcheck check --scenario` and
 * behind each cell of the matrix.
 */
import { check } from '../../checker/check.ts';
import type { CheckOptions } from '../../checker/options.ts';
import type { CheckResult } from '../../checker/result.ts';
import { kernelProperties } from '../../properties/registry.ts';
import { enabledToggles } from './policy.ts';
import type { ResolvedPolicy, Toggle } from './policy-types.ts';
import type { Scenario } from './scenario/types.ts';
import { buildKernelModel } from './system.ts';
import { kernelEvents, processOf } from './events.ts';
import { kernelSymmetry, type KernelSymmetry } from './symmetry.ts';
import { packedKernelSymmetry } from './packed/symmetry.ts';
import { kernelIntLayout } from './packed/layout.ts';
import { taskId } from './machine-parts.ts';
import { encodePacked } from '../../checker/compiled/packed-fingerprint.ts';
import { compileMachine } from '../../checker/compiled/index.ts';
import { compiledKernelProperties } from '../../properties/packed/index.ts';
import { kernelPackedContext } from './packed/index.ts';

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

/** How the kernel machine is stepped: XState's own transition, or the compiled packed path. */
export type Engine = 'compiled' | 'interpreted';

export interface ScenarioCheckOptions extends CheckOptions {
  /**
   * Default 'compiled': the same machine, stepped by checker/compiled over packed states
   * (identical state counts, verdicts and traces: test/compiled/kernel-compiled.test.ts),
   * 3-7x faster. A machine the compiler cannot take falls back to 'interpreted'.
   */
  engine?: Engine;
  /**
   * Default true: on the compiled engine, the properties are evaluated during the search
   * by their twins over the states' ints (properties/packed), which give the same
   * results without unpacking each state into a snapshot. False evaluates the snapshot
   * properties throughout (slower; what the twins are tested against).
   */
  propertyTwins?: boolean;
}

/**
 * Explore the scenario's whole state graph under the policy and give each property its
 * verdict. `options.properties` narrows by id (an unknown id throws the checker's
 * ConfigurationError). The kernel model decides which states are final (panic, every task
 * finished or parked at hold), so deadlock is the `noDeadlock` property.
 */
export async function checkScenario(scenario: Scenario, policy: ResolvedPolicy, options: ScenarioCheckOptions = {}): Promise<ScenarioCheckResult> {
  const { engine = 'compiled', propertyTwins = true, ...checkOptions } = options;
  const built = buildKernelModel(scenario, policy.toggles) as ReturnType<typeof buildKernelModel> & { fairness?: CheckOptions['fairness'] };
  const properties = kernelProperties(scenario, policy);
  const opts: CheckOptions = { ...checkOptions };
  if (built.fairness && !opts.fairness) opts.fairness = built.fairness;
  // With workers, each thread builds the model from options.modelSource (worker-source.ts),
  // with the same engine: the packed kernel's narrow ints mean the same in every thread.
  const compiled = engine === 'compiled' ? compileKernel(built) : undefined;
  if (compiled && (options.workers ?? 1) > 1 && !compiled.model.portableInts) throw new Error('internal: a compiled kernel model whose ints differ between threads cannot run with workers');
  const result = compiled
    ? await check(withKernelSymmetry(scenario, built, compiled.model, compiled), compiledKernelProperties(scenario, policy, built.config, compiled, { twins: propertyTwins }) as never[], opts)
    : await check(withKernelSymmetry(scenario, built, built.model as any) as any, properties as any, opts);
  return { ...result, scenario: scenarioInfo(scenario), policy: policyInfo(policy) };
}

/**
 * `model` (the compiled one, or XState's snapshots when `compiled` is undefined) with the
 * scenario's symmetry declared when it has interchangeable tasks. checkScenario and each
 * worker thread (worker-source.ts) build it here, so both reduce by the same encoding.
 */
export function withKernelSymmetry<M extends object>(scenario: Scenario, built: ReturnType<typeof buildKernelModel>, model: M, compiled?: NonNullable<ReturnType<typeof compileKernel>>): M {
  const symmetry = kernelSymmetry(scenario);
  if (!symmetry) return model;
  const describe = `interchangeable tasks ${symmetry.orbits.map((o) => `{${o.join(', ')}}`).join(' ')}`;
  return { ...model, symmetry: compiled ? compiledSymmetry(built, compiled, symmetry, describe) : { encode: (s: any) => symmetry.encode(s), describe } };
}

/**
 * Symmetry on compiled states: on narrow ints when the states are narrow (packed/symmetry.ts),
 * else through the unpacked snapshot (symmetry.ts).
 */
function compiledSymmetry(built: ReturnType<typeof buildKernelModel>, compiled: NonNullable<ReturnType<typeof compileKernel>>, symmetry: KernelSymmetry, describe: string) {
  const plan = compiled.narrowing;
  if (!plan) return { encode: (s: Int32Array) => symmetry.encode(compiled.unpack(s) as never), describe };
  const regions = compiled.layout.regions;
  const canonical = packedKernelSymmetry({
    k: built.config,
    lay: kernelIntLayout(built.config),
    orbits: symmetry.orbits,
    plan,
    at: compiled.layout.contextBase,
    regionSlotOf: (task) => regions.findIndex((r) => r.owner.id === taskId(task)),
  });
  return { encode: (s: Int32Array) => encodePacked(canonical(s)), encodeInts: canonical, describe };
}

/** The kernel machine compiled to packed states, or undefined when the compiler refuses it. */
export function compileKernel(built: ReturnType<typeof buildKernelModel>) {
  const compiled = compileMachine(built.machine as never, {
    events: (s) => kernelEvents(built.config, s as never),
    process: (e) => processOf(e as never),
    interpreted: built.model as never,
    // The context as ints, stepped by the twins of the kernel's guards and actions
    // (models/kernel/packed, tested against the object model), stored narrow.
    packedContext: kernelPackedContext(built.config) as never,
  });
  return 'unsupported' in compiled ? undefined : compiled;
}
