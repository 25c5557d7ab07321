/**
 * Issue 6 acceptance, on the kernel model: with fixed seeds, synthesis finds
 *   - a __GFP_NOFAIL deadlock under rfc (nofailCompletes),
 *   - a GFP_NOFS allocation that loops forever under v4.0 (nofsReturns),
 *   - a difference between v4.0 and v4.0+lowOrderFail, both ways: what patch 12 breaks
 *     (killerNotStarved) and what it fixes (lowOrderReturns);
 * each shrunk scenario is at most as large as the smallest built-in scenario showing
 * the same thing (found by checking the built-ins, smallest first), and its verdict is
 * re-checked here, independently of the search, from the document through the loader.
 *
 * The properties are liveness properties except killerNotStarved: the tests demand
 * 'violated' with a trace, so a checker without liveness ('unknown') fails them.
 * Seeds are chosen for small state spaces, so that the file runs in seconds.
 */
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScenario } from '../../models/kernel/check-scenario.ts';
import { resolvePolicy } from '../../models/kernel/policy.ts';
import { builtinScenarios, parseScenario, type Scenario } from '../../models/kernel/scenario/index.ts';
import { scenarioDocArb, type ScenarioDoc } from '../../models/kernel/synthesis/arbitrary.ts';
import { kernelCandidateChecker } from '../../models/kernel/synthesis/kernel-checker.ts';
import { synthesize, type SynthesisFound, type SynthesisOptions } from '../../models/kernel/synthesis/search.ts';
import { atMostAsLarge, compareSize, formatSize, scenarioSize } from '../../models/kernel/synthesis/size.ts';
import type { Status } from '../../checker/result.ts';
import { cli } from '../cli/run-cli.ts';
import { synthesizeCli } from './cli-helpers.ts';

const TIMEOUT = 120_000;
const MAX_STATES = 20_000;

async function statusOf(scenario: Scenario, policy: string, property: string): Promise<Status> {
  const r = await checkScenario(scenario, resolvePolicy(policy), { properties: [property], maxStates: MAX_STATES });
  const result = r.results.find((x) => x.property === property)!;
  return result.status;
}

/** Does the scenario show what the synthesis sought? (violated under the violating policy; holds under the other) */
async function shows(scenario: Scenario, o: { policy: string; property: string; against?: string }): Promise<boolean> {
  if ((await statusOf(scenario, o.against ?? o.policy, o.property)) !== 'violated') return false;
  return o.against === undefined || (await statusOf(scenario, o.policy, o.property)) === 'holds';
}

/** The smallest built-in scenario that shows the same thing: the built-ins in size order, the first that shows it. */
async function smallestBuiltinShowing(o: { policy: string; property: string; against?: string }): Promise<Scenario> {
  const bySize = [...builtinScenarios()].sort((a, b) => compareSize(scenarioSize(a), scenarioSize(b)));
  for (const s of bySize) if (await shows(s, o)) return s;
  throw new Error(`no built-in scenario shows ${JSON.stringify(o)}: the comparison would be vacuous`);
}

async function synthesizeAndVerify(options: SynthesisOptions): Promise<{ found: SynthesisFound; builtin: Scenario }> {
  const result = await synthesize({ maxStatesPerCandidate: MAX_STATES, ...options }, kernelCandidateChecker);
  if (!result.found) throw new Error(`nothing found: ${JSON.stringify(result.coverage)}`);
  const found = result;

  // The search's own re-check: violated with a trace (a lasso or a stuttering end for liveness).
  const violated = found.violation.results.find((r) => r.property === options.property)!;
  expect(violated.status).toBe('violated');
  expect(violated.trace).toBeDefined();
  if (violated.kind === 'liveness') expect(violated.trace!.loop !== undefined || violated.trace!.stutters === true).toBe(true);
  if (options.against) expect(found.holding!.results.find((r) => r.property === options.property)!.status).toBe('holds');

  // An independent re-check: the printed document, through JSON and the loader, checked anew.
  const reloaded = parseScenario(JSON.parse(JSON.stringify(found.scenario)), 'synthesized.json');
  expect(await shows(reloaded, options)).toBe(true);
  expect(found.coverage.unsettled).toBe(0);

  const builtin = await smallestBuiltinShowing(options);
  const [mine, theirs] = [scenarioSize(found.scenario), scenarioSize(builtin)];
  expect(atMostAsLarge(mine, theirs), `synthesized ${formatSize(mine)} vs built-in ${builtin.name} ${formatSize(theirs)}`).toBe(true);
  return { found, builtin };
}

const allocs = (doc: ScenarioDoc) => doc.tasks.flatMap((t) => t.program.filter((op) => op.op === 'alloc'));

describe('synthesis on the kernel model', () => {
  it(
    'finds a __GFP_NOFAIL deadlock under rfc (nofailCompletes), smaller than nofail-holding-lock',
    async () => {
      const { found, builtin } = await synthesizeAndVerify({ policy: 'rfc', property: 'nofailCompletes', seed: 1, runs: 100 });
      expect(allocs(found.scenario).some((op) => op.op === 'alloc' && op.flags?.includes('__GFP_NOFAIL'))).toBe(true);
      expect(builtin.name).toBe('nofail-holding-lock');
      // One task owning every page asks for one more with NOFAIL: out_of_memory picks the
      // caller itself, and a TIF_MEMDIE NOFAIL allocation repeats its NO_WATERMARKS attempt
      // forever, since the only pages to free are its own and it never exits.
      expect(found.size).toMatchObject({ tasks: 1, ops: 1 });
    },
    TIMEOUT,
  );

  it(
    'finds a GFP_NOFS allocation looping forever under v4.0 (nofsReturns), no larger than nofs-nobody-to-kill',
    async () => {
      const { found, builtin } = await synthesizeAndVerify({ policy: 'v4.0', property: 'nofsReturns', seed: 3, runs: 100 });
      expect(builtin.name).toBe('nofs-nobody-to-kill');
      // v4.0's may_oom fakes progress for !__GFP_FS without a kill: one NOFS request below min loops.
      expect(found.scenario.tasks).toEqual([{ name: 'A', rss: 0, program: [{ op: 'alloc', order: 0, gfp: 'GFP_NOFS' }] }]);
    },
    TIMEOUT,
  );

  it(
    'finds what v4.0+lowOrderFail breaks that v4.0 does not (--against: killerNotStarved)',
    async () => {
      const { found, builtin } = await synthesizeAndVerify({ policy: 'v4.0', against: 'v4.0+lowOrderFail', property: 'killerNotStarved', seed: 3, runs: 100 });
      expect(builtin.name).toBe('mmap-sem-sibling');
      // Patch 12 fails the allocation right after its own kill: the victim's pages are freed, but the killer gets no attempt.
      expect(allocs(found.scenario).length).toBeGreaterThan(0);
    },
    TIMEOUT,
  );

  it(
    'finds what v4.0+lowOrderFail fixes in v4.0 (--against the other way: lowOrderReturns)',
    async () => {
      const { found, builtin } = await synthesizeAndVerify({ policy: 'v4.0+lowOrderFail', against: 'v4.0', property: 'lowOrderReturns', seed: 3, runs: 100 });
      expect(found.against).toBe('v4.0');
      expect(builtin.name).toBe('nofs-nobody-to-kill');
    },
    TIMEOUT,
  );

  it(
    'finds the costly __GFP_NOFAIL failure of 4.7 as merged (--against v4.7+costlyNofailNopage: nofailNeverFails)',
    async () => {
      // No built-in scenario has a costly NOFAIL request, so this is checked without the
      // built-in comparison. Only an order-4 NOFAIL request without __GFP_REPEAT that reclaim
      // cannot satisfy reaches the toggle's difference (docs/kernel-model.md): under v4.7 it
      // goes to may_oom and retries, with the toggle it fails after reclaim.
      const result = await synthesize(
        { policy: 'v4.7', against: 'v4.7+costlyNofailNopage', property: 'nofailNeverFails', seed: 1, runs: 200, maxPages: 24, maxStatesPerCandidate: MAX_STATES },
        kernelCandidateChecker,
      );
      if (!result.found) throw new Error(`nothing found: ${JSON.stringify(result.coverage)}`);
      expect(allocs(result.scenario).some((op) => op.op === 'alloc' && op.order === 4 && op.flags?.includes('__GFP_NOFAIL') && !op.flags.includes('__GFP_REPEAT'))).toBe(true);
      const reloaded = parseScenario(JSON.parse(JSON.stringify(result.scenario)), 'synthesized.json');
      expect(await shows(reloaded, { policy: 'v4.7', against: 'v4.7+costlyNofailNopage', property: 'nofailNeverFails' })).toBe(true);
      expect(result.size).toMatchObject({ tasks: 1, ops: 1 });
    },
    TIMEOUT,
  );

  it(
    'gives the same scenario for the same seed',
    async () => {
      const run = () => synthesize({ policy: 'v4.0', property: 'nofsReturns', seed: 3, runs: 100 }, kernelCandidateChecker);
      const [a, b] = [await run(), await run()];
      const strip = (r: typeof a) => ({ ...r, coverage: { ...r.coverage, elapsedMs: 0 }, ...(r.found ? { violation: { ...r.violation, stats: { ...r.violation.stats, elapsedMs: 0, statesPerSecond: 0 } } } : {}) });
      expect(strip(a)).toEqual(strip(b));
    },
    TIMEOUT,
  );
});

// A `sometimes` property (MODEL.md 5: a witness must exist) is violated by a complete run
// that reaches no witness; there is no trace, the scenario is the evidence. Every
// scenario without an allocation that can fail reaches no kill, so one exists in any draw.
describe('synthesis of a scenario without a witness', () => {
  it(
    'finds one for oomKillHappens, violated without a trace',
    async () => {
      const r = await synthesize({ policy: 'v4.0', property: 'oomKillHappens', seed: 1, runs: 3 }, kernelCandidateChecker);
      expect(r.found).toBe(true);
      const found = r as SynthesisFound;
      const verdict = found.violation.results.find((x) => x.property === 'oomKillHappens')!;
      expect(verdict.status).toBe('violated');
      expect(verdict.trace).toBeUndefined();
      expect(await statusOf(parseScenario(found.scenario, 'synthesized'), 'v4.0', 'oomKillHappens')).toBe('violated');
    },
    TIMEOUT,
  );
});

describe('oomcheck synthesize on the kernel', () => {
  it(
    'saves with --out a scenario that `oomcheck check --scenario FILE` checks to the same verdict and exit code',
    async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'syn-')), 'nofs.json');
      const run = await synthesizeCli(['--quiet', '--policy', 'v4.0', '--property', 'nofsReturns', '--seed', '3', '--runs', '100', '--out', file]);
      expect(run.code).toBe(13);
      expect(run.stdout).toMatch(/^Found: nofsReturns is VIOLATED under v4.0 by this scenario \(1 process, 1 op, 1 page, 1 flag\):/);
      expect(run.stdout).toContain("Counterexample for liveness property 'nofsReturns'");
      const check = await cli(['check', '--scenario', file, '--policy', 'v4.0', '--property', 'nofsReturns']);
      expect(check.stderr).toBe('');
      expect(check.code).toBe(13);
      expect(check.stdout).toMatch(/nofsReturns +VIOLATED/);
    },
    TIMEOUT,
  );
});

describe('synthesis on the kernel, when nothing is found', () => {
  it(
    'reports coverage for a property that holds everywhere (conservation), and counts state-bounded checks as unsettled',
    async () => {
      const r = await synthesize({ policy: 'rfc', property: 'conservation', seed: 9, runs: 15 }, kernelCandidateChecker);
      expect(r.found).toBe(false);
      expect(r.coverage).toMatchObject({ runs: 15, unsettled: 0, interrupted: false });
      expect(r.coverage.settled).toBe(r.coverage.distinctCandidates);
      const bounded = await synthesize({ policy: 'rfc', property: 'conservation', seed: 9, runs: 15, maxStatesPerCandidate: 5 }, kernelCandidateChecker);
      expect(bounded.found).toBe(false);
      expect(bounded.coverage.unsettled).toBeGreaterThan(0);
      // The checker stops at the bound (it may finish expanding the state it is on).
      expect(bounded.coverage.largestStateSpace).toBeLessThan(r.coverage.largestStateSpace);
    },
    TIMEOUT,
  );
});

describe('the premise shortcut of kernel-checker.ts is sound', () => {
  it(
    'a scenario without the op a property is about is never violated by the full check',
    async () => {
      // Drawn scenarios without any NOFAIL allocation: the shortcut says vacuous without
      // exploring; the full check must not find a violation either.
      const docs = fc
        .sample(scenarioDocArb({ maxTasks: 2, maxPages: 6, maxOps: 2 }), { seed: 77, numRuns: 60 })
        .filter((d) => !allocs(d).some((op) => op.op === 'alloc' && op.flags?.includes('__GFP_NOFAIL')))
        .slice(0, 12);
      expect(docs.length).toBe(12);
      for (const doc of docs) {
        const quick = await kernelCandidateChecker.check(doc, 'v4.0', 'nofailCompletes', { maxStates: MAX_STATES });
        expect(quick.results[0].status).toBe('vacuous');
        expect(quick.stats.distinctStates).toBe(0);
        expect(await statusOf(parseScenario(doc, 'x'), 'v4.0', 'nofailCompletes')).not.toBe('violated');
      }
    },
    TIMEOUT,
  );
});
