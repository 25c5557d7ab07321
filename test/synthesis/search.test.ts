/**
 * The synthesis search on its own, against a fake checker whose verdicts are simple
 * functions of the document: shrinking, determinism, --against, unsettled candidates,
 * the not-found report, interrupts, and the re-check. The kernel runs are in
 * kernel.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { CheckResult, Status } from '../../checker/result.ts';
import type { ScenarioDoc } from '../../models/kernel/synthesis/arbitrary.ts';
import { synthesize, SynthesisCandidateError, SynthesisReplayError, type CandidateChecker } from '../../models/kernel/synthesis/search.ts';

type Rule = (doc: ScenarioDoc, policy: string) => Status;

const hasNofsAlloc = (doc: ScenarioDoc) => doc.tasks.some((t) => t.program.some((op) => op.op === 'alloc' && op.gfp === 'GFP_NOFS'));

/** A checker whose verdict is `rule`; its "state space" is 10 states per op. */
function fakeChecker(rule: Rule, calls: string[] = []): CandidateChecker {
  return {
    validate(policy, property) {
      if (policy === 'nonsense') throw new Error(`unknown policy ${policy}`);
      if (property !== 'p') throw new Error(`unknown property ${property}`);
    },
    async check(doc, policy, property, { maxStates }) {
      calls.push(policy);
      const states = 1 + 10 * doc.tasks.reduce((n, t) => n + t.program.length, 0);
      const complete = states <= maxStates;
      const status: Status = complete ? rule(doc, policy) : 'unknown';
      const result: CheckResult = {
        stats: { distinctStates: Math.min(states, maxStates), transitions: 0, maxDepth: 0, complete, elapsedMs: 0, statesPerSecond: 0, bytesPerState: 0, collisionProbability: 0 },
        results: [{ property, kind: 'liveness', status }],
      };
      if (status === 'violated') result.results[0].trace = { path: { init: 0, actions: [] }, steps: [] };
      return result;
    },
  };
}

describe('synthesize (fake checker)', () => {
  it('finds a violation and shrinks it to one task with one NOFS alloc', async () => {
    const r = await synthesize({ policy: 'v4.0', property: 'p', seed: 11, runs: 100 }, fakeChecker((d) => (hasNofsAlloc(d) ? 'violated' : 'holds')));
    expect(r.found).toBe(true);
    if (!r.found) return;
    expect(r.scenario.tasks).toEqual([{ name: 'A', rss: 0, program: [{ op: 'alloc', order: 0, gfp: 'GFP_NOFS' }] }]);
    expect(r.scenario.kthreads).toEqual([]);
    expect(r.size).toEqual({ tasks: 1, ops: 1, pages: 1, flags: 1, total: 4 });
    expect(r.violation.results[0].status).toBe('violated');
    expect(r.coverage.runs).toBeGreaterThan(0);
    expect(r.coverage.shrinkChecks).toBeGreaterThan(0);
    expect(r.coverage.shrinkCutShort).toBe(false);
  });

  it('gives the same result for the same seed, and explores differently for another', async () => {
    const rule: Rule = (d) => (hasNofsAlloc(d) && d.tasks.length >= 2 ? 'violated' : 'holds');
    const run = (seed: number) => synthesize({ policy: 'x', property: 'p', seed, runs: 200 }, fakeChecker(rule));
    const [a, b, c] = await Promise.all([run(5), run(5), run(6)]);
    const strip = (r: Awaited<ReturnType<typeof run>>) => ({ ...r, coverage: { ...r.coverage, elapsedMs: 0 } });
    expect(strip(a)).toEqual(strip(b));
    expect(a.found && c.found).toBe(true);
    expect(a.coverage.runs === c.coverage.runs && a.coverage.shrinkChecks === c.coverage.shrinkChecks).toBe(false);
  });

  it('with against: the other policy violates while the policy holds', async () => {
    // "new" breaks every NOFS alloc; "old" breaks those with more than one page of rss.
    const rule: Rule = (d, policy) => {
      if (!hasNofsAlloc(d)) return 'holds';
      if (policy === 'new') return 'violated';
      return d.tasks.some((t) => t.rss > 1) ? 'violated' : 'holds';
    };
    const calls: string[] = [];
    const r = await synthesize({ policy: 'old', against: 'new', property: 'p', seed: 3, runs: 200 }, fakeChecker(rule, calls));
    expect(r.found).toBe(true);
    if (!r.found) return;
    expect(r.against).toBe('new');
    expect(r.violation.results[0].status).toBe('violated');
    expect(r.holding?.results[0].status).toBe('holds');
    expect(r.scenario.tasks.every((t) => t.rss <= 1)).toBe(true);
    // "old" is checked only on candidates "new" violates.
    expect(calls.filter((p) => p === 'old').length).toBeLessThan(calls.filter((p) => p === 'new').length);
  });

  it('reports coverage, never "holds", when nothing is found; unsettled candidates are counted apart', async () => {
    // Violated only by a scenario too large to settle: every such candidate is unknown.
    const r = await synthesize(
      { policy: 'x', property: 'p', seed: 2, runs: 150, maxStatesPerCandidate: 25 },
      fakeChecker((d) => (d.tasks.reduce((n, t) => n + t.program.length, 0) >= 3 ? 'violated' : 'holds')),
    );
    expect(r.found).toBe(false);
    expect(r.coverage.runs).toBe(150);
    expect(r.coverage.unsettled).toBeGreaterThan(0);
    expect(r.coverage.settled).toBeGreaterThan(0);
    expect(r.coverage.settled + r.coverage.unsettled).toBe(r.coverage.distinctCandidates);
    expect(r.coverage.largestStateSpace).toBe(25);
    expect(r.coverage.bounds).toEqual({ maxTasks: 3, maxPages: 8, maxOps: 3 });
    expect(JSON.stringify(r)).not.toMatch(/holds/);
  });

  it('a vacuous or unknown verdict under the holding policy is not a difference', async () => {
    const rule: Rule = (d, policy) => (policy === 'new' ? 'violated' : d.tasks.length > 1 ? 'holds' : 'vacuous');
    const r = await synthesize({ policy: 'old', against: 'new', property: 'p', seed: 4, runs: 100 }, fakeChecker(rule));
    expect(r.found).toBe(true);
    if (r.found) expect(r.scenario.tasks).toHaveLength(2);
  });

  it('stops on an abort and says so', async () => {
    const controller = new AbortController();
    let checks = 0;
    const checker = fakeChecker(() => {
      if (++checks === 5) controller.abort();
      return 'holds';
    });
    const r = await synthesize({ policy: 'x', property: 'p', seed: 1, runs: 1000, signal: controller.signal }, checker);
    expect(r.found).toBe(false);
    expect(r.coverage.interrupted).toBe(true);
    expect(r.coverage.runs).toBe(5);
  });

  it('bounds the shrink by a count of checks, and says it was cut short', async () => {
    const r = await synthesize(
      { policy: 'x', property: 'p', seed: 11, runs: 100, maxShrinkChecks: 2 },
      fakeChecker((d) => (hasNofsAlloc(d) ? 'violated' : 'holds')),
    );
    expect(r.found && r.coverage.shrinkChecks).toBe(2);
    expect(r.coverage.shrinkCutShort).toBe(true);
  });

  it('reports progress with the phase and the best size so far', async () => {
    const phases = new Set<string>();
    let lastBest: number | undefined;
    await synthesize(
      { policy: 'x', property: 'p', seed: 11, runs: 100, onProgress: (p) => (phases.add(p.phase), (lastBest = p.best?.total)) },
      fakeChecker((d) => (hasNofsAlloc(d) ? 'violated' : 'holds')),
    );
    expect([...phases]).toEqual(['search', 'shrink']);
    expect(lastBest).toBe(4);
  });

  it('rejects an unknown policy or property before searching', async () => {
    await expect(synthesize({ policy: 'nonsense', property: 'p' }, fakeChecker(() => 'holds'))).rejects.toThrow(/unknown policy/);
    await expect(synthesize({ policy: 'x', against: 'nonsense', property: 'p' }, fakeChecker(() => 'holds'))).rejects.toThrow(/unknown policy/);
    await expect(synthesize({ policy: 'x', property: 'q' }, fakeChecker(() => 'holds'))).rejects.toThrow(/unknown property/);
  });

  it('a checker that throws on a scenario ends the search with that scenario, shrunk', async () => {
    const checker = fakeChecker((d) => {
      if (d.tasks.some((t) => t.program.some((op) => op.op === 'free'))) throw new Error('model bug on free');
      return 'holds';
    });
    const err = await synthesize({ policy: 'x', property: 'p', seed: 9, runs: 300 }, checker).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SynthesisCandidateError);
    expect((err as SynthesisCandidateError).scenario.tasks).toHaveLength(1);
    // `free` needs pages the task owns: either rss or an allocation before it.
    const ops = (err as SynthesisCandidateError).scenario.tasks[0].program.map((op) => op.op);
    expect(ops.length).toBeLessThanOrEqual(2);
    expect(ops[ops.length - 1]).toBe('free');
  });

  it('a re-check that disagrees with the search is an error, not a result', async () => {
    let flip = false;
    const inner = fakeChecker((d) => (hasNofsAlloc(d) && !flip ? 'violated' : 'holds'));
    const checker: CandidateChecker = {
      validate: inner.validate,
      check: async (doc, policy, property, o) => {
        // The re-check (a full check, after the search) answers differently.
        if (o.full && 'x' === policy && hasNofsAlloc(doc)) flip = true;
        return inner.check(doc, policy, property, o);
      },
    };
    await expect(synthesize({ policy: 'x', property: 'p', seed: 11, runs: 100 }, checker)).rejects.toBeInstanceOf(SynthesisReplayError);
  });
});
