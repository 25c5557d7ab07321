/**
 * Issue 7's command-line side: --workers, --no-symmetry, --max-memory, --strategy random,
 * --shard and merge, in-process. Kept small: workers start in 1-3 s, so one run uses them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { byteSize, shardSpec } from '../../cli/parse-options.ts';
import { simulationPlan } from '../../cli/simulation.ts';
import { PROPERTY_INFO } from '../../properties/registry.ts';
import { cli, fixture } from './run-cli.ts';
import { twinsScenario } from '../fixtures/twins-scenario.ts';

const dir = mkdtempSync(join(tmpdir(), 'oomcheck-scale-'));

const verdictLines = (stdout: string) => stdout.split('\n').filter((l) => /^ {2}\S+ +(holds|VIOLATED|unknown|vacuous)/.test(l));
const statsLine = (stdout: string) => stdout.split('\n').find((l) => / distinct states, /.test(l))!;

describe('check --workers', () => {
  // The grid to depth 80 (3,321 states): its BFS levels grow past the 64 states at which two
  // workers take over from the main thread (workerHandoff), so the workers do explore.
  it('gives the same verdicts and state count as a sequential run', async () => {
    const seq = await cli(['check', fixture('grid.ts'), '-q', '--max-depth', '80']);
    const par = await cli(['check', fixture('grid.ts'), '-q', '--max-depth', '80', '--workers', '2']);
    expect(seq.code).toBe(152);
    expect(par.code).toBe(seq.code);
    expect(par.stderr).toBe('');
    expect(verdictLines(par.stdout)).toEqual(verdictLines(seq.stdout));
    expect(statsLine(par.stdout).split(',').slice(0, 3)).toEqual(statsLine(seq.stdout).split(',').slice(0, 3)); // states, transitions, depth
  }, 30_000);
});

describe('check --no-symmetry', () => {
  const twins = twinsScenario;
  const file = join(dir, 'twins.json');
  writeFileSync(file, JSON.stringify(twins));
  const safety = PROPERTY_INFO.filter((p) => p.kind !== 'liveness').map((p) => p.id).join(',');

  it('turns the reduction off, as the symmetry line says, with the same verdicts on more states', async () => {
    const on = await cli(['check', '--scenario', file, '--policy', 'v4.0', '-p', safety, '-q']);
    const off = await cli(['check', '--scenario', file, '--policy', 'v4.0', '-p', safety, '-q', '--no-symmetry']);
    expect(on.stdout).toMatch(/^symmetry: on: interchangeable tasks \{A, B\}$/m);
    expect(off.stdout).toMatch(/^symmetry: off \(--no-symmetry\)$/m);
    expect(verdictLines(off.stdout)).toEqual(verdictLines(on.stdout));
    const states = (s: string) => Number(statsLine(s).split(' ')[0].replace(/,/g, ''));
    expect(states(on.stdout)).toBeLessThan(states(off.stdout));
  }, 30_000);

  it('--engine interpreted gives the same report as the compiled default', async () => {
    const compiled = await cli(['check', '--scenario', file, '--policy', 'v4.0', '-p', safety, '-q']);
    const interpreted = await cli(['check', '--scenario', file, '--policy', 'v4.0', '-p', safety, '-q', '--engine', 'interpreted']);
    expect(verdictLines(interpreted.stdout)).toEqual(verdictLines(compiled.stdout));
    expect(statsLine(interpreted.stdout).split(',')[0]).toBe(statsLine(compiled.stdout).split(',')[0]);
  }, 30_000);
});

describe('check --max-memory', () => {
  it('stops at the budget with unknown verdicts, the hints in order of cost, and exit 152', async () => {
    const run = await cli(['check', fixture('grid.ts'), '--max-memory', '1']);
    expect(run.code).toBe(152);
    expect(run.stdout).toMatch(/incomplete: stopped by max-memory/);
    expect(run.stdout).toMatch(/on-grid +unknown/);
    const hints = run.stdout.split('\n').filter((l) => /^ {2}\d\. /.test(l)).map((l) => l.trim().split(':')[0]);
    expect(hints).toEqual(['1. symmetry', '2. bounds', '3. simulation', '4. shards']);
    expect(run.stdout).toContain('--shard I/N');
    expect(run.stderr).toMatch(/warning 3104: the run stopped at its memory budget \(1 byte\)/);
  }, 30_000);

  it('reads sizes with binary units', () => {
    expect(byteSize('512M')).toBe(512 * 2 ** 20);
    expect(byteSize('2G')).toBe(2 * 2 ** 30);
    expect(byteSize('1.5GiB')).toBe(1.5 * 2 ** 30);
    expect(byteSize('1')).toBe(1);
    expect(() => byteSize('2X')).toThrow();
    expect(() => byteSize('0')).toThrow();
  });
});

describe('check --strategy random', () => {
  it('finds the violation, prints its replay coordinates, never says holds, and its JSON carries the seed', async () => {
    const text = await cli(['check', fixture('invariant.ts'), '--strategy', 'random', '--seed', '7', '--runs', '200']);
    expect(text.code).toBe(12);
    expect(text.stdout).toMatch(/^simulation with seed 7: /m);
    expect(text.stdout).toMatch(/below-three +VIOLATED \(replay with seed \d+, path "[\d:]*"\)/);
    expect(text.stdout).toMatch(/deadlock +unknown/);
    expect(text.stdout).not.toMatch(/ holds/);
    const json = await cli(['check', fixture('invariant.ts'), '--strategy', 'random', '--seed', '7', '--runs', '200', '--format', 'json', '-q']);
    const report = JSON.parse(json.stdout);
    expect(report.simulation.seed).toBe(7);
    expect(report.simulation.replays['below-three']).toEqual({ seed: expect.any(Number), path: expect.any(String) });
    expect(report.results.find((r: { property: string }) => r.property === 'below-three').trace.steps).toHaveLength(4); // shrunk to 3 steps
  }, 30_000);

  it('turns down options that only an exhaustive search has, and simulation options without simulation', async () => {
    expect((await cli(['check', fixture('invariant.ts'), '--strategy', 'random', '--max-states', '5'])).stderr).toMatch(/error 1008: --max-states cannot be combined with --strategy random/);
    expect((await cli(['check', fixture('invariant.ts'), '--runs', '5'])).stderr).toMatch(/error 1007: --runs needs --strategy random or --shard I\/N/);
    expect((await cli(['check', fixture('invariant.ts'), '--engine', 'compiled'])).code).toBe(150);
  });
});

describe('check --shard and merge', () => {
  it('plans shards: seed + i, depth x1, x2, x1/2, x4, actions rotated by i', () => {
    expect(shardSpec('1/4')).toEqual({ index: 1, count: 4 });
    expect(() => shardSpec('4/4')).toThrow();
    const plans = [0, 1, 2, 3, 4].map((index) => simulationPlan({ seed: 10, depth: 100, shard: { index, count: 5 } }));
    expect(plans.map((p) => [p.seed, p.depth, p.rotation])).toEqual([[10, 100, 0], [11, 200, 1], [12, 50, 2], [13, 400, 3], [14, 100, 4]]);
    expect(simulationPlan({ seed: 10, depth: 100 })).toMatchObject({ seed: 10, depth: 100, rotation: 0 });
  });

  it('runs shards 0/2 and 1/2, each JSON with its shard, and merges them into one verdict', async () => {
    const files: string[] = [];
    for (const i of [0, 1]) {
      const run = await cli(['check', fixture('invariant.ts'), '--shard', `${i}/2`, '--runs', '100', '--format', 'json', '-q']);
      expect(run.code).toBe(12);
      const report = JSON.parse(run.stdout);
      expect(report.shard).toEqual({ index: i, count: 2, seed: 42 + i });
      const file = join(dir, `shard-${i}.json`);
      writeFileSync(file, run.stdout);
      files.push(file);
    }
    const merged = await cli(['merge', ...files]);
    expect(merged.code).toBe(12);
    expect(merged.stdout).toMatch(/^merged 2 runs: shard 0\/2 \(seed 42\), shard 1\/2 \(seed 43\)$/m);
    expect(merged.stdout).toMatch(/upper bound/);
    expect(merged.stdout).toMatch(/below-three +VIOLATED/);
    expect(merged.stdout).toMatch(/deadlock +unknown/);
    expect(merged.stdout).toContain("Counterexample for invariant property 'below-three' (3 steps):");

    const json = JSON.parse((await cli(['merge', ...files, '--format', 'json', '-q'])).stdout);
    expect(json.merge.runs.map((r: { shard: unknown }) => r.shard)).toEqual([{ index: 0, count: 2, seed: 42 }, { index: 1, count: 2, seed: 43 }]);
    expect(json.stats.distinctStates).toBe(json.merge.runs[0].distinctStates + json.merge.runs[1].distinctStates);
    // The merged report replays like a check's.
    const merged1 = join(dir, 'merged.json');
    writeFileSync(merged1, JSON.stringify(json));
    const replay = await cli(['replay', merged1]);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/still violates 'below-three'/);
  }, 30_000);

  it('refuses a file that is not a result, and results of different models', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"stats": {}}');
    const run = await cli(['merge', bad]);
    expect(run.code).toBe(150);
    expect(run.stderr).toMatch(/error 2010: .*bad\.json: not a result of check --format json: /);
    const a = await cli(['check', fixture('invariant.ts'), '--format', 'json', '-q']);
    const b = await cli(['check', fixture('all-hold.ts'), '--format', 'json', '-q']);
    writeFileSync(join(dir, 'a.json'), a.stdout);
    writeFileSync(join(dir, 'b.json'), b.stdout);
    const mixed = await cli(['merge', join(dir, 'a.json'), join(dir, 'b.json')]);
    expect(mixed.code).toBe(150);
    expect(mixed.stderr).toMatch(/error 2011: cannot merge results of different runs: .* different models/);
  });
});
