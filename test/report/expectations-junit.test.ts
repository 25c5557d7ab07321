/** Expectations files (three forms), the comparison and its exit code, and JUnit XML parsed back. */
import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { check } from '../../checker/check.ts';
import {
  compareExpectations,
  EXPECTATIONS_MISMATCH_EXIT_CODE,
  ExpectationsFormatError,
  expectationsExitCode,
  expectationsFromRows,
  parseExpectations,
  renderExpectationReport,
  rowsFromResult,
} from '../../checker/report/expectations.ts';
import { renderJunit } from '../../checker/report/junit.ts';
import { lockModel, lockProperties } from './fixtures.ts';

const racy = rowsFromResult(await check(lockModel(true), lockProperties), 'lock', 'racy');
const atomic = rowsFromResult(await check(lockModel(false), lockProperties), 'lock', 'atomic');
const rows = [...racy, ...atomic];

describe('expectations', () => {
  it('reads the nested, flat and one-model forms alike', () => {
    const nested = parseExpectations({ lock: { racy: { mutex: 'violated' } } });
    const flat = parseExpectations([{ scenario: 'lock', policy: 'racy', property: 'mutex', status: 'violated' }]);
    expect(flat).toEqual(nested);
    expect(parseExpectations({ mutex: 'holds', deadlock: 'holds' })).toEqual([
      { scenario: '*', policy: '*', property: 'mutex', status: 'holds' },
      { scenario: '*', policy: '*', property: 'deadlock', status: 'holds' },
    ]);
  });

  it('rejects a malformed file with the JSON path of the problem', () => {
    expect(() => parseExpectations({ lock: { racy: { mutex: 'broken' } } })).toThrow(/lock\.racy\.mutex: expected one of holds, violated, vacuous, unknown/);
    expect(() => parseExpectations([{ policy: 'x', status: 'holds' }])).toThrow(ExpectationsFormatError);
    expect(() => parseExpectations(3)).toThrow(ExpectationsFormatError);
  });

  it('matches the actual verdicts: exit 0', () => {
    const exp = parseExpectations(expectationsFromRows(rows));
    const report = compareExpectations(exp, rows);
    expect(report.ok).toBe(true);
    expect(report.matched).toBe(rows.length);
    expect(expectationsExitCode(report)).toBe(0);
  });

  it('reports each mismatch with its counterexample, and a missing verdict: exit 10', () => {
    const exp = parseExpectations({ lock: { racy: { mutex: 'holds', nosuch: 'holds' }, '*': { deadlock: 'holds' } } });
    const report = compareExpectations(exp, rows);
    expect(report.ok).toBe(false);
    expect(expectationsExitCode(report)).toBe(EXPECTATIONS_MISMATCH_EXIT_CODE);
    expect(report.mismatches.map((m) => m.kind).sort()).toEqual(['differs', 'missing']);
    const text = renderExpectationReport(report);
    expect(text).toMatch(/lock \/ racy \/ mutex: expected holds, got violated/);
    // The counterexample, in text; the step's description names the process, so no [B] tag.
    expect(text).toMatch(/Step 4: step \{"proc":"B"\}: B: checked -> critical/);
    expect(text).toMatch(/nosuch: expected holds, but no such verdict was produced/);
    expect(report.notCovered.length).toBeGreaterThan(0);
    expect(compareExpectations(exp, rows, { strict: true }).mismatches.some((m) => m.kind === 'not-covered')).toBe(true);
  });
});

describe('JUnit', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['testsuite', 'testcase'].includes(name) });

  it('has one testcase per scenario, policy and property; a violation fails with its trace', () => {
    const xml = parser.parse(renderJunit(rows));
    const suites = xml.testsuites.testsuite;
    expect(suites.map((s: Record<string, string>) => s['@name'])).toEqual(['lock / racy', 'lock / atomic']);
    const cases = suites.flatMap((s: { testcase: unknown[] }) => s.testcase);
    expect(cases).toHaveLength(rows.length);
    expect(Number(xml.testsuites['@tests'])).toBe(rows.length);
    const mutex = suites[0].testcase.find((c: Record<string, unknown>) => c['@name'] === 'mutex');
    expect(mutex['@classname']).toBe('oomcheck.lock.racy');
    expect(mutex.failure['@message']).toMatch(/violated/);
    expect(mutex.failure['#text']).toMatch(/Counterexample for invariant property 'mutex'/);
    expect(Number(xml.testsuites['@failures'])).toBe(rows.filter((r) => r.status === 'violated').length);
  });

  it('with expectations, fails only the mismatches and the missing ones', () => {
    const exp = parseExpectations({ lock: { racy: { mutex: 'violated', aEnters: 'holds', nosuch: 'holds' } } });
    const report = compareExpectations(exp, rows);
    const xml = parser.parse(renderJunit(rows, { expectations: { expectations: exp, report } }));
    const cases = xml.testsuites.testsuite.flatMap((s: { testcase: Record<string, unknown>[] }) => s.testcase);
    const failed = cases.filter((c: Record<string, unknown>) => c.failure).map((c: Record<string, unknown>) => c['@name']);
    expect(failed.sort()).toEqual(['aEnters', 'nosuch']);
    const mutex = cases.find((c: Record<string, unknown>) => c['@name'] === 'mutex' && c['@classname'] === 'oomcheck.lock.racy');
    expect(mutex['system-out']).toMatch(/Counterexample/); // an expected violation passes, trace kept
  });

  it('escapes what XML cannot hold raw', () => {
    const xml = renderJunit([{ scenario: 'a<b', policy: 'p&q', property: '"x"\u0001', status: 'violated' }]);
    const parsed = parser.parse(xml);
    expect(parsed.testsuites.testsuite[0]['@name']).toBe('a<b / p&q');
  });
});
