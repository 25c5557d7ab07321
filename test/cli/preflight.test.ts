/**
 * Bad input found before a run starts. Paths a command writes or reads besides its input
 * (--junit, --write-expect, --expect, synthesize --out): a wrong one is bad input (exit
 * 150) naming the file and why. Found after the run, a typo cost the whole matrix and came
 * out as an internal error (255), which the exit-code contract keeps for oomcheck's own
 * bugs. Then options and inputs that used to be accepted and silently do the wrong thing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertWritable } from '../../cli/output-file.ts';
import { cli } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'oomcheck-paths-'));
const missingDir = join(dir, 'no-such-dir', 'x.json');

describe('output paths are checked before the run', () => {
  it('refuses an empty path, a directory and a path whose directory is missing', () => {
    expect(() => assertWritable('')).toThrow(/cannot write "": the path is empty/);
    expect(() => assertWritable(dir)).toThrow(/it is a directory/);
    expect(() => assertWritable(join(dir, 'new-dir') + '/')).toThrow(/ends with a separator/);
    expect(() => assertWritable(missingDir)).toThrow(/its directory .*no-such-dir does not exist/);
    expect(() => assertWritable(join(dir, 'fine.xml'))).not.toThrow();
  });

  // Each of these would otherwise run a check first: the run must not start (no report on stdout).
  it.each([
    ['check --junit', ['check', '--scenario', 'victim-behind-imutex', '--junit', missingDir]],
    ['matrix --write-expect', ['matrix', '--scenario', 'victim-behind-imutex', '--policy', 'v4.0', '--write-expect', dir]],
    ['matrix --junit', ['matrix', '--scenario', 'victim-behind-imutex', '--policy', 'v4.0', '--junit', '']],
    ['synthesize --out', ['synthesize', '--policy', 'v4.0', '--property', 'nofsReturns', '--out', missingDir]],
  ])('%s: exit 150 with error 2012, before any output', async (_name, args) => {
    const run = await cli(args);
    expect(run.code).toBe(150);
    expect(run.stderr).toMatch(/^oomcheck: error 2012: cannot write /);
    expect(run.stdout).toBe('');
  });

  it('reads --expect before the run: a missing file is exit 150 with no report', async () => {
    const run = await cli(['check', '--scenario', 'victim-behind-imutex', '--expect', join(dir, 'missing.json')]);
    expect(run.code).toBe(150);
    expect(run.stderr).toMatch(/^oomcheck: error 2000: cannot read .*missing\.json: no such file/);
    expect(run.stdout).toBe('');
  });
});

describe('options and inputs that would be silently wrong', () => {
  // Without --expect there is nothing to be strict about: ignoring it would let a CI job
  // believe it compares verdicts.
  it('--strict-expect needs --expect', async () => {
    const run = await cli(['check', '--scenario', 'victim-behind-imutex', '--strict-expect']);
    expect(run.code).toBe(150);
    expect(run.stderr).toMatch(/^oomcheck: error 1000: --strict-expect needs --expect FILE/);
  });

  // A scenario file where a model module goes used to fail with "default export must be
  // defineModel", which does not say that --scenario takes it.
  it('a JSON file given as the model says to use --scenario', async () => {
    const run = await cli(['check', 'bench/fixtures/kernel-bench-1m.json']);
    expect(run.code).toBe(150);
    expect(run.stderr).toMatch(/is JSON, not a model module .*checked with --scenario bench\/fixtures\/kernel-bench-1m\.json/);
  });

  // The workers search breadth-first: with --strategy dfs the run was silently sequential.
  it('--workers with --strategy dfs is refused', async () => {
    const run = await cli(['check', '--scenario', 'victim-behind-imutex', '--strategy', 'dfs', '--workers', '2']);
    expect(run.code).toBe(150);
    expect(run.stderr).toMatch(/^oomcheck: error 1008: --workers cannot be combined with --strategy dfs/);
  });

  // "a,a" is a typo, not a request to check the cell twice.
  it('matrix checks a scenario or policy listed twice once', async () => {
    const run = await cli(['matrix', '--scenario', 'victim-behind-imutex,victim-behind-imutex', '--policy', 'v4.0,v4.0', '-q']);
    expect(run.stdout).toMatch(/1 checks in/);
  });
});

describe('the warning after a run that left verdicts unknown', () => {
  // The search completed, then Ctrl-C (or the timeout) stopped the liveness analysis: its
  // verdicts are unknown, and the warning must say so as it does for a stopped search.
  it('is printed when the liveness analysis was stopped after a complete search', async () => {
    const { warnIfUnsettled } = await import('../../cli/commands/check.ts');
    const { memoryIo } = await import('../../cli/io.ts');
    const io = memoryIo();
    const stats = { distinctStates: 5, transitions: 9, maxDepth: 2, complete: true, elapsedMs: 1, statesPerSecond: 5, bytesPerState: 1, collisionProbability: 0 };
    warnIfUnsettled({ stats: { ...stats, stoppedBy: 'interrupted' }, results: [] }, { format: 'text', deadlock: true }, { io });
    expect(io.stderr()).toMatch(/^oomcheck: warning 3100: the run stopped early \(interrupted\)/);
    const settled = memoryIo();
    warnIfUnsettled({ stats, results: [] }, { format: 'text', deadlock: true }, { io: settled });
    expect(settled.stderr()).toBe('');
  });
});
