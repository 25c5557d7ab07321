/**
 * `oomcheck synthesize` as a command, against a fake checker (the kernel runs are in
 * kernel.test.ts): the report, --format json, --out, the exit codes of
 * docs/synthesis.md, progress on stderr, option errors.
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckResult, Status } from '../../checker/result.ts';
import { ConfigurationError } from '../../checker/result.ts';
import { parseScenario } from '../../models/kernel/scenario/index.ts';
import type { ScenarioDoc } from '../../models/kernel/synthesis/arbitrary.ts';
import type { CandidateChecker } from '../../models/kernel/synthesis/search.ts';
import { synthesizeCli } from './cli-helpers.ts';

const hasNofsAlloc = (doc: ScenarioDoc) => doc.tasks.some((t) => t.program.some((op) => op.op === 'alloc' && op.gfp === 'GFP_NOFS'));

function fake(rule: (doc: ScenarioDoc, policy: string) => Status, kind: 'liveness' | 'invariant' | 'deadlock' = 'liveness'): CandidateChecker {
  return {
    validate(policy, property) {
      if (policy.startsWith('bogus')) throw new ConfigurationError(`unknown policy ${policy}`);
      if (property !== 'nofsReturns') throw new ConfigurationError(`unknown property "${property}"`);
    },
    async check(doc, policy, property) {
      const status = rule(doc, policy);
      const result: CheckResult = {
        stats: { distinctStates: 7, transitions: 9, maxDepth: 3, complete: true, elapsedMs: 1, statesPerSecond: 7000, bytesPerState: 40, collisionProbability: 0 },
        results: [{ property, kind, status }],
      };
      if (status === 'violated') {
        result.results[0].trace = {
          path: { init: 0, actions: [0] },
          steps: [
            { index: 0, state: { free: 0 }, changed: {} },
            { index: 1, event: { type: 'A.step' }, description: 'A [GFP_NOFS order 0]: may_oom fakes progress', process: 'A', state: { free: 0 }, changed: {} },
          ],
          loop: 1,
        };
      }
      return result;
    },
  };
}

const nofsBreaks = fake((d) => (hasNofsAlloc(d) ? 'violated' : 'holds'));

describe('oomcheck synthesize (fake checker)', () => {
  it('prints the minimal scenario and its counterexample, and exits as check would (13 for liveness)', async () => {
    const run = await synthesizeCli(['--policy', 'v4.0', '--property', 'nofsReturns', '--seed', '11', '--runs', '100'], nofsBreaks);
    expect(run.code).toBe(13);
    expect(run.stdout).toMatch(/^Found: nofsReturns is VIOLATED under v4.0 by this scenario \(1 process, 1 op, 1 page, 1 flag\):/);
    const json = run.stdout.slice(run.stdout.indexOf('{'), run.stdout.indexOf('\n}\n') + 2);
    const doc = JSON.parse(json) as ScenarioDoc;
    expect(doc.name).toBe('synthesized-nofsReturns-v4.0');
    expect(doc.tasks).toEqual([{ name: 'A', rss: 0, program: [{ op: 'alloc', order: 0, gfp: 'GFP_NOFS' }] }]);
    expect(run.stdout).toContain("Counterexample for liveness property 'nofsReturns' (1 step):");
    expect(run.stdout).toContain('back to step 1');
    expect(run.stdout).toMatch(/^search: seed 11, \d+ of 100 scenarios drawn \(at most 3 tasks, 8 pages, 3 ops per task\)/m);
    expect(run.stdout).toMatch(/^replay: fast-check seed 11, path \S+/m);
  });

  it('exits 12 for a safety violation and 11 for a deadlock', async () => {
    const args = ['--policy', 'v4.0', '--property', 'nofsReturns', '--seed', '11'];
    expect((await synthesizeCli(args, fake((d) => (hasNofsAlloc(d) ? 'violated' : 'holds'), 'invariant'))).code).toBe(12);
    expect((await synthesizeCli(args, fake((d) => (hasNofsAlloc(d) ? 'violated' : 'holds'), 'deadlock'))).code).toBe(11);
  });

  it('exits 0 with a coverage report, never "holds", when nothing is found', async () => {
    const run = await synthesizeCli(['--policy', 'v4.0', '--property', 'nofsReturns', '--runs', '30', '--out', join(mkdtempSync(join(tmpdir(), 'syn-')), 'x.json')], fake(() => 'holds'));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Nothing found: no scenario with nofsReturns violated under v4.0 among those tried\./);
    expect(run.stdout).toContain('This is not a proof that the property holds');
    expect(run.stdout).toMatch(/^search: seed 1, 30 of 30 scenarios drawn/m);
    expect(run.stdout).toMatch(/^checks: 30 settled, 0 unsettled \(bound 20,000 states per check\)/m);
    // The only "holds" is in the sentence that denies it: no verdict line says it.
    expect(run.stdout.match(/\bholds\b/g)).toHaveLength(1);
    expect(run.stdout).not.toMatch(/^\s*nofsReturns\s+holds/m);
    expect(run.stderr).toMatch(/nothing found, .*x\.json not written/);
  });

  it('--format json prints one object with the scenario, the re-check and the coverage', async () => {
    const run = await synthesizeCli(['--policy', 'v4.0', '--property', 'nofsReturns', '--seed', '11', '--format', 'json'], nofsBreaks);
    const out = JSON.parse(run.stdout);
    expect(out.found).toBe(true);
    expect(out.policy).toBe('v4.0');
    expect(out.size).toEqual({ tasks: 1, ops: 1, pages: 1, flags: 1, total: 4 });
    expect(out.violation.results[0]).toMatchObject({ property: 'nofsReturns', status: 'violated', trace: { loop: 1 } });
    expect(out.coverage).toMatchObject({ seed: 11, runsRequested: 200, bounds: { maxTasks: 3, maxPages: 8, maxOps: 3 } });
    const none = JSON.parse((await synthesizeCli(['--policy', 'v4.0', '--property', 'nofsReturns', '--runs', '5', '--format', 'json'], fake(() => 'holds'))).stdout);
    expect(none).toMatchObject({ found: false, coverage: { runs: 5 } });
    expect(none.scenario).toBeUndefined();
  });

  it('--against names both policies and re-checks both', async () => {
    const rule = (d: ScenarioDoc, policy: string): Status => (hasNofsAlloc(d) && policy === 'v4.0' ? 'violated' : 'holds');
    const run = await synthesizeCli(['--policy', 'rfc', '--against', 'v4.0', '--property', 'nofsReturns', '--seed', '2'], fake(rule));
    expect(run.code).toBe(13);
    expect(run.stdout).toMatch(/^Found: nofsReturns is VIOLATED under v4.0 and holds under rfc in this scenario/);
    expect(run.stdout).toContain('Re-check under v4.0:');
    expect(run.stdout).toMatch(/Re-check under rfc:\n {2}nofsReturns {2}holds/);
  });

  it('--out saves a scenario the kernel loader accepts, and says how to check it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'syn-')), 'found.json');
    const run = await synthesizeCli(['--policy', 'v4.0', '--property', 'nofsReturns', '--seed', '11', '--out', file], nofsBreaks);
    expect(run.code).toBe(13);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    const scenario = parseScenario(saved, file);
    expect(scenario.name).toBe('synthesized-nofsReturns-v4.0');
    expect(scenario.source).toBe('oomcheck synthesize --policy v4.0 --property nofsReturns --seed 11');
    expect(run.stderr).toContain(`oomcheck check --scenario ${file} --policy v4.0 --property nofsReturns`);
  });

  it('prints progress on stderr once the run is long enough, and nothing with --quiet', async () => {
    const slow = fake((d) => (hasNofsAlloc(d) ? 'violated' : 'holds'));
    const run = await synthesizeCli(['--policy', 'v4.0', '--property', 'nofsReturns', '--seed', '11'], slow, { progressAfterMs: 0, progressIntervalMs: 0 });
    expect(run.stderr).toMatch(/^synthesize: searching, \d+ scenarios tried, 0 unsettled, largest state space 7, \d+ s$/m);
    expect(run.stderr).toMatch(/^synthesize: shrinking after \d+ scenarios, \d+ smaller candidates checked, best \d+ process/m);
    const quiet = await synthesizeCli(['--quiet', '--policy', 'v4.0', '--property', 'nofsReturns', '--seed', '11'], slow, { progressAfterMs: 0, progressIntervalMs: 0 });
    expect(quiet.stderr).toBe('');
  });

  it('exits 151 for an unknown policy or property, 150 for bad bounds and missing options', async () => {
    expect((await synthesizeCli(['--policy', 'bogus', '--property', 'nofsReturns'], nofsBreaks)).code).toBe(151);
    expect((await synthesizeCli(['--policy', 'v4.0', '--property', 'nope'], nofsBreaks)).code).toBe(151);
    expect((await synthesizeCli(['--policy', 'v4.0', '--against', 'bogus2', '--property', 'nofsReturns'], nofsBreaks)).code).toBe(151);
    expect((await synthesizeCli(['--policy', 'v4.0', '--property', 'nofsReturns', '--max-tasks', '9'], nofsBreaks)).code).toBe(150);
    expect((await synthesizeCli(['--policy', 'v4.0', '--property', 'nofsReturns', '--max-ops', '17'], nofsBreaks)).code).toBe(150);
    expect((await synthesizeCli(['--policy', 'v4.0', '--property', 'nofsReturns', '--runs', '0'], nofsBreaks)).code).toBe(150);
    expect((await synthesizeCli(['--policy', 'v4.0', '--property', 'nofsReturns', '--seed', 'x'], nofsBreaks)).code).toBe(150);
    expect((await synthesizeCli(['--property', 'nofsReturns'], nofsBreaks)).code).toBe(150);
    expect(existsSync('synthesized.json')).toBe(false);
  });
});
