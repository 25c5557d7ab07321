/**
 * Issue 7, item 4: the speedup of `--workers 2` on the kernel benchmark scenario
 * (bench/fixtures/kernel-bench-1m.json, about 2e6 states, under v4.0), measured side by
 * side in one run: the compiled engine checking every kernel safety property and
 * deadlock, sequentially and with the workers sharing one fingerprint table. Each repeat
 * runs the two back to back (alternating shares the machine's noise), after a short
 * warm-up of both (JIT, and the worker pool's start, which later checks reuse). Both runs
 * must agree on every count and verdict, or the bench fails. The speedup is the ratio of
 * the medians.
 */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { check } from '../checker/check.ts';
import { closeWorkerPools } from '../checker/parallel/explore-parallel.ts';
import type { CheckResult } from '../checker/result.ts';
import { kernelTarget, kernelWorkerSource } from '../models/kernel/worker-source.ts';

export interface WorkersBench {
  scenario: string;
  policy: string;
  workers: number;
  distinctStates: number;
  transitions: number;
  sequentialMs: number;
  parallelMs: number;
  /** sequentialMs / parallelMs, medians (goal >= 1.5 with 2 workers). */
  speedup: number;
}

const SCENARIO = 'kernel-bench-1m';
const SCENARIO_FILE = fileURLToPath(new URL(`./fixtures/${SCENARIO}.json`, import.meta.url));
const POLICY = 'v4.0';

export async function benchWorkers(options: { print?: boolean; repeats?: number; workers?: number } = {}): Promise<WorkersBench> {
  const repeats = options.repeats ?? 2;
  const workers = options.workers ?? 2;
  const input = { file: SCENARIO_FILE };
  // The compiled engine (narrow packed ints, the same in every thread) with the kernel's
  // safety properties: the engines bench times the bare search, this one a check.
  const target = kernelTarget(input, POLICY, 'compiled');
  target.properties = target.properties.filter((p) => p.kind !== 'liveness');
  const modelSource = kernelWorkerSource(input, POLICY, 'compiled');
  const names = target.properties.map((p) => p.name);
  const sequential: number[] = [];
  const parallel: number[] = [];
  let last: CheckResult | undefined;
  try {
    // Warm-up: the worker pool's start (later checks of the same source reuse it) and the JIT.
    await check(target.model, target.properties, { maxStates: 100_000 });
    await check(target.model, target.properties, { workers, modelSource, properties: names, maxStates: 100_000 });
    for (let i = 0; i < repeats; i++) {
      const a = await timed(() => check(target.model, target.properties));
      const b = await timed(() => check(target.model, target.properties, { workers, modelSource, properties: names }));
      const why = disagreement(a.result, b.result);
      if (why) throw new Error(`bench/workers: the parallel run disagrees with the sequential one: ${why}`);
      last = a.result;
      sequential.push(a.ms);
      parallel.push(b.ms);
    }
  } finally {
    await closeWorkerPools();
  }
  const row: WorkersBench = {
    scenario: SCENARIO,
    policy: POLICY,
    workers,
    distinctStates: last!.stats.distinctStates,
    transitions: last!.stats.transitions,
    sequentialMs: Math.round(median(sequential)),
    parallelMs: Math.round(median(parallel)),
    speedup: Number((median(sequential) / median(parallel)).toFixed(2)),
  };
  if (options.print ?? true) {
    console.log(
      `  ${row.scenario} under ${row.policy}: ${row.distinctStates} states, sequential ${row.sequentialMs} ms, ${workers} workers ${row.parallelMs} ms, speedup ${row.speedup}x (goal >= 1.5; median of ${repeats}; compiled engine, safety properties and deadlock)`,
    );
  }
  return row;
}

function disagreement(a: CheckResult, b: CheckResult): string | undefined {
  if (a.stats.distinctStates !== b.stats.distinctStates) return `states ${a.stats.distinctStates} vs ${b.stats.distinctStates}`;
  if (a.stats.transitions !== b.stats.transitions) return `transitions ${a.stats.transitions} vs ${b.stats.transitions}`;
  for (let i = 0; i < a.results.length; i++) {
    if (a.results[i].status !== b.results[i].status) return `${a.results[i].property}: ${a.results[i].status} vs ${b.results[i].status}`;
  }
  return undefined;
}

async function timed(run: () => Promise<CheckResult>): Promise<{ ms: number; result: CheckResult }> {
  const t = performance.now();
  const result = await run();
  return { ms: performance.now() - t, result };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// `node bin/run-ts.js bench/workers.ts` runs it alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) await benchWorkers();
