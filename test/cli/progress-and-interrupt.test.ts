/**
 * Progress lines go to stderr only (stdout stays the report), and Ctrl-C ends a run
 * with the verdicts found so far and exit 130. In-process, with the progress delay
 * and interval shortened so no test waits seconds.
 */
import { describe, expect, it } from 'vitest';
import { livenessProgressMessage, progressMessage, simulationProgressMessage } from '../../cli/progress.ts';
import { formatMessage } from '../../cli/messages.ts';
import { cli, fixture, modelsReady } from './run-cli.ts';

describe('progress line', () => {
  it('reads like the documented format, with thousands separators', () => {
    const p = { distinctStates: 123456, transitions: 0, queue: 1234, depth: 17, elapsedMs: 3200, statesPerSecond: 45000 };
    expect(formatMessage(progressMessage(p))).toBe('progress: 123,456 distinct states, 45,000 states/s, queue 1,234, depth 17, 3 s');
  });

  it('for the liveness analysis, names the obligation under way', () => {
    const p = { done: 3, obligations: 20, property: 'victimExits', elapsedMs: 19400 };
    expect(formatMessage(livenessProgressMessage(p))).toBe('liveness: obligation 4 of 20 (victimExits), 19 s');
  });

  it('for random walks, counts walks instead of a queue and a depth', () => {
    const p = { walks: 3712, runs: 200000, distinctStates: 58225, transitions: 159756, elapsedMs: 2100 };
    expect(formatMessage(simulationProgressMessage(p))).toBe('progress: 3,712 of 200,000 walks, 58,225 distinct states, 159,756 transitions, 2 s');
  });
});

describe.skipIf(!modelsReady)('progress and Ctrl-C on a real run', () => {
  it('prints progress to stderr only, keeping --format json stdout one JSON object', async () => {
    const run = await cli(['check', fixture('grid.ts'), '--format', 'json', '--max-states', '5000'], {
      progressAfterMs: 0,
      progressIntervalMs: 5,
    });
    expect(run.code).toBe(152);
    expect(run.stderr).toMatch(/^progress: [\d,]+ distinct states, [\d,]+ states\/s, queue [\d,]+, depth \d+, \d+ s$/m);
    expect(JSON.parse(run.stdout).stats.distinctStates).toBeGreaterThanOrEqual(5000);
  });

  it('prints the walks progress of --strategy random to stderr, keeping --format json stdout one JSON object', async () => {
    const run = await cli(['check', fixture('grid.ts'), '--strategy', 'random', '--runs', '400', '--format', 'json'], { progressAfterMs: 0, progressIntervalMs: 0 });
    expect(run.stderr).toMatch(/^progress: [\d,]+ of 400 walks, [\d,]+ distinct states, [\d,]+ transitions, \d+ s$/m);
    expect(JSON.parse(run.stdout).simulation.runs).toBe(400);
  });

  it('prints no progress with --quiet', async () => {
    const run = await cli(['check', fixture('grid.ts'), '--quiet', '--max-states', '5000'], { progressAfterMs: 0, progressIntervalMs: 5 });
    expect(run.stderr).toBe('');
  });

  it('stops at Ctrl-C, prints the partial verdicts and exits 130; a second Ctrl-C exits at once', async () => {
    const exits: number[] = [];
    const listeners = process.listenerCount('SIGINT');
    const pending = cli(['check', fixture('grid.ts')], { exitNow: (code) => exits.push(code) });
    // Wait for the run to start (its handler installed; loading can be slow on a busy machine).
    while (process.listenerCount('SIGINT') === listeners) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    process.emit('SIGINT');
    process.emit('SIGINT');
    const run = await pending;
    expect(exits).toEqual([130]);
    expect(run.code).toBe(130);
    expect(run.stdout).toMatch(/incomplete: stopped by interrupted/);
    expect(run.stdout).toMatch(/on-grid +unknown/);
    expect(run.stderr).toMatch(/^interrupted: stopping/m);
    expect(process.listenerCount('SIGINT')).toBe(listeners);
  });

  // The contract: Ctrl-C prints what was found so far. For `report` that is the HTML page with
  // the cells checked before the stop (the rest drawn "not run"), written, and exit 130;
  // before, the report printed nothing, wrote nothing and lost every checked cell.
  it('report: stops at Ctrl-C, writes the cells checked so far and exits 130', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const out = join(mkdtempSync(join(tmpdir(), 'oomcheck-report-int-')), 'r.html');
    const listeners = process.listenerCount('SIGINT');
    const pending = cli(['report', '-o', out]);
    while (process.listenerCount('SIGINT') === listeners) await new Promise((r) => setTimeout(r, 10));
    // A moment into the matrix (its 60 cells take far longer), then Ctrl-C.
    await new Promise((r) => setTimeout(r, 1500));
    process.emit('SIGINT');
    const done = await pending;
    expect(done.code).toBe(130);
    expect(done.stderr).toMatch(/^interrupted: stopping/m);
    expect(done.stderr).toMatch(/wrote .*r\.html/);
    expect(readFileSync(out, 'utf8')).toMatch(/interrupted: \d+ of 60 cells checked/);
    expect(process.listenerCount('SIGINT')).toBe(listeners);
  }, 120_000);
});
