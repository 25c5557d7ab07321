/**
 * The matrix library (models/kernel/matrix.ts) on a subset: 2 built-in scenarios x the 2 presets
 * the reading compares (v4.0, rfc). Cells must agree with checkScenario run on its own; the
 * reading paragraph must be generated from the cells (changing a cell changes the text in the
 * way the cell says); the highlights must be deterministic and follow their documented ranking.
 *
 * The subset: victim-behind-imutex (v4.0 hangs in the NOFS loop, rfc fixes it with patch 11 and
 * introduces a premature failure) and nofail-holding-lock (the same NOFAIL hang under both).
 * Their verdicts are justified in verdicts-builtin.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkScenario } from '../../models/kernel/check-scenario.ts';
import { cellOf, chooseHighlights, readMatrix, runMatrix, type MatrixCell, type MatrixResult } from '../../models/kernel/matrix.ts';
import { resolvePolicy } from '../../models/kernel/policy.ts';
import { findScenario } from '../../models/kernel/scenario/builtin.ts';
import { PROPERTY_IDS } from '../../properties/registry.ts';

const SCENARIOS = ['victim-behind-imutex', 'nofail-holding-lock'];
const POLICIES = ['v4.0', 'rfc'];

let m: MatrixResult;
const progress: [number, number, string][] = [];

beforeAll(async () => {
  m = await runMatrix({
    scenarios: SCENARIOS.map(findScenario),
    policies: POLICIES.map((p) => resolvePolicy(p)),
    onCell: (done, total, cell) => progress.push([done, total, `${cell.scenario}@${cell.policy}`]),
  });
}, 60_000);

/** A copy of the matrix with one cell's violated list replaced (noWitness/unknown kept consistent). */
function withCell(scenario: string, policy: string, violated: string[]): Pick<MatrixResult, 'cells' | 'scenarios' | 'policies'> {
  const cells: MatrixCell[] = m.cells.map((c) =>
    c.scenario === scenario && c.policy === policy ? { ...c, violated, noWitness: c.noWitness.filter((id) => violated.includes(id)) } : c,
  );
  return { cells, scenarios: m.scenarios, policies: m.policies };
}

const violatedOf = (scenario: string, policy: string) => cellOf(m, scenario, policy)!.violated;

describe('matrix cells', () => {
  it('are row-major (scenario, then policy), one per pair, with progress reported per cell', () => {
    expect(m.cells.map((c) => `${c.scenario}@${c.policy}`)).toEqual(SCENARIOS.flatMap((s) => POLICIES.map((p) => `${s}@${p}`)));
    expect(progress).toEqual(m.cells.map((c, i) => [i + 1, 4, `${c.scenario}@${c.policy}`]));
  });

  it('agree with checkScenario run on its own', async () => {
    for (const cell of m.cells) {
      const alone = await checkScenario(findScenario(cell.scenario), resolvePolicy(cell.policy));
      expect(alone.stats.complete).toBe(true);
      const status = Object.fromEntries(alone.results.map((r) => [r.property, r.status]));
      expect(Object.fromEntries(cell.result.results.map((r) => [r.property, r.status]))).toEqual(status);
      // violated: exactly the violated ids, in PROPERTY_IDS order.
      expect(cell.violated).toEqual(PROPERTY_IDS.filter((id) => status[id] === 'violated'));
      // noWitness: the violated reachability properties; unknown: none (complete exploration).
      const kinds = Object.fromEntries(alone.results.map((r) => [r.property, r.kind]));
      expect(cell.noWitness).toEqual(cell.violated.filter((id) => kinds[id] === 'reachability'));
      expect(cell.unknown).toEqual([]);
    }
  });

  it('carry the verdicts justified in verdicts-builtin.test.ts', () => {
    expect(violatedOf('victim-behind-imutex', 'v4.0')).toEqual(['lowOrderReturns', 'nofsReturns', 'allTasksFinish', 'oomKillHappens', 'allocFailureHappens']);
    expect(violatedOf('victim-behind-imutex', 'rfc')).toEqual(['noPrematureFailure', 'oomKillHappens']);
    for (const p of POLICIES) {
      expect(violatedOf('nofail-holding-lock', p)).toEqual(['nofailCompletes', 'lowOrderReturns', 'nofsReturns', 'victimExits', 'allTasksFinish', 'allocFailureHappens']);
    }
  });
});

describe('matrix reading', () => {
  it('is what readMatrix makes of the cells', () => {
    expect(m.reading).toBe(readMatrix(m));
  });

  it('says what the cells say (reachability without witness is not read as a violation)', () => {
    // Both scenarios violate a non-reachability property under both columns.
    expect(m.reading).toContain('Of 2 scenarios, 2 violate some property under v4.0 and 2 under the RFC.');
    // victim-behind-imutex: v4.0's hang is gone under rfc (lowOrderReturns, nofsReturns,
    // allTasksFinish); oomKillHappens/allocFailureHappens are not named (no witness).
    expect(m.reading).toContain('The RFC removes the violations of lowOrderReturns, nofsReturns and allTasksFinish in victim-behind-imutex (patches 8-12).');
    expect(m.reading).toContain('It introduces new ones: noPrematureFailure in victim-behind-imutex.');
    // nofail-holding-lock: the NOFAIL hang stays, and with it the victim that never exits and
    // the tasks that never finish (every liveness property is a hang).
    expect(m.reading).toContain('Hangs it leaves in place: nofailCompletes, lowOrderReturns, nofsReturns, victimExits and allTasksFinish in nofail-holding-lock.');
    expect(m.reading).not.toContain('oomKillHappens');
    expect(m.reading).not.toContain('allocFailureHappens');
  });

  it('changes when a cell changes', () => {
    // Suppose the RFC also fixed nofail-holding-lock: one scenario broken under the RFC, the
    // removal is listed for it, and no hang is left in place.
    const fixed = readMatrix(withCell('nofail-holding-lock', 'rfc', []));
    expect(fixed).not.toBe(m.reading);
    expect(fixed).toContain('2 violate some property under v4.0 and 1 under the RFC.');
    expect(fixed).toContain('nofailCompletes, lowOrderReturns, nofsReturns, victimExits and allTasksFinish in nofail-holding-lock (patches 8-12)');
    expect(fixed).not.toContain('Hangs it leaves in place');

    // Suppose the RFC introduced no premature failure in victim-behind-imutex.
    const clean = readMatrix(withCell('victim-behind-imutex', 'rfc', ['oomKillHappens']));
    expect(clean).toContain('It introduces no violation that v4.0 does not have.');
    expect(clean).toContain('2 violate some property under v4.0 and 1 under the RFC.');

    // A reachability property without witness is ignored by the reading: dropping it changes nothing.
    expect(readMatrix(withCell('victim-behind-imutex', 'rfc', ['noPrematureFailure']))).toBe(m.reading);

    // Without the rfc column there is nothing to compare: the fallback counts broken cells.
    const onlyV40 = { cells: m.cells.filter((c) => c.policy === 'v4.0'), scenarios: m.scenarios, policies: m.policies.filter((p) => p.spec === 'v4.0') };
    expect(readMatrix(onlyV40)).toBe('2 of 2 checked cells violate a property; the reading of the RFC needs the v4.0 and rfc columns.');
  });
});

describe('matrix highlights', () => {
  const key = (hs: ReturnType<typeof chooseHighlights>) => hs.map((h) => `${h.cell.scenario}@${h.cell.policy}:${h.property.property}:${h.why}`);

  it('are deterministic: the same from the same cells, from a copy, and from a second run', async () => {
    expect(key(chooseHighlights(m))).toEqual(key(m.highlights));
    expect(key(chooseHighlights(m))).toEqual(key(chooseHighlights(m)));
    const copy = { cells: m.cells.map((c) => ({ ...c })), scenarios: [...m.scenarios], policies: [...m.policies] };
    expect(key(chooseHighlights(copy))).toEqual(key(m.highlights));
    const again = await runMatrix({ scenarios: SCENARIOS.map(findScenario), policies: POLICIES.map((p) => resolvePolicy(p)) });
    expect(key(again.highlights)).toEqual(key(m.highlights));
    expect(again.reading).toBe(m.reading);
  }, 60_000);

  it('follow the ranking: the RFC hang first, then a verdict that differs, one per scenario, shortest trace', () => {
    const hs = m.highlights;
    expect(hs).toHaveLength(2); // at most one per scenario
    // Rank 1: a nofailCompletes / lowOrderReturns liveness violation under rfc.
    expect(hs[0].cell.scenario).toBe('nofail-holding-lock');
    expect(hs[0].cell.policy).toBe('rfc');
    expect(['nofailCompletes', 'lowOrderReturns']).toContain(hs[0].property.property);
    expect(hs[0].why).toBe(`the RFC set out to make allocations return, yet ${hs[0].property.property} is violated under rfc`);
    // Rank 2: in victim-behind-imutex every non-reachability violation differs between v4.0 and
    // rfc; the shortest counterexample wins.
    expect(hs[1].cell.scenario).toBe('victim-behind-imutex');
    const other = hs[1].cell.policy === 'rfc' ? 'v4.0' : 'rfc';
    expect(hs[1].why).toBe(`${hs[1].property.property} is violated under ${hs[1].cell.policy} but not under ${other}`);
    const rank2 = m.cells
      .filter((c) => c.scenario === 'victim-behind-imutex')
      .flatMap((c) => c.result.results.filter((r) => r.status === 'violated' && r.kind !== 'reachability' && r.trace))
      .map((r) => r.trace!.steps.length);
    expect(hs[1].property.trace!.steps.length).toBe(Math.min(...rank2));
    for (const h of hs) expect(h.property.kind).not.toBe('reachability');
  });

  it('respect the maximum', () => {
    expect(chooseHighlights(m, 1)).toHaveLength(1);
    expect(key(chooseHighlights(m, 1))).toEqual(key(m.highlights).slice(0, 1));
  });
});
