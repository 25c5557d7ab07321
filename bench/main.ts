/**
 * `npm run bench`: fixed workloads measured side by side in one run, so that every
 * figure is a ratio of two measurements taken on the same machine at the same time.
 * `npm run bench -- --json` prints one JSON object instead of the table.
 */
import { benchXStateVsGraph } from './xstate-graph.ts';

const json = process.argv.includes('--json');
const xstate = await benchXStateVsGraph({ print: !json });
if (json) process.stdout.write(`${JSON.stringify({ xstateVsGraph: xstate.rows }, null, 2)}\n`);
