/**
 * `oomcheck merge FILE...`: combine the JSON results of several runs of one model (the
 * shards of `check --shard I/N --format json`, and any exhaustive runs) into one report,
 * by checker/merge.ts's rules: violated if any run violated (shortest trace), holds only
 * when an exhaustive run settled it (or a witness was found), else unknown; statistics
 * summed, distinct states being an upper bound. Exits like `check` on the merged
 * verdicts (12, 11, 13, 152, 0); 150 for a file that is not a result or results of
 * different models.
 */
import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { mergeReports, MergeError, whyNotRunReport, type MergeInput, type RunReport } from '../../checker/merge.ts';
import type { CheckResult } from '../../checker/result.ts';
import { renderText } from '../../checker/report/text.ts';
import { CliError } from '../cli-error.ts';
import type { CommandContext, GlobalOptions } from '../context.ts';
import { ExitCode } from '../exit-codes.ts';
import { formatMessage, message } from '../messages.ts';
import { exitCodeFor } from '../verdict.ts';

export const MERGE_FORMATS = ['text', 'json'] as const;

export interface MergeOptions extends GlobalOptions {
  format: (typeof MERGE_FORMATS)[number];
}

export function registerMerge(program: Command, ctx: CommandContext, done: (code: ExitCode) => void): void {
  program
    .command('merge')
    .description('combine the --format json results of several runs of one model (the shards of check --shard I/N) into one report')
    .argument('<files...>', 'JSON results of check --format json')
    .addOption(new Option('--format <format>', 'report format on stdout').choices(MERGE_FORMATS).default('text'))
    .action(async (files: string[], _opts: unknown, cmd: Command) => done(await runMerge(files, cmd.optsWithGlobals<MergeOptions>(), ctx)));
}

export async function runMerge(files: readonly string[], options: MergeOptions, ctx: CommandContext): Promise<ExitCode> {
  const inputs: MergeInput[] = [];
  for (const file of files) inputs.push({ label: file, report: await readRunReport(file) });
  let merged;
  try {
    merged = mergeReports(inputs);
  } catch (e) {
    if (e instanceof MergeError) throw new CliError(ExitCode.BadInput, message('mergeMismatch', { reason: e.message }), e);
    throw e;
  }
  const result = merged as unknown as CheckResult;
  if (options.format === 'json') {
    ctx.io.out(JSON.stringify(merged, null, 2) + '\n');
  } else {
    const runs = merged.merge.runs.map((r) => (r.shard ? `shard ${r.shard.index}/${r.shard.count} (seed ${r.shard.seed})` : `${r.label}${r.complete ? ' (complete)' : ''}`));
    const header = [
      `merged ${runs.length} run${runs.length === 1 ? '' : 's'}: ${runs.join(', ')}`,
      'distinct states: the sum over the runs, an upper bound (runs may visit the same states)',
      ...(merged.merge.coverageRuns !== undefined
        ? [`coverage: summed over the ${merged.merge.coverageRuns} of ${runs.length} runs that counted it (new states, like distinct states, an upper bound)`]
        : []),
      '',
    ];
    // Random walks sampled the space when no run was complete and some simulated.
    const sampled = !merged.stats.complete && inputs.some((i) => i.report.simulation !== undefined);
    const text = renderText(sampled ? { ...result, simulation: true } as CheckResult : result);
    ctx.io.out(header.join('\n') + '\n' + text + foundBy(merged.results));
  }
  // The text header says it; JSON readers get it on stderr (and in merge.distinctStates).
  if (options.format === 'json' && !options.quiet) ctx.io.err(formatMessage(message('mergeUpperBound', { runs: inputs.length })) + '\n');
  return exitCodeFor(result);
}

/** Which run settled each verdict that some run settled. */
function foundBy(results: { property: string; status: string; foundBy?: string }[]): string {
  const lines = results.filter((r) => r.foundBy).map((r) => `  ${r.property}: ${r.status} by ${r.foundBy}`);
  return lines.length > 0 ? `\nsettled by:\n${lines.join('\n')}\n` : '';
}

async function readRunReport(file: string): Promise<RunReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new CliError(ExitCode.BadInput, message('fileUnreadable', { file, reason: (e as { code?: string }).code === 'ENOENT' ? 'no such file' : String(e) }), e);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new CliError(ExitCode.BadInput, message('notAResult', { file, reason: `not JSON: ${(e as Error).message}` }), e);
  }
  const why = whyNotRunReport(doc);
  if (why) throw new CliError(ExitCode.BadInput, message('notAResult', { file, reason: why }));
  return doc as RunReport;
}
