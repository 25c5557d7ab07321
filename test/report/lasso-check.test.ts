/**
 * replay's verdict on a liveness counterexample (lasso-check.ts) must be the search's: the
 * lasso still violates only when q stays false from a p-state through the cycle AND the
 * cycle is fair. Checking only that the cycle closes said "still violates" after a fix
 * that made q hold in the cycle, and under a fairness that made the cycle unfair.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check } from '../../checker/check.ts';
import type { FairnessSpec } from '../../checker/model.ts';
import { twoProcessLock, type LockState } from '../fixtures/two-process-lock.ts';
import { leadsTo, type Liveness } from '../../checker/property.ts';
import { lassoViolates } from '../../checker/report/lasso-check.ts';
import { replay } from '../../checker/trace.ts';
import { cli, fixture } from '../cli/run-cli.ts';

// Two processes share a lock: under weak fairness P0 can starve P1.
type S = LockState;
const lock = twoProcessLock;
const enters = leadsTo<S>('P1 enters', (s) => s[1] === 0, (s) => s[1] === 1) as Liveness<S, 0 | 1>;

async function lasso() {
  // Under weak fairness P0 can lock and unlock forever: P1 is disabled while P0 holds the lock.
  const r = await check(lock, [enters], { deadlock: false });
  const trace = r.results[0].trace!;
  const { states, actions } = replay(lock, trace.path);
  return { states, actions, loop: trace.path.loop };
}

describe('lassoViolates', () => {
  it('agrees with the search on its own counterexample', async () => {
    const { states, actions, loop } = await lasso();
    expect(loop).toBeDefined();
    expect(lassoViolates(lock, enters, states, actions, loop)).toBe(true);
  });

  it('no longer violates when q holds somewhere in the cycle', async () => {
    const { states, actions, loop } = await lasso();
    const fixed = leadsTo<S>('P1 enters', (s) => s[1] === 0, (s) => s[1] === 1 || s[2] === 0) as Liveness<S, 0 | 1>;
    expect(lassoViolates(lock, fixed, states, actions, loop)).toBe(false);
  });

  it('no longer violates when the fairness makes the cycle unfair', async () => {
    // P1 is enabled in the cycle's state where the lock is free and never steps: strong
    // fairness for P1 rules that cycle out (the search then says the property holds).
    const { states, actions, loop } = await lasso();
    const strong: FairnessSpec<S, 0 | 1> = { strong: ['P1'] };
    expect(lassoViolates(lock, enters, states, actions, loop, strong)).toBe(false);
    const r = await check(lock, [enters], { deadlock: false, fairness: strong });
    expect(r.results[0].status).toBe('holds');
  });
});

describe('replay decides the built-in deadlock property', () => {
  // `deadlock` is the checker's own property, not among the model's: replay used to print no
  // verdict for it, so a deadlock trace replayed against a fixed model still exited 0.
  it('says the replayed deadlock trace still deadlocks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oomcheck-lasso-'));
    const run = await cli(['check', fixture('deadlock.ts'), '--format', 'json']);
    const file = join(dir, 'deadlock.json');
    writeFileSync(file, run.stdout);
    const replayed = await cli(['replay', file, '--property', 'deadlock']);
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toMatch(/The replayed trace still violates 'deadlock'\./);
  });
});
