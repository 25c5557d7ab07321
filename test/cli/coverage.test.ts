/**
 * `check --coverage` end to end, in-process: the tables in the text report, the
 * `coverage` object in JSON, random walks and shards, merge, and workers.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, fixture } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'oomcheck-coverage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('check --coverage', () => {
  it('prints per action its offers, steps and first finds, and per field its values', async () => {
    // all-hold.ts: a counter modulo 3, one event. Each of the 3 states offers inc and
    // takes it (3 transitions); 2 states are first found by inc, the third is the initial one.
    const run = await cli(['check', fixture('all-hold.ts'), '--coverage']);
    expect(run.code).toBe(0);
    // The machine declares one transition, the root's targetless `on: { inc }`: every step takes it.
    expect(run.stdout).toContain('coverage: 1 action (0 never taken), 1 transition (0 never taken), 2 fields (1 with one value)');
    expect(run.stdout).toMatch(/^ {2}action +offered +taken +new states$/m);
    expect(run.stdout).toMatch(/^ {2}inc +3 +3 +2$/m);
    expect(run.stdout).toMatch(/^ {2}\(machine\): inc → \(no target\) +3 +2$/m);
    expect(run.stdout).toMatch(/^ {2}context\.count +0, 1, 2$/m);
  });

  it('adds `coverage` to the JSON report', async () => {
    const run = await cli(['check', fixture('all-hold.ts'), '--coverage', '--format', 'json']);
    const report = JSON.parse(run.stdout);
    expect(report.coverage.actions).toEqual([{ action: 'inc', offered: 3, taken: 3, newStates: 2 }]);
    expect(report.coverage.fields.find((f: { field: string }) => f.field === 'context.count')).toMatchObject({ distinct: 3, values: [0, 1, 2], min: 0, max: 2 });
  });

  it('covers kernel scenarios: which OOM kills happened, which slowpath states each task reached', async () => {
    // kill-stolen-by-concurrent-alloc under v4.0: oomKillHappens holds there (A or B, both
    // GFP_KERNEL, run out_of_memory and kill), so kill steps are taken. A kill event (one per
    // tied candidate, MODEL.md section 3 step 6) is listed only for a task in out_of_memory
    // whose selection can kill (models/kernel/events.ts), and is then enabled: offered = taken.
    const killing = JSON.parse((await cli(['check', '--scenario', 'kill-stolen-by-concurrent-alloc', '--policy', 'v4.0', '--coverage', '--format', 'json', '-q'])).stdout);
    const kill = (killing.coverage.actions as { action: string; offered: number; taken: number }[]).find((a) => a.action === 'A.kill {"victim":"V"}');
    expect(kill?.taken).toBeGreaterThan(0);
    expect(kill?.offered).toBe(kill?.taken);
    const aState = killing.coverage.fields.find((f: { field: string }) => f.field === 'A.state');
    expect(aState.values).toContain('alloc.outOfMemory');
    // victim-behind-imutex under v4.0: A allocates with GFP_NOFS, and may_oom with !__GFP_FS
    // retries without a kill (MODEL.md section 3 step 6, the v4.0 loop), so A never reaches
    // out_of_memory and no kill is ever listed.
    const stuck = JSON.parse((await cli(['check', '--scenario', 'victim-behind-imutex', '--policy', 'v4.0', '--coverage', '--format', 'json', '-q'])).stdout);
    expect((stuck.coverage.actions as { action: string }[]).map((a) => a.action)).toEqual(['A', 'V']);
    expect(stuck.coverage.fields.find((f: { field: string }) => f.field === 'A.state').values).not.toContain('alloc.outOfMemory');
  });

  it('counts random walks, and merge sums the shards', async () => {
    const files: string[] = [];
    for (const i of [0, 1]) {
      const run = await cli(['check', fixture('all-hold.ts'), '--shard', `${i}/2`, '--runs', '20', '--depth', '5', '--coverage', '--format', 'json', '-q']);
      const report = JSON.parse(run.stdout);
      expect(report.coverage.actions[0].action).toBe('inc');
      const file = join(dir, `shard-${i}.json`);
      writeFileSync(file, run.stdout);
      files.push(file);
    }
    const reports = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
    const merged = JSON.parse((await cli(['merge', ...files, '--format', 'json', '-q'])).stdout);
    expect(merged.merge.coverageRuns).toBe(2);
    expect(merged.coverage.actions[0].taken).toBe(reports[0].coverage.actions[0].taken + reports[1].coverage.actions[0].taken);
    const text = await cli(['merge', ...files]);
    expect(text.stdout).toMatch(/^coverage: summed over the 2 of 2 runs that counted it/m);
    expect(text.stdout).toMatch(/^ {2}inc +\d+ +\d+ +\d+$/m);
  });

  it('counts the same offers and steps with 2 workers as without', async () => {
    // The workers expand every state once between them, so offers and steps per action and
    // per transition, and the values each field took, add up to the sequential counts.
    // Which step finds a state first depends on which thread claims it first in its level,
    // so new states per action may differ; their sum cannot (the shared table makes each
    // state new in exactly one thread).
    const args = ['check', '--scenario', 'kill-stolen-by-concurrent-alloc', '--policy', 'v4.0', '--coverage', '--format', 'json', '-q'];
    const sequential = JSON.parse((await cli(args)).stdout);
    const parallel = JSON.parse((await cli([...args, '--workers', '2'])).stdout);
    expect(parallel.stats.distinctStates).toBe(sequential.stats.distinctStates);
    type Counts = { offered?: number; taken: number; newStates: number };
    const steps = (rows: Counts[]) => rows.map(({ newStates: _n, ...rest }) => rest);
    const found = (rows: Counts[]) => rows.reduce((sum, r) => sum + r.newStates, 0);
    for (const part of ['actions', 'transitions'] as const) {
      expect(steps(parallel.coverage[part])).toEqual(steps(sequential.coverage[part]));
      expect(found(parallel.coverage[part])).toBe(found(sequential.coverage[part]));
    }
    expect(parallel.coverage.fields).toEqual(sequential.coverage.fields);
  }, 30_000);

  it('matrix --coverage lists the branches no check took, task names abstracted', async () => {
    // kill-stolen-by-concurrent-alloc under v4.0 kills (its oomKillHappens holds), so the
    // kill branch of out_of_memory is taken in that cell; victim-behind-imutex under v4.0
    // never reaches out_of_memory (GFP_NOFS retries without a kill), and no built-in
    // scenario panics: the panic branch is taken in neither cell, though both declare it.
    const args = ['matrix', '-s', 'victim-behind-imutex,kill-stolen-by-concurrent-alloc', '--policy', 'v4.0', '--coverage', '-q'];
    const text = (await cli(args)).stdout;
    expect(text).toMatch(/^Coverage over the 2 checks: \d+ transitions of the kernel's statechart \(task names written <task>\), \d+ taken in no check:$/m);
    expect(text).toContain('\n  running.<task>.alloc.outOfMemory: <task> → panic [oomVerdictIs(task=<task>, is=panic)]\n');
    expect(text).not.toContain('<task>.kill → oomUnlock');
    const json = JSON.parse((await cli([...args, '--format', 'json'])).stdout);
    const kill = json.coverage.transitions.find((t: { transition: string }) => t.transition === 'running.<task>.alloc.outOfMemory: <task>.kill → oomUnlock [killsVictim(task=<task>, self=false)]');
    expect(kill).toMatchObject({ cells: 1, declaredIn: 2 });
    expect(kill.taken).toBeGreaterThan(0);
  });

  it('merge refuses a report whose coverage is malformed, naming the file', async () => {
    const file = join(dir, 'bad.json');
    const run = await cli(['check', fixture('all-hold.ts'), '--coverage', '--format', 'json', '-q']);
    const report = JSON.parse(run.stdout);
    report.coverage.actions[0].taken = 'many';
    writeFileSync(file, JSON.stringify(report));
    const merged = await cli(['merge', file]);
    expect(merged.code).toBe(150);
    expect(merged.stderr).toContain(file);
    expect(merged.stderr).toMatch(/a coverage action without action, offered, taken and newStates/);
  });
});
