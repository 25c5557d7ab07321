import { describe, expect, it } from 'vitest';
import { kernelSymmetry } from '../../models/kernel/symmetry.ts';
import { parseScenario } from '../../models/kernel/scenario/index.ts';
import { buildKernelModel } from '../../models/kernel/system.ts';
import { resolvePolicy, PRESET_NAMES } from '../../models/kernel/policy.ts';
import { check } from '../../checker/check.ts';
import { always } from '../../checker/property.ts';
import { checkScenario } from '../../models/kernel/check-scenario.ts';
import { PROPERTY_INFO } from '../../properties/registry.ts';
import { twinsScenario } from '../fixtures/twins-scenario.ts';

const doc = twinsScenario;

describe('kernel symmetry (issue 7)', () => {
  const scenario = parseScenario(doc, 'test:twins');

  it('finds the orbit of interchangeable tasks', () => {
    const sym = kernelSymmetry(scenario)!;
    expect(sym.orbits).toEqual([['A', 'B']]);
    expect(sym.permutations).toBe(2);
    expect(kernelSymmetry(parseScenario({ ...doc, tasks: [doc.tasks[0], doc.tasks[2]] }, 'x'))).toBeUndefined();
  });

  it('gives a state and its mirror image the same encoding, under every preset', async () => {
    // Explore without symmetry; every reachable state's mirror (A and B swapped) must also
    // be reachable (the scenario is symmetric) and encode equally up to symmetry, while
    // states that differ other than by renaming keep different encodings.
    const sym = kernelSymmetry(scenario)!;
    for (const preset of PRESET_NAMES) {
      const { model } = buildKernelModel(scenario, resolvePolicy(preset).toggles);
      const plain = new Set<string>();
      const reduced = new Set<string>();
      await check(model, [always('record', (s: any) => (plain.add(model.encode(s)), reduced.add(sym.encode(s)), true))], { deadlock: false });
      // Each orbit of a state has one or two members: the reduced count lies in [plain/2, plain).
      expect(reduced.size).toBeLessThan(plain.size);
      expect(reduced.size * 2).toBeGreaterThanOrEqual(plain.size);
    }
  });
});

describe('checking with symmetry (issue 7: every verdict the same with and without it)', () => {
  const scenario = parseScenario(doc, 'test:twins');
  const safety = PROPERTY_INFO.filter((p) => p.kind !== 'liveness').map((p) => p.id);

  it('gives the same verdicts and counterexample lengths on fewer states, under every preset and both engines', async () => {
    for (const preset of PRESET_NAMES) {
      const counts: number[] = [];
      for (const engine of ['compiled', 'interpreted'] as const) {
        const policy = resolvePolicy(preset);
        const on = await checkScenario(scenario, policy, { properties: safety, engine });
        counts.push(on.stats.distinctStates);
        const off = await checkScenario(scenario, policy, { properties: safety, engine, symmetry: false });
        const verdicts = (r: typeof on) => r.results.map((x) => [x.property, x.status, x.trace?.steps.length ?? null]);
        expect(verdicts(on), `${preset} ${engine}`).toEqual(verdicts(off));
        expect(on.stats.symmetry).toBe('on: interchangeable tasks {A, B}');
        expect(off.stats.symmetry).toBe('off (--no-symmetry)');
        expect(on.stats.distinctStates).toBeLessThan(off.stats.distinctStates);
      }
      // Both engines canonicalise the same snapshots: the same orbits, so the same count.
      expect(counts[0], preset).toBe(counts[1]);
    }
  }, 60_000);

  it('is turned off, and says why, when liveness is checked', async () => {
    const r = await checkScenario(scenario, resolvePolicy('v4.0'), {});
    expect(r.stats.symmetry).toMatch(/^off: liveness/);
  });
});
