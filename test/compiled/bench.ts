/**
 * `node bin/run-ts.js test/compiled/bench.ts`: compiled vs interpreted states/s on the
 * largest built-in kernel scenario (every preset; the largest reported first) and on
 * dining philosophers.
 */
import { benchCompiled } from '../../checker/compiled/bench-compiled.ts';
import { diningPhilosophersEvents, diningPhilosophersModel } from '../../models/examples/dining-philosophers.ts';
import { kernelEvents, processOf } from '../../models/kernel/events.ts';
import { PRESET_NAMES, resolvePolicy } from '../../models/kernel/policy.ts';
import { builtinScenarios } from '../../models/kernel/scenario/index.ts';
import { buildKernelModel } from '../../models/kernel/system.ts';

const line = (name: string, r: Awaited<ReturnType<typeof benchCompiled>>) =>
  `${name.padEnd(44)} ${String(r.interpreted.distinctStates).padStart(8)} states  interpreted ${String(r.interpreted.statesPerSecond).padStart(8)}/s  compiled(check) ${String(r.compiledCheck.statesPerSecond).padStart(8)}/s  compiled(packed) ${String(r.compiledPacked.statesPerSecond).padStart(8)}/s  x${r.speedup.toFixed(1)}`;

// Find the largest kernel scenario x preset by state count (one cheap compiled pass each).
let largest: { name: string; size: number; run: () => ReturnType<typeof benchCompiled> } | undefined;
for (const scenario of builtinScenarios()) {
  for (const preset of PRESET_NAMES) {
    const built = buildKernelModel(scenario, resolvePolicy(preset).toggles);
    const run = () => benchCompiled(built.machine as never, built.model, { events: (s) => kernelEvents(built.config, s), process: (e) => processOf(e) });
    const r = await run();
    if (!largest || r.interpreted.distinctStates > largest.size) largest = { name: `kernel ${scenario.name} ${preset}`, size: r.interpreted.distinctStates, run };
  }
}
for (let round = 0; round < 3; round++) console.log(line(largest!.name, await largest!.run()));
for (const n of [8, 10, 12]) {
  const def = diningPhilosophersModel(n);
  const r = await benchCompiled(def.machine, def.model, { events: diningPhilosophersEvents(n), process: (e) => `p${e.pid}` });
  console.log(line(`dining philosophers n=${n}`, r));
}
