/**
 * The long differential run, on demand: `npm run fuzz [-- --runs N --seed S]`.
 * Same comparison as random-machines.test.ts on 10,000 machines by default; every 15th
 * machine is also checked with the handled-event filter off, which must change nothing.
 * Exits 1 with fast-check's replayable counterexample on the first disagreement.
 */
import fc from 'fast-check';
import { arbitraryMachineSpec } from './arbitrary-machine.ts';
import { disagreements } from './compare-with-reference.ts';

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const runs = argument('runs', 10_000);
const seed = argument('seed', Date.now() % 2 ** 31);
const started = Date.now();
let done = 0;

console.log(`differential: ${runs} random machines, seed ${seed}`);
const outcome = await fc.check(
  fc.asyncProperty(arbitraryMachineSpec, async (spec) => {
    const problems = await disagreements(spec, { skipUnhandledEvents: done % 15 === 14 ? false : undefined });
    if (++done % 1000 === 0) console.log(`  ${done} machines, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return problems.length === 0 || (console.error(problems.join('\n')), false);
  }),
  { numRuns: runs, seed },
);
if (outcome.failed) {
  console.error(fc.defaultReportMessage(outcome));
  process.exit(1);
}
console.log(`differential: ${runs} machines agree (${((Date.now() - started) / 1000).toFixed(1)} s)`);
