/**
 * Expected verdicts, for CI: a JSON file says what each property's verdict must be
 * per scenario and policy; a run's verdicts are compared with it, and every mismatch
 * is printed with its counterexample. docs/ci.md is the user's copy of the formats.
 *
 * Three accepted forms of the file:
 *
 *   nested     { "<scenario>": { "<policy>": { "<property>": "holds" } } }
 *   flat       [ { "scenario": "...", "policy": "...", "property": "...", "status": "violated" } ]
 *   one model  { "<property>": "holds", ... }     (any scenario and policy: a model file's run)
 *
 * A scenario or policy written "*" matches any. Statuses: holds, violated, vacuous,
 * unknown. A verdict the file does not mention is "not covered": reported, and a
 * mismatch only with `strict`.
 */
import type { PropertyKind } from '../property.ts';
import type { CheckResult, Status, Trace } from '../result.ts';
import { renderCounterexample } from './text.ts';

export const STATUSES: readonly Status[] = ['holds', 'violated', 'vacuous', 'unknown'];

/** The row label a model file's run uses in expectations and JUnit. */
export const DEFAULT_POLICY = 'default';

export interface Expectation {
  scenario: string;
  policy: string;
  property: string;
  status: Status;
}

/** One actual verdict, whatever produced it (a model file's run, a kernel matrix cell). */
export interface VerdictRow {
  scenario: string;
  policy: string;
  property: string;
  status: Status;
  kind?: PropertyKind;
  message?: string;
  trace?: Trace;
}

export type MismatchKind = 'differs' | 'missing' | 'not-covered';

export interface Mismatch {
  kind: MismatchKind;
  expected?: Expectation;
  actual?: VerdictRow;
}

export interface ExpectationReport {
  /** Expectations that met a verdict. */
  compared: number;
  matched: number;
  mismatches: Mismatch[];
  /** Actual verdicts no expectation mentions (mismatches only with `strict`). */
  notCovered: VerdictRow[];
  /** With `onlyWhatRan`: expectations about a scenario or policy this run did not check. */
  skipped: number;
  /** True when nothing differs and nothing expected is missing (and, with strict, all is covered). */
  ok: boolean;
}

export class ExpectationsFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpectationsFormatError';
  }
}

/** Parses an expectations document (already JSON-parsed) in any of the three forms. */
export function parseExpectations(doc: unknown): Expectation[] {
  if (Array.isArray(doc)) {
    return doc.map((e, i) => {
      const where = `[${i}]`;
      if (typeof e !== 'object' || e === null) throw new ExpectationsFormatError(`${where}: expected an object { scenario, policy, property, status }`);
      const o = e as Record<string, unknown>;
      const property = o.property;
      if (typeof property !== 'string' || property === '') throw new ExpectationsFormatError(`${where}.property: expected a property id`);
      return {
        scenario: optionalName(o.scenario, `${where}.scenario`),
        policy: optionalName(o.policy, `${where}.policy`),
        property,
        status: status(o.status, `${where}.status`),
      };
    });
  }
  if (typeof doc !== 'object' || doc === null) throw new ExpectationsFormatError('expected an object or an array of expectations');
  const entries = Object.entries(doc as Record<string, unknown>).filter(([k]) => k !== '$schema' && k !== '$comment');
  if (entries.every(([, v]) => typeof v === 'string')) {
    return entries.map(([property, v]) => ({ scenario: '*', policy: '*', property, status: status(v, property) }));
  }
  const out: Expectation[] = [];
  for (const [scenario, byPolicy] of entries) {
    if (typeof byPolicy !== 'object' || byPolicy === null || Array.isArray(byPolicy)) {
      throw new ExpectationsFormatError(`${scenario}: expected an object of policies`);
    }
    for (const [policy, byProperty] of Object.entries(byPolicy)) {
      if (typeof byProperty !== 'object' || byProperty === null || Array.isArray(byProperty)) {
        throw new ExpectationsFormatError(`${scenario}.${policy}: expected an object of property verdicts`);
      }
      for (const [property, s] of Object.entries(byProperty)) out.push({ scenario, policy, property, status: status(s, `${scenario}.${policy}.${property}`) });
    }
  }
  return out;
}

function status(v: unknown, where: string): Status {
  if (typeof v === 'string' && (STATUSES as readonly string[]).includes(v)) return v as Status;
  throw new ExpectationsFormatError(`${where}: expected one of ${STATUSES.join(', ')}, found ${JSON.stringify(v)}`);
}

function optionalName(v: unknown, where: string): string {
  if (v === undefined) return '*';
  if (typeof v === 'string' && v !== '') return v;
  throw new ExpectationsFormatError(`${where}: expected a name or "*"`);
}

/** A run's verdicts as rows (a model file's run: scenario = its label, policy "default"). */
export function rowsFromResult(result: CheckResult, scenario: string, policy = DEFAULT_POLICY): VerdictRow[] {
  return result.results.map((r) => {
    const row: VerdictRow = { scenario, policy, property: r.property, status: r.status, kind: r.kind };
    if (r.message) row.message = r.message;
    if (r.trace) row.trace = r.trace;
    return row;
  });
}

const matches = (pattern: string, name: string) => pattern === '*' || pattern === name;

export interface CompareOptions {
  /** A verdict no expectation mentions is a mismatch too. */
  strict?: boolean | undefined;
  /**
   * The run was narrowed (one scenario and policy, or a subset of the matrix): skip the
   * expectations about a scenario or a policy it did not check, instead of reporting
   * them missing, so that one expectations file serves the whole matrix and its parts.
   */
  onlyWhatRan?: boolean | undefined;
}

export function compareExpectations(expectations: readonly Expectation[], actual: readonly VerdictRow[], options: CompareOptions = {}): ExpectationReport {
  const mismatches: Mismatch[] = [];
  const covered = new Set<VerdictRow>();
  const scenariosRun = new Set(actual.map((a) => a.scenario));
  const policiesRun = new Set(actual.map((a) => a.policy));
  let compared = 0;
  let matched = 0;
  let skipped = 0;
  for (const e of expectations) {
    if (options.onlyWhatRan && ((e.scenario !== '*' && !scenariosRun.has(e.scenario)) || (e.policy !== '*' && !policiesRun.has(e.policy)))) {
      skipped++;
      continue;
    }
    const rows = actual.filter((a) => matches(e.scenario, a.scenario) && matches(e.policy, a.policy) && a.property === e.property);
    if (rows.length === 0) {
      mismatches.push({ kind: 'missing', expected: e });
      continue;
    }
    for (const a of rows) {
      covered.add(a);
      compared++;
      if (a.status === e.status) matched++;
      else mismatches.push({ kind: 'differs', expected: e, actual: a });
    }
  }
  const notCovered = actual.filter((a) => !covered.has(a));
  if (options.strict) for (const a of notCovered) mismatches.push({ kind: 'not-covered', actual: a });
  return { compared, matched, mismatches, notCovered, skipped, ok: mismatches.length === 0 };
}

/** The diff for people: a summary line, then each mismatch with its counterexample. */
export function renderExpectationReport(report: ExpectationReport): string {
  const missing = report.mismatches.filter((m) => m.kind === 'missing').length;
  const differs = report.mismatches.filter((m) => m.kind === 'differs').length;
  const lines = [
    `expectations: ${report.compared} compared, ${report.matched} match, ${differs} differ, ${missing} missing, ${report.notCovered.length} not covered` +
      (report.skipped > 0 ? `, ${report.skipped} skipped (scenario or policy not run)` : '') +
      (report.ok ? ': OK' : ': MISMATCH'),
  ];
  for (const m of report.mismatches) {
    lines.push('');
    if (m.kind === 'missing') {
      const e = m.expected!;
      lines.push(`- ${label(e)}: expected ${e.status}, but no such verdict was produced (property not checked, or scenario/policy not run)`);
      continue;
    }
    const a = m.actual!;
    if (m.kind === 'not-covered') {
      lines.push(`- ${label(a)}: ${a.status}, and no expectation mentions it`);
      continue;
    }
    lines.push(`- ${label(a)}: expected ${m.expected!.status}, got ${a.status}${a.message ? ` (${a.message})` : ''}`);
    if (a.trace) {
      const text = renderCounterexample({ property: a.property, kind: a.kind ?? 'invariant', status: a.status }, a.trace);
      lines.push(...text.map((l) => '    ' + l));
    } else if (m.expected!.status === 'violated') {
      lines.push('    (no counterexample: the property was expected to fail and no longer does)');
    }
  }
  return lines.join('\n') + '\n';
}

function label(x: { scenario: string; policy: string; property: string }): string {
  return `${x.scenario} / ${x.policy} / ${x.property}`;
}

/**
 * The exit-code decision: 0 when every expectation is met, EXPECTATIONS_MISMATCH (10)
 * otherwise. With --expect the verdicts themselves no longer decide the exit code: a
 * violation that is expected is a pass (docs/ci.md). Errors (150, 75, 255) still win.
 */
export const EXPECTATIONS_MISMATCH_EXIT_CODE = 10;

export function expectationsExitCode(report: ExpectationReport): 0 | 10 {
  return report.ok ? 0 : EXPECTATIONS_MISMATCH_EXIT_CODE;
}

/** Writes the actual verdicts as an expectations file (nested form), to adopt them as the baseline. */
export function expectationsFromRows(rows: readonly VerdictRow[]): Record<string, Record<string, Record<string, Status>>> {
  const out: Record<string, Record<string, Record<string, Status>>> = {};
  for (const r of rows) ((out[r.scenario] ??= {})[r.policy] ??= {})[r.property] = r.status;
  return out;
}
