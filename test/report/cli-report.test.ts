/**
 * The report commands in-process (replay, draw, report --model) on the example
 * models, plus the check helpers (--expect, --junit) and the machine diagrams.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { renderFormat } from '../../checker/report/formats.ts';
import { machineComponents, machineToMermaid, guardName } from '../../checker/report/mermaid-machine.ts';
import { replaySavedTrace } from '../../checker/report/replay-check.ts';
import { readSavedTrace } from '../../checker/report/saved-trace.ts';
import { registerReportCommands } from '../../cli/commands/report-commands.ts';
import { finishReport } from '../../cli/commands/report-options.ts';
import { memoryIo } from '../../cli/io.ts';
import { ExitCode } from '../../cli/exit-codes.ts';
import brokenMutex, { brokenMutexMachine } from '../../models/examples/broken-mutex.ts';
import { petersonMachine } from '../../models/examples/peterson.ts';
import { counterModel, counterProperties, lockModel, lockProperties } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'oomcheck-report-'));
const MODEL_FILE = 'models/examples/broken-mutex.ts';

async function run(args: string[]): Promise<{ code: ExitCode | undefined; out: string; err: string }> {
  const io = memoryIo();
  let code: ExitCode | undefined;
  const program = new Command('oomcheck').option('-q, --quiet').exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  registerReportCommands(program, { io }, (c) => (code = c));
  await program.parseAsync(args, { from: 'user' });
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('replay', () => {
  it('a saved JSON report of a model file reproduces step by step: exit 0', async () => {
    const result = await check(brokenMutex.model, brokenMutex.properties);
    const file = join(dir, 'mutex.json');
    writeFileSync(file, renderFormat('json', result, { source: { kind: 'model-file', file: MODEL_FILE } }));
    const { code, out } = await run(['replay', file]);
    expect(out).toMatch(/Step 4 ok: STEP \{"pid":1\}/);
    expect(out).toMatch(/reproduces: 4 steps with the same events and states/);
    expect(out).toMatch(/still violates 'mutual exclusion'/);
    expect(code).toBe(0);
  });

  it('an ITF file replays too, and a lasso must close', async () => {
    const result = await check(lockModel(false), lockProperties);
    const saved = readSavedTrace(JSON.parse(renderFormat('itf', result)), 'aEnters');
    const outcome = replaySavedTrace(lockModel(false), saved);
    expect(outcome.reproduces).toBe(true);
    expect(outcome.loopCloses).toBe(true);
  });

  it('says where a trace stops reproducing when the model changed: exit 15', async () => {
    const result = await check(lockModel(true), lockProperties);
    const saved = readSavedTrace(JSON.parse(renderFormat('json', result)), 'mutex');
    // Against the fixed (atomic) lock, A's first step leads to another state, and B's is disabled later.
    const outcome = replaySavedTrace(lockModel(false), saved);
    expect(outcome.reproduces).toBe(false);
    expect(outcome.steps[1].verdict).toBe('state-differs');
    expect(outcome.steps[1].differences.map((d) => d.field)).toContain('pcA');

    const file = join(dir, 'racy.json');
    writeFileSync(file, renderFormat('json', result, { source: { kind: 'model-file', file: 'models/examples/peterson.ts' } }));
    const { code, out } = await run(['replay', file, '--property', 'mutex']);
    expect(code).toBe(ExitCode.DoesNotReproduce);
    expect(out).toMatch(/DIFFERS|NOT ENABLED/);
  });

  it('follows an event whose index moved', () => {
    const reversed = { ...counterModel, actions: () => [{ type: 'reset' as const }, { type: 'inc' as const }] };
    return check(counterModel, counterProperties).then((r) => {
      const saved = readSavedTrace(JSON.parse(renderFormat('json', r)), 'below3');
      const outcome = replaySavedTrace(reversed, saved);
      expect(outcome.reproduces).toBe(true);
      expect(outcome.steps.filter((s) => s.verdict === 'moved')).toHaveLength(3);
    });
  });

  it('rejects a file without a trace: exit 150', async () => {
    const file = join(dir, 'empty.json');
    writeFileSync(file, '{"results": []}');
    await expect(run(['replay', file])).rejects.toMatchObject({ exitCode: 150 });
  });
});

// Replay compares the model with the trace's recorded steps. Without them a damaged trace
// "reproduced" with nothing compared (exit 0), or failed with 15, which tells CI the model
// changed; a trace file replay cannot use is bad input (docs/exit-codes.md: 150, error 2005).
describe('replay refuses a damaged trace file, naming where', () => {
  const saved = async () => JSON.parse(renderFormat('json', await check(lockModel(true), lockProperties))) as { results: { property: string; trace?: Record<string, unknown> }[] };
  const damaged: [string, (trace: Record<string, unknown>) => void, RegExp][] = [
    ['no steps', (t) => delete t.steps, /\.steps: expected \d+ recorded steps .*got nothing/],
    ['no steps recorded', (t) => (t.steps = []), /\.steps: expected \d+ recorded steps .*got 0 steps/],
    ['a null step', (t) => ((t.steps as unknown[])[1] = null), /\.steps\[1\]: expected a recorded step with its "state" object, got null/],
    ['a step without its state', (t) => delete (t.steps as Record<string, unknown>[])[1].state, /\.steps\[1\]: .*got no state/],
    ['a loop past the end', (t) => (t.loop = 99), /\.loop: expected a step index from 0 to \d+, got 99/],
  ];
  it.each(damaged)('%s', async (_name, damage, why) => {
    const doc = await saved();
    const result = doc.results.find((r) => r.trace)!;
    damage(result.trace!);
    const file = join(dir, `damaged-${_name.replace(/ /g, '-')}.json`);
    writeFileSync(file, JSON.stringify({ ...doc, source: { kind: 'model-file', file: MODEL_FILE } }));
    expect(() => readSavedTrace(JSON.parse(readFileSync(file, 'utf8')))).toThrow(why);
    await expect(run(['replay', file])).rejects.toMatchObject({ exitCode: 150 });
  });
});

describe('draw', () => {
  // Each of these used to drop an option without a word, drawing something else than asked.
  it('refuses options that cannot go together, and an empty component name', async () => {
    await expect(run(['draw', '--model', MODEL_FILE, '--scenario', 'victim-behind-imutex'])).rejects.toMatchObject({ exitCode: 150 });
    await expect(run(['draw', '--model', MODEL_FILE, '--policy', 'rfc'])).rejects.toMatchObject({ exitCode: 150 });
    await expect(run(['draw', '--model', MODEL_FILE, '--whole', '--component', 'p0'])).rejects.toMatchObject({ exitCode: 150 });
    await expect(run(['draw', '--model', MODEL_FILE, '--component', ''])).rejects.toMatchObject({ exitCode: 150 });
  });

  it('prints one Mermaid state diagram per component of a model file', async () => {
    const { code, out } = await run(['draw', '--model', MODEL_FILE]);
    expect(code).toBe(0);
    expect(out.match(/^```mermaid\nstateDiagram-v2$/gm)).toHaveLength(2);
    expect(out).toMatch(/^### p0$/m);
    const one = await run(['draw', '--model', MODEL_FILE, '--component', 'p1']);
    expect(one.out.split('\n')[0]).toBe('stateDiagram-v2');
    expect(one.out).toMatch(/s_p1__idle --> s_p1__checked: STEP \[mineAndFree\(1\)\]/);
  });

  it('draws parallel regions, initial states and guards of any machine', () => {
    const text = machineToMermaid(petersonMachine);
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(lines.filter((l) => l.trim() === '--')).toHaveLength(1);
    expect(lines.filter((l) => /\[\*\] --> s_p\d__idle/.test(l))).toHaveLength(2);
    expect(lines.filter((l) => / --> .*: STEP \[/.test(l))).toHaveLength(8);
    expect(machineComponents(brokenMutexMachine).map((c) => c.name)).toEqual(['p0', 'p1']);
    expect(guardName({ type: 'g', params: { big: 'x'.repeat(40) } })).toBe('g');
    expect(guardName(function canRetry() { return true; })).toBe('canRetry');
  });
});

describe('report --model and check helpers', () => {
  it('writes a self-contained HTML report for a model file', async () => {
    const out = join(dir, 'report.html');
    const { code } = await run(['--quiet', 'report', '--out', out, '--model', MODEL_FILE]);
    expect(code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg" class="swimlane"');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']https?:/); // nothing fetched
  });

  it('--expect decides the exit code and prints the diff; --junit writes the XML', async () => {
    const result = await check(brokenMutex.model, brokenMutex.properties);
    const good = join(dir, 'good.json');
    const bad = join(dir, 'bad.json');
    const junit = join(dir, 'junit.xml');
    writeFileSync(good, JSON.stringify({ 'mutual exclusion': 'violated', deadlock: 'holds' }));
    writeFileSync(bad, JSON.stringify({ 'broken-mutex': { default: { 'mutual exclusion': 'holds' } } }));
    const context = { source: { kind: 'model-file' as const, file: MODEL_FILE } };
    const io = memoryIo();
    expect(await finishReport({ result, context }, { format: 'text', expect: good, junit }, io)).toBe(0);
    expect(readFileSync(junit, 'utf8')).toMatch(/<testcase classname="oomcheck.broken-mutex.default" name="mutual exclusion"/);
    const io2 = memoryIo();
    expect(await finishReport({ result, context }, { format: 'json', expect: bad }, io2)).toBe(ExitCode.ExpectationsMismatch);
    expect(io2.stderr()).toMatch(/broken-mutex \/ default \/ mutual exclusion: expected holds, got violated/);
    expect(JSON.parse(io2.stdout()).source).toEqual(context.source); // stdout stays parseable
    expect(await finishReport({ result, context }, { format: 'text' }, memoryIo())).toBeUndefined();
  });
});
