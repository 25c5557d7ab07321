/**
 * The exit-code contract (docs/exit-codes.md) for errors found by a reviewer: when the
 * model throws (a guard, an action, a property's predicate) every command exits 75 and
 * names the event and the state, because 255 means a bug in oomcheck itself and sends
 * the user to the wrong place; options that would be silently ignored, and an output
 * path that cannot be written, are bad input (150), found before the run.
 */
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeWorkerPools } from '../../checker/parallel/worker-pool.ts';
import { cli, fixture } from './run-cli.ts';

afterAll(() => closeWorkerPools());

const dir = mkdtempSync(join(tmpdir(), 'oomcheck-model-errors-'));

/** The README lock's counterexample to mutual-exclusion (enter A, enter B), saved as JSON with `source` as its recorded model. */
async function savedTrace(name: string, source: string): Promise<string> {
  const run = await cli(['check', fixture('readme-lock.ts'), '--format', 'json']);
  expect(run.code).toBe(12);
  const doc = JSON.parse(run.stdout);
  doc.source = { kind: 'model-file', file: source };
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

describe('check: a property that throws is the model error, not an internal one', () => {
  // Was: exit 255 "internal error: prop boom", with no state, from the exhaustive search
  // (simulation already gave 75): the property is the model's code.
  it.each([[[]], [['--workers', '2']], [['--strategy', 'dfs']]])('an invariant: exit 75, naming it and the state it threw on (%j)', async (extra) => {
    const run = await cli(['check', fixture('property-throws.ts'), ...extra]);
    expect(run.code).toBe(75);
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toBe("oomcheck: error 4000: the model threw: property 'mutual-exclusion' threw on the state below: prop boom");
    expect(lines).toContain('    context.inside = ' + (extra.includes('dfs') ? '["B","A"]' : '["A","B"]'));
    expect(run.stderr).not.toMatch(/error 5001|internal error/);
  });

  it('an action property: exit 75, with the event of the step and the state it leaves, as for a guard', async () => {
    const run = await cli(['check', fixture('action-property-throws.ts')]);
    expect(run.code).toBe(75);
    expect(run.stderr.trim().split('\n')).toEqual([
      "oomcheck: error 4000: the model threw: property 'enter-when-free' threw: step boom",
      'oomcheck: error 4001: while taking event enter {"who":"B"} from the state below',
      '    state = ""',
      '    context.owner = "A"',
      '    context.inside = ["A"]',
    ]);
  });

  it('--format json prints the error object, with the state and the path there', async () => {
    const run = await cli(['check', fixture('property-throws.ts'), '--format', 'json']);
    expect(run.code).toBe(75);
    expect(JSON.parse(run.stdout).error).toMatchObject({ exitCode: 75, event: null, state: { 'context.inside': ['A', 'B'] }, path: { init: 0, actions: [0, 1] } });
  });
});

describe('replay: a model that throws is exit 75, as for check', () => {
  // Was: exit 255 "internal error: Unable to evaluate guard 'mayEnter' ...".
  it('a guard that throws while a step is replayed names the event and the state', async () => {
    const file = await savedTrace('guard.json', fixture('guard-throws.ts'));
    const run = await cli(['replay', file]);
    expect(run.code).toBe(75);
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^oomcheck: error 4000: the model threw: Unable to evaluate guard 'mayEnter'.*guard boom$/);
    expect(lines.slice(1)).toEqual(['oomcheck: error 4001: while taking event enter {"who":"B"} from the state below', '    state = ""', '    context.owner = "A"', '    context.inside = ["A"]']);
    const json = await cli(['replay', file, '--format', 'json']);
    expect(json.code).toBe(75);
    expect(JSON.parse(json.stdout).error).toMatchObject({ exitCode: 75, event: { type: 'enter', who: 'B' }, path: { init: 0, actions: [0] } });
  });

  it('the property that throws when the last state is checked again is named, with that state', async () => {
    const file = await savedTrace('prop.json', fixture('property-throws.ts'));
    const run = await cli(['replay', file]);
    expect(run.code).toBe(75);
    expect(run.stderr).toMatch(/^oomcheck: error 4000: the model threw: property 'mutual-exclusion' threw on the state below: prop boom\n {4}state = ""\n {4}context.owner = "B"\n {4}context.inside = \["A","B"\]\n$/);
  });
});

describe('replay: options it would ignore are bad input (150)', () => {
  // Was: replayed under the trace's recorded policy and exit 0, "reproduces", for a
  // policy the user did not get; and --scenario dropped without a word beside --model.
  it('--policy without --scenario, as check refuses it', async () => {
    const file = await savedTrace('policy.json', fixture('readme-lock.ts'));
    const run = await cli(['replay', file, '--policy', 'rfc']);
    expect(run.code).toBe(150);
    expect(run.stderr).toBe('oomcheck: error 1004: --policy needs --scenario\n');
    expect(run.stdout).toBe('');
  });

  it('--model with --scenario', async () => {
    const file = await savedTrace('both.json', fixture('readme-lock.ts'));
    const run = await cli(['replay', file, '--model', fixture('readme-lock.ts'), '--scenario', 'victim-behind-imutex']);
    expect(run.code).toBe(150);
    expect(run.stderr).toBe('oomcheck: error 1008: --scenario cannot be combined with --model\n');
  });
});

describe('report', () => {
  // Was: exit 255 "internal error: the model threw: ...".
  it('--model whose guard throws: exit 75 with the event and the state, and no file written', async () => {
    const out = join(dir, 'guard.html');
    const run = await cli(['report', '-o', out, '--model', fixture('guard-throws.ts')]);
    expect(run.code).toBe(75);
    expect(run.stderr).toMatch(/^oomcheck: error 4000: the model threw: .*guard boom\noomcheck: error 4001: while taking event enter \{"who":"A"\} from the state below\n/);
    expect(existsSync(out)).toBe(false);
  });

  // Was: exit 255 with ENOENT or EISDIR, after the whole matrix had run. Without --model
  // the report runs the kernel matrix: the path must be refused before it starts (no
  // 3011 progress line), in a second, not minutes.
  it.each([
    ['a missing directory', join(dir, 'no-such-dir', 'x.html'), /its directory .*no-such-dir does not exist/],
    ['a directory', dir, /it is a directory/],
    ['an empty path', '', /the path is empty/],
  ])('-o %s: exit 150 with one line naming the file, before the run', async (_what, out, reason) => {
    const run = await cli(['report', '-o', out]);
    expect(run.code).toBe(150);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^oomcheck: error 2012: cannot write /);
    expect(lines[0]).toMatch(reason);
    expect(run.stdout).toBe('');
  }, 10_000);
});
