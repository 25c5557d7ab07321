import { describe, expect, it } from 'vitest';
import { ExitCode, mostSevere } from '../../cli/exit-codes.ts';
import { exitCodeFor } from '../../cli/verdict.ts';
import type { CheckResult, PropertyResult } from '../../checker/result.ts';

const stats = { distinctStates: 1, transitions: 0, maxDepth: 0, complete: true, elapsedMs: 1, statesPerSecond: 1, bytesPerState: 8, collisionProbability: 0 };
const result = (...results: Partial<PropertyResult>[]): CheckResult => ({
  stats,
  results: results.map((r, i) => ({ property: `p${i}`, kind: 'invariant', status: 'holds', ...r })),
});

describe('exit codes', () => {
  it('are the documented TLC numbers', () => {
    expect(ExitCode).toEqual({
      Ok: 0, ExpectationsMismatch: 10, Deadlock: 11, DoesNotReproduce: 15, Safety: 12, Liveness: 13, ModelError: 75, Interrupted: 130,
      BadInput: 150, BadConfig: 151, BoundHit: 152, Internal: 255,
    });
  });

  it('rank violations: safety over deadlock over liveness over an unsettled bound', () => {
    expect(mostSevere([ExitCode.Liveness, ExitCode.Deadlock, ExitCode.Safety])).toBe(ExitCode.Safety);
    expect(mostSevere([ExitCode.Liveness, ExitCode.Deadlock])).toBe(ExitCode.Deadlock);
    expect(mostSevere([ExitCode.BoundHit, ExitCode.Liveness])).toBe(ExitCode.Liveness);
    expect(mostSevere([ExitCode.Ok, ExitCode.BoundHit])).toBe(ExitCode.BoundHit);
    expect(mostSevere([])).toBe(ExitCode.Ok);
  });

  it('follow the verdicts of a result', () => {
    expect(exitCodeFor(result({}, { status: 'vacuous' }))).toBe(ExitCode.Ok);
    expect(exitCodeFor(result({ kind: 'deadlock', status: 'violated' }))).toBe(ExitCode.Deadlock);
    expect(exitCodeFor(result({ kind: 'action', status: 'violated' }))).toBe(ExitCode.Safety);
    expect(exitCodeFor(result({ kind: 'reachability', status: 'violated' }))).toBe(ExitCode.Safety);
    expect(exitCodeFor(result({ kind: 'liveness', status: 'violated' }, { status: 'unknown' }))).toBe(ExitCode.Liveness);
    expect(exitCodeFor(result({ status: 'unknown' }))).toBe(ExitCode.BoundHit);
  });

  it('give 130 for an interrupted run, whatever it found', () => {
    const interrupted = { ...result({ kind: 'deadlock', status: 'violated' }), stats: { ...stats, complete: false, stoppedBy: 'interrupted' as const } };
    expect(exitCodeFor(interrupted)).toBe(ExitCode.Interrupted);
  });
});
