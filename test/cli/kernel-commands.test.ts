/**
 * The kernel's commands end to end, in-process: `check --scenario` in every format with
 * --expect and --junit, a saved JSON report replayed without extra flags, the matrix's
 * exit codes, expectations and JUnit, the lists, and bad scenarios, policies and
 * properties as one-line errors with their exit codes. Scenarios and matrix subsets are
 * the small ones (each check well under a second).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { formatPolicyList, resolvePolicy } from '../../models/kernel/policy.ts';
import { runMatrix as runKernelMatrix } from '../../models/kernel/matrix.ts';
import { matrixExitCode } from '../../cli/commands/matrix.ts';
import { findScenario, formatScenarioList } from '../../models/kernel/scenario/builtin.ts';
import { formatPropertyList } from '../../properties/registry.ts';
import { cli, fixture } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'oomcheck-kernel-cli-'));
const EXPECTED_MATRIX = 'docs/expected-matrix.json';
/** A lasso: the v4.0 allocator's retry loop while the victim sleeps on A's i_mutex. */
const LOOP = ['check', '--scenario', 'victim-behind-imutex', '--policy', 'v4.0', '--property', 'nofsReturns'];

describe('check --scenario', () => {
  it('prints the scenario and policy, then the text report; a liveness violation exits 13', async () => {
    const run = await cli([...LOOP]);
    expect(run.code).toBe(13);
    expect(run.stdout).toMatch(/^scenario victim-behind-imutex: OOM victim sleeps on an i_mutex held by the allocating task/);
    expect(run.stdout).toMatch(/^policy v4\.0: no toggles/m);
    expect(run.stdout).toMatch(/nofsReturns +VIOLATED/);
    expect(run.stdout).toMatch(/^Step 5: V: sleeps in mutex_lock\(i_mutex\) held by A$/m);
    expect(run.stdout).toMatch(/^ {2}back to step \d+: the cycle repeats forever$/m);
  });

  it('--format json carries the kernel source, scenario and policy; replay rebuilds the model from it: exit 0', async () => {
    const run = await cli([...LOOP, '--format', 'json']);
    expect(run.code).toBe(13);
    const doc = JSON.parse(run.stdout);
    expect(doc.source).toEqual({ kind: 'kernel', scenario: 'victim-behind-imutex', policy: 'v4.0' });
    expect(doc.scenario.name).toBe('victim-behind-imutex');
    expect(doc.policy).toMatchObject({ spec: 'v4.0', preset: 'v4.0', toggles: [] });
    expect(doc.results[0]).toMatchObject({ property: 'nofsReturns', status: 'violated' });
    const saved = join(dir, 'nofs.json');
    writeFileSync(saved, run.stdout);
    const replay = await cli(['replay', saved]);
    expect(replay.stderr).toBe('');
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/against kernel scenario victim-behind-imutex under v4\.0/);
    expect(replay.stdout).toMatch(/^Step 5 ok: V: sleeps in mutex_lock\(i_mutex\) held by A$/m);
    expect(replay.stdout).toMatch(/The cycle closes\./);
  });

  it('--format itf, mermaid and dot work for kernel scenarios too; ITF carries the source', async () => {
    const itf = await cli([...LOOP, '--format', 'itf']);
    expect(itf.code).toBe(13);
    const doc = JSON.parse(itf.stdout);
    // ITF's own `source` is a string; the structured one (what replay reads) is oomcheck's.
    expect(doc['#meta'].source).toBe('victim-behind-imutex@v4.0');
    expect(doc['#meta'].oomcheck.traceSource).toEqual({ kind: 'kernel', scenario: 'victim-behind-imutex', policy: 'v4.0' });
    expect(doc.loop).toEqual(expect.any(Number));
    const saved = join(dir, 'nofs.itf.json');
    writeFileSync(saved, itf.stdout);
    expect((await cli(['replay', saved])).code).toBe(0);

    const mermaid = await cli([...LOOP, '--format', 'mermaid']);
    expect(mermaid.stdout).toMatch(/```mermaid\nsequenceDiagram\n/);
    expect(mermaid.stdout).toMatch(/participant \w+ as A/);
    const dot = await cli([...LOOP, '--format', 'dot']);
    expect(dot.stdout).toMatch(/^digraph "nofsReturns" \{/);
  });

  it('--expect compares with the matrix expectations file (other cells skipped); --junit writes one testcase per property', async () => {
    const junit = join(dir, 'one.xml');
    const run = await cli(['check', '--scenario', 'victim-behind-imutex', '--policy', 'rfc', '--expect', EXPECTED_MATRIX, '--junit', junit]);
    expect(run.stderr).toMatch(/^expectations: 19 compared, 19 match, 0 differ, 0 missing, 0 not covered, \d+ skipped \(scenario or policy not run\): OK$/m);
    expect(run.code).toBe(0);
    const xml = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(junit, 'utf8'));
    const suite = xml.testsuites.testsuite;
    expect(suite['@_name']).toBe('victim-behind-imutex / rfc');
    expect(suite.testcase).toHaveLength(19);
  });

  it('--expect exits 10 on a differing verdict and prints it with its counterexample', async () => {
    const file = join(dir, 'wrong.json');
    writeFileSync(file, JSON.stringify({ 'victim-behind-imutex': { 'v4.0': { nofsReturns: 'holds' } } }));
    const run = await cli([...LOOP, '--expect', file]);
    expect(run.code).toBe(10);
    expect(run.stderr).toMatch(/- victim-behind-imutex \/ v4\.0 \/ nofsReturns: expected holds, got violated/);
    expect(run.stderr).toMatch(/Counterexample for liveness property 'nofsReturns'/);
  });

  it('a scenario file that does not validate: exit 150, one line naming the file, the JSON path and what was expected', async () => {
    const file = join(dir, 'bad-scenario.json');
    writeFileSync(file, JSON.stringify({ name: 'bad', title: 'bad', zone: { managed: 8, min: 2, low: 3, high: 4 }, tasks: 'none' }));
    const run = await cli(['check', '--scenario', file, '--policy', 'rfc']);
    expect(run.code).toBe(150);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^oomcheck: error 2003: invalid scenario: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: /\\S*: expected `));
  });

  it('a bad policy or property is exit 151 in one line; a FILE with --scenario is exit 150', async () => {
    const policy = await cli(['check', '--scenario', 'xfs-retry', '--policy', 'rfc+noSuchToggle']);
    expect(policy.code).toBe(151);
    expect(policy.stderr).toMatch(/^oomcheck: error 2101: invalid --policy: [^\n]*noSuchToggle[^\n]*\n$/);
    const property = await cli(['check', '--scenario', 'xfs-retry', '--policy', 'rfc', '-p', 'nofsReturn']);
    expect(property.code).toBe(151);
    expect(property.stderr).toMatch(/^oomcheck: error 2102: unknown property "nofsReturn"; known: /);
    const both = await cli(['check', fixture('all-hold.ts'), '--scenario', 'xfs-retry']);
    expect(both.code).toBe(150);
    expect(both.stderr).toMatch(/^oomcheck: error 1006: /);
  });
});

describe('matrix', () => {
  const SUBSET = ['matrix', '-s', 'victim-behind-imutex,kill-stolen-by-atomic', '--policy', 'v4.0,rfc'];

  it(`matches ${EXPECTED_MATRIX} on a 2 x 2 subset: exit 0; prints a progress line per cell`, async () => {
    const junit = join(dir, 'matrix.xml');
    const run = await cli([...SUBSET, '--expect', EXPECTED_MATRIX, '--junit', junit]);
    expect(run.stderr).toMatch(/^matrix: 1\/4 victim-behind-imutex x v4\.0: /m);
    expect(run.stderr).toMatch(/^expectations: 76 compared, 76 match, 0 differ, 0 missing, 0 not covered, \d+ skipped [^\n]*: OK$/m);
    expect(run.code).toBe(0);
    const xml = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(junit, 'utf8'));
    expect(xml.testsuites['@_tests']).toBe('76');
    expect(xml.testsuites['@_failures']).toBe('0');
    expect(xml.testsuites.testsuite).toHaveLength(4);
  });

  it('exits 0 although cells hold violations (they are its content); JUnit without --expect fails the violated ones', async () => {
    const junit = join(dir, 'plain.xml');
    const run = await cli([...SUBSET, '--quiet', '--junit', junit]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^victim-behind-imutex +\| lowOrderReturns/m);
    const xml = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(junit, 'utf8'));
    expect(Number(xml.testsuites['@_failures'])).toBeGreaterThan(0);
  });

  it('--write-expect writes a baseline that --expect then accepts; a changed verdict exits 10', async () => {
    const file = join(dir, 'baseline.json');
    const written = await cli([...SUBSET, '--write-expect', file]);
    expect(written.code).toBe(0);
    expect(written.stderr).toMatch(/^wrote 76 expected verdicts to /m);
    const baseline = JSON.parse(readFileSync(file, 'utf8'));
    expect(baseline['kill-stolen-by-atomic'].rfc.killerNotStarved).toBe('violated');
    expect((await cli([...SUBSET, '-q', '--expect', file])).code).toBe(0);
    baseline['kill-stolen-by-atomic'].rfc.killerNotStarved = 'holds';
    writeFileSync(file, JSON.stringify(baseline));
    const differs = await cli([...SUBSET, '-q', '--expect', file]);
    expect(differs.code).toBe(10);
    expect(differs.stderr).toMatch(/kill-stolen-by-atomic \/ rfc \/ killerNotStarved: expected holds, got violated/);
  });

  it('exits 152 when a bound leaves a cell unsettled', async () => {
    const run = await cli(['matrix', '-s', 'xfs-retry', '--policy', 'v4.0', '--max-states', '5']);
    expect(run.code).toBe(152);
    expect(run.stdout).toMatch(/unknown\)/);
    expect(run.stderr).toMatch(/^oomcheck: warning 3102: 1 cell of the matrix left verdicts unknown/m);
  });

  it('widens a column to a policy longer than the usual 24 characters', async () => {
    const long = 'v4.7+costlyNofailNopage+costlyProgressNoReset';
    const run = await cli(['matrix', '-s', 'xfs-retry', '--policy', `v4.0,${long}`, '-q']);
    const lines = run.stdout.split('\n');
    const header = lines.findIndex((l) => l.startsWith('scenario'));
    // The rule under the header has one segment per column, each as wide as its column.
    const segments = lines[header + 1].split('-+-').map((x) => x.length);
    expect(segments.slice(1)).toEqual([24, long.length]);
    expect(lines[header].endsWith(`| ${long}`)).toBe(true);
  });

  // "(no kill)" is about the whole cell (no run kills, so the kill properties are vacuous):
  // appended to the last property it read as a note on that property, and a narrow column
  // split it in two ("(no" / "kill)").
  it('puts a cell\'s caveats on a line of their own, unsplit', async () => {
    const run = await cli(['matrix', '-s', 'victim-behind-imutex', '--policy', 'v4.0,rfc', '-q']);
    const cellLines = run.stdout.split('\n').filter((l) => /^(victim-behind-imutex| {20,})\s*\|/.test(l) && l.includes('|'));
    const v40 = cellLines.map((l) => l.split('|')[1].trim()).filter(Boolean);
    expect(v40).toEqual(['lowOrderReturns', 'nofsReturns', 'allTasksFinish', '(no kill) (no failure)']);
    const rfc = cellLines.map((l) => l.split('|')[2].trim()).filter(Boolean);
    expect(rfc).toEqual(['noPrematureFailure', '(no kill)']);
  });

  it('--format json gives every cell a replayable report', async () => {
    const run = await cli(['matrix', '-s', 'xfs-retry', '--policy', 'rfc', '--format', 'json', '-q']);
    const doc = JSON.parse(run.stdout);
    expect(doc.cells[0].report.source).toEqual({ kind: 'kernel', scenario: 'xfs-retry', policy: 'rfc' });
  });

  it('stops at Ctrl-C with the cells found so far: exit 130', async () => {
    const listeners = process.listenerCount('SIGINT');
    const pending = cli(['matrix', '-q'], { exitNow: () => undefined });
    while (process.listenerCount('SIGINT') === listeners) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    process.emit('SIGINT');
    const run = await pending;
    expect(run.code, `stderr:\n${run.stderr}\nstdout:\n${run.stdout.slice(0, 2000)}`).toBe(130);
    expect(run.stdout).toMatch(/interrupted: \d+ of 60 checks/);
    expect(run.stderr).toMatch(/^interrupted: stopping/m);
  });

  it('hears a Ctrl-C between cells whose checks are too short to yield', async () => {
    // Each of these checks ends in well under explore.ts's 50 ms yield, so only the matrix's
    // own yield between cells lets a timer (or a SIGINT) run before the last cell.
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 0);
    const m = await runKernelMatrix({
      scenarios: [findScenario('victim-behind-imutex'), findScenario('nofs-nobody-to-kill'), findScenario('costly-order')],
      policies: [resolvePolicy('v4.0')],
      check: { signal: controller.signal },
    });
    expect(m.cells.length).toBeLessThan(3);
    expect(matrixExitCode(m)).toBe(130);
  });

  it('a Ctrl-C that lands between two cells still makes the matrix partial: exit 130', async () => {
    // The signal aborts after the first cell is complete (from onCell, where a real Ctrl-C
    // can land while a cell's traces are replayed): no cell says "interrupted", but the
    // matrix stops with 1 of 2 cells, which must not pass for a finished matrix (nor be
    // written as a baseline by --write-expect, which asks the same wasInterrupted).
    const controller = new AbortController();
    const m = await runKernelMatrix({
      scenarios: [findScenario('victim-behind-imutex'), findScenario('mmap-sem-sibling')],
      policies: [resolvePolicy('v4.0')],
      check: { signal: controller.signal },
      onCell: () => controller.abort(),
    });
    expect(m.cells).toHaveLength(1);
    expect(m.cells[0].result.stats.complete).toBe(true);
    expect(matrixExitCode(m)).toBe(130);
  });

  it('a bad scenario name in --scenario is exit 150', async () => {
    const run = await cli(['matrix', '-s', 'victim-behind-imutx']);
    expect(run.code).toBe(150);
    expect(run.stderr).toMatch(/^oomcheck: error 2003: invalid scenario: victim-behind-imutx: /);
  });
});

describe('list', () => {
  it.each([
    ['properties', formatPropertyList],
    ['policies', formatPolicyList],
    ['scenarios', formatScenarioList],
  ])('list %s prints the kernel catalogue', async (what, format) => {
    const run = await cli(['list', what]);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd()).toBe(format().trimEnd());
  });
});
