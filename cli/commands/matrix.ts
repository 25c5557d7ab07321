/**
 * `oomcheck matrix`, also what `oomcheck` with no arguments runs: every built-in
 * scenario under every preset (columns in PRESET_NAMES order), printed as a verdict
 * matrix, then the shortest counterexample of up to three of the most instructive
 * violations, then a reading of the matrix generated from its cells (issue 3, item 7).
 * `--scenario` and `--policy` narrow it (repeatable or comma lists), `--format json`
 * serialises it, `--expect` / `--junit` assert it in CI (rows from every cell), and
 * `--write-expect` saves its verdicts as the expectations baseline. Progress ("cell i/n")
 * goes to stderr.
 *
 * Exit codes: the matrix is a report whose violations are its content, so it exits 0
 * when every cell was settled, whatever it found; 152 when some cell left a verdict
 * unknown (a bound); 130 on Ctrl-C; with --expect, 0 or 10 from the comparison; errors
 * as everywhere (75, 150, 151, 255).
 *
 * The kernel is imported inside the action (only `import type` at the top), so that
 * `oomcheck --help` does not load it.
 */
import { Option, type Command } from 'commander';
import { expectationsFromRows, type VerdictRow } from '../../checker/report/expectations.ts';
import { toJsonReport } from '../../checker/report/json.ts';
import { renderCounterexample } from '../../checker/report/text.ts';
import type { MatrixResult } from '../../models/kernel/matrix.ts';
import type { ResolvedPolicy } from '../../models/kernel/policy-types.ts';
import type { Scenario } from '../../models/kernel/scenario/types.ts';
import type { CommandContext, GlobalOptions } from '../context.ts';
import { ExitCode } from '../exit-codes.ts';
import { formatMessage, message } from '../messages.ts';
import { collectList, positiveInteger, positiveNumber } from '../parse-options.ts';
import { runWithProgressAndInterrupts } from './check.ts';
import { finishExpectations, preflightReportOptions, rowsFor, type ReportCheckOptions } from './report-options.ts';
import { assertWritable, writeOutput } from '../output-file.ts';

export const MATRIX_FORMATS = ['text', 'json'] as const;

export interface MatrixOptions extends GlobalOptions, ReportCheckOptions {
  scenario?: string[];
  policy?: string[];
  format: (typeof MATRIX_FORMATS)[number];
  maxStates?: number;
  /** Seconds, per cell. */
  timeout?: number;
  writeExpect?: string;
  coverage?: boolean;
}

export function registerMatrix(program: Command, ctx: CommandContext, done: (code: ExitCode) => void): void {
  program
    .command('matrix')
    .description('check every built-in kernel scenario under every policy preset and print the verdict matrix (the default command)')
    .option('-s, --scenario <names>', 'only these scenarios: built-in names or JSON files (repeatable, or a comma list)', collectList)
    .option('--policy <policies>', 'only these policies, e.g. rfc,v4.0+nofsFail (default: every preset; see oomcheck list policies)', collectList)
    .addOption(new Option('--format <format>', 'report format on stdout').choices(MATRIX_FORMATS).default('text'))
    .option('--max-states <n>', 'per cell: stop after n distinct states (its open verdicts are unknown: exit 152)', positiveInteger)
    .option('--timeout <seconds>', 'per cell: stop after this many seconds', positiveNumber)
    .option('--expect <file>', 'compare every cell with this JSON file of expected verdicts; exit 0 when all match, 10 otherwise')
    .option('--strict-expect', 'with --expect: a verdict the file does not mention is a mismatch too')
    .option('--junit <file>', 'also write the verdicts of every cell as JUnit XML to this file')
    .option('--write-expect <file>', 'write the verdicts of every cell to this file as an expectations file (the baseline for --expect)')
    .option('--coverage', "count coverage in every cell and list the statechart's transitions (task names abstracted) that no cell took: the branches no scenario checks")
    .action(async (_opts: unknown, cmd: Command) => done(await runMatrix(cmd.optsWithGlobals<MatrixOptions>(), ctx)));
}

export async function runMatrix(options: MatrixOptions, ctx: CommandContext): Promise<ExitCode> {
  const [{ runMatrix: runKernelMatrix }, { loadScenarioOption, resolvePolicyOption }] = await Promise.all([
    import('../../models/kernel/matrix.ts'),
    import('./check-scenario.ts'),
  ]);
  await preflightReportOptions(options);
  if (options.writeExpect !== undefined) assertWritable(options.writeExpect);
  // A name listed twice is one cell, not two runs of it.
  const scenarios: Scenario[] | undefined = options.scenario?.length ? [...new Set(options.scenario)].map(loadScenarioOption) : undefined;
  const policies: ResolvedPolicy[] | undefined = options.policy?.length ? [...new Set(options.policy)].map(resolvePolicyOption) : undefined;
  // The per-state progress lines of each cell would drown the per-cell lines: quiet here.
  const m = await runWithProgressAndInterrupts(ctx, { ...options, quiet: true }, (runOptions) =>
    runKernelMatrix({
      ...(scenarios ? { scenarios } : {}),
      ...(policies ? { policies } : {}),
      check: {
        signal: runOptions.signal,
        ...(options.maxStates !== undefined ? { maxStates: options.maxStates } : {}),
        ...(options.timeout !== undefined ? { timeoutMs: options.timeout * 1000 } : {}),
        ...(options.coverage ? { coverage: true } : {}),
      },
      onCell: (done, total, cell) => {
        if (options.quiet) return;
        const verdicts = cell.violated.length === 0 ? 'all hold' : cell.violated.join(', ');
        ctx.io.err(formatMessage(message('matrixProgress', { done, total, scenario: cell.scenario, policy: cell.policy, verdicts })) + '\n');
      },
    }),
  );
  const coverage = options.coverage ? await matrixCoverage(m) : undefined;
  if (options.format === 'json') ctx.io.out(renderMatrixJson(m, coverage ? { coverage: { transitions: coverage.rows } } : {}));
  else ctx.io.out(renderMatrixText(m) + (coverage ? '\n' + coverage.lines.join('\n') + '\n' : ''));

  const interrupted = wasInterrupted(m);
  const rows = matrixRows(m);
  if (options.writeExpect) {
    if (interrupted) ctx.io.err(formatMessage(message('expectationsNotWritten', { file: options.writeExpect })) + '\n');
    else {
      await writeOutput(options.writeExpect, expectationsFileText(rows));
      if (!options.quiet) ctx.io.err(formatMessage(message('expectationsWritten', { count: rows.length, file: options.writeExpect })) + '\n');
    }
  }
  const narrowed = scenarios !== undefined || policies !== undefined;
  const expected = await finishExpectations(rows, options, ctx.io, m.elapsedMs / 1000, narrowed);
  const code = matrixExitCode(m, expected);
  if (code === ExitCode.BoundHit && !options.quiet) {
    const unsettled = m.cells.filter((c) => c.unknown.length > 0).length;
    ctx.io.err(formatMessage(message('matrixUnsettled', { cells: `${unsettled} cell${unsettled === 1 ? '' : 's'}` })) + '\n');
  }
  return code;
}

/**
 * A cell stopped by Ctrl-C, or cells missing: a Ctrl-C that lands after a cell's search
 * (while its traces are replayed) leaves that cell complete, and the matrix stops before
 * the next one. Either way the matrix is partial: exit 130, and no baseline is written.
 */
/** Whether Ctrl-C stopped the matrix: cells not run, or a cell's check stopped. */
export function wasInterrupted(m: MatrixResult): boolean {
  return m.cells.length < m.scenarios.length * m.policies.length || m.cells.some((c) => c.result.stats.stoppedBy === 'interrupted');
}

/**
 * The matrix's exit code. Its violations are its content, not a failure of the run:
 * 0 when every cell is settled, 152 when a bound left some verdict unknown, 130 on
 * Ctrl-C (which wins), and with --expect the comparison's 0 or 10 instead.
 */
export function matrixExitCode(m: MatrixResult, expected?: ExitCode): ExitCode {
  if (wasInterrupted(m)) return ExitCode.Interrupted;
  if (expected !== undefined) return expected;
  return m.cells.some((c) => c.unknown.length > 0) ? ExitCode.BoundHit : ExitCode.Ok;
}

/** One verdict row per cell and property (for --expect, --junit and --write-expect). */
export function matrixRows(m: MatrixResult): VerdictRow[] {
  return m.cells.flatMap((c) => rowsFor(c.result, c.scenario, c.policy));
}

/** The nested expectations form, with a comment saying how it was made. */
export function expectationsFileText(rows: readonly VerdictRow[]): string {
  const doc = { $comment: 'expected verdicts per scenario, policy and property; regenerate with: npx oomcheck matrix --write-expect FILE', ...expectationsFromRows(rows) };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** How a missing reachability witness reads in a cell: not a violation, a caveat on vacuity. */
const NO_WITNESS_WORDS: Record<string, string> = { oomKillHappens: '(no kill)', allocFailureHappens: '(no failure)' };

/**
 * A cell's verdicts, then its caveats: two groups, so that a caveat such as "(no kill)",
 * which is about the whole cell, starts a line of its own instead of reading as a note on
 * the property before it. Each item is kept whole when the cell wraps.
 */
function cellText(m: MatrixResult, s: string, p: string): { verdicts: string[]; caveats: string[] } {
  const c = m.cells.find((x) => x.scenario === s && x.policy === p);
  if (!c) return { verdicts: ['-'], caveats: [] };
  const real = c.violated.filter((id) => !c.noWitness.includes(id));
  const verdicts = real.length === 0 ? ['all hold'] : [...real];
  const caveats = c.noWitness.map((id) => NO_WITNESS_WORDS[id] ?? `(no witness: ${id})`);
  if (c.unknown.length > 0) caveats.push(`(${c.unknown.length} unknown)`);
  return { verdicts, caveats };
}

/** The matrix as a table; long cells wrap onto continuation lines at property boundaries. */
export function renderMatrixText(m: MatrixResult): string {
  const out: string[] = [];
  const cols = m.policies.map((p) => p.spec);
  const rowHead = Math.max('scenario'.length, ...m.scenarios.map((s) => s.name.length));
  // A column is 24 wide, or as wide as its policy when that is longer (v4.7+costlyNofailNopage ...).
  const widths = cols.map((c) => Math.max(24, c.length));
  const wrap = (items: readonly string[], width: number): string[] => {
    const lines: string[] = [];
    let line = '';
    for (const item of items) {
      if (line && (line + ' ' + item).length > width) {
        lines.push(line);
        line = item;
      } else line = line ? `${line} ${item}` : item;
    }
    if (line) lines.push(line);
    return lines;
  };
  const cellLines = (cell: { verdicts: string[]; caveats: string[] }, width: number) => [...wrap(cell.verdicts, width), ...wrap(cell.caveats, width)];
  const total = m.scenarios.length * m.policies.length;
  const ran = m.cells.length < total ? ` (interrupted: ${m.cells.length} of ${total} checks)` : ` ${m.cells.length} checks`;
  out.push(`Verdict matrix: violated properties per scenario (rows) and policy (columns),${ran} in ${(m.elapsedMs / 1000).toFixed(1)} s`);
  out.push('');
  out.push(['scenario'.padEnd(rowHead), ...cols.map((c, j) => c.padEnd(widths[j]))].join(' | ').trimEnd());
  out.push(['-'.repeat(rowHead), ...widths.map((w) => '-'.repeat(w))].join('-+-'));
  for (const s of m.scenarios) {
    const cells = cols.map((p, j) => cellLines(cellText(m, s.name, p), widths[j]));
    const height = Math.max(...cells.map((c) => c.length));
    for (let i = 0; i < height; i++) {
      out.push([(i === 0 ? s.name : '').padEnd(rowHead), ...cells.map((c, j) => (c[i] ?? '').padEnd(widths[j]))].join(' | ').trimEnd());
    }
  }
  out.push('');
  out.push('(no kill) / (no failure): oomKillHappens / allocFailureHappens found no witness, so the verdicts that need a kill or a failure are vacuous there.');
  out.push('');
  if (m.highlights.length > 0) {
    out.push(`The ${m.highlights.length === 1 ? 'most instructive violation' : `${m.highlights.length} most instructive violations`}, shortest counterexample each:`);
    m.highlights.forEach((h, i) => {
      out.push('');
      out.push(`${i + 1}. ${h.cell.scenario} under ${h.cell.policy}: ${h.property.property} (${h.why})`);
      const scenario = m.scenarios.find((s) => s.name === h.cell.scenario);
      if (scenario) out.push(`   ${scenario.title}`);
      if (h.property.message) out.push(`   ${h.property.message}`);
      if (h.property.trace) out.push(...renderCounterexample(h.property, h.property.trace));
    });
    out.push('');
  }
  out.push('Reading:');
  out.push(m.reading);
  return out.join('\n') + '\n';
}

/** The matrix's coverage (models/kernel/matrix-coverage.ts), from the cells' own. */
async function matrixCoverage(m: MatrixResult) {
  const { matrixTransitionCoverage, matrixCoverageLines } = await import('../../models/kernel/matrix-coverage.ts');
  const tasksOf = new Map(m.scenarios.map((s) => [s.name, s.tasks.map((t) => t.name)]));
  const rows = matrixTransitionCoverage(m.cells.map((c) => ({ tasks: tasksOf.get(c.scenario) ?? [], result: c.result })));
  return { rows, lines: matrixCoverageLines(rows, m.cells.length) };
}

/** One JSON object: the matrix cells (violated ids and the full per-cell reports), highlights, reading; `extra` fields after them. */
export function renderMatrixJson(m: MatrixResult, extra: Record<string, unknown> = {}): string {
  const doc = {
    scenarios: m.scenarios.map((s) => ({ name: s.name, title: s.title, origin: s.origin })),
    policies: m.policies.map((p) => ({ spec: p.spec, preset: p.preset })),
    cells: m.cells.map((c) => ({
      scenario: c.scenario,
      policy: c.policy,
      violated: c.violated,
      noWitness: c.noWitness,
      unknown: c.unknown,
      report: { source: { kind: 'kernel', scenario: c.scenario, policy: c.policy }, scenario: c.result.scenario, policy: c.result.policy, ...toJsonReport(c.result) },
    })),
    highlights: m.highlights.map((h) => ({ scenario: h.cell.scenario, policy: h.cell.policy, property: h.property.property, why: h.why })),
    reading: m.reading,
    elapsedMs: m.elapsedMs,
    ...extra,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
