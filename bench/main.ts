/**
 * `npm run bench`: fixed workloads measured side by side in one run, so that every
 * figure is a ratio of two measurements taken on the same machine at the same time.
 * `npm run bench -- --json` prints one JSON object instead of the tables.
 * `npm run bench -- --only liveness` (or xstate, kernel, workers) runs one part.
 */
import { benchXStateVsGraph } from './xstate-graph.ts';
import { benchLivenessCost } from './liveness-cost.ts';
import { benchKernelEngines } from './kernel-engines.ts';
import { benchWorkers } from './workers.ts';

const json = process.argv.includes('--json');
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
const wants = (part: string) => only === undefined || only === part;

const report: Record<string, unknown> = {};
// Issue 7's headline fields first (the large kernel scenario), the details after them.
const headline: Record<string, unknown> = {};
// Workers first, in a fresh process: its sequential run is on the main thread, which the
// other parts leave with a larger heap (it ran 81 s after them against 47-63 s alone),
// while the workers' heaps start fresh.
if (wants('workers')) {
  if (!json) console.log('Workers: the same kernel check sequentially and with 2 workers (issue 7):');
  const w = await benchWorkers({ print: !json });
  headline.workerSpeedup = w.speedup;
  report.workers = w;
}
if (wants('xstate')) {
  if (!json) console.log('Checker vs xstate/graph (issue 2):');
  report.xstateVsGraph = (await benchXStateVsGraph({ print: !json })).rows;
}
if (wants('liveness')) {
  if (!json) console.log('Liveness cost: all properties vs safety-only on the same kernel scenario (issue 4):');
  report.livenessCost = await benchLivenessCost({ print: !json });
}
if (wants('kernel')) {
  if (!json) console.log('Kernel engines: compiled vs the hand-written packed reference vs interpreted vs xstate/graph, side by side (issue 7):');
  const kernel = await benchKernelEngines({ print: !json });
  Object.assign(headline, {
    scenario: kernel.large.scenario,
    distinctStates: kernel.large.distinctStates,
    statesPerSecond: kernel.large.statesPerSecond,
    bytesPerState: kernel.large.bytesPerState,
  });
  report.kernel = kernel;
}
// The headline in the order the issue names its fields, whichever part ran first.
const ordered = Object.fromEntries(
  ['scenario', 'distinctStates', 'statesPerSecond', 'bytesPerState', 'workerSpeedup'].filter((k) => k in headline).map((k) => [k, headline[k]]),
);
if (json) process.stdout.write(`${JSON.stringify({ ...ordered, ...report }, null, 2)}\n`);
