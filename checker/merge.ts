/**
 * Merging the JSON results of several runs of one model (`oomcheck merge`): the shards
 * of a swarm (`check --shard I/N --format json`), possibly with exhaustive runs beside
 * them. Pure: reports in, one report out, in the same shape as `check --format json`
 * (so `oomcheck replay merged.json` works), plus a `merge` field saying what was merged.
 *
 * Per property:
 *  - violated when any run violated it; the shortest trace is kept (a counterexample is
 *    definite whichever run found it);
 *  - otherwise the verdict of an exhaustive (complete) run, which settled it (holds or
 *    vacuous);
 *  - otherwise holds for a reachability property some run found a witness of (a witness
 *    is a proof too), with the shortest witness;
 *  - otherwise unknown: random walks and stopped searches prove nothing.
 *
 * Statistics are summed (transitions, time, throughput); distinct states too, which makes
 * them an upper bound: runs may visit the same states, and their fingerprint tables are
 * not shared. The depth is the largest; the result is complete when some run was.
 */
import type { JsonResult, JsonTrace } from './report/json.ts';
import type { Stats, Status } from './result.ts';
import type { PropertyKind } from './property.ts';
import { mergeCoverage, type Coverage } from './coverage.ts';

/** What `check --format json` prints, as far as merging needs it. */
export interface RunReport {
  source?: unknown;
  scenario?: { name?: string } & Record<string, unknown>;
  policy?: { spec?: string } & Record<string, unknown>;
  shard?: { index: number; count: number; seed: number };
  simulation?: { seed: number } & Record<string, unknown>;
  stats: Stats;
  results: JsonResult[];
  coverage?: Coverage;
}

export interface MergeInput {
  /** How the report is named in messages: its file. */
  label: string;
  report: RunReport;
}

export interface MergeInfo {
  /** One entry per merged run, in input order. */
  runs: { label: string; shard?: RunReport['shard']; seed?: number; complete: boolean; distinctStates: number }[];
  /** How many runs were exhaustive and complete. */
  complete: number;
  distinctStates: 'upper bound: the sum over runs, which may visit the same states';
  /** How many of the runs counted coverage (merged into the report's `coverage`), when some did. */
  coverageRuns?: number;
}

export interface MergedReport {
  source?: unknown;
  scenario?: RunReport['scenario'];
  policy?: RunReport['policy'];
  merge: MergeInfo;
  stats: Stats;
  results: (JsonResult & { foundBy?: string })[];
  /** The coverage of the runs that counted it: counts summed, values united (coverage.ts mergeCoverage). */
  coverage?: Coverage;
}

/** Thrown for inputs that cannot be merged (not reports, or of different models). */
export class MergeError extends Error {
  constructor(message: string, readonly label?: string) {
    super(message);
    this.name = 'MergeError';
  }
}

const STATUSES: readonly string[] = ['holds', 'violated', 'vacuous', 'unknown'] satisfies Status[];
const KINDS: readonly string[] = ['invariant', 'action', 'deadlock', 'reachability', 'liveness'] satisfies PropertyKind[];

/** Why a parsed JSON document is not a run's report, or undefined when it is. */
export function whyNotRunReport(doc: unknown): string | undefined {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return 'expected a JSON object';
  const d = doc as Record<string, unknown>;
  if ('error' in d && !('results' in d)) return 'it is the error report of a run that failed';
  if (!d.stats || typeof d.stats !== 'object') return 'no "stats" object';
  if (!Array.isArray(d.results)) return 'no "results" array';
  for (const r of d.results as unknown[]) {
    const x = r as Record<string, unknown> | null;
    if (!x || typeof x.property !== 'string' || typeof x.status !== 'string' || typeof x.kind !== 'string') return 'a result without property, kind and status';
    if (!STATUSES.includes(x.status)) return `${x.property}: status "${x.status}" is not one of ${STATUSES.join(', ')}`;
    if (!KINDS.includes(x.kind)) return `${x.property}: kind "${x.kind}" is not one of ${KINDS.join(', ')}`;
    // A run reports every violation it found with its counterexample; only a `sometimes`
    // property is violated without one (no witness). A bare "violated" would win the merge.
    if (x.status === 'violated' && x.kind !== 'reachability' && (typeof x.trace !== 'object' || x.trace === null)) return `${x.property}: violated without its counterexample ("trace")`;
  }
  const s = d.stats as Record<string, unknown>;
  for (const key of ['distinctStates', 'transitions', 'maxDepth', 'elapsedMs']) if (typeof s[key] !== 'number') return `stats.${key} is not a number`;
  if (typeof s.complete !== 'boolean') return 'stats.complete is not a boolean';
  if (d.coverage !== undefined) return whyNotCoverage(d.coverage);
  return undefined;
}

function whyNotCoverage(coverage: unknown): string | undefined {
  const c = coverage as Record<string, unknown> | null;
  if (!c || typeof c !== 'object' || !Array.isArray(c.actions) || !Array.isArray(c.fields)) return 'coverage without "actions" and "fields" arrays';
  for (const a of c.actions as unknown[]) {
    const x = a as Record<string, unknown> | null;
    if (!x || typeof x.action !== 'string' || ['offered', 'taken', 'newStates'].some((k) => typeof x[k] !== 'number')) return 'a coverage action without action, offered, taken and newStates';
  }
  for (const f of c.fields as unknown[]) {
    const x = f as Record<string, unknown> | null;
    if (!x || typeof x.field !== 'string' || typeof x.distinct !== 'number' || typeof x.capped !== 'boolean') return 'a coverage field without field, distinct and capped';
    if (x.values !== undefined && !Array.isArray(x.values)) return `coverage field ${x.field}: "values" is not an array`;
  }
  return undefined;
}

/** What identifies the model a report is of: its source, and the kernel's scenario and policy. */
function modelKey(r: RunReport): string {
  return JSON.stringify({ source: r.source ?? null, scenario: r.scenario?.name ?? null, policy: r.policy?.spec ?? null });
}

export function mergeReports(inputs: readonly MergeInput[]): MergedReport {
  if (inputs.length === 0) throw new MergeError('nothing to merge');
  for (const { label, report } of inputs) {
    const why = whyNotRunReport(report);
    if (why) throw new MergeError(why, label);
  }
  // The same run twice would count its states and transitions twice and look like more coverage.
  const seen = new Map<string, string>();
  for (const { label, report } of inputs) {
    const key = JSON.stringify(report);
    const earlier = seen.get(key);
    if (earlier !== undefined) throw new MergeError(`${earlier} and ${label} are the same run (identical results): merge each run once`, label);
    seen.set(key, label);
  }
  const first = inputs[0];
  for (const input of inputs.slice(1)) {
    if (modelKey(input.report) !== modelKey(first.report)) {
      throw new MergeError(`${first.label} and ${input.label} are of different models (${modelKey(first.report)} vs ${modelKey(input.report)})`, input.label);
    }
  }

  const names: string[] = [];
  for (const { report } of inputs) for (const r of report.results) if (!names.includes(r.property)) names.push(r.property);
  const results = names.map((name) => mergeProperty(name, inputs));

  const reports = inputs.map((i) => i.report);
  const out: MergedReport = {
    ...(first.report.source !== undefined ? { source: first.report.source } : {}),
    ...(first.report.scenario !== undefined ? { scenario: first.report.scenario } : {}),
    ...(first.report.policy !== undefined ? { policy: first.report.policy } : {}),
    merge: {
      runs: inputs.map(({ label, report }) => ({
        label,
        ...(report.shard ? { shard: report.shard } : {}),
        ...(report.simulation ? { seed: report.simulation.seed } : {}),
        complete: report.stats.complete,
        distinctStates: report.stats.distinctStates,
      })),
      complete: reports.filter((r) => r.stats.complete).length,
      distinctStates: 'upper bound: the sum over runs, which may visit the same states',
    },
    stats: mergeStats(reports.map((r) => r.stats)),
    results,
  };
  const counted = reports.flatMap((r) => (r.coverage ? [r.coverage] : []));
  if (counted.length > 0) {
    out.merge.coverageRuns = counted.length;
    out.coverage = mergeCoverage(counted);
  }
  return out;
}

function describeRun({ label, report }: MergeInput): string {
  if (report.shard) return `shard ${report.shard.index}/${report.shard.count} (seed ${report.shard.seed})`;
  if (report.simulation) return `${label} (simulation, seed ${report.simulation.seed})`;
  return label;
}

function mergeProperty(name: string, inputs: readonly MergeInput[]): MergedReport['results'][number] {
  const having = inputs.flatMap((input) => {
    const r = input.report.results.find((x) => x.property === name);
    return r ? [{ input, r }] : [];
  });
  const base = having[0].r;
  const head: JsonResult = { property: name, kind: base.kind, status: 'unknown' };
  if (base.meaning !== undefined) head.meaning = base.meaning;

  const violated = having.filter((h) => h.r.status === 'violated');
  if (violated.length > 0) {
    // A violation with a trace beats one without (a complete run's "no witness"); then the shortest.
    const best = shortest(violated, (h) => h.r.trace);
    const out: MergedReport['results'][number] = { ...head, status: 'violated', foundBy: describeRun(best.input) };
    if (best.r.message !== undefined) out.message = best.r.message;
    if (best.r.trace) out.trace = best.r.trace;
    return out;
  }
  const settled = having.find((h) => h.input.report.stats.complete && (h.r.status === 'holds' || h.r.status === 'vacuous'));
  if (settled) {
    const out: MergedReport['results'][number] = { ...head, status: settled.r.status, foundBy: describeRun(settled.input) };
    if (settled.r.message !== undefined) out.message = settled.r.message;
    if (settled.r.witness) out.witness = settled.r.witness;
    return out;
  }
  const witnessed = having.filter((h) => h.r.kind === 'reachability' && h.r.status === 'holds' && h.r.witness);
  if (witnessed.length > 0) {
    const best = shortest(witnessed, (h) => h.r.witness);
    return { ...head, status: 'holds', witness: best.r.witness!, foundBy: describeRun(best.input) };
  }
  const simulations = having.filter((h) => h.input.report.simulation !== undefined).length;
  return {
    ...head,
    message: `not settled by any of the ${having.length} run${having.length === 1 ? '' : 's'} (${simulations} simulation${simulations === 1 ? '' : 's'}, ${having.length - simulations} incomplete search${having.length - simulations === 1 ? '' : 'es'})`,
  };
}

/** The entry whose trace has the fewest steps; entries without a trace come last; ties keep input order. */
function shortest<T>(entries: readonly T[], trace: (e: T) => JsonTrace | undefined): T {
  let best = entries[0];
  let bestLength = trace(best)?.steps.length ?? Infinity;
  for (const e of entries.slice(1)) {
    const length = trace(e)?.steps.length ?? Infinity;
    if (length < bestLength) {
      best = e;
      bestLength = length;
    }
  }
  return best;
}

export function mergeStats(all: readonly Stats[]): Stats {
  const sum = (f: (s: Stats) => number) => all.reduce((a, s) => a + (f(s) || 0), 0);
  const distinctStates = sum((s) => s.distinctStates);
  const stats: Stats = {
    distinctStates,
    transitions: sum((s) => s.transitions),
    maxDepth: Math.max(...all.map((s) => s.maxDepth)),
    complete: all.some((s) => s.complete),
    // Total time: the runs' elapsed times added (they usually ran side by side).
    elapsedMs: sum((s) => s.elapsedMs),
    // Throughput of the runs side by side.
    statesPerSecond: sum((s) => s.statesPerSecond),
    bytesPerState: distinctStates > 0 ? sum((s) => (s.bytesPerState || 0) * s.distinctStates) / distinctStates : 0,
    // A union bound over the runs' separate fingerprint tables.
    collisionProbability: Math.min(1, sum((s) => s.collisionProbability)),
  };
  const symmetry = [...new Set(all.map((s) => s.symmetry).filter((x): x is string => x !== undefined))];
  if (symmetry.length > 0) stats.symmetry = symmetry.join('; ');
  const fairness = all.find((s) => s.fairness !== undefined)?.fairness;
  if (fairness !== undefined) stats.fairness = fairness;
  return stats;
}
