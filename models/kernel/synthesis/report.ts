/**
 * Reports of a synthesis run, as text for people and JSON for scripts: pure functions
 * of the SynthesisResult. A run that found nothing says what it covered and never that
 * the property holds: synthesis samples scenarios, it does not prove anything about
 * the ones it did not draw.
 */
import { toJsonReport, type JsonReport } from '../../../checker/report/json.ts';
import { count, renderText, renderVerdicts } from '../../../checker/report/text.ts';
import type { ScenarioDoc } from './arbitrary.ts';
import type { Coverage, SynthesisResult } from './search.ts';
import { formatSize, type ScenarioSize } from './size.ts';

/** The scenario file `--out` writes: loadable by `oomcheck check --scenario FILE`. */
export function scenarioFileText(doc: ScenarioDoc): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

/** A document for --out and for the report: named and titled after what it shows. */
export function describeFound(doc: ScenarioDoc, r: { policy: string; property: string; against?: string }, seed: number): ScenarioDoc {
  const name = `synthesized-${r.property}-${(r.against ?? r.policy).replace(/[^A-Za-z0-9._-]/g, '_')}`.slice(0, 64);
  const title =
    r.against === undefined
      ? `Smallest scenario found in which ${r.policy} violates ${r.property}`
      : `Smallest scenario found in which ${r.against} violates ${r.property} and ${r.policy} does not`;
  const { name: _name, title: _title, source: _source, ...rest } = doc;
  // Key order as in a hand-written file: name, title, source, then the scenario.
  return {
    name,
    title,
    source: `oomcheck synthesize --policy ${r.policy} --property ${r.property}${r.against ? ` --against ${r.against}` : ''} --seed ${seed}`,
    ...rest,
  };
}

export function renderSynthesisText(result: SynthesisResult): string {
  const lines: string[] = [];
  if (result.found) {
    const violating = result.against ?? result.policy;
    lines.push(
      result.against === undefined
        ? `Found: ${result.property} is VIOLATED under ${result.policy} by this scenario (${formatSize(result.size)}):`
        : `Found: ${result.property} is VIOLATED under ${result.against} and holds under ${result.policy} in this scenario (${formatSize(result.size)}):`,
      '',
      scenarioFileText(result.scenario).trimEnd(),
      '',
      `Re-check under ${violating}:`,
      renderText(result.violation).trimEnd(),
    );
    if (result.holding) lines.push('', `Re-check under ${result.policy}:`, ...renderVerdicts(result.holding.results));
    lines.push('', ...renderCoverage(result.coverage));
    lines.push(`replay: fast-check seed ${result.replay.seed}, path ${result.replay.path ?? '(none)'}`);
    if (result.coverage.shrinkCutShort) {
      lines.push('note: shrinking stopped early (--max-shrinks or an interrupt): a smaller scenario may exist.');
    }
  } else {
    const what =
      result.against === undefined
        ? `${result.property} violated under ${result.policy}`
        : `${result.property} violated under ${result.against} and holding under ${result.policy}`;
    lines.push(
      `Nothing found: no scenario with ${what} among those tried.`,
      'This is not a proof that the property holds: only the scenarios below were checked.',
      '',
      ...renderCoverage(result.coverage),
    );
    if (result.coverage.unsettled > 0) {
      lines.push(
        `${count(result.coverage.unsettled)} check${result.coverage.unsettled === 1 ? '' : 's'} hit the bound of ${count(result.coverage.maxStatesPerCandidate)} states and settled nothing: raise --max-states to settle them.`,
      );
    }
    lines.push('To search further: more --runs, another --seed, larger --max-tasks/--max-pages/--max-ops.');
  }
  return lines.join('\n') + '\n';
}

export function renderCoverage(c: Coverage): string[] {
  const b = c.bounds;
  const lines = [
    `search: seed ${c.seed}, ${count(c.runs)} of ${count(c.runsRequested)} scenario${c.runsRequested === 1 ? '' : 's'} drawn` +
      ` (at most ${b.maxTasks} task${b.maxTasks === 1 ? '' : 's'}, ${b.maxPages} page${b.maxPages === 1 ? '' : 's'}, ${b.maxOps} op${b.maxOps === 1 ? '' : 's'} per task)` +
      (c.shrinkChecks > 0 ? `, ${count(c.shrinkChecks)} shrink candidate${c.shrinkChecks === 1 ? '' : 's'}` : '') +
      `, ${seconds(c.elapsedMs)}`,
    `checks: ${count(c.settled)} settled, ${count(c.unsettled)} unsettled (bound ${count(c.maxStatesPerCandidate)} states per check), ` +
      `${count(c.distinctCandidates)} distinct scenario${c.distinctCandidates === 1 ? '' : 's'}, largest state space ${count(c.largestStateSpace)}, ${count(c.totalStates)} states in all`,
  ];
  if (c.interrupted) lines.push('interrupted: the search stopped before its budget was spent.');
  return lines;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export interface SynthesisJson {
  found: boolean;
  policy: string;
  property: string;
  against?: string;
  scenario?: ScenarioDoc;
  size?: ScenarioSize;
  /** The re-check under the violating policy, in `oomcheck check --format json`'s shape. */
  violation?: JsonReport;
  /** With --against: the re-check under --policy. */
  holding?: JsonReport;
  replay?: { seed: number; path: string | null };
  coverage: Coverage;
}

export function toSynthesisJson(result: SynthesisResult): SynthesisJson {
  const out: SynthesisJson = { found: result.found, policy: result.policy, property: result.property, coverage: result.coverage };
  if (result.against !== undefined) out.against = result.against;
  if (result.found) {
    out.scenario = result.scenario;
    out.size = result.size;
    out.violation = toJsonReport(result.violation);
    if (result.holding) out.holding = toJsonReport(result.holding);
    out.replay = result.replay;
  }
  return out;
}

export function renderSynthesisJson(result: SynthesisResult): string {
  return JSON.stringify(toSynthesisJson(result), null, 2) + '\n';
}
