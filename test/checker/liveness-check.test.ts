import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import type { Model } from '../../checker/model.ts';
import { eventually, leadsTo } from '../../checker/property.ts';

/**
 * Two processes P0, P1 share a lock. Each: idle -> (take lock if free) -> critical -> idle.
 * State: [pc0, pc1, holder] with pc 0 = idle (wants the lock), 1 = critical.
 */
type S = readonly [number, number, number];
const lock: Model<S, 0 | 1> = {
  initialStates: () => [[0, 0, -1]],
  actions: () => [0, 1],
  nextState: (s, p) => {
    const pc = s[p];
    if (pc === 0) return s[2] === -1 ? (p === 0 ? [1, s[1], 0] : [s[0], 1, 1]) : undefined;
    return p === 0 ? [0, s[1], -1] : [s[0], 0, -1];
  },
  encode: (s) => s.join(','),
  process: (p) => `P${p}`,
  isFinal: () => false,
  describeStep: (f, p) => `P${p} ${f[p] === 0 ? 'locks' : 'unlocks'}`,
  view: (s) => ({ pc0: s[0], pc1: s[1], holder: s[2] }),
  actionJson: (p) => ({ process: p }),
};

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
