/**
 * Issue 7's side-by-side figures: states/s of the compiled path (check() over narrow
 * packed states, the kernel's packed twins), the interpreted path (check() over xstate's
 * transition), xstate/graph's getAdjacencyMap, and the hand-written packed reference
 * explorer (bench/reference, the limit), with their ratios and bytes per stored state,
 * all on one scenario in one run. Deadlock is not checked and no property is, so the
 * engines are what is timed.
 *
 * The large scenario (bench/fixtures/kernel-bench-1m.json, about 2e6 states) is explored
 * completely by the compiled engine and the reference, each run `repeats` times in
 * alternation (the best run counts: the machine's noise only ever slows a run). The
 * interpreted engine and xstate/graph would take many minutes on it, so they run on its
 * first SAMPLE states (a BFS prefix: check()'s maxStates, and getAdjacencyMap stopped from
 * its events callback), which the table says. The small scenario
 * (kernel-three-allocators.json, 20,671 states) runs every engine completely, and their
 * state counts must agree, or the bench fails.
 */
import { readFileSync } from 'node:fs';
import type { AnyStateMachine, EventObject } from 'xstate';
import { getAdjacencyMap } from 'xstate/graph';
import { check } from '../checker/check.ts';
import { compileKernel } from '../models/kernel/check-scenario.ts';
import { kernelEvents } from '../models/kernel/events.ts';
import { resolvePolicy } from '../models/kernel/policy.ts';
import { parseScenario } from '../models/kernel/scenario/index.ts';
import type { Scenario } from '../models/kernel/scenario/types.ts';
import { buildKernelModel } from '../models/kernel/system.ts';
import { exploreFloor } from './reference/floor.ts';
import { exploreReference } from './reference/index.ts';

export interface EngineRates {
  compiled: number;
  interpreted: number;
  xstateGraph: number;
  packedReference: number;
}

export interface KernelEnginesRow {
  scenario: string;
  policy: string;
  distinctStates: number;
  transitions: number;
  statesPerSecond: EngineRates;
  /** States the interpreted engine and xstate/graph explored (all of them, or a BFS prefix). */
  sampledStates: number;
  /** Bytes per stored state of the compiled run (visited set, parents, actions). */
  bytesPerState: number;
  /** Ints per state in the compiled engine's queue and hash (narrow packed form). */
  stateInts: number;
  ratios: { compiledOverInterpreted: number; compiledOverXstateGraph: number; referenceOverCompiled: number };
  /**
   * The BFS floor measured in the same runs (bench/reference/floor.ts): the reference's
   * visited set and queue with trivial successors, on about as many states of the same width.
   */
  floor: { distinctStates: number; transitions: number; statesPerSecond: number };
}

export interface KernelEnginesBench {
  large: KernelEnginesRow;
  small: KernelEnginesRow;
}

const LARGE = new URL('./fixtures/kernel-bench-1m.json', import.meta.url);
const SMALL = new URL('./fixtures/kernel-three-allocators.json', import.meta.url);
const SAMPLE = 30_000;

function load(url: URL): Scenario {
  return parseScenario(JSON.parse(readFileSync(url, 'utf8')), `bench/fixtures/${url.pathname.split('/').pop()}`);
}

const rate = (states: number, ms: number) => Math.round((states * 1000) / Math.max(ms, 0.001));
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

export async function benchKernelEngines(options: { print?: boolean; policy?: string; repeats?: number } = {}): Promise<KernelEnginesBench> {
  const print = options.print ?? true;
  const spec = options.policy ?? 'v4.0';
  const repeats = options.repeats ?? 3;
  // Floors of 12^4 = 20,736 and 38^4 = 2,085,136 states, about the scenarios' sizes.
  const small = await row(load(SMALL), spec, 1, Infinity, 12);
  const large = await row(load(LARGE), spec, repeats, SAMPLE, 38);
  if (print) {
    for (const r of [small, large]) {
      const sampled = r.sampledStates < r.distinctStates ? ` (first ${r.sampledStates.toLocaleString('en')} states)` : '';
      console.log(`  ${r.scenario} under ${r.policy}: ${r.distinctStates.toLocaleString('en')} states, ${r.transitions.toLocaleString('en')} transitions`);
      console.log(`    compiled            ${r.statesPerSecond.compiled.toLocaleString('en')} states/s (${r.stateInts} ints per queued state, ${r.bytesPerState} bytes per stored state)`);
      console.log(`    packed reference    ${r.statesPerSecond.packedReference.toLocaleString('en')} states/s (hand-written, bench/reference)`);
      console.log(
        `    BFS floor           ${r.floor.statesPerSecond.toLocaleString('en')} states/s (the reference's visited set and queue, trivial successors: ${r.floor.distinctStates.toLocaleString('en')} states of ${r.stateInts} ints, ${r.floor.transitions.toLocaleString('en')} transitions)`,
      );
      console.log(`    interpreted         ${r.statesPerSecond.interpreted.toLocaleString('en')} states/s${sampled}`);
      console.log(`    xstate/graph        ${r.statesPerSecond.xstateGraph.toLocaleString('en')} states/s${sampled}`);
      console.log(
        `    compiled/interpreted ${r.ratios.compiledOverInterpreted}x, compiled/xstate-graph ${r.ratios.compiledOverXstateGraph}x, reference/compiled ${r.ratios.referenceOverCompiled}x`,
      );
    }
  }
  return { large, small };
}

/** floorBound: the floor's space is floorBound^4 states, chosen about the size of the scenario's. */
async function row(scenario: Scenario, spec: string, repeats: number, sample: number, floorBound: number): Promise<KernelEnginesRow> {
  const policy = resolvePolicy(spec);
  const built = buildKernelModel(scenario, policy.toggles);
  const compiledMachine = compileKernel(built);
  if (!compiledMachine?.stats.packedContext) throw new Error('bench: the kernel machine did not compile with its packed context');

  let compiledMs = Infinity;
  let referenceMs = Infinity;
  let floorMs = Infinity;
  let floor: ReturnType<typeof exploreFloor> | undefined;
  const floorCounters = 4;
  let compiled: Awaited<ReturnType<typeof check>> | undefined;
  for (let i = 0; i < repeats; i++) {
    // A fresh compiled machine per run: its memo tables are part of what is measured.
    const model = compileKernel(buildKernelModel(scenario, policy.toggles))!.model;
    let t = performance.now();
    compiled = await check(model, [], { deadlock: false });
    compiledMs = Math.min(compiledMs, performance.now() - t);
    t = performance.now();
    const reference = exploreReference(scenario, policy.toggles);
    referenceMs = Math.min(referenceMs, performance.now() - t);
    floor = exploreFloor(Math.max(floorCounters, compiledMachine.stats.stateInts), floorCounters, floorBound);
    floorMs = Math.min(floorMs, floor.elapsedMs);
    if (reference.distinctStates !== compiled.stats.distinctStates || reference.transitions !== compiled.stats.transitions) {
      throw new Error(`bench: the reference found ${reference.distinctStates} states and ${reference.transitions} transitions, the checker ${compiled.stats.distinctStates} and ${compiled.stats.transitions}`);
    }
  }
  const states = compiled!.stats.distinctStates;

  let t = performance.now();
  const interpreted = await check(built.model, [], { deadlock: false, ...(Number.isFinite(sample) ? { maxStates: sample } : {}) });
  const interpretedMs = performance.now() - t;
  const sampled = interpreted.stats.distinctStates;
  if (interpreted.stats.complete && sampled !== states) throw new Error(`bench: interpreted found ${sampled} states, compiled ${states}`);

  const graph = xstateGraphRate(built, sample);
  if (graph.complete && graph.states !== states) throw new Error(`bench: xstate/graph found ${graph.states} states, the checker ${states}`);

  const statesPerSecond: EngineRates = {
    compiled: rate(states, compiledMs),
    interpreted: rate(sampled, interpretedMs),
    xstateGraph: rate(graph.states, graph.ms),
    packedReference: rate(states, referenceMs),
  };
  return {
    scenario: scenario.name,
    policy: spec,
    distinctStates: states,
    transitions: compiled!.stats.transitions,
    statesPerSecond,
    sampledStates: Math.min(sampled, graph.states),
    bytesPerState: Math.round(compiled!.stats.bytesPerState * 10) / 10,
    stateInts: compiledMachine.stats.stateInts,
    floor: { distinctStates: floor!.distinctStates, transitions: floor!.transitions, statesPerSecond: rate(floor!.distinctStates, floorMs) },
    ratios: {
      compiledOverInterpreted: ratio(statesPerSecond.compiled, statesPerSecond.interpreted),
      compiledOverXstateGraph: ratio(statesPerSecond.compiled, statesPerSecond.xstateGraph),
      referenceOverCompiled: ratio(statesPerSecond.packedReference, statesPerSecond.compiled),
    },
  };
}

class SampleDone extends Error {}

/**
 * getAdjacencyMap over the same machine and events; it has no bound, so past `sample`
 * states (counted by its events callback, called once per state) it is stopped by a throw.
 */
function xstateGraphRate(built: ReturnType<typeof buildKernelModel>, sample: number): { states: number; ms: number; complete: boolean } {
  const machine = built.machine as unknown as AnyStateMachine;
  let visited = 0;
  const t = performance.now();
  try {
    const adjacency = getAdjacencyMap(machine, {
      events: (s: unknown) => {
        if (++visited > sample) throw new SampleDone();
        return kernelEvents(built.config, s as never) as unknown as EventObject[];
      },
      filterEvents: (s: unknown, e: EventObject) => (s as { can(e: EventObject): boolean }).can(e),
    } as never);
    return { states: Object.keys(adjacency).length, ms: performance.now() - t, complete: true };
  } catch (e) {
    if (!(e instanceof SampleDone)) throw e;
    return { states: sample, ms: performance.now() - t, complete: false };
  }
}
