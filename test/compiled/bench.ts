/**
 * `node bin/run-ts.js test/compiled/bench.ts [--max-states N]`: compiled vs interpreted
 * states/s, measured side by side in one run, on
 * - the largest built-in kernel scenario (kill-stolen-by-concurrent-alloc, v4.7, 3,437 states);
 * - a larger kernel scenario (the same with a third allocating task C: 321,599 states under
 *   v4.7), explored to the same BFS bound by every runner (default 60,000 states);
 * - dining philosophers n = 8, 10, 12.
 * Columns: interpreted = check() on fromMachine (xstate's transition); compiled(check) =
 * check() on the compiled model (int fingerprints via encodeInts); compiled(packed) =
 * explorePacked (bare BFS, no property machinery).
 */
import { benchCompiled } from '../../checker/compiled/bench-compiled.ts';
import { diningPhilosophersEvents, diningPhilosophersModel } from '../../models/examples/dining-philosophers.ts';
import { kernelEvents, processOf } from '../../models/kernel/events.ts';
import { resolvePolicy } from '../../models/kernel/policy.ts';
import { findScenario, parseScenario, type Scenario } from '../../models/kernel/scenario/index.ts';
import { buildKernelModel } from '../../models/kernel/system.ts';

const at = process.argv.indexOf('--max-states');
const bound = at >= 0 ? Number(process.argv[at + 1]) : 60_000;

type Result = Awaited<ReturnType<typeof benchCompiled>>;
const line = (name: string, r: Result) =>
  `${name.padEnd(46)} ${String(r.interpreted.distinctStates).padStart(7)} states  interpreted ${String(r.interpreted.statesPerSecond).padStart(7)}/s  compiled(check) ${String(r.compiledCheck.statesPerSecond).padStart(7)}/s  compiled(packed) ${String(r.compiledPacked.statesPerSecond).padStart(7)}/s  x${r.speedup.toFixed(1)}`;

function kernel(scenario: Scenario, preset: string, maxStates?: number) {
  const built = buildKernelModel(scenario, resolvePolicy(preset).toggles);
  return benchCompiled(built.machine as never, built.model, { events: (s) => kernelEvents(built.config, s), process: (e) => processOf(e) }, { maxStates });
}

const alloc = { op: 'alloc', order: 0, gfp: 'GFP_KERNEL' };
const larger = parseScenario(
  {
    name: 'kill-stolen-three-allocators',
    title: 'kill-stolen-by-concurrent-alloc with a third allocating task',
    source: 'bench',
    lesson: 'bench',
    zone: { managed: 3, watermarks: { oom: 1, min: 2, low: 2, high: 3 } },
    tasks: [
      { name: 'A', rss: 0, program: [alloc] },
      { name: 'V', rss: 2, program: [{ op: 'hold' }] },
      { name: 'B', rss: 0, program: [alloc] },
      { name: 'C', rss: 0, program: [alloc] },
    ],
  },
  'bench',
);

const builtin = findScenario('kill-stolen-by-concurrent-alloc')!;
for (let round = 0; round < 2; round++) console.log(line('kernel kill-stolen-by-concurrent-alloc v4.7', await kernel(builtin, 'v4.7')));
console.log(line(`kernel three allocators v4.7 (first ${bound})`, await kernel(larger, 'v4.7', bound)));
for (const n of [8, 10, 12]) {
  const def = diningPhilosophersModel(n);
  console.log(line(`dining philosophers n=${n}`, await benchCompiled(def.machine, def.model, { events: diningPhilosophersEvents(n), process: (e) => `p${e.pid}` })));
}
