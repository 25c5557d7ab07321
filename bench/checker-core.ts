/**
 * What check() costs beyond the successor function: check() over the hand-written
 * successor function (bench/reference/model.ts) against exploreReference, the bare BFS
 * that calls the same function, on the whole kernel bench scenario, run in alternation
 * (the best run of each counts, as in the engines part: the machine's noise only slows).
 *
 * Why: the engines part's reference/compiled ratio mixes two costs, the compiled
 * successor function's and check()'s own (a fingerprint table that keeps parents and
 * action indices for traces, a frontier of tagged entries, the property hooks). This part
 * measures the second alone: with it and the successors part, the successor cost that
 * would bring check() within a given factor of the reference follows.
 */
import { readFileSync } from 'node:fs';
import { check } from '../checker/check.ts';
import { resolvePolicy } from '../models/kernel/policy.ts';
import { parseScenario } from '../models/kernel/scenario/index.ts';
import { exploreConfig, referenceConfig, referenceModel } from './reference/index.ts';

const SCENARIO = new URL('./fixtures/kernel-bench-1m.json', import.meta.url);

export interface CheckerCore {
  scenario: string;
  policy: string;
  distinctStates: number;
  /** check() over the hand-written successor function. */
  checkStatesPerSecond: number;
  /** exploreReference: the same function in a bare BFS. */
  referenceStatesPerSecond: number;
  /** Nanoseconds per state that check() spends beyond what exploreReference does. */
  overheadNs: number;
  /** exploreReference time / check() time is 1 / ratio: check() takes `ratio` times as long. */
  ratio: number;
}

export async function benchCheckerCore(options: { print?: boolean; repeats?: number } = {}): Promise<CheckerCore> {
  const repeats = options.repeats ?? 3;
  const scenario = parseScenario(JSON.parse(readFileSync(SCENARIO, 'utf8')), 'bench/fixtures/kernel-bench-1m.json');
  const config = referenceConfig(scenario, resolvePolicy('v4.0').toggles);
  let checkMs = Infinity;
  let referenceMs = Infinity;
  let states = 0;
  const runCheck = async () => {
    const t = performance.now();
    const result = await check(referenceModel(config), [], { deadlock: false });
    checkMs = Math.min(checkMs, performance.now() - t);
    states = result.stats.distinctStates;
    return result.stats;
  };
  const runReference = () => {
    const t = performance.now();
    const run = exploreConfig(config);
    referenceMs = Math.min(referenceMs, performance.now() - t);
    return run;
  };
  for (let r = 0; r < repeats; r++) {
    let stats: Awaited<ReturnType<typeof runCheck>>;
    let run: ReturnType<typeof runReference>;
    if (r % 2 === 0) {
      stats = await runCheck();
      run = runReference();
    } else {
      run = runReference();
      stats = await runCheck();
    }
    if (stats.distinctStates !== run.distinctStates || stats.transitions !== run.transitions) {
      throw new Error(`bench/core: check() found ${stats.distinctStates} states and ${stats.transitions} transitions, the reference ${run.distinctStates} and ${run.transitions}`);
    }
  }
  const row: CheckerCore = {
    scenario: scenario.name,
    policy: 'v4.0',
    distinctStates: states,
    checkStatesPerSecond: Math.round((states * 1000) / checkMs),
    referenceStatesPerSecond: Math.round((states * 1000) / referenceMs),
    overheadNs: Math.round(((checkMs - referenceMs) * 1e6) / states),
    ratio: Number((checkMs / referenceMs).toFixed(2)),
  };
  if (options.print ?? true) {
    const rate = (n: number) => `${n.toLocaleString('en')} states/s`;
    console.log(`  ${row.scenario} under v4.0, ${states.toLocaleString('en')} states, both with the hand-written successor function (best of ${repeats} alternating runs):`);
    console.log(`    check() over it           ${rate(row.checkStatesPerSecond)}`);
    console.log(`    exploreReference (bare)   ${rate(row.referenceStatesPerSecond)}`);
    console.log(`    check()/reference         ${row.ratio}x, ${row.overheadNs} ns per state more`);
  }
  return row;
}
