/**
 * The kernel model compiled vs interpreted: every built-in scenario under every preset
 * gives the same distinct-state and transition counts and, for every kernel property
 * (safety, reachability, liveness under the model's fairness), the same verdict and the
 * same shortest counterexample or witness, index path for index path.
 *
 * The compiled model is the engine's default: the context as ints stepped by the kernel's
 * packed twins (models/kernel/packed), states stored narrow. The object-context compiled
 * path is compared too, as the machines without twins take it.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { compileMachine } from '../../checker/compiled/index.ts';
import { compileKernel as compilePackedKernel } from '../../models/kernel/check-scenario.ts';
import { onPacked } from '../../checker/compiled/packed-properties.ts';
import { kernelEvents, processOf } from '../../models/kernel/events.ts';
import { PRESET_NAMES, resolvePolicy } from '../../models/kernel/policy.ts';
import { builtinScenarios } from '../../models/kernel/scenario/index.ts';
import { buildKernelModel } from '../../models/kernel/system.ts';
import { kernelProperties } from '../../properties/registry.ts';
import { summary } from './compare-compiled.ts';

/** The object-context compiled machine (no packed twins). */
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
        const fairness = (built as { fairness?: never }).fairness;
        const b = await check(built.model as never, properties, fairness ? { fairness } : {});
        // The traces themselves (kernel views and step descriptions) render the same.
        const traces = (r: typeof b) => r.results.map((x) => JSON.stringify(x.trace ?? x.witness ?? null));
        for (const compiled of [compilePackedKernel(built)!, compileKernel(built)]) {
          const a = await check(compiled.model, properties.map((p) => onPacked(p, compiled.unpack)), fairness ? { fairness } : {});
          const mode = `${scenario.name} ${preset} ${compiled.stats.packedContext ? 'packed' : 'objects'}`;
          expect(a.stats.complete).toBe(true);
          expect(summary(a), mode).toEqual(summary(b));
          expect(traces(a), mode).toEqual(traces(b));
          expect(compiled.stats.fallbackSteps).toBe(0);
        }
        expect(compilePackedKernel(built)!.stats.packedContext).toBe(true);
      }
    }, 30_000);
  }
});
