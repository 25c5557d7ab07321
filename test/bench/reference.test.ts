/**
 * The packed reference explorer (bench/reference) against the checker: on every built-in
 * scenario it supports, on the bench fixture kernel-three-allocators.json, on scenarios
 * written to reach its rarer steps and on random small scenarios, it finds exactly
 * check()'s distinct states and transitions on the interpreted kernel model. Where the
 * graphs are small the state SETS are compared too (each packed state decoded to the
 * checker's canonical encoding), so that a difference names the states. It refuses what
 * it does not model, and hashes packed words as the checker does.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exploreReference, makeSuccessors, maxSuccessors, referenceConfig, referenceModel, referenceStateSet, referenceUnsupported, ReferenceUnsupportedError } from '../../bench/reference/index.ts';
import { check } from '../../checker/check.ts';
import { fingerprintInts, fingerprintSlice, fpHi, fpLo } from '../../checker/fingerprint.ts';
import type { Model } from '../../checker/model.ts';
import { resolvePolicy } from '../../models/kernel/policy.ts';
import { builtinScenarios, parseScenario, type Scenario } from '../../models/kernel/scenario/index.ts';
import { buildKernelModel } from '../../models/kernel/system.ts';
import { rng } from '../fixtures/rng.ts';
import { CASES, scenarioOf } from '../kernel/branch-cases.ts';

const SUPPORTED_PRESETS = ['v4.0', 'v4.2', 'v4.7'];
/** Graphs up to this size also have their state sets compared (a plain BFS over encodings). */
const SET_LIMIT = 6000;

async function checkerCounts(scenario: Scenario, spec: string) {
  const { model } = buildKernelModel(scenario, resolvePolicy(spec).toggles);
  const result = await check(model, [], { deadlock: false });
  expect(result.stats.complete).toBe(true);
  return { distinctStates: result.stats.distinctStates, transitions: result.stats.transitions, model };
}

/** Every reachable state's canonical encoding in the interpreted model. */
function checkerStateSet<S, A>(model: Model<S, A>): Set<string> {
  const queue = model.initialStates();
  const seen = new Set(queue.map((s) => model.encode(s)));
  for (let q = 0; q < queue.length; q++) {
    for (const action of model.actions(queue[q])) {
      const next = model.nextState(queue[q], action);
      if (next === undefined) continue;
      const key = model.encode(next);
      if (!seen.has(key)) {
        seen.add(key);
        queue.push(next);
      }
    }
  }
  return seen;
}

/** The reference's and the checker's counts agree (and, for small graphs, their state sets). */
async function expectSameGraph(scenario: Scenario, spec: string): Promise<number> {
  const policy = resolvePolicy(spec).toggles;
  const ref = exploreReference(scenario, policy);
  expect(ref.complete).toBe(true);
  const checker = await checkerCounts(scenario, spec);
  const label = `${scenario.name} under ${spec}`;
  if (checker.distinctStates <= SET_LIMIT) {
    const config = referenceConfig(scenario, policy);
    const mine = new Set(referenceStateSet(config, makeSuccessors(config), maxSuccessors(config)).keys());
    const theirs = checkerStateSet(checker.model);
    expect([...mine].filter((k) => !theirs.has(k)).slice(0, 3), `${label}: states only the reference reaches`).toEqual([]);
    expect([...theirs].filter((k) => !mine.has(k)).slice(0, 3), `${label}: states only the checker reaches`).toEqual([]);
  }
  expect({ distinctStates: ref.distinctStates, transitions: ref.transitions }, label).toEqual({
    distinctStates: checker.distinctStates,
    transitions: checker.transitions,
  });
  return ref.distinctStates;
}

function fixture(name: string): Scenario {
  const path = `bench/fixtures/${name}`;
  return parseScenario(JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')), path);
}

describe('reference explorer vs check() on the built-in scenarios', () => {
  for (const scenario of builtinScenarios()) {
    const refused = referenceUnsupported(scenario, resolvePolicy('v4.0').toggles);
    if (refused !== null) {
      it(`${scenario.name}: refused with a reason`, () => {
        expect(refused).toMatch(/not modelled/);
        expect(() => exploreReference(scenario, resolvePolicy('v4.0').toggles)).toThrow(ReferenceUnsupportedError);
      });
      continue;
    }
    it(`${scenario.name} under ${SUPPORTED_PRESETS.join(', ')}`, { timeout: 60_000 }, async () => {
      for (const spec of SUPPORTED_PRESETS) await expectSameGraph(scenario, spec);
    });
  }

  it('supports every built-in scenario but the one that disables the OOM killer', () => {
    const refused = builtinScenarios().filter((s) => referenceUnsupported(s, resolvePolicy('v4.7').toggles) !== null);
    expect(refused.map((s) => s.name)).toEqual(['nofail-oom-disabled']);
  });
});

describe('reference explorer vs check() on the branch-coverage scenarios', () => {
  // test/kernel/branch-cases.ts: small scenarios that take the statechart's branches no
  // built-in scenario takes (killable locks, free, panic, NORETRY, victims failing in their
  // own allocation ...). The hand-written successor function must reach the same graph.
  for (const c of CASES) {
    it(`${c.name} under ${SUPPORTED_PRESETS.join(', ')}`, async () => {
      const scenario = scenarioOf(c);
      for (const spec of SUPPORTED_PRESETS) {
        expect(referenceUnsupported(scenario, resolvePolicy(spec).toggles), spec).toBeNull();
        await expectSameGraph(scenario, spec);
      }
    });
  }
});

describe('reference explorer vs check() on the bench fixtures', () => {
  it('kernel-three-allocators.json under v4.0: 20,671 states', { timeout: 120_000 }, async () => {
    expect(await expectSameGraph(fixture('kernel-three-allocators.json'), 'v4.0')).toBe(20_671);
  });

  // The bench scenarios are too large for the interpreted checker in a test; a smaller
  // sibling of the same shape is checked instead (kernel-bench-10m's sibling is
  // kernel-three-allocators above: the same tasks less two allocators).
  it('kernel-bench-1m.json without allocator D under v4.0', { timeout: 120_000 }, async () => {
    const full = fixture('kernel-bench-1m.json');
    const sibling = { ...full, name: 'bench-1m-sibling', tasks: full.tasks.filter((t) => t.name !== 'D') };
    expect(await expectSameGraph(sibling, 'v4.0')).toBe(47_919);
  });

  it('kernel-bench-1m.json has 1e6 to 3e6 states under v4.0; kernel-bench-10m.json loads', { timeout: 60_000 }, () => {
    const run = exploreReference(fixture('kernel-bench-1m.json'), resolvePolicy('v4.0').toggles);
    expect(run.distinctStates).toBeGreaterThanOrEqual(1e6);
    expect(run.distinctStates).toBeLessThanOrEqual(3e6);
    expect(referenceUnsupported(fixture('kernel-bench-10m.json'), resolvePolicy('v4.0').toggles)).toBeNull();
  });
});

/** Scenarios written to reach the steps no built-in scenario reaches under these policies. */
const FEATURE_SCENARIOS = [
  {
    // The OOM killer picks the NOFAIL allocator itself: it loops on NO_WATERMARKS with nothing free
    // (a step back to the same state), and a task's own kill marks it.
    name: 'nofail-victim',
    title: 'A NOFAIL allocation by the task the OOM killer picks',
    zone: { managed: 4, watermarks: { min: 1, low: 1, high: 2 } },
    tasks: [
      { name: 'A', rss: 3, program: [{ op: 'alloc', order: 1, gfp: 'GFP_KERNEL', flags: ['__GFP_NOFAIL'] }] },
      { name: 'B', rss: 0, program: [{ op: 'alloc', order: 0, gfp: 'GFP_KERNEL' }, { op: 'alloc', order: 0, gfp: 'GFP_KERNEL' }] },
    ],
  },
  {
    // Nobody is killable: panic while one task sleeps uninterruptibly on a lock (the panic state
    // keeps its sleepingOn) and another killably; cache of both kinds; a free op.
    name: 'panic-lockwait',
    title: 'Panic while tasks sleep on a lock',
    zone: { managed: 5, watermarks: { min: 1, low: 2, high: 3 }, clean: 1, dirty: 1 },
    tasks: [
      { name: 'A', rss: 1, oomScoreAdj: -1000, holds: ['L'], program: [{ op: 'alloc', order: 1, gfp: 'GFP_KERNEL' }, { op: 'unlock', lock: 'L' }] },
      { name: 'V', rss: 1, oomScoreAdj: -1000, program: [{ op: 'lock', lock: 'L' }, { op: 'unlock', lock: 'L' }] },
      { name: 'K', rss: 1, oomScoreAdj: -1000, program: [{ op: 'lockKillable', lock: 'L' }, { op: 'free', pages: 1 }, { op: 'unlock', lock: 'L' }] },
    ],
  },
  {
    // The oom_reaper frees a victim, or only hides it while mmap_sem is held; a killable lock
    // waiter is killed; retry and continue on failure; __GFP_HIGH; reclaimBatch.
    name: 'reaper-mix',
    title: 'The oom_reaper with mmap_sem, a killable waiter, cache and retries',
    zone: { managed: 8, watermarks: { min: 2, low: 3, high: 4 }, clean: 1, dirty: 1, reclaimBatch: 1 },
    kthreads: ['oom_reaper'],
    tasks: [
      { name: 'T', rss: 1, holds: ['mmap_sem'], program: [{ op: 'alloc', order: 0, gfp: 'GFP_NOFS', onFail: 'retry' }, { op: 'unlock', lock: 'mmap_sem' }] },
      { name: 'V', rss: 3, program: [{ op: 'lockKillable', lock: 'mmap_sem' }, { op: 'unlock', lock: 'mmap_sem' }, { op: 'hold' }] },
      {
        name: 'W',
        rss: 0,
        program: [
          { op: 'alloc', order: 2, gfp: 'GFP_KERNEL', onFail: 'continue' },
          { op: 'alloc', order: 0, gfp: 'GFP_KERNEL', flags: ['__GFP_HIGH'] },
          { op: 'hold' },
        ],
      },
    ],
  },
];

describe('reference explorer vs check() on scenarios that reach the rarer steps', () => {
  for (const doc of FEATURE_SCENARIOS) {
    it(doc.name, { timeout: 60_000 }, async () => {
      const scenario = parseScenario(doc, doc.name);
      for (const spec of ['v4.0', 'v4.7', 'v4.0+nofsFail+lowOrderFail']) await expectSameGraph(scenario, spec);
    });
  }
});

// The bench part `core` runs check() over the hand-written successor function; its figure
// means something only if that search is the reference's own: the same states and
// transitions, whichever way check() asks for successors (the transient buffer in BFS,
// fresh states in DFS, whose expanded state changes between calls).
describe("check() over the reference's successor function (bench/reference/model.ts)", () => {
  const cases = [...FEATURE_SCENARIOS.map((doc) => parseScenario(doc, doc.name)), fixture('kernel-three-allocators.json')];
  for (const scenario of cases) {
    it(`${scenario.name}: the reference's counts in BFS and DFS`, { timeout: 60_000 }, async () => {
      const config = referenceConfig(scenario, resolvePolicy('v4.0').toggles);
      const ref = exploreReference(scenario, resolvePolicy('v4.0').toggles);
      for (const strategy of ['bfs', 'dfs'] as const) {
        const result = await check(referenceModel(config), [], { deadlock: false, strategy });
        expect({ complete: result.stats.complete, distinctStates: result.stats.distinctStates, transitions: result.stats.transitions }, strategy).toEqual({
          complete: true,
          distinctStates: ref.distinctStates,
          transitions: ref.transitions,
        });
      }
    });
  }

  it('a successor asked of a state other than the one last expanded is that state\'s', () => {
    const model = referenceModel(referenceConfig(parseScenario(FEATURE_SCENARIOS[2], 'reaper-mix'), resolvePolicy('v4.0').toggles));
    const [s0] = model.initialStates();
    const fromS0 = model.actions(s0).map((i) => model.nextState(s0, i)!);
    expect(fromS0.length).toBeGreaterThan(1);
    model.actions(fromS0[0]);
    expect(model.nextState(s0, 1)).toEqual(fromS0[1]);
    expect(model.nextStateTransient!(s0, fromS0.length)).toBeUndefined();
  });
});

/** A random small scenario document within what the reference models (it may fail validation). */
function randomScenarioDoc(rand: () => number, n: number): unknown {
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const min = int(0, 3);
  const low = min + int(0, 2);
  const zone: Record<string, unknown> = {
    managed: int(3, 9),
    watermarks: { min, low, high: low + int(0, 2) },
    clean: rand() < 0.4 ? int(0, 2) : 0,
    dirty: rand() < 0.4 ? int(0, 2) : 0,
  };
  if (rand() < 0.3) zone.reclaimBatch = int(1, 2);
  if (rand() < 0.2) zone.maxNoProgress = int(0, 3);
  const tasks = [];
  for (let t = 0, count = int(2, 3); t < count; t++) {
    const held = new Set<string>(rand() < 0.2 ? [pick(['L', 'mmap_sem'])] : []);
    const holds = [...held];
    const program: unknown[] = [];
    for (let k = 0, len = int(1, 3); k < len; k++) {
      const r = rand();
      if (r < 0.55) {
        const flags = ['__GFP_NOFAIL', '__GFP_NORETRY', '__GFP_REPEAT', '__GFP_HIGH'].filter(() => rand() < 0.15);
        const gfp = pick(['GFP_KERNEL', 'GFP_KERNEL', 'GFP_NOFS', 'GFP_NOIO', 'GFP_ATOMIC']);
        program.push({ op: 'alloc', order: pick([0, 0, 0, 1, 2, 4]), gfp, flags, onFail: pick(['unwind', 'unwind', 'continue', 'retry']) });
      } else if (r < 0.7) {
        const lock = pick(['L', 'mmap_sem']);
        if (held.delete(lock)) program.push({ op: 'unlock', lock });
        else {
          held.add(lock);
          program.push({ op: pick(['lock', 'lockKillable']), lock });
        }
      } else if (r < 0.8) program.push({ op: 'free', pages: int(1, 2) });
      else {
        program.push({ op: 'hold' });
        break;
      }
    }
    tasks.push({ name: `T${t}`, rss: int(0, 3), oomScoreAdj: rand() < 0.2 ? -1000 : 0, holds, program });
  }
  return { name: `random-${n}`, title: 'random', zone, kthreads: rand() < 0.15 ? ['oom_reaper'] : [], tasks };
}

describe('reference explorer vs check() on random small scenarios', () => {
  it('24 scenarios under v4.0 and v4.7', { timeout: 120_000 }, async () => {
    const rand = rng(7);
    let compared = 0;
    for (let n = 0; compared < 24 && n < 1000; n++) {
      let scenario: Scenario;
      try {
        scenario = parseScenario(randomScenarioDoc(rand, n), `random-${n}`);
      } catch {
        continue; // an invalid document (unbalanced locks, too little memory): draw again
      }
      // Keep the interpreted check short: skip graphs the reference finds large.
      if (!exploreReference(scenario, resolvePolicy('v4.7').toggles, { maxStates: 4000 }).complete) continue;
      if (!exploreReference(scenario, resolvePolicy('v4.0').toggles, { maxStates: 4000 }).complete) continue;
      for (const spec of ['v4.0', 'v4.7']) await expectSameGraph(scenario, spec);
      compared++;
    }
    expect(compared).toBe(24);
  });
});

describe('reference explorer: refusals and hashing', () => {
  const base = builtinScenarios().find((s) => s.name === 'kill-stolen-by-concurrent-alloc')!;

  it('refuses kswapd, the OOM-disable ops and the toggles it does not model, naming them', () => {
    const kswapd = { ...base, kthreads: ['kswapd' as const] };
    expect(() => exploreReference(kswapd, resolvePolicy('v4.0').toggles)).toThrow(/kswapd is not modelled/);
    expect(() => exploreReference(base, resolvePolicy('rfc').toggles)).toThrow(/policy toggle syncOomKill is not modelled/);
    expect(() => exploreReference(base, resolvePolicy('v4.11').toggles)).toThrow(/nofailHarder/);
    expect(referenceUnsupported(base, resolvePolicy('v4.2+oomReserves').toggles)).toMatch(/oomReserves/);
    const disables = builtinScenarios().find((s) => s.name === 'nofail-oom-disabled')!;
    expect(() => exploreReference(disables, resolvePolicy('v4.0').toggles)).toThrow(/op oomDisable is not modelled/);
  });

  it('fingerprints a slice exactly as the checker fingerprints the packed array', () => {
    const rand = rng(3);
    const words = Int32Array.from({ length: 64 }, () => (rand() * 2 ** 32) | 0);
    for (const [offset, length] of [[0, 1], [5, 12], [17, 14], [40, 24]]) {
      fingerprintInts(words.slice(offset, offset + length));
      const whole = [fpHi, fpLo];
      fingerprintSlice(words, offset, length);
      expect([fpHi, fpLo]).toEqual(whole);
    }
  });
});
