/**
 * `npm run bench`: fixed workloads measured side by side in one run, so that every
 * figure is a ratio of two measurements taken on the same machine at the same time.
 * `npm run bench -- --json` prints one JSON object instead of the tables.
 * `npm run bench -- --only liveness` (or xstate, kernel, workers, properties, successors, core) runs one part.
 *
 * Without --only, each part runs in a process of its own: a part run after others
 * inherited their heap, which slowed what runs on the main thread (the sequential check
 * of the workers part took 81 s there against 47-63 s alone; the compiled engine lost
 * 10-20% against the reference), so the full bench and `--only` gave different figures.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchXStateVsGraph } from './xstate-graph.ts';
import { benchLivenessCost } from './liveness-cost.ts';
import { benchKernelEngines } from './kernel-engines.ts';
import { benchWorkers } from './workers.ts';
import { benchPropertyCost } from './property-cost.ts';
import { benchSuccessorCost } from './successor-cost.ts';
import { benchCheckerCore } from './checker-core.ts';

const json = process.argv.includes('--json');
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
const wants = (part: string) => only === undefined || only === part;

const PARTS = ['workers', 'kernel', 'xstate', 'liveness', 'properties', 'successors', 'core'] as const;
const HEADLINE = ['scenario', 'distinctStates', 'statesPerSecond', 'bytesPerState', 'workerSpeedup'];

if (only !== undefined && !(PARTS as readonly string[]).includes(only)) {
  console.error(`bench: --only takes one of ${PARTS.join(', ')}, not ${JSON.stringify(only)}`);
  process.exit(2);
}
if (only === undefined) {
  const merged: Record<string, unknown> = {};
  for (const part of PARTS) {
    const args = [fileURLToPath(new URL('../bin/run-ts.js', import.meta.url)), fileURLToPath(import.meta.url), '--only', part, ...(json ? ['--json'] : [])];
    const child = spawnSync(process.execPath, args, { stdio: json ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', maxBuffer: 1 << 26 });
    if (child.status !== 0) {
      console.error(`bench: the ${part} part failed (exit ${child.status ?? child.signal})`);
      process.exit(child.status ?? 1);
    }
    if (json) Object.assign(merged, JSON.parse(child.stdout) as Record<string, unknown>);
  }
  if (json) process.stdout.write(`${JSON.stringify(inHeadlineOrder(merged), null, 2)}\n`);
} else {
  await runParts();
}

/** The issue's headline fields first, in the order it names them, then the parts' details. */
function inHeadlineOrder(report: Record<string, unknown>): Record<string, unknown> {
  const first = HEADLINE.filter((k) => k in report).map((k) => [k, report[k]] as const);
  return { ...Object.fromEntries(first), ...Object.fromEntries(Object.entries(report).filter(([k]) => !HEADLINE.includes(k))) };
}

async function runParts(): Promise<void> {
  const report: Record<string, unknown> = {};
  // Issue 7's headline fields first (the large kernel scenario), the details after them.
  const headline: Record<string, unknown> = {};
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
  if (wants('properties')) {
    if (!json) console.log("Where a real check's time goes: exploration, unpacking for the properties, their logic:");
    report.propertyCost = await benchPropertyCost({ print: !json });
  }
  if (wants('successors')) {
    if (!json) console.log('Successor functions alone, on states held in memory: compiled vs the hand-written reference (issue 7):');
    report.successorCost = benchSuccessorCost({ print: !json });
  }
  if (wants('core')) {
    if (!json) console.log("What check() costs beyond the successor function: check() and the reference's bare BFS, both over the hand-written successor function (issue 7):");
    report.checkerCore = await benchCheckerCore({ print: !json });
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
  if (json) process.stdout.write(`${JSON.stringify(inHeadlineOrder({ ...headline, ...report }), null, 2)}\n`);
}
