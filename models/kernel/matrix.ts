/**
 * The verdict matrix: every chosen scenario under every chosen policy, each cell the ids
 * of its violated properties; the most instructive counterexamples; and a reading of what
 * the matrix says about the RFC, generated from the cells (never fixed prose).
 */
import type { CheckOptions } from '../../checker/options.ts';
import type { PropertyResult } from '../../checker/result.ts';
import { PROPERTY_IDS } from '../../properties/registry.ts';
import { checkScenario, type ScenarioCheckResult } from './check-scenario.ts';
import { PRESET_NAMES, resolvePolicy } from './policy.ts';
import type { ResolvedPolicy } from './policy-types.ts';
import { builtinScenarios } from './scenario/builtin.ts';
import type { Scenario } from './scenario/types.ts';

export interface MatrixCell {
  scenario: string;
  policy: string;
  /** Ids of the violated properties, in PROPERTY_INFO order. */
  violated: string[];
  /** Reachability properties without a witness (also in `violated`): the verdicts depending on them may be vacuous. */
  noWitness: string[];
  /** Ids whose verdict is unknown (a bound was hit). */
  unknown: string[];
  result: ScenarioCheckResult;
}

export interface Highlight {
  cell: MatrixCell;
  property: PropertyResult;
  /** Why this one was chosen, in words. */
  why: string;
}

export interface MatrixResult {
  scenarios: Scenario[];
  policies: ResolvedPolicy[];
  /** Row-major: cells[i * policies.length + j] is scenario i under policy j. */
  cells: MatrixCell[];
  highlights: Highlight[];
  reading: string;
  elapsedMs: number;
}

export interface MatrixOptions {
  scenarios?: readonly Scenario[];
  policies?: readonly ResolvedPolicy[];
  check?: CheckOptions;
  /** After each cell: (done, total, cell). */
  onCell?: (done: number, total: number, cell: MatrixCell) => void;
}

export function cellOf(m: Pick<MatrixResult, 'cells'>, scenario: string, policy: string): MatrixCell | undefined {
  return m.cells.find((c) => c.scenario === scenario && c.policy === policy);
}

export async function runMatrix(options: MatrixOptions = {}): Promise<MatrixResult> {
  const t0 = Date.now();
  const scenarios = [...(options.scenarios ?? builtinScenarios())];
  const policies = [...(options.policies ?? PRESET_NAMES.map((p) => resolvePolicy(p)))];
  const cells: MatrixCell[] = [];
  const total = scenarios.length * policies.length;
  for (const scenario of scenarios) {
    for (const policy of policies) {
      const result = await checkScenario(scenario, policy, options.check ?? {});
      const cell: MatrixCell = {
        scenario: scenario.name,
        policy: policy.spec,
        violated: ordered(result.results.filter((r) => r.status === 'violated').map((r) => r.property)),
        noWitness: ordered(result.results.filter((r) => r.status === 'violated' && r.kind === 'reachability').map((r) => r.property)),
        unknown: ordered(result.results.filter((r) => r.status === 'unknown').map((r) => r.property)),
        result,
      };
      cells.push(cell);
      options.onCell?.(cells.length, total, cell);
      // A check shorter than its first yield (explore.ts yields every 50 ms) never lets the
      // event loop run: without this, a Ctrl-C would wait for the whole matrix.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (options.check?.signal?.aborted) break;
    }
    if (options.check?.signal?.aborted) break;
  }
  const m = { scenarios, policies, cells };
  return { ...m, highlights: chooseHighlights(m), reading: readMatrix(m), elapsedMs: Date.now() - t0 };
}

function ordered(ids: string[]): string[] {
  return [...ids].sort((a, b) => PROPERTY_IDS.indexOf(a) - PROPERTY_IDS.indexOf(b));
}

function traceLength(r: PropertyResult): number {
  return r.trace ? r.trace.steps.length : Number.MAX_SAFE_INTEGER;
}

/** The policy names that stand for "before" and "after" the RFC, when present. */
const BEFORE = 'v4.0';
const AFTER = 'rfc';

/**
 * Up to three counterexamples, chosen deterministically: first liveness violations of
 * nofailCompletes / lowOrderReturns under rfc (the hangs the RFC set out to remove), then
 * violations whose verdict differs between v4.0 and rfc, then any other; shortest trace
 * first within a rank, then matrix order. At most one per scenario, so three different
 * stories are told.
 */
export function chooseHighlights(m: Pick<MatrixResult, 'cells' | 'scenarios' | 'policies'>, max = 3): Highlight[] {
  type Cand = Highlight & { rank: number; order: number };
  const cands: Cand[] = [];
  m.cells.forEach((cell, order) => {
    for (const r of cell.result.results) {
      if (r.status !== 'violated' || !r.trace || r.kind === 'reachability') continue;
      const other = cellOf(m, cell.scenario, cell.policy === AFTER ? BEFORE : AFTER);
      const otherStatus = other?.result.results.find((x) => x.property === r.property)?.status;
      const differs = (cell.policy === AFTER || cell.policy === BEFORE) && otherStatus !== undefined && otherStatus !== 'violated';
      let rank = 3;
      let why = `${r.property} is violated under ${cell.policy}`;
      if (cell.policy === AFTER && r.kind === 'liveness' && (r.property === 'nofailCompletes' || r.property === 'lowOrderReturns')) {
        rank = 1;
        why = `the RFC set out to make allocations return, yet ${r.property} is violated under ${AFTER}`;
      } else if (differs) {
        rank = 2;
        why = `${r.property} is violated under ${cell.policy} but not under ${cell.policy === AFTER ? BEFORE : AFTER}`;
      }
      cands.push({ cell, property: r, why, rank, order });
    }
  });
  cands.sort((a, b) => a.rank - b.rank || traceLength(a.property) - traceLength(b.property) || a.order - b.order || PROPERTY_IDS.indexOf(a.property.property) - PROPERTY_IDS.indexOf(b.property.property));
  const out: Highlight[] = [];
  const seen = new Set<string>();
  for (const c of cands) {
    if (out.length >= max) break;
    if (seen.has(c.cell.scenario)) continue;
    seen.add(c.cell.scenario);
    out.push({ cell: c.cell, property: c.property, why: c.why });
  }
  return out;
}

/** The RFC patch (or kernel) behind each toggle that is on in rfc but not in v4.2, for the reading. */
function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The properties whose violation is a hang, for "Hangs it leaves in place". */
const HANGS = new Set(['lowOrderReturns', 'nofailCompletes', 'nofsReturns', 'noDeadlock', 'victimExits', 'allTasksFinish']);

/**
 * One paragraph generated from the cells. For each scenario it compares v4.0 with rfc
 * (what the RFC removes, what it introduces, what remains), attributes a change to the
 * merged part (v4.2 = patches 1-7) or the rest (8-12) by looking at the v4.2 column, and
 * says whether rfc-v2 (which dropped patches 10-12) keeps the change.
 */
export function readMatrix(m: Pick<MatrixResult, 'cells' | 'scenarios' | 'policies'>): string {
  const has = (p: string) => m.policies.some((x) => x.spec === p);
  if (!has(BEFORE) || !has(AFTER)) {
    const broken = m.cells.filter((c) => c.violated.length > 0);
    return `${broken.length} of ${m.cells.length} checked cells violate a property; the reading of the RFC needs the v4.0 and rfc columns.`;
  }
  const violatedIn = (s: string, p: string): Set<string> => {
    const c = cellOf(m, s, p);
    return new Set((c?.violated ?? []).filter((id) => !c?.noWitness.includes(id)));
  };
  const sentences: string[] = [];
  const brokenBefore = m.scenarios.filter((s) => violatedIn(s.name, BEFORE).size > 0).length;
  const brokenAfter = m.scenarios.filter((s) => violatedIn(s.name, AFTER).size > 0).length;
  sentences.push(`Of ${m.scenarios.length} scenarios, ${brokenBefore} violate some property under v4.0 and ${brokenAfter} under the RFC.`);
  const removed: string[] = [];
  const introduced: string[] = [];
  const remaining: string[] = [];
  for (const s of m.scenarios) {
    const before = violatedIn(s.name, BEFORE);
    const after = violatedIn(s.name, AFTER);
    const fixed = [...before].filter((p) => !after.has(p));
    const added = [...after].filter((p) => !before.has(p));
    // Every hang: an allocation that never returns, a deadlock, a victim that never exits, a
    // task that never finishes (xfs-retry's caller loops on failures the RFC makes it see).
    const kept = [...before].filter((p) => after.has(p) && HANGS.has(p));
    if (fixed.length > 0) {
      const v42 = has('v4.2') ? violatedIn(s.name, 'v4.2') : undefined;
      const v2 = has('rfc-v2') ? violatedIn(s.name, 'rfc-v2') : undefined;
      const by = v42 && fixed.every((p) => !v42.has(p)) ? 'already the merged patches 1-7 (v4.2)' : 'patches 8-12';
      const v2note = v2 ? (fixed.every((p) => !v2.has(p)) ? ', and rfc-v2 keeps the fix' : fixed.some((p) => !v2.has(p)) ? ', and rfc-v2 keeps part of it' : ', but rfc-v2, without patches 10-12, loses it') : '';
      removed.push(`${list(fixed)} in ${s.name} (${by}${v2note})`);
    }
    if (added.length > 0) {
      const v2 = has('rfc-v2') ? violatedIn(s.name, 'rfc-v2') : undefined;
      const v2note = v2 ? (added.every((p) => !v2.has(p)) ? '; rfc-v2 avoids it' : '; rfc-v2 has it too') : '';
      introduced.push(`${list(added)} in ${s.name}${v2note}`);
    }
    if (kept.length > 0) remaining.push(`${list(kept)} in ${s.name}`);
  }
  sentences.push(removed.length > 0 ? `The RFC removes the violations of ${list(removed)}.` : 'The RFC removes no violation that v4.0 has.');
  if (introduced.length > 0) sentences.push(`It introduces new ones: ${list(introduced)}.`);
  else sentences.push('It introduces no violation that v4.0 does not have.');
  if (remaining.length > 0) sentences.push(`Hangs it leaves in place: ${list(remaining)}.`);
  const laterFixes: string[] = [];
  for (const later of ['v4.7', 'v4.11']) {
    if (!has(later)) continue;
    const clean = m.scenarios.filter((s) => violatedIn(s.name, AFTER).size > 0 && violatedIn(s.name, later).size === 0).map((s) => s.name);
    if (clean.length > 0) laterFixes.push(`${later} has no violation in ${list(clean)}`);
  }
  if (laterFixes.length > 0) sentences.push(`Of the later kernels, ${list(laterFixes)}.`);
  const unknown = m.cells.filter((c) => c.unknown.length > 0).length;
  if (unknown > 0) sentences.push(`${unknown} cells have unsettled (unknown) verdicts, which this reading treats as not violated.`);
  return sentences.join(' ');
}
