/**
 * `oomcheck check FILE` end to end, in-process: each exit code of the contract from
 * a fixture model, and the report on stdout.
 */
import { describe, expect, it } from 'vitest';
import { withDefaultCommand } from '../../cli/run.ts';
import { cli, fixture, modelsReady } from './run-cli.ts';

describe.skipIf(!modelsReady)('oomcheck check: verdicts and exit codes', () => {
  it('exits 0 when every property holds', async () => {
    const run = await cli(['check', fixture('all-hold.ts')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^3 distinct states, 3 transitions, depth 2, complete$/m);
    expect(run.stdout).toMatch(/^ {2}below-three +holds$/m);
    expect(run.stdout).toMatch(/^ {2}deadlock +holds$/m);
    expect(run.stderr).toBe('');
  });

  it('exits 11 on a deadlock, with the trace to the stuck state', async () => {
    const run = await cli(['check', fixture('deadlock.ts')]);
    expect(run.code).toBe(11);
    expect(run.stdout).toMatch(/deadlock +VIOLATED/);
    expect(run.stdout).toContain("Counterexample for deadlock property 'deadlock' (3 steps):");
    expect(run.stdout).toContain('no step is possible here: deadlock');
    // -difftrace: step 3 shows only the state value, which is all that changed.
    expect(run.stdout).toMatch(/Step 3: inc\n {4}state = "stuck"\n/);
  });

  it('exits 12 on an invariant violation, with the shortest trace and only changed fields', async () => {
    const run = await cli(['check', fixture('invariant.ts')]);
    expect(run.code).toBe(12);
    expect(run.stdout).toMatch(/below-three +VIOLATED/);
    expect(run.stdout).toContain("Counterexample for invariant property 'below-three' (3 steps):");
    expect(run.stdout).toMatch(/Step 0: initial state\n {4}state = ""\n {4}context.count = 0\n/);
    expect(run.stdout).toMatch(/Step 3: inc\n {4}context.count = 3\n?$/);
  });

  it("checks the README's example model as the README says", async () => {
    const run = await cli(['check', fixture('readme-lock.ts')]);
    expect(run.code).toBe(12);
    expect(run.stdout).toMatch(/^7 distinct states, 14 transitions, depth 3, complete$/m);
    expect(run.stdout).toContain(
      ['Step 1 [A]: enter {"who":"A"}', '    context.owner = "A"', '    context.inside = ["A"]',
        'Step 2 [B]: enter {"who":"B"}', '    context.owner = "B"', '    context.inside = ["A","B"]'].join('\n'),
    );
  });

  it('exits 75 when the model throws, naming the event and the state', async () => {
    const run = await cli(['check', fixture('throws.ts')]);
    expect(run.code).toBe(75);
    expect(run.stdout).toBe('');
    const lines = run.stderr.split('\n');
    expect(lines[0]).toBe('oomcheck: error 4000: the model threw: count overflowed its register');
    expect(lines[1]).toBe('oomcheck: error 4001: while taking event inc from the state below');
    expect(run.stderr).toContain('context.count = 2');
  });

  it('exits 151 for an unknown property name', async () => {
    const run = await cli(['check', fixture('all-hold.ts'), '--property', 'no-such']);
    expect(run.code).toBe(151);
    expect(run.stderr).toMatch(/^oomcheck: error 2100: .*no-such/);
  });

  it('exits 152 when a bound stops the run with nothing violated', async () => {
    const run = await cli(['check', fixture('grid.ts'), '--max-states', '50']);
    expect(run.code).toBe(152);
    expect(run.stdout).toMatch(/incomplete: stopped by max-states/);
    expect(run.stdout).toMatch(/on-grid +unknown \(/);
    expect(run.stderr).toMatch(/warning 3100: the run stopped early \(max-states\)/);
    const shallow = await cli(['check', fixture('grid.ts'), '--max-depth', '3', '--quiet']);
    expect(shallow.code).toBe(152);
    expect(shallow.stdout).toMatch(/incomplete: stopped by max-depth/);
  });

  it('--no-deadlock leaves the deadlock unchecked', async () => {
    const run = await cli(['check', fixture('deadlock.ts'), '--no-deadlock']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/deadlock +/);
  });
});

describe.skipIf(!modelsReady)('oomcheck check --format json', () => {
  it('prints one JSON object with stats and per-property results and traces', async () => {
    const run = await cli(['check', fixture('invariant.ts'), '--format', 'json']);
    expect(run.code).toBe(12);
    const report = JSON.parse(run.stdout);
    expect(report.stats).toMatchObject({ distinctStates: 6, transitions: 11, maxDepth: 5, complete: true });
    expect(typeof report.stats.elapsedMs).toBe('number');
    const [invariant, deadlock] = report.results;
    expect(deadlock).toEqual({ property: 'deadlock', kind: 'deadlock', status: 'holds', meaning: expect.any(String) });
    expect(invariant).toMatchObject({ property: 'below-three', kind: 'invariant', status: 'violated' });
    const steps = invariant.trace.steps;
    expect(steps).toHaveLength(4);
    expect(steps[0]).toMatchObject({ index: 0, event: null, state: { 'context.count': 0 } });
    expect(steps[3]).toMatchObject({ index: 3, event: { type: 'inc' }, state: { 'context.count': 3 }, changed: { 'context.count': 3 } });
    expect(invariant.trace.path).toEqual({ init: 0, actions: [0, 0, 0] });
  });

  it('prints a JSON error object on stdout when the model throws', async () => {
    const run = await cli(['check', fixture('throws.ts'), '--format', 'json']);
    expect(run.code).toBe(75);
    const { error } = JSON.parse(run.stdout);
    expect(error).toMatchObject({ exitCode: 75, event: { type: 'inc' }, state: { 'context.count': 2 } });
  });
});

describe.skipIf(!modelsReady)('oomcheck check --workers', () => {
  // The search is CPU-bound: workers beyond the hardware threads only cost start-up and
  // memory (200 of them took minutes and 5 GB on an 18-state scenario), so the CLI uses
  // as many as there are threads, says so, and still gives the sequential verdicts.
  it('uses at most one worker per hardware thread, with a warning', async () => {
    const run = await cli(['check', fixture('invariant.ts'), '--workers', '100000']);
    expect(run.code).toBe(12);
    expect(run.stdout).toMatch(/below-three +VIOLATED/);
    expect(run.stderr).toMatch(/^oomcheck: warning 3106: --workers 100000: this machine runs \d+ threads at once, so \d+ workers are used/);
  }, 30_000);

  it('says nothing under --quiet', async () => {
    const run = await cli(['check', fixture('invariant.ts'), '--workers', '100000', '-q']);
    expect(run.code).toBe(12);
    expect(run.stderr).toBe('');
  }, 30_000);
});

describe('oomcheck check: bad input', () => {
  it('exits 150 for a file that does not exist', async () => {
    const run = await cli(['check', 'no/such/model.ts']);
    expect(run.code).toBe(150);
    expect(run.stderr).toBe('oomcheck: error 2000: cannot read no/such/model.ts: no such file\n');
  });

  it('exits 150 for a file that does not parse, with one line and no stack', async () => {
    const run = await cli(['check', fixture('syntax-error.js')]);
    expect(run.code).toBe(150);
    // Node says "SyntaxError: ...", vitest's loader "Failed to parse source ...": either way one line.
    expect(run.stderr).toMatch(/^oomcheck: error 2001: cannot load .*syntax-error\.js: [^\n]*(SyntaxError|syntax)[^\n]*\n$/);
  });

  it('prints the stack with --debug', async () => {
    const run = await cli(['check', fixture('syntax-error.js'), '--debug']);
    expect(run.code).toBe(150);
    expect(run.stderr.split('\n').length).toBeGreaterThan(3);
  });

  it('exits 150 when the default export is not defineModel(...)', async () => {
    const run = await cli(['check', fixture('not-a-model.ts')]);
    expect(run.code).toBe(150);
    expect(run.stderr).toMatch(/^oomcheck: error 2002: .*not-a-model\.ts: default export must be defineModel\(\{\.\.\.\}\) from 'oomcheck': .+\n$/);
  });

  it('exits 150 for an unknown option, an unknown command or a bad value, in one line', async () => {
    // `help NOSUCH` included: commander printed the whole help there, with no error line.
    for (const args of [['check', '--frobnicate'], ['chekc'], ['help', 'chekc'], ['check', 'x.ts', '--max-states', 'many'], ['check', 'x.ts', '--strategy', 'sideways']]) {
      const run = await cli(args);
      expect(run.code, args.join(' ')).toBe(150);
      expect(run.stderr, args.join(' ')).toMatch(/^oomcheck: error 1000: [^\n]+\n$/);
    }
  });

  it('exits 150 without a file or scenario, and for an unknown scenario', async () => {
    expect((await cli(['check'])).code).toBe(150);
    expect((await cli(['check', '--policy', 'v4.0'])).code).toBe(150);
    const run = await cli(['check', '--scenario', 'no-such-scenario']);
    expect(run.code).toBe(150);
    expect(run.stderr).toMatch(/^oomcheck: error \d+: [^\n]*no-such-scenario[^\n]*\n/);
  });
});

describe('oomcheck: commands', () => {
  it('runs matrix when given no command, or only options', () => {
    expect(withDefaultCommand([])).toEqual(['matrix']);
    expect(withDefaultCommand(['--format', 'json'])).toEqual(['matrix', '--format', 'json']);
    // Global flags before the command do not hide it.
    expect(withDefaultCommand(['-q', 'check', 'm.ts'])).toEqual(['-q', 'check', 'm.ts']);
    expect(withDefaultCommand(['--debug', '-q'])).toEqual(['matrix', '--debug', '-q']);
    expect(withDefaultCommand(['--help'])).toEqual(['--help']);
    expect(withDefaultCommand(['check', 'm.ts'])).toEqual(['check', 'm.ts']);
  });

  it('prints help and version with exit 0', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: oomcheck/);
    expect(help.stdout).toMatch(/check \[options\] \[file\]/);
    expect(await cli(['--version'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
  });

  it('rejects an unknown list', async () => {
    expect((await cli(['list', 'bananas'])).code).toBe(150);
  });
});

describe('load errors name where the file is wrong', () => {
  // esbuild's first line only announces the error; the location is on the next one, and a
  // user without --debug must see it (the contract: name the file and the place).
  it('keeps the line after an announcing first line', async () => {
    const { firstLine } = await import('../../cli/load-model.ts');
    const e = Object.assign(new Error('Transform failed with 1 error:\n/m.ts:52:0: ERROR: Expected identifier but found end of file'), { name: 'TransformError' });
    expect(firstLine(e)).toBe('TransformError: Transform failed with 1 error: /m.ts:52:0: ERROR: Expected identifier but found end of file');
    expect(firstLine(new SyntaxError('Unexpected token (3:7)\n  at x'))).toBe('SyntaxError: Unexpected token (3:7)');
  });
});
