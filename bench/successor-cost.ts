/**
 * The successor functions alone: the compiled engine's (the events list, then each
 * event's step into a reused buffer, by its index in the list, as check() asks) and the hand-written reference's, each over the
 * first SAMPLE states of the kernel bench scenario in BFS order, held in memory, so that
 * neither the visited set nor the queue (the same for both, and cache-missing at 2e6
 * states) is in the figure. Interleaved round by round; medians of the rounds.
 *
 * Why: the engines part compares whole searches, in which the shared cost of the visited
 * set dilutes the difference; this says how far the compiled successor function itself
 * is from the hand-written one, which is what a faster compiler would have to close.
 */
import { readFileSync } from 'node:fs';
import { compileKernel } from '../models/kernel/check-scenario.ts';
import { resolvePolicy } from '../models/kernel/policy.ts';
import { parseScenario } from '../models/kernel/scenario/index.ts';
import { buildKernelModel } from '../models/kernel/system.ts';
import { referenceConfig } from './reference/config.ts';
import { makeSuccessors, maxSuccessors } from './reference/successors.ts';
import { median } from './median.ts';

const SCENARIO = new URL('./fixtures/kernel-bench-1m.json', import.meta.url);
const SAMPLE = 20_000;
const PASSES = 10;

export interface SuccessorCost {
  scenario: string;
  policy: string;
  states: number;
  transitionsPerState: number;
  /** Median nanoseconds per state (all its successors). */
  compiledNs: number;
  referenceNs: number;
  /** compiledNs / referenceNs. */
  ratio: number;
}

export function benchSuccessorCost(options: { print?: boolean; rounds?: number } = {}): SuccessorCost {
  const rounds = options.rounds ?? 6;
  const scenario = parseScenario(JSON.parse(readFileSync(SCENARIO, 'utf8')), 'bench/fixtures/kernel-bench-1m.json');
  const policy = resolvePolicy('v4.0');

  const model = compileKernel(buildKernelModel(scenario, policy.toggles))!.model;
  const compiledStates = bfsPrefix(model.initialStates(), (s, emit) => {
    for (const e of model.actions(s)) {
      const next = model.nextState(s, e);
      if (next !== undefined) emit(next);
    }
  });
  const config = referenceConfig(scenario, policy.toggles);
  const W = config.width;
  const successors = makeSuccessors(config);
  const out = new Int32Array(maxSuccessors(config) * W);
  const referenceStates = bfsPrefix([config.initial.slice()], (s, emit) => {
    const k = successors(s, out, 0);
    for (let j = 0; j < k; j++) emit(out.slice(j * W, (j + 1) * W));
  });

  let sink = 0;
  let compiledTransitions = 0;
  let referenceTransitions = 0;
  const timeCompiled = (): number => {
    const t = performance.now();
    compiledTransitions = 0;
    for (let pass = 0; pass < PASSES; pass++) {
      for (const s of compiledStates) {
        const actions = model.actions(s);
        for (let i = 0; i < actions.length; i++) {
          // As check() steps a state's listed actions (checker/explore.ts).
          const next = model.nextOfListed!(i, actions[i]);
          if (next !== undefined) {
            compiledTransitions++;
            sink += next[0];
          }
        }
      }
    }
    return ((performance.now() - t) * 1e6) / (PASSES * compiledStates.length);
  };
  const timeReference = (): number => {
    const t = performance.now();
    referenceTransitions = 0;
    for (let pass = 0; pass < PASSES; pass++) {
      for (const s of referenceStates) {
        referenceTransitions += successors(s, out, 0);
        sink += out[0];
      }
    }
    return ((performance.now() - t) * 1e6) / (PASSES * referenceStates.length);
  };
  timeCompiled(); // warm-up
  timeReference();
  const compiled: number[] = [];
  const reference: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      compiled.push(timeCompiled());
      reference.push(timeReference());
    } else {
      reference.push(timeReference());
      compiled.push(timeCompiled());
    }
  }
  if (compiledTransitions !== referenceTransitions) throw new Error(`bench/successors: ${compiledTransitions} compiled transitions, ${referenceTransitions} reference ones, over the same prefix`);
  // Reading the checksum keeps the successors live (the JIT may not drop unused work).
  if (!Number.isFinite(sink)) throw new Error('bench/successors: the checksum of the successors is not a number');
  const row: SuccessorCost = {
    scenario: scenario.name,
    policy: 'v4.0',
    states: compiledStates.length,
    transitionsPerState: Number((compiledTransitions / PASSES / compiledStates.length).toFixed(2)),
    compiledNs: Math.round(median(compiled)),
    referenceNs: Math.round(median(reference)),
    ratio: Number((median(compiled) / median(reference)).toFixed(2)),
  };
  if (options.print ?? true) {
    console.log(`  ${row.scenario} under v4.0, the first ${row.states.toLocaleString('en')} states in BFS order held in memory, ${row.transitionsPerState} transitions per state (medians of ${rounds} interleaved rounds):`);
    console.log(`    compiled            ${row.compiledNs} ns per state (the events list and every step)`);
    console.log(`    packed reference    ${row.referenceNs} ns per state`);
    console.log(`    compiled/reference  ${row.ratio}x`);
  }
  return row;
}

/** The first SAMPLE distinct states in BFS order (by their ints). */
function bfsPrefix(initial: Int32Array[], expand: (s: Int32Array, emit: (next: Int32Array) => void) => void): Int32Array[] {
  const states = [...initial];
  const seen = new Set(states.map((s) => s.join()));
  for (let head = 0; head < states.length && states.length < SAMPLE; head++) {
    expand(states[head], (next) => {
      const key = next.join();
      if (states.length < SAMPLE && !seen.has(key)) {
        seen.add(key);
        states.push(next);
      }
    });
  }
  return states;
}

