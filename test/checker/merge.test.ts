/** checker/merge.ts: combining the JSON results of shards and exhaustive runs. */
import { describe, expect, it } from 'vitest';
import { mergeReports, mergeStats, MergeError, whyNotRunReport, type RunReport } from '../../checker/merge.ts';
import type { JsonResult, JsonTrace } from '../../checker/report/json.ts';
import type { Stats } from '../../checker/result.ts';

const stats = (over: Partial<Stats> = {}): Stats => ({
  distinctStates: 100,
  transitions: 300,
  maxDepth: 10,
  complete: false,
  elapsedMs: 1000,
  statesPerSecond: 100,
  bytesPerState: 20,
  collisionProbability: 1e-12,
  ...over,
});

const trace = (steps: number): JsonTrace => ({
  steps: Array.from({ length: steps + 1 }, (_, index) => ({ index, event: index === 0 ? null : { type: 'inc' }, state: { n: index }, changed: { n: index } })),
  path: { init: 0, actions: Array.from({ length: steps }, () => 0) },
});

const source = { kind: 'model-file', file: 'm.ts' };
const shard = (index: number, results: JsonResult[], over: Partial<Stats> = {}): RunReport => ({
  source,
  shard: { index, count: 3, seed: 42 + index },
  simulation: { seed: 42 + index },
  stats: stats(over),
  results,
});
const exhaustive = (results: JsonResult[], complete = true): RunReport => ({ source, stats: stats({ complete }), results });

const inv = (status: JsonResult['status'], steps?: number): JsonResult => ({ property: 'inv', kind: 'invariant', status, ...(steps !== undefined ? { trace: trace(steps) } : {}) });

describe('mergeReports', () => {
  it('merges the coverage of the runs that counted it, and says how many did', () => {
    // One shard ran with --coverage, the other without: the merged coverage is that
    // shard's alone, and merge.coverageRuns says it came from 1 of the 2.
    const coverage = { actions: [{ action: 'inc', offered: 5, taken: 4, newStates: 3 }], fields: [{ field: 'n', distinct: 2, capped: false, values: [0, 1], min: 0, max: 1 }] };
    const merged = mergeReports([
      { label: 'a', report: { ...shard(0, [inv('unknown')]), coverage } },
      { label: 'b', report: shard(1, [inv('unknown')]) },
    ]);
    expect(merged.merge.coverageRuns).toBe(1);
    expect(merged.coverage).toEqual(coverage);
    expect(mergeReports([{ label: 'b', report: shard(1, [inv('unknown')]) }]).coverage).toBeUndefined();
  });

  it('a property is violated if any shard violated it, with the shortest trace', () => {
    const merged = mergeReports([
      { label: 'a', report: shard(0, [inv('violated', 9)]) },
      { label: 'b', report: shard(1, [inv('unknown')]) },
      { label: 'c', report: shard(2, [inv('violated', 4)]) },
    ]);
    expect(merged.results[0].status).toBe('violated');
    expect(merged.results[0].trace!.steps).toHaveLength(5);
    expect(merged.results[0].foundBy).toBe('shard 2/3 (seed 44)');
  });

  it('holds only when an exhaustive complete run says so; simulations alone leave it unknown', () => {
    const shards = [0, 1].map((i) => ({ label: `s${i}`, report: shard(i, [inv('unknown')]) }));
    const unknown = mergeReports(shards).results[0];
    expect(unknown.status).toBe('unknown');
    expect(unknown.message).toMatch(/not settled by any of the 2 runs \(2 simulations/);

    expect(mergeReports([...shards, { label: 'x', report: exhaustive([inv('holds')], false) }]).results[0].status).toBe('unknown');
    const settled = mergeReports([...shards, { label: 'full.json', report: exhaustive([inv('holds')]) }]);
    expect(settled.results[0].status).toBe('holds');
    expect(settled.results[0].foundBy).toBe('full.json');
    expect(settled.stats.complete).toBe(true);
    // A violation still wins over a holds (a counterexample is definite).
    expect(mergeReports([{ label: 'full', report: exhaustive([inv('holds')]) }, { label: 's', report: shard(0, [inv('violated', 3)]) }]).results[0].status).toBe('violated');
  });

  it('a reachability witness from any run is a proof: holds, with the shortest witness', () => {
    const reach = (status: JsonResult['status'], steps?: number): JsonResult => ({ property: 'r', kind: 'reachability', status, ...(steps !== undefined ? { witness: trace(steps) } : {}) });
    const merged = mergeReports([
      { label: 'a', report: shard(0, [reach('holds', 6)]) },
      { label: 'b', report: shard(1, [reach('holds', 2)]) },
      { label: 'c', report: shard(2, [reach('unknown')]) },
    ]);
    expect(merged.results[0].status).toBe('holds');
    expect(merged.results[0].witness!.steps).toHaveLength(3);
  });

  it('sums the statistics (distinct states as an upper bound), takes the deepest depth, and lists the runs', () => {
    const merged = mergeReports([
      { label: 'a', report: shard(0, [inv('unknown')], { distinctStates: 100, transitions: 10, maxDepth: 5, bytesPerState: 10 }) },
      { label: 'b', report: shard(1, [inv('unknown')], { distinctStates: 300, transitions: 20, maxDepth: 50, bytesPerState: 30 }) },
    ]);
    expect(merged.stats).toMatchObject({ distinctStates: 400, transitions: 30, maxDepth: 50, complete: false, elapsedMs: 2000, statesPerSecond: 200, bytesPerState: 25 });
    expect(merged.merge.distinctStates).toMatch(/^upper bound/);
    expect(merged.merge.runs.map((r) => r.shard?.index)).toEqual([0, 1]);
    expect(merged.source).toEqual(source);
  });

  it('keeps properties in first-seen order, including ones only some runs checked', () => {
    const other: JsonResult = { property: 'other', kind: 'deadlock', status: 'unknown' };
    const merged = mergeReports([{ label: 'a', report: shard(0, [inv('unknown')]) }, { label: 'b', report: shard(1, [other, inv('unknown')]) }]);
    expect(merged.results.map((r) => r.property)).toEqual(['inv', 'other']);
  });

  it('refuses nothing, non-reports and reports of different models', () => {
    expect(() => mergeReports([])).toThrow(MergeError);
    expect(whyNotRunReport({ stats: {} })).toMatch(/results/);
    expect(whyNotRunReport({ error: { message: 'x' } })).toMatch(/failed/);
    expect(whyNotRunReport(exhaustive([inv('holds')]))).toBeUndefined();
    const kernel = (policy: string): RunReport => ({ ...exhaustive([inv('holds')]), source: { kind: 'kernel' }, scenario: { name: 's' }, policy: { spec: policy } });
    expect(() => mergeReports([{ label: 'a', report: kernel('v4.0') }, { label: 'b', report: kernel('rfc') }])).toThrow(/different models/);
  });

  // A merged verdict is only as sound as its inputs: a violation wins the merge, so a
  // "violated" with no counterexample, an unknown status or kind, or one run counted twice
  // would make the merged report claim what no run showed.
  it('refuses results no run prints, and the same run twice', () => {
    expect(whyNotRunReport(exhaustive([inv('bogus' as never)]))).toMatch(/inv: status "bogus" is not one of holds, violated, vacuous, unknown/);
    expect(whyNotRunReport(exhaustive([{ ...inv('holds'), kind: 'safety' as never }]))).toMatch(/kind "safety"/);
    expect(whyNotRunReport(exhaustive([inv('violated')]))).toMatch(/inv: violated without its counterexample/);
    expect(whyNotRunReport(exhaustive([inv('violated', 3)]))).toBeUndefined();
    // A `sometimes` property is violated by a complete run without a witness: no trace.
    expect(whyNotRunReport(exhaustive([{ property: 'r', kind: 'reachability', status: 'violated' }]))).toBeUndefined();
    const a = shard(0, [inv('unknown')]);
    expect(() => mergeReports([{ label: 'a.json', report: a }, { label: 'b.json', report: structuredClone(a) }])).toThrow(/a\.json and b\.json are the same run/);
  });

  it('mergeStats bounds the collision probability by the sum', () => {
    expect(mergeStats([stats({ collisionProbability: 0.7 }), stats({ collisionProbability: 0.6 })]).collisionProbability).toBe(1);
  });
});
