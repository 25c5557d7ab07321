/** The pure renderers (checker/report/text.ts and json.ts) on hand-made results. */
import { describe, expect, it } from 'vitest';
import { renderJson } from '../../checker/report/json.ts';
import { renderText } from '../../checker/report/text.ts';
import type { CheckResult, Trace } from '../../checker/result.ts';

const stats = {
  distinctStates: 1234567, transitions: 2345678, maxDepth: 17, complete: true, elapsedMs: 2500,
  statesPerSecond: 493826.8, bytesPerState: 24, collisionProbability: 1.5e-7,
};

const lasso: Trace = {
  path: { init: 0, actions: [1, 0], loop: 1 },
  loop: 1,
  steps: [
    { index: 0, state: { task: 'running', free: 4 }, changed: {} },
    { index: 1, event: { type: 'alloc', order: 0 }, process: 'A', description: 'A: direct reclaim freed 0 pages', state: { task: 'reclaim', free: 4 }, changed: { task: 'reclaim' } },
    { index: 2, event: { type: 'retry' }, process: 'A', state: { task: 'running', free: 4 }, changed: { task: 'running' } },
  ],
};

const result: CheckResult = {
  stats,
  results: [
    { property: 'free-nonnegative', kind: 'invariant', status: 'holds' },
    { property: 'alloc-terminates', kind: 'liveness', status: 'violated', trace: lasso },
    { property: 'oom-reachable', kind: 'reachability', status: 'unknown', message: 'not settled' },
    { property: 'victim-exits', kind: 'liveness', status: 'vacuous', message: 'never reached: a victim' },
    {
      property: 'kthread-progress', kind: 'liveness', status: 'violated',
      trace: { path: { init: 0, actions: [] }, stutters: true, steps: [{ index: 0, state: { task: 'running' }, changed: {} }] },
    },
  ],
};

describe('text report', () => {
  const text = renderText(result);

  it('starts with the statistics', () => {
    expect(text.split('\n').slice(0, 2)).toEqual([
      '1,234,567 distinct states, 2,345,678 transitions, depth 17, complete',
      '493,827 states/s, 24.0 bytes/state, fingerprint collision probability 1.5e-7, 2.50 s',
    ]);
  });

  it('gives one line per property, with the reason when not plainly holds or violated', () => {
    expect(text).toContain(
      [
        '  free-nonnegative  holds',
        '  alloc-terminates  VIOLATED',
        '  oom-reachable     unknown (not settled)',
        '  victim-exits      vacuous (never reached: a victim)',
        '  kthread-progress  VIOLATED',
      ].join('\n'),
    );
  });

  it('prints a lasso with the full initial state, then only the changes, then the loop', () => {
    expect(text).toContain(
      [
        "Counterexample for liveness property 'alloc-terminates' (2 steps):",
        'Step 0: initial state',
        '    task = "running"',
        '    free = 4',
        'Step 1: alloc {"order":0}: A: direct reclaim freed 0 pages',
        '    task = "reclaim"',
        'Step 2 [A]: retry',
        '    task = "running"',
        '  back to step 1: the cycle repeats forever',
      ].join('\n'),
    );
  });

  it('says when a path stutters forever', () => {
    expect(text).toMatch(/'kthread-progress' \(0 steps\):\nStep 0: initial state\n {4}task = "running"\n {2}stutters forever/);
  });

  it('says where an incomplete run stopped', () => {
    const stopped = renderText({ ...result, stats: { ...stats, complete: false, stoppedBy: 'timeout' } });
    expect(stopped.split('\n')[0]).toBe('1,234,567 distinct states, 2,345,678 transitions, depth 17, incomplete: stopped by timeout');
  });
});

describe('JSON report', () => {
  const json = JSON.parse(renderJson(result));

  it('has stats and one result per property', () => {
    expect(json.stats).toMatchObject({ distinctStates: 1234567, transitions: 2345678, maxDepth: 17, complete: true, elapsedMs: 2500 });
    expect(json.results.map((r: { status: string }) => r.status)).toEqual(['holds', 'violated', 'unknown', 'vacuous', 'violated']);
    expect(json.results[0]).toEqual({ property: 'free-nonnegative', kind: 'invariant', status: 'holds' });
  });

  it('gives each step its event and full resulting state, and lassos their loop', () => {
    const trace = json.results[1].trace;
    expect(trace.loop).toBe(1);
    expect(trace.steps[0]).toEqual({ index: 0, event: null, state: { task: 'running', free: 4 }, changed: {} });
    expect(trace.steps[1]).toMatchObject({ event: { type: 'alloc', order: 0 }, process: 'A', state: { task: 'reclaim', free: 4 } });
    expect(json.results[4].trace.stutters).toBe(true);
  });
});
