/**
 * `node bin/run-ts.js bench/reference/cli.ts FILE.json [POLICY] [--max N]`: explore one
 * scenario file with the reference explorer and print its counts and rate, with a
 * progress line every 2^22 explored states on stderr.
 */
import { readFileSync } from 'node:fs';
import { resolvePolicy } from '../../models/kernel/policy.ts';
import { parseScenario } from '../../models/kernel/scenario/index.ts';
import { exploreReference } from './explore.ts';

const args = process.argv.slice(2);
const maxAt = args.indexOf('--max');
const maxStates = maxAt >= 0 ? Number(args.splice(maxAt, 2)[1]) : undefined;
const [file, spec = 'v4.0'] = args;
if (!file) {
  console.error('usage: bench/reference/cli.ts FILE.json [POLICY] [--max N]');
  process.exit(150);
}
const scenario = parseScenario(JSON.parse(readFileSync(file, 'utf8')), file);
const run = exploreReference(scenario, resolvePolicy(spec).toggles, {
  maxStates,
  progressEvery: 1 << 22,
  onProgress: (states, _transitions, queued, ms) => console.error(`  ${states.toLocaleString('en')} states, ${queued.toLocaleString('en')} queued, ${(ms / 1000).toFixed(1)} s`),
});
console.log(`${scenario.name} under ${spec}: ${run.distinctStates.toLocaleString('en')} states, ${run.transitions.toLocaleString('en')} transitions, depth ${run.maxDepth}${run.complete ? '' : ' (stopped at --max)'}`);
console.log(`  ${(run.elapsedMs / 1000).toFixed(2)} s, ${run.statesPerSecond.toLocaleString('en')} states/s, visited set ${(run.tableBytes / 2 ** 20).toFixed(0)} MiB`);
