/**
 * The kernel rules of MODEL.md, each asserted on single steps: a snapshot is put in an
 * exact state with xstate's machine.resolveState, one event is sent through the model
 * (xstate's transition), and the resulting context is checked. Each test names its rule.
 */
import { describe, expect, it } from 'vitest';
import { effectiveMark, watermarkOk } from '../../models/kernel/zone.ts';
import { buildKernelModel, type KernelSnapshotOf } from '../../models/kernel/system.ts';
import { kernelEvents } from '../../models/kernel/events.ts';
import { stepOutcome } from '../../models/kernel/step-outcome.ts';
import { TOGGLES, type Policy, type Toggle } from '../../models/kernel/policy-types.ts';
import type { Op, Scenario, TaskSpec, ZoneSpec } from '../../models/kernel/scenario/types.ts';
import type { KernelEvent } from '../../models/kernel/machine-parts.ts';
import type { AllocState, KernelContext, TaskState } from '../../models/kernel/state.ts';

// ---- a small harness --------------------------------------------------------------------

type TaskIn = Partial<Omit<TaskSpec, 'program'>> & { name: string; program?: Op[] };

function scenario(tasks: TaskIn[], zone: Partial<ZoneSpec> = {}, kthreads: Scenario['kthreads'] = []): Scenario {
  const z: ZoneSpec = { managed: 16, watermarks: { oom: 1, min: 2, low: 3, high: 4 }, clean: 0, dirty: 0, maxNoProgress: 2, ...zone };
  const specs: TaskSpec[] = tasks.map((t) => ({ rss: 0, oomScoreAdj: 0, holds: [], program: [], ...t }));
  const used = specs.reduce((s, t) => s + t.rss, 0) + z.clean + z.dirty;
  return { name: 'test', title: 'test', origin: 'test', kthreads, zone: z, tasks: specs, initialFree: z.managed - used };
}

function policy(...on: Toggle[]): Policy {
  return Object.fromEntries(TOGGLES.map((t) => [t, on.includes(t)])) as Policy;
}

const alloc = (gfp: 'GFP_KERNEL' | 'GFP_NOFS' | 'GFP_NOIO' | 'GFP_ATOMIC', extra: Partial<Extract<Op, { op: 'alloc' }>> = {}): Op => ({
  op: 'alloc',
  order: 0,
  gfp,
  flags: [],
  onFail: 'unwind',
  ...extra,
});

function harness(scn: Scenario, pol: Policy) {
  const km = buildKernelModel(scn, pol);
  const init = km.model.initialStates()[0];
  /** A snapshot with the given region values and context patches. */
  function at(regions: Record<string, unknown>, patch: (c: KernelContext) => KernelContext = (c) => c): KernelSnapshotOf {
    const value = { running: { ...(init.value as { running: Record<string, unknown> }).running, ...regions } };
    return km.machine.resolveState({ value, context: patch(init.context) } as never) as unknown as KernelSnapshotOf;
  }
  function step(s: KernelSnapshotOf, event: KernelEvent | string): KernelSnapshotOf | undefined {
    return km.model.nextState(s, typeof event === 'string' ? { type: event } : event);
  }
  function mustStep(s: KernelSnapshotOf, event: KernelEvent | string): KernelSnapshotOf {
    const next = step(s, event);
    if (!next) throw new Error(`event ${JSON.stringify(event)} not enabled in ${JSON.stringify(s.value)}`);
    return next;
  }
  return { ...km, init, at, step, mustStep, events: (s: KernelSnapshotOf) => kernelEvents(km.config, s) };
}

/** Patch helpers for contexts. */
function task(name: string, p: Partial<TaskState>) {
  return (c: KernelContext): KernelContext => ({ ...c, tasks: { ...c.tasks, [name]: { ...c.tasks[name], ...p } } });
}
function pending(name: string, scn: Scenario, p: Partial<AllocState> = {}) {
  return (c: KernelContext): KernelContext => {
    const t = c.tasks[name];
    const op = scn.tasks.find((x) => x.name === name)!.program[t.pc] as Extract<Op, { op: 'alloc' }>;
    const a: AllocState = { req: op, oomProgress: 0, reclaimed: 0, noProgressLoops: 0, page: false, postMark: null, victim: null, ...p };
    return { ...c, tasks: { ...c.tasks, [name]: { ...t, alloc: a } } };
  };
}
const compose =
  (...fs: ((c: KernelContext) => KernelContext)[]) =>
  (c: KernelContext) =>
    fs.reduce((x, f) => f(x), c);
const shared = (p: Partial<KernelContext>) => (c: KernelContext): KernelContext => ({ ...c, ...p });
const regionOf = (s: { value: unknown }, t: string) => (s.value as { running: Record<string, unknown> }).running[t];

// ---- MODEL.md 1: watermark arithmetic --------------------------------------------------

describe('MODEL.md 1 "Watermark check": m -= m/2 with __GFP_HIGH, m -= m/4 with ALLOC_HARDER, ok iff free - n >= m', () => {
  it.each([
    // mark, HIGH, HARDER, effective
    [8, false, false, 8],
    [8, true, false, 4],
    [8, false, true, 6],
    [8, true, true, 3], // 8 - 4 = 4, 4 - 1 = 3 (the kernel's 3/8)
    [3, true, false, 2], // 3 - floor(3/2)
    [3, false, true, 3], // floor(3/4) = 0
    [2, true, true, 1],
    [1, true, true, 1],
    [0, true, true, 0],
  ])('mark %i HIGH=%s HARDER=%s -> %i', (mark, high, harder, eff) => {
    expect(effectiveMark(mark, high, harder)).toBe(eff);
  });

  it.each([
    // free, n, mark, high, harder, ok
    [3, 1, 2, false, false, true],
    [2, 1, 2, false, false, false],
    [2, 1, 2, true, false, true], // 2 - 1 >= 1
    [2, 1, 2, true, true, true], // effective 1: 2 - 1 >= 1
    [1, 1, 2, true, true, false], // 1 - 1 < 1
    [9, 2, 8, true, true, true], // 3/8 of 8 = 3: 9 - 2 >= 3
    [4, 2, 8, true, true, false], // 4 - 2 < 3
  ])('free %i, %i pages at mark %i (HIGH=%s HARDER=%s) -> %s', (free, n, mark, high, harder, ok) => {
    expect(watermarkOk(free, n, { mark: 'min', high, harder }, { oom: 0, min: mark, low: mark, high: mark })).toBe(ok);
  });

  it('ALLOC_NO_WATERMARKS: ok iff free >= n', () => {
    const wm = { oom: 1, min: 2, low: 3, high: 4 };
    expect(watermarkOk(1, 1, { mark: 'nowmark', high: false, harder: false }, wm)).toBe(true);
    expect(watermarkOk(0, 1, { mark: 'nowmark', high: false, harder: false }, wm)).toBe(false);
    expect(watermarkOk(3, 4, { mark: 'nowmark', high: false, harder: false }, wm)).toBe(false);
  });
});

describe('MODEL.md 7 "Watermarks": which mark each attempt uses', () => {
  // managed 16, min 8: GFP_ATOMIC gets HIGH and HARDER at min: effective 3.
  const wm = { oom: 6, min: 8, low: 10, high: 12 };
  const scn = scenario([{ name: 'A', rss: 11, program: [alloc('GFP_ATOMIC')] }], { watermarks: wm });

  it('the fast path at low ignores HIGH/HARDER: GFP_ATOMIC with free 5 fails at low 10', () => {
    const h = harness(scn, policy());
    expect(h.init.context.free).toBe(5);
    const s = h.mustStep(h.init, 'A');
    expect(regionOf(s, 'A')).toEqual({ alloc: 'min' });
    expect(s.context.tasks.A.pages).toBe(11);
  });

  it('the attempt at min applies HIGH and HARDER: GFP_ATOMIC gets a page at free 5 (5 - 1 >= 3)', () => {
    const h = harness(scn, policy());
    const s = h.mustStep(h.mustStep(h.init, 'A'), 'A');
    expect(s.context.tasks.A.pages).toBe(12);
    expect(s.context.free).toBe(4);
    expect(regionOf(s, 'A')).toBe('finished' === regionOf(s, 'A') ? 'finished' : 'run');
  });

  it('GFP_KERNEL at min gets no HIGH/HARDER: fails at free 5 against min 8 and goes to reclaim', () => {
    const scnK = scenario([{ name: 'A', rss: 11, program: [alloc('GFP_KERNEL')] }], { watermarks: wm });
    const h = harness(scnK, policy());
    const s = h.mustStep(h.mustStep(h.init, 'A'), 'A');
    expect(regionOf(s, 'A')).toEqual({ alloc: 'reclaim' });
  });

  it('__GFP_HIGH alone halves min: order 0 at free 5 passes 8 - 4 = 4', () => {
    const scnH = scenario([{ name: 'A', rss: 11, program: [alloc('GFP_KERNEL', { flags: ['__GFP_HIGH'] })] }], { watermarks: wm });
    const h = harness(scnH, policy());
    const from = h.mustStep(h.init, 'A');
    const s = h.mustStep(from, 'A');
    expect(s.context.tasks.A.pages).toBe(12);
    const o = stepOutcome(h.config, from, { type: 'A' }, s);
    expect(o.attempt).toMatchObject({ mark: 'min', high: true, harder: false, threshold: 4, ok: true });
  });

  it('may_oom tries at high without HIGH/HARDER (v4.0), at min with them under syncOomKill', () => {
    const scnA = scenario([{ name: 'A', rss: 11, program: [alloc('GFP_KERNEL', { flags: ['__GFP_HIGH'] })] }], { watermarks: wm });
    for (const [pol, mark, threshold] of [
      [policy(), 'high', 12],
      [policy('syncOomKill'), 'min', 4],
    ] as const) {
      const h = harness(scnA, pol);
      const from = h.at({ A: { alloc: 'oomAttempt' } }, compose(pending('A', scnA), shared({ oomLock: 'A' })));
      const to = h.mustStep(from, 'A');
      expect(stepOutcome(h.config, from, { type: 'A' }, to).attempt).toMatchObject({ mark, threshold });
    }
  });
});

// ---- MODEL.md 3 step 6 / 7 "Victims": selection -----------------------------------------

describe('MODEL.md 3 / 7 "Victims": victim selection', () => {
  const scn = scenario([
    { name: 'A', rss: 1, program: [alloc('GFP_KERNEL')] },
    { name: 'V', rss: 6, program: [{ op: 'hold' }] },
    { name: 'W', rss: 6, program: [{ op: 'hold' }] },
    { name: 'U', rss: 9, oomScoreAdj: -1000, program: [{ op: 'hold' }] },
  ]);
  const atOom = (h: ReturnType<typeof harness>, extra: (c: KernelContext) => KernelContext = (c) => c) =>
    h.at({ A: { alloc: 'outOfMemory' } }, compose(pending('A', scn), shared({ oomLock: 'A' }), extra));

  it('the killable task with the most pages; a tie gives one event per candidate; -1000 is excluded', () => {
    const h = harness(scn, policy());
    const s = atOom(h);
    expect(h.events(s)).toEqual([
      { type: 'A.kill', victim: 'V' },
      { type: 'A.kill', victim: 'W' },
    ]);
    expect(h.step(s, { type: 'A.kill', victim: 'U' })).toBeUndefined();
    expect(h.step(s, { type: 'A.kill', victim: 'A' })).toBeUndefined();
    expect(h.step(s, 'A')).toBeUndefined();
  });

  it('a kill marks TIF_MEMDIE, oom_victims++, SIGKILL, and the allocation remembers its victim (one step)', () => {
    const h = harness(scn, policy());
    const from = atOom(h);
    const s = h.mustStep(from, { type: 'A.kill', victim: 'W' });
    expect(s.context.tasks.W).toMatchObject({ killed: true, memdie: true });
    expect(s.context.oomVictims).toBe(1);
    expect(s.context.tasks.A.alloc?.victim).toBe('W');
    expect(s.context.tasks.A.alloc?.oomProgress).toBe(1);
    expect(regionOf(s, 'A')).toEqual({ alloc: 'oomUnlock' });
    const o = stepOutcome(h.config, from, { type: 'A.kill', victim: 'W' }, s);
    expect(o.kill).toEqual({ killer: 'A', victim: 'W' });
    // v4.0 has no oom_lock mutex yet (RFC patch 6): its OOM lock is the zonelist's.
    expect(h.model.describeStep(from, { type: 'A.kill', victim: 'W' }, s)).toBe(
      'A [GFP_KERNEL order 0]: out_of_memory: selected W (6 pages), SIGKILL, oom_victims 1; unlocks the zonelist OOM lock next',
    );
  });

  it('the allocating task itself is a candidate (it has the most pages)', () => {
    const h = harness(scn, policy('syncOomKill'));
    const s = atOom(h, task('A', { pages: 7 }));
    expect(h.events(s)).toEqual([{ type: 'A.kill', victim: 'A' }]);
    const next = h.mustStep(s, { type: 'A.kill', victim: 'A' });
    expect(next.context.tasks.A).toMatchObject({ killed: true, memdie: true });
    // now TIF_MEMDIE itself: no syncOomKill wait
    expect(regionOf(next, 'A')).toEqual({ alloc: 'oomUnlock' });
  });

  it('a task with 0 pages is a candidate; with nothing killable out_of_memory panics', () => {
    const scn0 = scenario([
      { name: 'A', rss: 0, oomScoreAdj: -1000, program: [alloc('GFP_KERNEL')] },
      { name: 'Z', rss: 0, program: [{ op: 'hold' }] },
      { name: 'U', rss: 9, oomScoreAdj: -1000, program: [{ op: 'hold' }] },
    ]);
    const h = harness(scn0, policy());
    const s = h.at({ A: { alloc: 'outOfMemory' } }, compose(pending('A', scn0), shared({ oomLock: 'A' })));
    expect(h.events(s)).toEqual([{ type: 'A.kill', victim: 'Z' }]);
    const exited = h.at({ A: { alloc: 'outOfMemory' }, Z: 'finished' }, compose(pending('A', scn0), shared({ oomLock: 'A' }), task('Z', { mm: 'gone' })));
    expect(h.events(exited)).toEqual([{ type: 'A' }]);
    const p = h.mustStep(exited, 'A');
    expect(p.value).toBe('panic');
    expect(h.model.isFinal(p)).toBe(true);
    expect(h.events(p)).toEqual([]);
  });

  it('abort while any TIF_MEMDIE task lives, also between its exit_mm and exit_oom_victim (progress 1, nothing killed)', () => {
    const h = harness(scn, policy());
    for (const [region, mm] of [
      ['run', 'live'],
      ['exitOomVictim', 'gone'],
    ] as const) {
      const s = atOom(h, compose(task('V', { killed: true, memdie: true, mm, pages: mm === 'gone' ? 0 : 6 }), shared({ oomVictims: 1 })));
      const s2 = h.at({ A: { alloc: 'outOfMemory' }, V: region }, () => s.context);
      expect(h.events(s2)).toContainEqual({ type: 'A' });
      expect(h.events(s2).some((e) => e.type === 'A.kill')).toBe(false);
      const next = h.mustStep(s2, 'A');
      expect(next.context.oomVictims).toBe(1);
      expect(next.context.tasks.W.killed).toBe(false);
      expect(next.context.tasks.A.alloc?.oomProgress).toBe(1);
      expect(stepOutcome(h.config, s2, { type: 'A' }, next).oom?.kind).toBe('abort');
    }
  });

  it('a killed caller marks itself TIF_MEMDIE instead of selecting (not queued for the reaper)', () => {
    const h = harness(scn, policy('oomReaper'));
    const s = atOom(h, task('A', { killed: true }));
    const next = h.mustStep(s, 'A');
    expect(next.context.tasks.A.memdie).toBe(true);
    expect(next.context.oomVictims).toBe(1);
    expect(next.context.reaperQueue).toEqual([]);
    expect(stepOutcome(h.config, s, { type: 'A' }, next).selfMarked).toBe(true);
  });

  it('disabled: out_of_memory returns false, progress 0 (NOFAIL: 1), nothing killed', () => {
    const h = harness(scn, policy());
    const next = h.mustStep(atOom(h, shared({ oomDisabled: true })), 'A');
    expect(next.context.tasks.A.alloc?.oomProgress).toBe(0);
    expect(next.context.oomVictims).toBe(0);
  });
});

// ---- MODEL.md 3 step 6: v4.0 NOFS faked progress; patch 11; v4.7 -------------------------

describe('MODEL.md 3 step 6: !__GFP_FS in may_oom', () => {
  const scn = scenario([
    { name: 'A', rss: 2, program: [alloc('GFP_NOFS')] },
    { name: 'V', rss: 6, program: [{ op: 'hold' }] },
  ]);
  const atAttempt = (h: ReturnType<typeof harness>) => h.at({ A: { alloc: 'oomAttempt' } }, compose(pending('A', scn), shared({ free: 0, oomLock: 'A' })));

  it('v4.0: progress 1 without a kill, then unlock and goto retry', () => {
    const h = harness(scn, policy());
    const s = h.mustStep(atAttempt(h), 'A');
    expect(regionOf(s, 'A')).toEqual({ alloc: 'oomUnlock' });
    expect(s.context.tasks.A.alloc?.oomProgress).toBe(1);
    expect(s.context.tasks.V.killed).toBe(false);
    const r = h.mustStep(s, 'A');
    expect(r.context.oomLock).toBeNull();
    expect(regionOf(r, 'A')).toEqual({ alloc: 'min' });
  });

  it('nofsFail (patch 11): progress 0, the allocation fails at the unlock', () => {
    const h = harness(scn, policy('nofsFail'));
    const s = h.mustStep(atAttempt(h), 'A');
    expect(s.context.tasks.A.alloc?.oomProgress).toBe(0);
    const r = h.mustStep(s, 'A');
    expect(regionOf(r, 'A')).toBe('unwind');
    expect(stepOutcome(h.config, s, { type: 'A' }, r).allocReturned).toBe('failure');
  });

  it('nofsCheckInOom (v4.7): out_of_memory returns true without a kill', () => {
    const h = harness(scn, policy('nofsCheckInOom', 'oomLockMutex'));
    const s = h.mustStep(atAttempt(h), 'A');
    expect(regionOf(s, 'A')).toEqual({ alloc: 'outOfMemory' });
    expect(h.events(s)).toEqual([{ type: 'A' }]);
    const r = h.mustStep(s, 'A');
    expect(r.context.tasks.V.killed).toBe(false);
    expect(r.context.tasks.A.alloc?.oomProgress).toBe(1);
  });

  it('order > 3: progress 0 (no OOM kill for costly orders)', () => {
    const scnC = scenario([{ name: 'A', rss: 2, program: [alloc('GFP_KERNEL', { order: 4 })] }, { name: 'V', rss: 6, program: [{ op: 'hold' }] }]);
    const h = harness(scnC, policy());
    const s = h.mustStep(h.at({ A: { alloc: 'oomAttempt' } }, compose(pending('A', scnC), shared({ free: 0, oomLock: 'A' }))), 'A');
    expect(s.context.tasks.A.alloc?.oomProgress).toBe(0);
    expect(regionOf(h.mustStep(s, 'A'), 'A')).toBe('unwind');
  });
});

// ---- MODEL.md 4 / 7 syncOomKill ------------------------------------------------------------

describe('MODEL.md 7 "syncOomKill": the bounded wait holding oom_lock', () => {
  const scn = scenario([
    { name: 'A', rss: 2, holds: ['i_mutex'], program: [alloc('GFP_KERNEL'), { op: 'unlock', lock: 'i_mutex' }] },
    { name: 'V', rss: 6, program: [{ op: 'lock', lock: 'i_mutex' }] },
    { name: 'B', rss: 1, program: [alloc('GFP_KERNEL')] },
  ]);
  const killed = (h: ReturnType<typeof harness>) =>
    h.mustStep(h.at({ A: { alloc: 'outOfMemory' } }, compose(pending('A', scn), shared({ free: 0, oomLock: 'A' }))), { type: 'A.kill', victim: 'V' });

  it('after a kill the task waits holding oom_lock; only the timeout is enabled while a victim lives', () => {
    const h = harness(scn, policy('syncOomKill', 'oomLockMutex'));
    const s = killed(h);
    expect(regionOf(s, 'A')).toEqual({ alloc: 'oomWait' });
    expect(s.context.oomLock).toBe('A');
    expect(h.events(s).filter((e) => e.type.startsWith('A'))).toEqual([{ type: 'A.timeout' }]);
    expect(h.step(s, 'A')).toBeUndefined();
    const t = h.mustStep(s, 'A.timeout');
    expect(t.context.oomLock).toBeNull();
    expect(regionOf(t, 'A')).toEqual({ alloc: 'postOom' });
    expect(t.context.tasks.A.alloc?.postMark).toBe('min');
  });

  it('woken when oom_victims reaches 0', () => {
    const h = harness(scn, policy('syncOomKill', 'oomLockMutex'));
    const s = killed(h);
    const woken = h.at({ A: { alloc: 'oomWait' }, V: 'finished' }, () => ({ ...s.context, oomVictims: 0, tasks: { ...s.context.tasks, V: { ...s.context.tasks.V, memdie: false, mm: 'gone', pages: 0 } } }));
    expect(h.events(woken).filter((e) => e.type.startsWith('A'))).toEqual([{ type: 'A' }, { type: 'A.timeout' }]);
    expect(regionOf(h.mustStep(woken, 'A'), 'A')).toEqual({ alloc: 'postOom' });
  });

  it('a second allocator sleeps on oom_lock (killable) instead of backing off', () => {
    const h = harness(scn, policy('syncOomKill', 'oomLockMutex'));
    const s = killed(h);
    const b = h.at({ ...(s.value as { running: Record<string, unknown> }).running, B: { alloc: 'mayOom' } }, () => pending('B', scn)(s.context));
    const slept = h.mustStep(b, 'B');
    expect(regionOf(slept, 'B')).toEqual({ alloc: 'oomLockWait' });
    expect(h.step(slept, 'B')).toBeUndefined();
  });

  it('patientOomWait: no timeout while the victim can step; timeout once it sleeps on a lock the waiter holds', () => {
    const h = harness(scn, policy('syncOomKill', 'oomLockMutex', 'patientOomWait'));
    const s = killed(h); // V, killed at its op boundary, can step (it unwinds)
    expect(h.step(s, 'A.timeout')).toBeUndefined();
    // V went to sleep on i_mutex before the kill: a killed D-state sleeper cannot step
    const before = h.at({ A: { alloc: 'outOfMemory' } }, compose(pending('A', scn), shared({ free: 0, oomLock: 'A' })));
    const vSleeps = h.mustStep(before, 'V');
    expect(h.model.describeStep(before, { type: 'V' }, vSleeps)).toBe('V: sleeps in mutex_lock(i_mutex) held by A');
    expect(vSleeps.context.tasks.V.sleepingOn).toBe('i_mutex');
    const k = h.mustStep(vSleeps, { type: 'A.kill', victim: 'V' });
    expect(h.events(k).map((e) => e.type)).toEqual(['A.timeout', 'B']);
    expect(h.mustStep(k, 'A.timeout').context.oomLock).toBeNull();
  });

  it('TIF_MEMDIE on entry to may_oom: one NO_WATERMARKS attempt, progress 0 (fails without a page)', () => {
    const h = harness(scn, policy('syncOomKill', 'oomLockMutex'));
    const s = h.at({ A: { alloc: 'mayOom' } }, compose(pending('A', scn), task('A', { killed: true, memdie: true }), shared({ free: 0, oomVictims: 1 })));
    const r = h.mustStep(s, 'A');
    expect(regionOf(r, 'A')).toBe('unwind');
    expect(stepOutcome(h.config, s, { type: 'A' }, r).attempt?.mark).toBe('nowmark');
    const withPage = h.at({ A: { alloc: 'mayOom' } }, compose(pending('A', scn), task('A', { killed: true, memdie: true }), shared({ free: 1, oomVictims: 1 })));
    expect(h.mustStep(withPage, 'A').context.tasks.A.pages).toBe(3);
  });
});

// ---- MODEL.md 2 / 7: locks, kill and exit ------------------------------------------------

describe('MODEL.md 2 "Kill and exit" and 7 "Victims": lock waiters, unwind, exit order', () => {
  const scn = scenario([
    { name: 'A', rss: 2, holds: ['i_mutex'], program: [{ op: 'unlock', lock: 'i_mutex' }] },
    { name: 'V', rss: 6, holds: ['j_lock'], program: [{ op: 'lock', lock: 'i_mutex' }, { op: 'unlock', lock: 'i_mutex' }] },
  ]);

  it('a killed uninterruptible lock waiter keeps sleeping, takes the lock when freed, unwinds at its next op boundary', () => {
    const h = harness(scn, policy());
    let s = h.mustStep(h.init, 'V'); // sleeps in mutex_lock(i_mutex) held by A
    expect(regionOf(s, 'V')).toBe('lockWait');
    s = h.at({ V: 'lockWait' }, () => ({ ...s.context, oomVictims: 1, tasks: { ...s.context.tasks, V: { ...s.context.tasks.V, killed: true, memdie: true } } }));
    expect(h.events(s).map((e) => e.type)).toEqual(['A']);
    expect(h.step(s, 'V')).toBeUndefined();
    s = h.mustStep(s, 'A'); // mutex_unlock(i_mutex)
    s = h.mustStep(s, 'V'); // wakes, takes i_mutex
    expect(s.context.locks.i_mutex).toBe('V');
    expect(regionOf(s, 'V')).toBe('run');
    // unwind: releases every lock in one step
    const u = h.mustStep(s, 'V');
    expect(u.context.locks).toEqual({ i_mutex: null, j_lock: null });
    expect(u.context.tasks.V.pages).toBe(6);
    expect(regionOf(u, 'V')).toBe('exitMm');
    // exit_mm frees every page
    const e = h.mustStep(u, 'V');
    expect(e.context.tasks.V.pages).toBe(0);
    expect(e.context.free).toBe(u.context.free + 6);
    expect(e.context.tasks.V.memdie).toBe(true);
    expect(regionOf(e, 'V')).toBe('exitOomVictim');
    expect(h.model.describeStep(u, { type: 'V' }, e)).toBe('V: exit_mm frees 6 pages');
    // exit_oom_victim clears TIF_MEMDIE and decrements oom_victims
    const x = h.mustStep(e, 'V');
    expect(x.context.tasks.V.memdie).toBe(false);
    expect(x.context.oomVictims).toBe(0);
    expect(regionOf(x, 'V')).toBe('finished');
  });

  it('a killable waiter leaves the wait at once when killed (and unwinds in that step)', () => {
    const scnK = scenario([
      { name: 'A', rss: 2, holds: ['i_mutex'], program: [{ op: 'hold' }] },
      { name: 'V', rss: 6, holds: ['j_lock'], program: [{ op: 'lockKillable', lock: 'i_mutex' }] },
    ]);
    const h = harness(scnK, policy());
    const s = h.at({ V: 'lockWaitKillable' }, compose(task('V', { killed: true, memdie: true }), shared({ oomVictims: 1 })));
    const u = h.mustStep(s, 'V');
    expect(u.context.locks.j_lock).toBeNull();
    expect(regionOf(u, 'V')).toBe('exitMm');
  });

  it('a killed task with no locks goes straight to exit_mm (the unwind step is skipped)', () => {
    const scnH = scenario([{ name: 'V', rss: 6, program: [{ op: 'hold' }] }]);
    const h = harness(scnH, policy());
    expect(h.events(h.init)).toEqual([]);
    expect(h.model.isFinal(h.init)).toBe(true);
    const s = h.at({}, compose(task('V', { killed: true, memdie: true }), shared({ oomVictims: 1 })));
    const e = h.mustStep(s, 'V');
    expect(regionOf(e, 'V')).toBe('exitOomVictim');
    expect(e.context.tasks.V.pages).toBe(0);
  });
});

// ---- MODEL.md 1 / 3 step 4 / 7: reclaim ---------------------------------------------------

describe('MODEL.md 7 "Steps": reclaim takes clean before dirty, dirty only with __GFP_FS', () => {
  const make = (gfp: 'GFP_KERNEL' | 'GFP_NOFS') => scenario([{ name: 'A', rss: 4, program: [alloc(gfp, { order: 1 })] }], { clean: 1, dirty: 3 });

  it('GFP_KERNEL: batch 2^order takes the 1 clean page then 1 dirty', () => {
    const scn = make('GFP_KERNEL');
    const h = harness(scn, policy());
    const s = h.at({ A: { alloc: 'reclaim' } }, pending('A', scn));
    const r = h.mustStep(s, 'A');
    expect(r.context).toMatchObject({ clean: 0, dirty: 2, free: s.context.free + 2 });
    expect(regionOf(r, 'A')).toEqual({ alloc: 'afterReclaim' });
    expect(stepOutcome(h.config, s, { type: 'A' }, r).reclaim).toEqual({ clean: 1, dirty: 1 });
  });

  it('GFP_NOFS: only the clean page; with no clean cache left it frees nothing (progress 0)', () => {
    const scn = make('GFP_NOFS');
    const h = harness(scn, policy());
    const s = h.at({ A: { alloc: 'reclaim' } }, pending('A', scn));
    const r = h.mustStep(s, 'A');
    expect(r.context).toMatchObject({ clean: 0, dirty: 3, free: s.context.free + 1 });
    const none = h.at({ A: { alloc: 'reclaim' } }, compose(pending('A', scn), shared({ clean: 0, free: 1 })));
    const r2 = h.mustStep(none, 'A');
    expect(r2.context.dirty).toBe(3);
    expect(regionOf(r2, 'A')).toEqual({ alloc: 'mayOom' });
    expect(h.model.describeStep(none, { type: 'A' }, r2)).toMatch(/^A \[GFP_NOFS order 1\]: direct reclaim freed 0 pages; __alloc_pages_may_oom$/);
  });

  it('TIF_MEMDIE is read again at the reclaim step: fails there unless NOFAIL', () => {
    const scn = make('GFP_KERNEL');
    const h = harness(scn, policy());
    const s = h.at({ A: { alloc: 'reclaim' } }, compose(pending('A', scn), task('A', { killed: true, memdie: true }), shared({ oomVictims: 1 })));
    const r = h.mustStep(s, 'A');
    expect(regionOf(r, 'A')).toBe('unwind');
    expect(r.context.clean).toBe(1);
  });
});

// ---- MODEL.md 4 / 7: lowOrderFail, reserves, reaper ---------------------------------------

describe('MODEL.md 7 "lowOrderFail" and "Reserves"', () => {
  const scn = scenario([
    { name: 'A', rss: 2, program: [alloc('GFP_KERNEL')] },
    { name: 'B', rss: 2, program: [alloc('GFP_KERNEL')] },
    { name: 'V', rss: 6, program: [{ op: 'hold' }] },
  ]);
  const contended = (h: ReturnType<typeof harness>) => h.at({ A: { alloc: 'mayOom' }, B: { alloc: 'oomAttempt' } }, compose(pending('A', scn), pending('B', scn), shared({ oomLock: 'B', free: 0 })));

  it('without lowOrderFail the task that loses the trylock backs off and retries (progress 1)', () => {
    const h = harness(scn, policy());
    expect(regionOf(h.mustStep(contended(h), 'A'), 'A')).toEqual({ alloc: 'min' });
  });

  it('lowOrderFail: the task that loses the trylock fails at once', () => {
    const h = harness(scn, policy('lowOrderFail'));
    expect(regionOf(h.mustStep(contended(h), 'A'), 'A')).toBe('unwind');
  });

  it('lowOrderFail: the task that issued a kill gets no further attempt (fails at the unlock)', () => {
    const h = harness(scn, policy('lowOrderFail'));
    const s = h.mustStep(h.at({ A: { alloc: 'outOfMemory' } }, compose(pending('A', scn), shared({ oomLock: 'A', free: 0 }))), { type: 'A.kill', victim: 'V' });
    const u = h.mustStep(s, 'A');
    expect(regionOf(u, 'A')).toBe('unwind');
    expect(u.context.oomLock).toBeNull();
  });

  it('oomReserves: after out_of_memory (even false) the next attempt is at the oom mark; nofailReserves gives NOFAIL NO_WATERMARKS', () => {
    const h = harness(scn, policy('oomReserves'));
    const s = h.mustStep(h.at({ A: { alloc: 'outOfMemory' } }, compose(pending('A', scn), shared({ oomLock: 'A', free: 2, oomDisabled: true }))), 'A');
    expect(s.context.tasks.A.alloc?.postMark).toBe('oom');
    const u = h.mustStep(s, 'A');
    expect(regionOf(u, 'A')).toEqual({ alloc: 'postOom' });
    const got = h.mustStep(u, 'A'); // 2 - 1 >= oom 1
    expect(got.context.tasks.A.pages).toBe(3);
    expect(stepOutcome(h.config, u, { type: 'A' }, got)).toMatchObject({ attempt: { mark: 'oom', ok: true }, allocReturned: 'success' });
  });
});

describe('MODEL.md 7 "oom_reaper"', () => {
  const scn = scenario([
    { name: 'A', rss: 2, program: [alloc('GFP_KERNEL')] },
    { name: 'V', rss: 6, program: [{ op: 'hold' }] },
    { name: 'S', rss: 1, holds: ['mmap_sem'], program: [{ op: 'hold' }] },
  ]);
  it('a kill queues the victim; the reaper frees its pages, clears TIF_MEMDIE, hides it', () => {
    const h = harness(scn, policy('oomReaper'));
    const s = h.mustStep(h.at({ A: { alloc: 'outOfMemory' }, S: 'finished' }, compose(pending('A', scn), shared({ oomLock: 'A', free: 0, locks: { mmap_sem: null } }))), { type: 'A.kill', victim: 'V' });
    expect(s.context.reaperQueue).toEqual(['V']);
    const r = h.mustStep(s, 'oom_reaper');
    expect(r.context.tasks.V).toMatchObject({ pages: 0, memdie: false, mm: 'reaped', killed: true });
    expect(r.context.oomVictims).toBe(0);
    expect(r.context.free).toBe(6);
  });
  it('while mmap_sem is held it frees nothing, but still clears the flag and hides the task', () => {
    const h = harness(scn, policy('oomReaper'));
    const s = h.mustStep(h.at({ A: { alloc: 'outOfMemory' } }, compose(pending('A', scn), shared({ oomLock: 'A', free: 0 }))), { type: 'A.kill', victim: 'V' });
    const r = h.mustStep(s, 'oom_reaper');
    expect(r.context.tasks.V).toMatchObject({ pages: 6, memdie: false, mm: 'skip' });
    expect(r.context.oomVictims).toBe(0);
    expect(h.model.describeStep(s, { type: 'oom_reaper' }, r)).toMatch(/mmap_sem is held: frees nothing/);
  });
});

// A kernel developer reads the steps in the kernel's own names for the policy: v4.0 takes
// the zonelist's OOM lock (oom_zonelist_trylock) and clears TIF_MEMDIE in unmark_oom_victim;
// the oom_lock mutex is RFC patch 6 (v4.2), exit_oom_victim patch 2. mmap_sem is an
// rw_semaphore, not a mutex.
describe('step names follow the policy', () => {
  it('names the OOM lock and the victim exit as the policy\'s kernel does', async () => {
    const { checkScenario } = await import('../../models/kernel/check-scenario.ts');
    const { findScenario } = await import('../../models/kernel/scenario/index.ts');
    const { resolvePolicy } = await import('../../models/kernel/policy.ts');
    const text = async (scenario: string, policy: string) => {
      const r = await checkScenario(findScenario(scenario), resolvePolicy(policy), { properties: ['nofsReturns', 'victimExits', 'allTasksFinish'] });
      return r.results.flatMap((x) => x.trace?.steps.map((step) => step.description ?? '') ?? []).join('\n');
    };
    const v40 = await text('victim-behind-imutex', 'v4.0');
    expect(v40).toMatch(/oom_zonelist_trylock: taken/);
    expect(v40).not.toMatch(/oom_lock/);
    const v42 = await text('victim-behind-imutex', 'v4.2');
    expect(v42).toMatch(/trylock oom_lock: taken/);
    const sibling = await text('mmap-sem-sibling', 'v4.0');
    expect(sibling).toMatch(/sleeps in down_read\(mmap_sem\) held by T/);
    expect(sibling).not.toMatch(/mutex_lock\(mmap_sem\)/);
  });
});
