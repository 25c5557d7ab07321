/**
 * JUnit XML, the format CI systems (GitHub Actions reporters, GitLab, Jenkins) show as
 * test results: one <testsuite> per scenario and policy, one <testcase> per property.
 *
 * Without expectations, a test case fails when its property is violated, is skipped
 * when its verdict is unknown, and passes otherwise (vacuous passes, with a note).
 * With expectations (the --expect file), a test case fails exactly when its verdict
 * differs from the expected one or an expected verdict is missing; an expected
 * violation passes, its counterexample kept in <system-out>.
 */
import type { ExpectationReport, Expectation, VerdictRow } from './expectations.ts';
import { renderCounterexample } from './text.ts';

export interface JunitOptions {
  /** The <testsuites name>, default "oomcheck". */
  name?: string;
  /** Compare against these instead of "every property holds". */
  expectations?: { expectations: readonly Expectation[]; report: ExpectationReport };
  /** Seconds, for the suites' time attribute (default 0). */
  timeSeconds?: number;
}

interface Case {
  scenario: string;
  policy: string;
  property: string;
  failure?: { message: string; body: string };
  skipped?: string;
  out?: string;
}

export function renderJunit(rows: readonly VerdictRow[], options: JunitOptions = {}): string {
  const cases: Case[] = rows.map((r) => caseOf(r, options));
  for (const m of options.expectations?.report.mismatches ?? []) {
    if (m.kind !== 'missing') continue;
    const e = m.expected!;
    cases.push({
      scenario: e.scenario,
      policy: e.policy,
      property: e.property,
      failure: { message: `expected ${e.status}, but no verdict was produced`, body: 'The property was not checked, or the scenario/policy was not run.' },
    });
  }
  const suites = new Map<string, Case[]>();
  for (const c of cases) {
    const key = `${c.scenario}\u0000${c.policy}`;
    if (!suites.has(key)) suites.set(key, []);
    suites.get(key)!.push(c);
  }
  const failures = cases.filter((c) => c.failure).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  const time = (options.timeSeconds ?? 0).toFixed(3);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="${attr(options.name ?? 'oomcheck')}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time}">`);
  for (const group of suites.values()) {
    const { scenario, policy } = group[0];
    const f = group.filter((c) => c.failure).length;
    const s = group.filter((c) => c.skipped !== undefined).length;
    out.push(`  <testsuite name="${attr(`${scenario} / ${policy}`)}" tests="${group.length}" failures="${f}" errors="0" skipped="${s}" time="0">`);
    for (const c of group) {
      const open = `    <testcase classname="${attr(`oomcheck.${scenario}.${policy}`)}" name="${attr(c.property)}" time="0"`;
      const inner: string[] = [];
      if (c.failure) inner.push(`      <failure message="${attr(c.failure.message)}" type="verdict">${text(c.failure.body)}</failure>`);
      if (c.skipped !== undefined) inner.push(`      <skipped message="${attr(c.skipped)}"/>`);
      if (c.out) inner.push(`      <system-out>${text(c.out)}</system-out>`);
      out.push(inner.length ? `${open}>\n${inner.join('\n')}\n    </testcase>` : `${open}/>`);
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

function caseOf(r: VerdictRow, options: JunitOptions): Case {
  const c: Case = { scenario: r.scenario, policy: r.policy, property: r.property };
  const trace = r.trace ? renderCounterexample({ property: r.property, kind: r.kind ?? 'invariant', status: r.status }, r.trace).join('\n') : undefined;
  const why = r.message ? ` (${r.message})` : '';
  if (options.expectations) {
    const m = options.expectations.report.mismatches.find((x) => x.actual === r && x.kind !== 'missing');
    if (m?.kind === 'differs') c.failure = { message: `expected ${m.expected!.status}, got ${r.status}${why}`, body: trace ?? `verdict ${r.status}${why}` };
    else if (m?.kind === 'not-covered') c.failure = { message: `${r.status}, and no expectation mentions it`, body: trace ?? '' };
    else if (trace) c.out = trace;
    return c;
  }
  if (r.status === 'violated') c.failure = { message: `${r.kind ?? 'property'} ${r.property} violated${why}`, body: trace ?? `violated${why}` };
  else if (r.status === 'unknown') c.skipped = `unknown${why}`;
  else if (r.status === 'vacuous') c.out = `vacuous${why}`;
  return c;
}

/** XML 1.0 forbids most control characters even escaped: drop them. */
function clean(s: string): string {
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

function attr(s: string): string {
  return clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}

function text(s: string): string {
  return clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
