/**
 * The JSON report of a run: one object, `{ stats, results }`, stable for CI scripts.
 * Pure (CheckResult -> value or string) so the kernel can add `scenario` and `policy`
 * beside these fields without re-deriving them.
 *
 * Each step carries its event and the full resulting state (a reader of JSON should
 * not have to replay diffs), plus `changed` for diff views.
 */
import type { Coverage } from '../coverage.ts';
import type { CheckResult, PropertyResult, Stats, Trace } from '../result.ts';

export interface JsonStep {
  index: number;
  event: unknown;
  description?: string;
  process?: string;
  state: Record<string, unknown>;
  changed: Record<string, unknown>;
}

export interface JsonTrace {
  steps: JsonStep[];
  /** For a lasso: the step index the last state loops back to. */
  loop?: number;
  /** The last state is repeated forever (deadlock, or a stuttering liveness violation). */
  stutters?: boolean;
  /** The trace as indices (initial state, action at each step): what a replay needs. */
  path: Trace['path'];
}

export interface JsonResult {
  property: string;
  kind: PropertyResult['kind'];
  status: PropertyResult['status'];
  meaning?: string;
  message?: string;
  trace?: JsonTrace;
  /** For a reachability property that holds: a shortest path to a witness. */
  witness?: JsonTrace;
}

export interface JsonReport {
  stats: Stats;
  results: JsonResult[];
  /** With --coverage (checker/coverage.ts). */
  coverage?: Coverage;
}

export function toJsonReport(result: CheckResult): JsonReport {
  const report: JsonReport = { stats: { ...result.stats }, results: result.results.map(toJsonResult) };
  if (result.coverage) report.coverage = result.coverage;
  return report;
}

export function renderJson(result: CheckResult): string {
  return JSON.stringify(toJsonReport(result), null, 2) + '\n';
}

function toJsonResult(r: PropertyResult): JsonResult {
  const out: JsonResult = { property: r.property, kind: r.kind, status: r.status };
  if (r.meaning !== undefined) out.meaning = r.meaning;
  if (r.message !== undefined) out.message = r.message;
  if (r.trace) out.trace = toJsonTrace(r.trace);
  if (r.witness) out.witness = toJsonTrace(r.witness);
  return out;
}

function toJsonTrace(t: Trace): JsonTrace {
  const steps = t.steps.map((s) => {
    // The initial state has no event: null keeps `event` present in every step.
    const step: JsonStep = { index: s.index, event: s.event ?? null, state: s.state, changed: s.changed };
    if (s.description !== undefined) step.description = s.description;
    if (s.process !== undefined) step.process = s.process;
    return step;
  });
  const out: JsonTrace = { steps, path: t.path };
  if (t.loop !== undefined) out.loop = t.loop;
  if (t.stutters) out.stutters = true;
  return out;
}
