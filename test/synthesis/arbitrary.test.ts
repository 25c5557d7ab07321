/**
 * The scenario generator of synthesis: every document it draws is valid within its
 * bounds, and fast-check's shrinking goes toward fewer tasks, fewer ops, fewer pages
 * and simpler flags. (The loader's own acceptance of every document is in
 * loader-accepts.test.ts.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BOUNDS, GFP_CHOICES, LOCK_NAMES, scenarioDocArb, type ScenarioBounds, type ScenarioDoc } from '../../models/kernel/synthesis/arbitrary.ts';
import { scenarioSize } from '../../models/kernel/synthesis/size.ts';

/** MODEL.md section 6's rules, independently of the loader: the reasons a document is invalid. */
function problems(doc: ScenarioDoc, bounds: ScenarioBounds): string[] {
  const out: string[] = [];
  const z = doc.zone;
  const used = doc.tasks.reduce((s, t) => s + t.rss, 0) + z.clean + z.dirty;
  if (z.managed - used < 0) out.push(`free ${z.managed - used} < 0`);
  if (z.managed < 1 || z.managed > bounds.maxPages) out.push(`managed ${z.managed} out of 1..${bounds.maxPages}`);
  const w = z.watermarks;
  if (!(0 <= w.oom && w.oom <= w.min && w.min <= w.low && w.low <= w.high && w.high <= z.managed)) out.push(`watermarks ${JSON.stringify(w)}`);
  if (doc.tasks.length < 1 || doc.tasks.length > bounds.maxTasks) out.push(`${doc.tasks.length} tasks`);
  const names = new Set(doc.tasks.map((t) => t.name));
  if (names.size !== doc.tasks.length) out.push('duplicate task names');
  const heldAtStart = new Map<string, string>();
  for (const t of doc.tasks) {
    if (t.program.length > bounds.maxOps) out.push(`${t.name}: ${t.program.length} ops`);
    if (t.oomScoreAdj !== undefined && t.oomScoreAdj !== -1000) out.push(`${t.name}: oomScoreAdj ${t.oomScoreAdj}`);
    const held = new Set<string>();
    let maxOwned = t.rss;
    for (const l of t.holds ?? []) {
      if (heldAtStart.has(l)) out.push(`${l} held at start by ${heldAtStart.get(l)} and ${t.name}`);
      heldAtStart.set(l, t.name);
      if (held.has(l)) out.push(`${t.name} holds ${l} twice`);
      held.add(l);
    }
    t.program.forEach((op, i) => {
      const at = `${t.name}.program[${i}]`;
      if (op.op === 'lock' || op.op === 'lockKillable') {
        if (held.has(op.lock)) out.push(`${at}: locks ${op.lock} already held`);
        held.add(op.lock);
      } else if (op.op === 'unlock') {
        if (!held.has(op.lock)) out.push(`${at}: unlocks ${op.lock} not held`);
        held.delete(op.lock);
      } else if (op.op === 'alloc') {
        if (!(Number.isInteger(op.order) && op.order >= 0 && op.order <= 4)) out.push(`${at}: order ${op.order}`);
        if (op.order > 0 && 2 ** op.order > z.managed) out.push(`${at}: order ${op.order} in a zone of ${z.managed} pages`);
        if (!GFP_CHOICES.includes(op.gfp)) out.push(`${at}: gfp ${op.gfp}`);
        const flags = op.flags ?? [];
        if (new Set(flags).size !== flags.length) out.push(`${at}: repeated flag`);
        if (flags.includes('__GFP_NOFAIL') && (op.gfp === 'GFP_ATOMIC' || flags.includes('__GFP_NORETRY'))) out.push(`${at}: NOFAIL with ${op.gfp} ${flags}`);
        maxOwned += 2 ** op.order;
      } else if (op.op === 'free') {
        if (!(Number.isInteger(op.pages) && op.pages >= 1 && op.pages <= maxOwned)) out.push(`${at}: free ${op.pages} of at most ${maxOwned}`);
        maxOwned -= op.pages;
      } else if (op.op === 'hold') {
        if (i !== t.program.length - 1) out.push(`${at}: ops after hold`);
      }
      if ('lock' in op && !(LOCK_NAMES as readonly string[]).includes(op.lock)) out.push(`${at}: lock ${op.lock}`);
    });
  }
  return out;
}

const boundsArb: fc.Arbitrary<ScenarioBounds> = fc.record({
  maxTasks: fc.integer({ min: 1, max: 5 }),
  maxPages: fc.integer({ min: 1, max: 16 }),
  maxOps: fc.integer({ min: 0, max: 6 }),
});

describe('scenarioDocArb', () => {
  it('draws only valid documents within their bounds (2,000 runs over random bounds)', () => {
    fc.assert(
      fc.property(boundsArb.chain((b) => fc.tuple(fc.constant(b), scenarioDocArb(b))), ([bounds, doc]) => {
        expect(problems(doc, bounds)).toEqual([]);
      }),
      { numRuns: 2000, seed: 6 },
    );
  });

  it('draws documents that survive a JSON round trip unchanged (no undefined, no NaN)', () => {
    fc.assert(
      fc.property(scenarioDocArb(DEFAULT_BOUNDS), (doc) => {
        expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('is deterministic for a seed', () => {
    const a = fc.sample(scenarioDocArb(DEFAULT_BOUNDS), { seed: 42, numRuns: 20 });
    const b = fc.sample(scenarioDocArb(DEFAULT_BOUNDS), { seed: 42, numRuns: 20 });
    expect(a).toEqual(b);
  });

  it('covers every op, gfp, flag, onFail and kthread (so synthesis can reach any hang of MODEL.md section 6)', () => {
    const seen = new Set<string>();
    for (const doc of fc.sample(scenarioDocArb({ maxTasks: 3, maxPages: 16, maxOps: 4 }), { seed: 1, numRuns: 500 })) {
      for (const k of doc.kthreads) seen.add(k);
      for (const t of doc.tasks) {
        if (t.oomScoreAdj === -1000) seen.add('unkillable');
        if (t.holds?.length) seen.add('holds');
        for (const op of t.program) {
          seen.add(op.op);
          if (op.op === 'alloc') {
            seen.add(op.gfp);
            seen.add(`order${op.order}`);
            for (const f of op.flags ?? []) seen.add(f);
            seen.add(op.onFail ?? 'unwind');
          }
        }
      }
    }
    const expected = [
      'kswapd', 'oom_reaper', 'unkillable', 'holds',
      'lock', 'lockKillable', 'unlock', 'alloc', 'free', 'oomDisable', 'oomEnable', 'hold',
      'GFP_KERNEL', 'GFP_NOFS', 'GFP_NOIO', 'GFP_ATOMIC', 'order0', 'order1', 'order2', 'order3', 'order4',
      '__GFP_NOFAIL', '__GFP_NORETRY', '__GFP_REPEAT', '__GFP_HIGH', 'unwind', 'continue', 'retry',
    ];
    expect([...expected].filter((e) => !seen.has(e))).toEqual([]);
  });
});

describe('shrinking', () => {
  /** The shrunk counterexample of a predicate that fails on every document with a matching alloc. */
  function shrinkToAlloc(matches: (op: ScenarioDoc['tasks'][number]['program'][number]) => boolean): ScenarioDoc {
    const details = fc.check(
      fc.property(scenarioDocArb({ maxTasks: 4, maxPages: 12, maxOps: 4 }), (doc) => !doc.tasks.some((t) => t.program.some(matches))),
      { seed: 3, numRuns: 2000 },
    );
    expect(details.failed).toBe(true);
    return details.counterexample![0];
  }

  it('goes to one task, one op, one page, no flags, no kthread, default watermarks', () => {
    const doc = shrinkToAlloc((op) => op.op === 'alloc');
    expect(doc.kthreads).toEqual([]);
    expect(doc.tasks).toEqual([{ name: 'A', rss: 0, program: [{ op: 'alloc', order: 0, gfp: 'GFP_KERNEL' }] }]);
    expect(doc.zone).toEqual({ managed: 1, watermarks: { oom: 0, min: 0, low: 0, high: 0 }, clean: 0, dirty: 0 });
    expect(scenarioSize(doc)).toEqual({ tasks: 1, ops: 1, pages: 1, flags: 0, total: 3 });
  });

  it('keeps only what the failure needs: a NOFS NOFAIL order-2 alloc loses every other choice', () => {
    const doc = shrinkToAlloc((op) => op.op === 'alloc' && op.gfp === 'GFP_NOFS' && op.order >= 2 && (op.flags ?? []).includes('__GFP_NOFAIL'));
    expect(doc.tasks).toHaveLength(1);
    expect(doc.tasks[0].program).toEqual([{ op: 'alloc', order: 2, gfp: 'GFP_NOFS', flags: ['__GFP_NOFAIL'] }]);
    // An order-2 request needs a zone of 4 pages at least: no smaller.
    expect(doc.zone.managed).toBe(4);
  });

  it('needs two tasks only when the failure does: a lock the other task holds', () => {
    const details = fc.check(
      fc.property(scenarioDocArb({ maxTasks: 4, maxPages: 12, maxOps: 4 }), (doc) => {
        const holders = new Map(doc.tasks.flatMap((t) => (t.holds ?? []).map((l) => [l, t.name] as const)));
        return !doc.tasks.some((t) => t.program.some((op) => op.op === 'lock' && holders.has(op.lock) && holders.get(op.lock) !== t.name));
      }),
      { seed: 5, numRuns: 5000 },
    );
    expect(details.failed).toBe(true);
    const doc = details.counterexample![0];
    // Either task may be the holder: both orders are equally small.
    const strip = ({ name: _name, ...t }: ScenarioDoc['tasks'][number]) => t;
    expect(doc.tasks.map(strip)).toEqual(
      expect.arrayContaining([
        { rss: 0, holds: ['i_mutex'], program: [] },
        { rss: 0, program: [{ op: 'lock', lock: 'i_mutex' }] },
      ]),
    );
    expect(scenarioSize(doc)).toEqual({ tasks: 2, ops: 1, pages: 1, flags: 1, total: 5 });
  });
});
