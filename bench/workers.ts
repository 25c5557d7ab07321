/**
 * Issue 7, item 4: the speedup of `--workers 2` on the kernel benchmark scenario
 * (bench/fixtures/kernel-bench-1m.json, about 2e6 states, under v4.0), measured side by
 * side in one run: the compiled engine checking every kernel safety property and
 * deadlock, sequentially and with the workers sharing one fingerprint table. Each repeat
 * runs the two back to back (alternating shares the machine's noise), each in a process
 * of its own after a short warm-up there (JIT, the worker pool's start), as a user's
 * `oomcheck check` runs: in one process, the run after a full check inherited its garbage,
 * whose collection on the main thread took CPU from the two workers (the parallel runs
 * took 35-43 s there against 30-34 s alone). Both runs must agree on every count and
 * verdict, or the bench fails. The speedup is the ratio of the medians.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { check } from '../checker/check.ts';
import { closeWorkerPools } from '../checker/parallel/worker-pool.ts';
import type { CheckResult } from '../checker/result.ts';
import { kernelTarget, kernelWorkerSource } from '../models/kernel/worker-source.ts';
import { median } from './median.ts';

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
  const repeats = options.repeats ?? 3;
  const workers = options.workers ?? 2;
  const sequential: number[] = [];
  const parallel: number[] = [];
  let last: TimedRun | undefined;
  for (let i = 0; i < repeats; i++) {
    const a = runInChild(0);
    const b = runInChild(workers);
    const why = disagreement(a, b);
    if (why) throw new Error(`bench/workers: the parallel run disagrees with the sequential one: ${why}`);
    last = a;
    sequential.push(a.ms);
    parallel.push(b.ms);
  }
  const row: WorkersBench = {
    scenario: SCENARIO,
    policy: POLICY,
    workers,
    distinctStates: last!.distinctStates,
    transitions: last!.transitions,
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

/** What a child process reports of its timed check. */
interface TimedRun {
  ms: number;
  distinctStates: number;
  transitions: number;
  verdicts: string[];
}

function disagreement(a: TimedRun, b: TimedRun): string | undefined {
  if (a.distinctStates !== b.distinctStates) return `states ${a.distinctStates} vs ${b.distinctStates}`;
  if (a.transitions !== b.transitions) return `transitions ${a.transitions} vs ${b.transitions}`;
  for (let i = 0; i < a.verdicts.length; i++) if (a.verdicts[i] !== b.verdicts[i]) return `${a.verdicts[i]} vs ${b.verdicts[i]}`;
  return undefined;
}

/** One timed check in a fresh process: this file with `--run N` (0: sequential). */
function runInChild(workers: number): TimedRun {
  const runTs = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
  const child = spawnSync(process.execPath, [runTs, fileURLToPath(import.meta.url), '--run', String(workers)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (child.status !== 0) throw new Error(`bench/workers: the ${workers === 0 ? 'sequential' : `${workers}-worker`} run failed (exit ${child.status ?? child.signal})`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as TimedRun;
}

/** The child's side: warm up, then one timed check of every safety property and deadlock. */
async function timedRun(workers: number): Promise<TimedRun> {
  const input = { file: SCENARIO_FILE };
  // The compiled engine (narrow packed ints, the same in every thread) with the kernel's
  // safety properties: the engines bench times the bare search, this one a check.
  const target = kernelTarget(input, POLICY, 'compiled');
  target.properties = target.properties.filter((p) => p.kind !== 'liveness');
  // Symmetry off: the goal is measured on the scenario's whole 2e6 states (with it, about 3.4e5).
  const options = workers === 0 ? { symmetry: false } : { symmetry: false, workers, modelSource: kernelWorkerSource(input, POLICY, 'compiled'), properties: target.properties.map((p) => p.name) };
  try {
    // Warm-up: the JIT, and with workers the pool's start (the timed check reuses it).
    await check(target.model, target.properties, { ...options, maxStates: 100_000 });
    const t = performance.now();
    const result: CheckResult = await check(target.model, target.properties, options);
    const ms = performance.now() - t;
    return { ms, distinctStates: result.stats.distinctStates, transitions: result.stats.transitions, verdicts: result.results.map((r) => `${r.property}: ${r.status}`) };
  } finally {
    await closeWorkerPools();
  }
}

// `node bin/run-ts.js bench/workers.ts` runs it alone; `--run N` is one child's timed check.
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const at = process.argv.indexOf('--run');
  if (at >= 0) process.stdout.write(`${JSON.stringify(await timedRun(Number(process.argv[at + 1])))}\n`);
  else await benchWorkers();
}
