/**
 * The report options `check` and `matrix` share: `--format text|json|itf|mermaid|dot`,
 * `--expect FILE`, `--strict-expect` and `--junit FILE` (addReportOptions), and finishing
 * a run with them: print the chosen format, compare the verdicts with the expected ones,
 * write JUnit (finishReport, finishExpectations).
 */
import { assertWritable, writeOutput } from '../output-file.ts';
import { basename } from 'node:path';
import { Option, type Command } from 'commander';
import type { CheckResult } from '../../checker/result.ts';
import { compareExpectations, ExpectationsFormatError, expectationsExitCode, parseExpectations, renderExpectationReport, type ExpectationReport, type VerdictRow } from '../../checker/report/expectations.ts';
import { FORMAT_NAMES, renderFormat, type FormatContext, type FormatName } from '../../checker/report/formats.ts';
import { renderJunit } from '../../checker/report/junit.ts';
import type { TraceSource } from '../../checker/report/trace-source.ts';
import { CliError } from '../cli-error.ts';
import { ExitCode } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { message } from '../messages.ts';
import { readJson } from './read-json.ts';

export interface ReportCheckOptions {
  format?: string;
  expect?: string;
  junit?: string;
  strictExpect?: boolean;
}

/** Adds --format (all registered formats), --expect, --junit and --strict-expect to a command. */
export function addReportOptions(cmd: Command, defaultFormat: FormatName = 'text'): Command {
  return cmd
    .addOption(new Option('--format <format>', 'report format on stdout').choices(FORMAT_NAMES).default(defaultFormat))
    .option('--expect <file>', 'compare verdicts with this JSON file of expected verdicts; exit 0 when all match, 10 otherwise')
    .option('--strict-expect', 'with --expect: a verdict the file does not mention is a mismatch too')
    .option('--junit <file>', 'also write the verdicts as JUnit XML to this file');
}

export interface FinishReportInput {
  /** The run (a model file's); for the kernel matrix pass `rows` and `results` per cell instead. */
  result: CheckResult;
  /** Its verdicts as rows (scenario, policy, property); default from `result` with `label`. */
  rows?: VerdictRow[];
  /** The row label of a model file's run (default the file's base name). */
  label?: string;
  context: FormatContext;
  /** Printed before the report (the kernel's scenario and policy lines, in text). */
  header?: string | undefined;
}

/**
 * Prints the report in the chosen format, writes JUnit, compares expectations. Returns
 * the exit code when --expect decides it (0 or 10), or undefined when the verdicts do
 * (the caller's usual exitCodeFor). Throws CliError 150 for an unreadable or malformed
 * expectations file.
 */
export async function finishReport(input: FinishReportInput, options: ReportCheckOptions, io: Io): Promise<ExitCode | undefined> {
  const format = (options.format ?? 'text') as FormatName;
  io.out((input.header ?? '') + renderFormat(format, input.result, input.context));
  const rows = input.rows ?? rowsFor(input.result, input.label ?? labelOf(input.context.source));
  // A kernel check is one cell of the matrix: one expectations file serves both.
  return finishExpectations(rows, options, io, input.result.stats.elapsedMs / 1000, input.context.source?.kind === 'kernel');
}

/**
 * --expect and --junit over verdict rows (what the kernel's matrix command calls with all
 * its cells). `onlyWhatRan`: the run was narrowed, so expectations about scenarios or
 * policies it did not check are skipped rather than missing (expectations.ts).
 */
export async function finishExpectations(rows: VerdictRow[], options: ReportCheckOptions, io: Io, timeSeconds = 0, onlyWhatRan = false): Promise<ExitCode | undefined> {
  let comparison: { expectations: ReturnType<typeof parseExpectations>; report: ExpectationReport } | undefined;
  if (options.expect) {
    const expectations = await readExpectations(options.expect);
    const report = compareExpectations(expectations, rows, { strict: options.strictExpect, onlyWhatRan });
    comparison = { expectations, report };
    // The diff goes to stderr: stdout keeps the chosen format parseable.
    io.err(renderExpectationReport(report));
  }
  if (options.junit) await writeOutput(options.junit, renderJunit(rows, { expectations: comparison, timeSeconds }));
  return comparison ? (expectationsExitCode(comparison.report) as ExitCode) : undefined;
}

export function rowsFor(result: CheckResult, scenario: string, policy = 'default'): VerdictRow[] {
  return result.results.map((r) => {
    const row: VerdictRow = { scenario, policy, property: r.property, status: r.status, kind: r.kind };
    if (r.message) row.message = r.message;
    if (r.trace) row.trace = r.trace;
    return row;
  });
}

function labelOf(source: TraceSource | undefined): string {
  if (!source) return 'model';
  return source.kind === 'model-file' ? basename(source.file).replace(/\.[cm]?[jt]s$/, '') : source.scenario;
}

/**
 * Before a run: the files --expect and --junit name must be usable, so that a wrong path
 * fails at once with exit 150 instead of after the run (the matrix takes minutes).
 */
export async function preflightReportOptions(options: ReportCheckOptions): Promise<void> {
  if (options.strictExpect && options.expect === undefined) throw new CliError(ExitCode.BadInput, message('usage', { reason: '--strict-expect needs --expect FILE' }));
  if (options.junit !== undefined) assertWritable(options.junit);
  if (options.expect !== undefined) await readExpectations(options.expect);
}

async function readExpectations(file: string) {
  const doc = await readJson(file);
  try {
    return parseExpectations(doc);
  } catch (e) {
    if (e instanceof ExpectationsFormatError) throw new CliError(ExitCode.BadInput, message('expectationsInvalid', { file, reason: e.message }), e);
    throw e;
  }
}
