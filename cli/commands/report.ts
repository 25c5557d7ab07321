/**
 * `oomcheck report --out report.html [--model FILE | --scenario S... --policy P...]`:
 * a self-contained HTML report of one model file's run, or of the kernel matrix. The
 * HTML renderer (graphology) and the kernel are imported inside the action, so that
 * `--help` and `check FILE` load neither.
 */
import { basename } from 'node:path';
import type { Command } from 'commander';
import { check } from '../../checker/check.ts';
import type { Model } from '../../checker/model.ts';
import type { HtmlReportInput, VerdictMatrix } from '../../checker/report/html/report.ts';
import type { CommandContext, GlobalOptions } from '../context.ts';
import { ExitCode } from '../exit-codes.ts';
import { formatMessage, message } from '../messages.ts';
import { assertWritable, writeOutput } from '../output-file.ts';
import { collectList } from '../parse-options.ts';
import { runWithProgressAndInterrupts } from './check.ts';
import { wasInterrupted } from './matrix.ts';
import { loadModel } from './load-model-or-scenario.ts';

interface ReportOptions extends GlobalOptions {
  out: string;
  model?: string;
  scenario?: string[];
  policy?: string[];
  title?: string;
}

export function registerReport(program: Command, ctx: CommandContext, done: (code: ExitCode) => void): void {
  program
    .command('report')
    .description('write a self-contained HTML report: the verdict matrix, each counterexample as a swimlane, its state-graph neighbourhood')
    .requiredOption('-o, --out <file>', 'the HTML file to write (required)')
    .option('--model <file>', 'report on a model file instead of the kernel matrix')
    .option('--scenario <names>', 'kernel scenarios (repeatable or a comma list; default all)', collectList)
    .option('--policy <policies>', 'kernel policies (repeatable or a comma list; default every preset)', collectList)
    .option('--title <text>', 'the report title')
    .action(async (options: ReportOptions, cmd: Command) => done(await runReport({ ...cmd.optsWithGlobals<GlobalOptions>(), ...options }, ctx)));
}

/**
 * With --model, one run of a model file. Otherwise the kernel matrix (models/kernel/
 * matrix.ts runMatrix, narrowed by --scenario and --policy), each counterexample with
 * its neighbourhood explored again through the cell's kernel model.
 */
export async function runReport(options: ReportOptions, ctx: CommandContext): Promise<ExitCode> {
  // Before the run, which can take minutes (the whole matrix): a path that cannot be
  // written is bad input (150), not an internal error found at the end.
  assertWritable(options.out);
  const { renderHtmlReport, singleRunReport } = await import('../../checker/report/html/report.ts');
  let input: HtmlReportInput;
  let interrupted: boolean;
  if (options.model) {
    const loaded = await loadModel(options.model);
    // As for check: Ctrl-C stops the run and the report shows what was found (exit 130);
    // the model's throw is 75 with the event and the state, a bad property name 151.
    const result = await runWithProgressAndInterrupts(ctx, options, (runOptions) =>
      check(loaded.model, loaded.properties, { ...(loaded.fairness ? { fairness: loaded.fairness as never } : {}), ...runOptions }),
    );
    interrupted = result.stats.stoppedBy === 'interrupted';
    input = singleRunReport(basename(options.model), result, loaded.model, { subtitle: `model file ${options.model}` });
  } else {
    ({ input, interrupted } = await kernelMatrixReport(options, ctx));
  }
  if (options.title) input.title = options.title;
  const html = renderHtmlReport(input);
  await writeOutput(options.out, html);
  if (!options.quiet) ctx.io.err(formatMessage(message('reportWritten', { file: options.out, size: Math.round(html.length / 1024) })) + '\n');
  return interrupted ? ExitCode.Interrupted : ExitCode.Ok;
}

/** The matrix as a report; after Ctrl-C, with the cells checked so far (the rest "not run"). */
async function kernelMatrixReport(options: ReportOptions, ctx: CommandContext): Promise<{ input: HtmlReportInput; interrupted: boolean }> {
  const [{ cellFromResult }, { runMatrix }, { buildKernelModel }, { loadScenarioOption, resolvePolicyOption }] = await Promise.all([
    import('../../checker/report/html/report.ts'),
    import('../../models/kernel/matrix.ts'),
    import('../../models/kernel/system.ts'),
    import('./check-scenario.ts'),
  ]);
  // Quiet inside: each cell's per-state progress lines would drown the per-cell ones.
  const m = await runWithProgressAndInterrupts(ctx, { ...options, quiet: true }, (runOptions) =>
    runMatrix({
      ...(options.scenario ? { scenarios: options.scenario.map(loadScenarioOption) } : {}),
      ...(options.policy ? { policies: options.policy.map(resolvePolicyOption) } : {}),
      check: { signal: runOptions.signal },
      ...(options.quiet
        ? {}
        : { onCell: (done: number, total: number, cell: { scenario: string; policy: string }) => ctx.io.err(formatMessage(message('reportProgress', { done, total, scenario: cell.scenario, policy: cell.policy })) + '\n') }),
    }),
  );
  const interrupted = wasInterrupted(m);
  const matrix: VerdictMatrix = {
    rowLabel: 'scenario',
    columnLabel: 'policy',
    rows: m.scenarios.map((s) => s.name),
    columns: m.policies.map((p) => p.spec),
    cells: {},
    rowTitles: Object.fromEntries(m.scenarios.filter((s) => s.title).map((s) => [s.name, s.title])),
  };
  for (const cell of m.cells) {
    const hasTrace = cell.result.results.some((r) => r.trace);
    let model: Model<any, any> | undefined;
    if (hasTrace) {
      const scenario = m.scenarios.find((s) => s.name === cell.scenario)!;
      const policy = m.policies.find((p) => p.spec === cell.policy)!;
      model = buildKernelModel(scenario, policy.toggles).model as unknown as Model<any, any>;
    }
    (matrix.cells[cell.scenario] ??= {})[cell.policy] = cellFromResult(cell.result, model, { radius: 1, maxNodes: 40 });
  }
  const total = m.scenarios.length * m.policies.length;
  const input: HtmlReportInput = {
    title: 'oomcheck: the kernel verdict matrix',
    subtitle: `${m.scenarios.length} scenarios under ${m.policies.length} policies${interrupted ? ` (interrupted: ${m.cells.length} of ${total} cells checked)` : ''}`,
    // The time goes to the footer, so that the top of the page (the README's screenshot) is the same on every run.
    footer: `Checked in ${(m.elapsedMs / 1000).toFixed(1)} s.`,
    matrix,
    notes: m.reading ? [m.reading] : [],
  };
  return { input, interrupted };
}
