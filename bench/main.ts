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
if (wants('xstate')) {
  if (!json) console.log('Checker vs xstate/graph (issue 2):');
  report.xstateVsGraph = (await benchXStateVsGraph({ print: !json })).rows;
}
if (wants('liveness')) {
  if (!json) console.log('Liveness cost: all properties vs safety-only on the same kernel scenario (issue 4):');
  report.livenessCost = await benchLivenessCost({ print: !json });
}
if (wants('kernel')) {
  if (!json) console.log('Kernel engines: compiled vs interpreted vs xstate/graph on one scenario (issue 7):');
  report.kernel = await benchKernelEngines({ print: !json });
}
if (wants('workers')) {
  if (!json) console.log('Workers: the same kernel check sequentially and with 2 workers (issue 7):');
  const w = await benchWorkers({ print: !json });
  report.workerSpeedup = w.speedup;
  report.workers = w;
}
if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
