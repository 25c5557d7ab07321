/**
 * The checker against xstate/graph's getAdjacencyMap on the same machines, in one run:
 * states per second of each, their ratio, and bytes per state. xstate/graph gets
 * `filterEvents: s.can(e)` so untaken events are not counted as self-loops, and its
 * memory is the retained heap of its adjacency map (with gc, exposed at runtime when
 * node was not started with --expose-gc). The checker's is result.stats.bytesPerState:
 * its store is all it keeps per state. Goal (issue 2): at least as fast, at most a
 * tenth of the memory per state.
 *
 * Run alone: node bin/run-ts.js bench/xstate-graph.ts [--quick]
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { AnyStateMachine, EventObject } from 'xstate';
import { getAdjacencyMap } from 'xstate/graph';
import { check } from '../checker/check.ts';
import { fromMachine } from '../checker/xstate/index.ts';
import { diningPhilosophersEvents, diningPhilosophersMachine } from '../models/examples/dining-philosophers.ts';
import { counterGridEvents, counterGridMachine } from './fixtures/counter-grid.ts';

export interface Measurement {
  states: number;
  ms: number;
  statesPerSecond: number;
  bytesPerState: number;
}

export interface BenchRow {
  machine: string;
  checker: Measurement;
  xstateGraph: Measurement;
  /** checker states/s divided by xstate/graph states/s: above 1 means the checker is faster. */
  speedRatio: number;
  /** checker bytes/state divided by xstate/graph bytes/state: the goal is at most 0.1. */
  memoryRatio: number;
}

interface Workload {
  name: string;
  machine: AnyStateMachine;
  events: EventObject[];
  /** Fixed: a different count means one of the two explored something else. */
  expectedStates: number;
}

export interface BenchOptions {
  /** Print the table (default true). */
  print?: boolean;
  /** Philosophers at the table (default 12: 39,202 states). */
  philosophers?: number;
  /** Counter range of the grid (default 30: 27,000 states). */
  gridSize?: number;
}

/**
 * Reachable states of n dining philosophers: the cyclic words over thinking/left/eating
 * where eating is always followed by thinking (see test/examples), which number
 * (1 + sqrt 2)^n + (1 - sqrt 2)^n: Q(n) = 2 Q(n-1) + Q(n-2), Q(0) = Q(1) = 2.
 */
export function diningPhilosophersStateCount(n: number): number {
  let [previous, current] = [2, 2];
  for (let i = 1; i < n; i++) [previous, current] = [current, 2 * current + previous];
  return current;
}

function workloads(philosophers: number, gridSize: number): Workload[] {
  return [
    {
      name: `dining philosophers, n = ${philosophers}`,
      machine: diningPhilosophersMachine(philosophers),
      events: diningPhilosophersEvents(philosophers),
      expectedStates: diningPhilosophersStateCount(philosophers),
    },
    { name: `counter grid ${gridSize}^3`, machine: counterGridMachine(gridSize), events: counterGridEvents, expectedStates: gridSize ** 3 },
  ];
}

export async function benchXStateVsGraph(options: BenchOptions = {}): Promise<{ rows: BenchRow[] }> {
  const print = options.print ?? true;
  const gc = exposeGc();
  // Warm both up on a small machine so neither pays the JIT for the other.
  await runChecker(diningPhilosophersMachine(6), diningPhilosophersEvents(6));
  runXStateGraph(diningPhilosophersMachine(6), diningPhilosophersEvents(6), gc);

  const rows: BenchRow[] = [];
  for (const workload of workloads(options.philosophers ?? 12, options.gridSize ?? 30)) {
    const xstateGraph = runXStateGraph(workload.machine, workload.events, gc);
    const checker = await runChecker(workload.machine, workload.events);
    for (const [who, m] of [['checker', checker], ['xstate/graph', xstateGraph]] as const) {
      if (m.states !== workload.expectedStates) throw new Error(`${workload.name}: ${who} found ${m.states} states, expected ${workload.expectedStates}`);
    }
    rows.push({
      machine: workload.name,
      checker,
      xstateGraph,
      speedRatio: checker.statesPerSecond / xstateGraph.statesPerSecond,
      memoryRatio: checker.bytesPerState / xstateGraph.bytesPerState,
    });
  }
  if (print) printRows(rows);
  return { rows };
}

async function runChecker(machine: AnyStateMachine, events: EventObject[]): Promise<Measurement> {
  const started = performance.now();
  const result = await check(fromMachine(machine, { events }), [], { deadlock: false });
  const ms = performance.now() - started;
  const states = result.stats.distinctStates;
  return { states, ms, statesPerSecond: (states * 1000) / ms, bytesPerState: result.stats.bytesPerState };
}

function runXStateGraph(machine: AnyStateMachine, events: EventObject[], gc: () => void): Measurement {
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const adjacency = getAdjacencyMap(machine, { events, filterEvents: (s, e) => s.can(e) });
  const ms = performance.now() - started;
  gc();
  const retained = process.memoryUsage().heapUsed - heapBefore;
  const states = Object.keys(adjacency).length;
  return { states, ms, statesPerSecond: (states * 1000) / ms, bytesPerState: retained / states };
}

/** global.gc, exposed at runtime when node was started without --expose-gc. */
function exposeGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function printRows(rows: BenchRow[]): void {
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log('checker vs xstate/graph getAdjacencyMap (filterEvents: s.can(e))');
  for (const r of rows) {
    console.log(`  ${r.machine}: ${fmt(r.checker.states)} states`);
    console.log(`    checker       ${fmt(r.checker.statesPerSecond).padStart(9)} states/s  ${r.checker.bytesPerState.toFixed(1).padStart(8)} B/state  (${fmt(r.checker.ms)} ms)`);
    console.log(`    xstate/graph  ${fmt(r.xstateGraph.statesPerSecond).padStart(9)} states/s  ${r.xstateGraph.bytesPerState.toFixed(1).padStart(8)} B/state  (${fmt(r.xstateGraph.ms)} ms)`);
    console.log(`    speed ratio ${r.speedRatio.toFixed(2)}x (goal >= 1), memory ratio ${r.memoryRatio.toFixed(3)} (goal <= 0.1)`);
  }
}

if (process.argv[1]?.endsWith('xstate-graph.ts')) {
  const philosophers = process.argv.includes('--quick') ? 8 : 12;
  await benchXStateVsGraph({ philosophers, gridSize: philosophers === 8 ? 12 : 30 });
}
