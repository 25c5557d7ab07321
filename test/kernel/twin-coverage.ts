/**
 * Scenarios and policies for the twin tests (packed-twins.test.ts: the context, guard and
 * update twins; property-twins.test.ts: the property twins): what the built-in scenarios
 * never reach, and the toggle mixes no preset has.
 */
import type { Model } from '../../checker/model.ts';
import { PRESET_NAMES } from '../../models/kernel/policy.ts';
import { builtinScenarios, parseScenario, type Scenario } from '../../models/kernel/scenario/index.ts';

/** The presets, and the toggles and mixes no preset has (patientOomWait, costlyNofailNopage, costlyProgressNoReset, oomReserves without syncOomKill ...). */
export const POLICIES = [...PRESET_NAMES, 'rfc+patientOomWait+oomReaper+reclaimRetries+costlyNofailNopage+costlyProgressNoReset', 'v4.2+oomReserves+nofailReserves+lowOrderFail+nofailHarder'];

/** What the built-ins leave out: kswapd, clean and dirty cache, free, lockKillable, NOIO, __GFP_HIGH/NORETRY, continue, OOM_SCORE_ADJ_MIN. */
export const KSWAPD_MIX = {
  name: 'twins-kswapd-mix',
  title: 'packed twins coverage: kswapd, page cache, killable lock, free',
  zone: { managed: 16, watermarks: { min: 2, low: 3, high: 5 }, clean: 3, dirty: 2 },
  kthreads: ['kswapd', 'oom_reaper'],
  tasks: [
    {
      name: 'A',
      rss: 3,
      holds: ['mmap_sem'],
      program: [
        { op: 'alloc', order: 1, gfp: 'GFP_NOFS', flags: ['__GFP_HIGH'] },
        { op: 'free', pages: 1 },
        { op: 'unlock', lock: 'mmap_sem' },
        { op: 'alloc', order: 0, gfp: 'GFP_NOIO', onFail: 'continue' },
      ],
    },
    {
      name: 'B',
      rss: 4,
      program: [
        { op: 'lockKillable', lock: 'mmap_sem' },
        { op: 'alloc', order: 0, gfp: 'GFP_KERNEL', flags: ['__GFP_NORETRY'] },
        { op: 'unlock', lock: 'mmap_sem' },
      ],
    },
    { name: 'C', rss: 2, oomScoreAdj: -1000, program: [{ op: 'alloc', order: 2, gfp: 'GFP_KERNEL', onFail: 'retry' }, { op: 'hold' }] },
  ],
};

/** Suspend next to a costly REPEAT allocation, an atomic one that continues, and a reclaim batch. */
export const SUSPEND_MIX = {
  name: 'twins-suspend-mix',
  title: 'packed twins coverage: oom_killer_disable, costly REPEAT, atomic continue',
  zone: { managed: 12, watermarks: { min: 2, low: 3, high: 4 }, clean: 1, dirty: 1, reclaimBatch: 1, maxNoProgress: 1 },
  kthreads: ['kswapd'],
  tasks: [
    { name: 'S', rss: 0, program: [{ op: 'oomDisable' }, { op: 'lock', lock: 'dev' }, { op: 'unlock', lock: 'dev' }, { op: 'oomEnable' }] },
    { name: 'K', rss: 1, holds: ['dev'], program: [{ op: 'alloc', order: 0, gfp: 'GFP_NOFS', flags: ['__GFP_NOFAIL'] }, { op: 'unlock', lock: 'dev' }] },
    { name: 'R', rss: 6, program: [{ op: 'alloc', order: 4, gfp: 'GFP_KERNEL', flags: ['__GFP_REPEAT'] }, { op: 'hold' }] },
    { name: 'I', rss: 0, program: [{ op: 'alloc', order: 0, gfp: 'GFP_ATOMIC', onFail: 'continue' }] },
  ],
};

/** A NOFAIL victim of its own kill that cannot get its pages even without watermarks: congestionWait. */
export const NOFAIL_VICTIM = {
  name: 'twins-nofail-victim',
  title: 'packed twins coverage: a NOFAIL allocation killed by itself loops in congestion_wait',
  zone: { managed: 7, watermarks: { min: 1, low: 2, high: 3 } },
  tasks: [
    { name: 'A', rss: 5, program: [{ op: 'alloc', order: 2, gfp: 'GFP_KERNEL', flags: ['__GFP_NOFAIL'] }] },
    { name: 'B', rss: 1, program: [{ op: 'hold' }] },
  ],
};

/** A costly REPEAT allocation whose reclaim reaches 2^order while an atomic one steals the pages (should_alloc_retry gives up), then frees what it may not have got. */
export const REPEAT_STEAL = {
  name: 'twins-repeat-steal',
  title: 'packed twins coverage: pages_reclaimed saturates at 2^order',
  zone: { managed: 40, watermarks: { min: 2, low: 3, high: 4 }, clean: 20, reclaimBatch: 8 },
  tasks: [
    { name: 'R', rss: 0, program: [{ op: 'alloc', order: 4, gfp: 'GFP_KERNEL', flags: ['__GFP_REPEAT'] }] },
    { name: 'T', rss: 0, program: [{ op: 'alloc', order: 2, gfp: 'GFP_ATOMIC', onFail: 'continue' }, { op: 'free', pages: 4 }] },
    { name: 'V', rss: 18, program: [{ op: 'hold' }] },
  ],
};

/** A costly NOFAIL request without REPEAT, which only costlyNofailNopage sends to nopage after reclaim. */
export const COSTLY_NOFAIL = {
  name: 'twins-costly-nofail',
  title: 'packed twins coverage: a costly NOFAIL request without REPEAT (costlyNofailNopage)',
  zone: { managed: 24, watermarks: { min: 2, low: 3, high: 4 }, clean: 2, reclaimBatch: 1 },
  tasks: [
    { name: 'A', rss: 2, program: [{ op: 'alloc', order: 4, gfp: 'GFP_KERNEL', flags: ['__GFP_NOFAIL'] }] },
    { name: 'V', rss: 5, program: [{ op: 'hold' }] },
  ],
};

/** The states of `model` in BFS order, at most `cap` of them. */
export function* reachable<S, A>(model: Pick<Model<S, A>, 'initialStates' | 'actions' | 'nextState' | 'encode'>, cap: number): Generator<S> {
  const initial = model.initialStates();
  const seen = new Set(initial.map((s) => model.encode(s)));
  const queue = [...initial];
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head];
    yield state;
    for (const e of seen.size < cap ? model.actions(state) : []) {
      const next = model.nextState(state, e);
      if (next === undefined || seen.size >= cap) continue;
      const key = model.encode(next);
      if (seen.has(key)) continue;
      seen.add(key);
      queue.push(next);
    }
  }
}

/** The built-in scenarios (at most `cap` states each) and the coverage ones above (`mixCap` for the two large mixes). */
export function coverageCases(cap: number, mixCap: number): { scenario: Scenario; cap: number }[] {
  return [
    ...builtinScenarios().map((scenario) => ({ scenario, cap })),
    { scenario: parseScenario(KSWAPD_MIX, 'test:kswapd-mix'), cap: mixCap },
    { scenario: parseScenario(SUSPEND_MIX, 'test:suspend-mix'), cap: mixCap },
    { scenario: parseScenario(NOFAIL_VICTIM, 'test:nofail-victim'), cap },
    { scenario: parseScenario(REPEAT_STEAL, 'test:repeat-steal'), cap },
    { scenario: parseScenario(COSTLY_NOFAIL, 'test:costly-nofail'), cap },
  ];
}
