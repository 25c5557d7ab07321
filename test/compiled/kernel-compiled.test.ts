/**
 * The kernel model compiled vs interpreted: every built-in scenario under every preset
 * gives the same distinct-state and transition counts and, for every kernel property
 * (safety, reachability, liveness under the model's fairness), the same verdict and the
 * same shortest counterexample or witness, index path for index path.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { compileMachine } from '../../checker/compiled/index.ts';
import { onPacked } from '../../checker/compiled/packed-properties.ts';
import { kernelEvents, processOf } from '../../models/kernel/events.ts';
import { PRESET_NAMES, resolvePolicy } from '../../models/kernel/policy.ts';
import { builtinScenarios } from '../../models/kernel/scenario/index.ts';
import { buildKernelModel } from '../../models/kernel/system.ts';
import { kernelProperties } from '../../properties/registry.ts';
import { summary } from './compare-compiled.ts';

export function compileKernel(built: ReturnType<typeof buildKernelModel>) {
  const compiled = compileMachine(built.machine as never, {
    events: (s) => kernelEvents(built.config, s),
    process: (e) => processOf(e),
    interpreted: built.model as never,
  });
  if ('unsupported' in compiled) throw new Error(compiled.unsupported);
  return compiled;
}

describe('kernel model: compiled vs interpreted', () => {
  for (const scenario of builtinScenarios()) {
    it(`${scenario.name} under every preset`, async () => {
      for (const preset of PRESET_NAMES) {
        const policy = resolvePolicy(preset);
        const built = buildKernelModel(scenario, policy.toggles);
        const properties = kernelProperties(scenario, policy) as never[];
        const compiled = compileKernel(built);
        const fairness = (built as { fairness?: never }).fairness;
        const a = await check(compiled.model, properties.map((p) => onPacked(p, compiled.unpack)), fairness ? { fairness } : {});
        const b = await check(built.model as never, properties, fairness ? { fairness } : {});
        expect(a.stats.complete).toBe(true);
        expect(summary(a), `${scenario.name} ${preset}`).toEqual(summary(b));
        // The traces themselves (kernel views and step descriptions) render the same.
        const traces = (r: typeof a) => r.results.map((x) => JSON.stringify(x.trace ?? x.witness ?? null));
        expect(traces(a)).toEqual(traces(b));
        expect(compiled.stats.fallbackSteps).toBe(0);
      }
    }, 30_000);
  }
});
