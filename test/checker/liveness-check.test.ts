import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { eventually, leadsTo } from '../../checker/property.ts';
import { twoProcessLock, type LockState } from '../fixtures/two-process-lock.ts';

type S = LockState;
const lock = twoProcessLock;

describe('liveness through check()', () => {
  it('weak fairness per process does not stop P1 from being starved by P0 taking the lock again and again', async () => {
    // P1 is enabled only when the lock is free: in the cycle P0 locks / P0 unlocks, P1 is
    // disabled in the state where P0 holds the lock, so weak fairness allows starving it.
    const r = await check(lock, [leadsTo<S>('P1 enters', (s) => s[1] === 0, (s) => s[1] === 1)], { deadlock: false });
    const v = r.results[0];
    expect(v.status).toBe('violated');
    expect(v.trace!.loop).toBe(0);
    expect(v.trace!.path.actions).toEqual([0, 0]); // P0 locks, P0 unlocks, back to step 0
    expect(r.stats.fairness).toContain('weak fairness for P0, P1');
  });

  // A fairness name that no step's process has is most likely a typo ('p1' for 'P1'): its
  // process silently keeps weak fairness, which TLC would refuse; the report must say so.
  it('names a fairness option that matched no process', async () => {
    const r = await check(lock, [leadsTo<S>('P1 enters', (s) => s[1] === 0, (s) => s[1] === 1)], { deadlock: false, fairness: { strong: ['p1'] } });
    expect(r.stats.fairness).toBe("weak fairness for P0, P1; no step was taken by 'p1', named in the fairness option: check the spelling");
  });

  it('strong fairness for P1 makes it enter', async () => {
    const r = await check(lock, [leadsTo<S>('P1 enters', (s) => s[1] === 0, (s) => s[1] === 1)], { deadlock: false, fairness: { strong: ['P1'] } });
    expect(r.results[0].status).toBe('holds');
  });

  it('eventually: the lock is taken on every fair path; and vacuity when p never holds', async () => {
    const r = await check(lock, [
      eventually<S>('someone locks', (s) => s[2] !== -1),
      leadsTo<S>('never both', (s) => s[0] === 1 && s[1] === 1, () => false),
    ], { deadlock: false });
    expect(r.results[0].status).toBe('holds');
    expect(r.results[1].status).toBe('vacuous');
  });

  it('with no fairness at all, a model without self-loops or terminal states still locks', async () => {
    // With P0 and P1 both unfair, the initial state may stay forever only if it has a
    // self-loop; it has none, so the only infinite paths take a lock: holds.
    const r = await check(lock, [eventually<S>('someone locks', (s) => s[2] !== -1)], { deadlock: false, fairness: { unfair: ['P0', 'P1'] } });
    expect(r.results[0].status).toBe('holds');
  });
});

/**
 * The analysis after the search reports its progress between obligations and stops there
 * on Ctrl-C (the signal), at the run's timeout or at its memory budget: a large graph takes it tens of seconds,
 * during which a run must stay interruptible. The properties it did not settle are
 * unknown; the search's own verdicts and `complete` stand.
 */
describe('the liveness analysis after the search', () => {
  const properties = [
    leadsTo<S>('P1 enters', (s) => s[1] === 0, (s) => s[1] === 1),
    eventually<S>('someone locks', (s) => s[2] !== -1),
    leadsTo<S>('P0 enters', (s) => s[0] === 0, (s) => s[0] === 1),
  ];

  it('reports each obligation before it searches it', async () => {
    const seen: string[] = [];
    const r = await check(lock, properties, { deadlock: false, progressIntervalMs: 0, onLivenessProgress: (p) => seen.push(`${p.done}/${p.obligations} ${p.property}`) });
    expect(seen).toEqual(['0/3 P1 enters', '1/3 someone locks', '2/3 P0 enters']);
    expect(r.stats.stoppedBy).toBeUndefined();
  });

  it('stops on the signal between obligations: what it did not settle is unknown, the run ends interrupted', async () => {
    const controller = new AbortController();
    // The signal fires while the second obligation is reported, so only the first is searched.
    const onLivenessProgress = (p: { done: number }) => p.done === 1 && controller.abort();
    const r = await check(lock, properties, { deadlock: false, progressIntervalMs: 0, onLivenessProgress, signal: controller.signal });
    // P1 can starve under weak fairness (the lock test above): a lasso, found before the stop.
    expect(r.results.map((x) => x.status)).toEqual(['violated', 'unknown', 'unknown']);
    expect(r.results[1].message).toBe('not settled: the liveness analysis was interrupted before it settled this property');
    expect(r.stats).toMatchObject({ complete: true, stoppedBy: 'interrupted' });
  });

  it('stops at the timeout between obligations', async () => {
    const started = Date.now();
    // Reporting the first obligation takes until past the timeout (the 4-state search takes
    // far less than the timeout, so it is the analysis that reaches it).
    const onLivenessProgress = () => {
      while (Date.now() - started < 350);
    };
    const r = await check(lock, properties, { deadlock: false, timeoutMs: 300, progressIntervalMs: 0, onLivenessProgress });
    expect(r.results.map((x) => x.status)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(r.results[0].message).toBe('not settled: the liveness analysis reached the timeout before it settled this property');
    expect(r.stats).toMatchObject({ complete: true, stoppedBy: 'timeout' });
  });

  it('stops at the memory budget between obligations', async () => {
    // A budget of one byte: the search of 4 states ends before its first memory check
    // (every 50 ms), the analysis checks before its first obligation.
    const r = await check(lock, properties, { deadlock: false, maxMemoryBytes: 1 });
    expect(r.results.map((x) => x.status)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(r.results[0].message).toBe('not settled: the liveness analysis reached the memory budget before it settled this property');
    expect(r.stats).toMatchObject({ complete: true, stoppedBy: 'max-memory' });
  });
});
