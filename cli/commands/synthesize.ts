/**
 * `oomcheck synthesize --policy POLICY --property ID [--against POLICY2] [bounds]`:
 * search for the smallest kernel scenario that violates a property under a policy (or,
 * with --against, that POLICY2 violates and POLICY does not), and print it with its
 * counterexample. The library does the work (models/kernel/synthesis); this file
 * parses options, prints progress on stderr, writes --out, and picks the exit code.
 *
 * Exit codes (docs/synthesis.md): a scenario found exits with the code `check` gives
 * its violation (11 deadlock, 12 safety, 13 liveness); nothing found within the
 * budget exits 0 with a coverage report (never "holds"); 130 interrupted; 150 bad
 * option value; 151 unknown policy or property; 75 the model threw on a generated
 * scenario (printed); 255 a re-check that disagrees with the search.
 *
 * Wiring (cli/program.ts): `registerSynthesizeCommand(program, ctx, done)`, like the
 * other commands.
 */
import { assertWritable, writeOutput } from '../output-file.ts';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { ConfigurationError, ModelEvaluationError } from '../../checker/result.ts';
import { count } from '../../checker/report/text.ts';
import { PolicyError } from '../../models/kernel/policy.ts';
import { describeFound, renderSynthesisJson, renderSynthesisText, scenarioFileText } from '../../models/kernel/synthesis/report.ts';
import {
  propertyResult,
  SYNTHESIS_DEFAULTS,
  synthesize,
  SynthesisCandidateError,
  SynthesisReplayError,
  type CandidateChecker,
  type SynthesisOptions,
  type SynthesisProgress,
  type SynthesisResult,
} from '../../models/kernel/synthesis/search.ts';
import { DEFAULT_BOUNDS } from '../../models/kernel/synthesis/arbitrary.ts';
import { formatSize } from '../../models/kernel/synthesis/size.ts';
import { CliError } from '../cli-error.ts';
import type { CommandContext, GlobalOptions } from '../context.ts';
import { ExitCode } from '../exit-codes.ts';
import { handleInterrupts } from '../interrupt.ts';
import { processIo, type Io } from '../io.ts';
import { message } from '../messages.ts';
import { positiveInteger } from '../parse-options.ts';
import { PROGRESS_AFTER_MS, PROGRESS_INTERVAL_MS } from '../progress.ts';
import { exitCodeOfResult } from '../verdict.ts';

export const SYNTHESIZE_FORMATS = ['text', 'json'] as const;

/** The schema's limits (models/kernel/scenario/schema.json): 8 tasks, 16 ops a program. */
const MAX_TASKS_LIMIT = 8;
const MAX_OPS_LIMIT = 16;
/** More pages than this only grows state spaces past any per-check bound. */
const MAX_PAGES_LIMIT = 64;

export interface SynthesizeCommandOptions extends GlobalOptions {
  policy: string;
  property: string;
  against?: string;
  maxTasks: number;
  maxPages: number;
  maxOps: number;
  runs: number;
  seed: number;
  maxStates: number;
  maxShrinks: number;
  out?: string;
  format: (typeof SYNTHESIZE_FORMATS)[number];
}

export function registerSynthesizeCommand(
  program: Command,
  ctx: CommandContext = { io: processIo },
  done: (code: ExitCode) => void = (code) => void (process.exitCode = code),
  /** Default: the kernel model, imported when the command runs (other commands do not load it). */
  checker?: CandidateChecker,
): void {
  program
    .command('synthesize')
    .description(
      'search for the smallest kernel scenario that violates a property under a policy (fast-check draws scenarios, ' +
        'the checker settles each, fast-check shrinks the first violating one); with --against, the smallest where ' +
        'POLICY2 violates and POLICY holds',
    )
    .requiredOption('--policy <policy>', "the policy to break (with --against: the one that must hold), a preset optionally with '+toggle-toggle'")
    .requiredOption('--property <id>', 'the property to violate (see oomcheck list properties)')
    .option('--against <policy2>', 'find where POLICY2 violates the property and POLICY holds it (a regression, or what a patch fixes)')
    .option('--max-tasks <n>', `tasks per scenario, at most ${MAX_TASKS_LIMIT}`, limitedInteger(MAX_TASKS_LIMIT, 1), DEFAULT_BOUNDS.maxTasks)
    .option('--max-pages <n>', `pages in the zone (managed), at most ${MAX_PAGES_LIMIT}`, limitedInteger(MAX_PAGES_LIMIT, 1), DEFAULT_BOUNDS.maxPages)
    .option('--max-ops <n>', `ops per task program, at most ${MAX_OPS_LIMIT}`, limitedInteger(MAX_OPS_LIMIT, 0), DEFAULT_BOUNDS.maxOps)
    .option('--runs <n>', 'scenarios to draw before giving up', positiveInteger, SYNTHESIS_DEFAULTS.runs)
    .option('--seed <s>', 'fast-check seed: the same seed gives the same result', integer, SYNTHESIS_DEFAULTS.seed)
    .option('--max-states <n>', 'distinct states per check; a larger scenario is skipped as unsettled', positiveInteger, SYNTHESIS_DEFAULTS.maxStatesPerCandidate)
    .option('--max-shrinks <n>', 'scenarios checked while shrinking, at most', positiveInteger, SYNTHESIS_DEFAULTS.maxShrinkChecks)
    .option('--out <file>', 'save the scenario found (for oomcheck check --scenario FILE)')
    .addOption(new Option('--format <format>', 'report format on stdout').choices(SYNTHESIZE_FORMATS).default('text'))
    .action(async (_opts: unknown, cmd: Command) => {
      done(await runSynthesize(cmd.optsWithGlobals<SynthesizeCommandOptions>(), ctx, checker));
    });
}

export async function runSynthesize(options: SynthesizeCommandOptions, ctx: CommandContext, checker?: CandidateChecker): Promise<ExitCode> {
  if (options.out !== undefined) assertWritable(options.out);
  checker ??= (await import('../../models/kernel/synthesis/kernel-checker.ts')).kernelCandidateChecker;
  const controller = new AbortController();
  const removeHandler = handleInterrupts(controller, ctx.io, ctx.exitNow);
  const search: SynthesisOptions = {
    policy: options.policy,
    property: options.property,
    maxTasks: options.maxTasks,
    maxPages: options.maxPages,
    maxOps: options.maxOps,
    runs: options.runs,
    seed: options.seed,
    maxStatesPerCandidate: options.maxStates,
    maxShrinkChecks: options.maxShrinks,
    signal: controller.signal,
  };
  if (options.against !== undefined) search.against = options.against;
  if (!options.quiet) search.onProgress = progressLines(ctx.io, ctx.progressAfterMs ?? PROGRESS_AFTER_MS, ctx.progressIntervalMs ?? PROGRESS_INTERVAL_MS);

  let result: SynthesisResult;
  try {
    result = await synthesize(search, checker);
  } catch (e) {
    throw asCliError(e, ctx, options);
  } finally {
    removeHandler();
  }

  if (result.found) result = { ...result, scenario: describeFound(result.scenario, result, options.seed) };
  ctx.io.out(options.format === 'json' ? renderSynthesisJson(result) : renderSynthesisText(result));
  if (options.out !== undefined) {
    if (result.found) {
      await writeOutput(options.out, scenarioFileText(result.scenario));
      if (!options.quiet) ctx.io.err(`synthesize: scenario saved to ${options.out} (check it with: oomcheck check --scenario ${options.out} --policy ${result.against ?? result.policy} --property ${result.property})\n`);
    } else if (!options.quiet) {
      ctx.io.err(`synthesize: nothing found, ${options.out} not written\n`);
    }
  }
  if (result.coverage.interrupted) return ExitCode.Interrupted;
  if (!result.found) return ExitCode.Ok;
  return exitCodeOfResult(propertyResult(result.violation, result.property));
}

/** Progress on stderr: nothing for short runs, then a line a second, and one when shrinking starts. */
function progressLines(io: Io, afterMs: number, intervalMs: number): (p: SynthesisProgress) => void {
  let last = -Infinity;
  let phase: SynthesisProgress['phase'] = 'search';
  return (p) => {
    const phaseChanged = p.phase !== phase;
    phase = p.phase;
    if (p.elapsedMs < afterMs) return;
    if (!phaseChanged && p.elapsedMs - last < intervalMs) return;
    last = p.elapsedMs;
    const common = `${count(p.unsettled)} unsettled, largest state space ${count(p.largestStateSpace)}, ${Math.round(p.elapsedMs / 1000)} s`;
    io.err(
      p.phase === 'search'
        ? `synthesize: searching, ${plural(p.runs, 'scenario')} tried, ${common}\n`
        : `synthesize: shrinking after ${plural(p.runs, 'scenario')}, ${plural(p.shrinkChecks, 'smaller candidate')} checked, best ${p.best ? formatSize(p.best) : '?'}, ${common}\n`,
    );
  };
}

function plural(n: number, word: string): string {
  return `${count(n)} ${word}${n === 1 ? '' : 's'}`;
}

function asCliError(e: unknown, ctx: CommandContext, options: SynthesizeCommandOptions): unknown {
  if (e instanceof PolicyError || e instanceof ConfigurationError) return new CliError(ExitCode.BadConfig, message('badConfiguration', { reason: e.message }), e);
  if (e instanceof SynthesisCandidateError) {
    // The model threw on a generated (and shrunk) scenario: print the scenario so that it can be reproduced.
    ctx.io.err(`synthesize: the scenario that makes it throw:\n${scenarioFileText(e.scenario)}`);
    if (e.cause instanceof ModelEvaluationError) return new CliError(ExitCode.ModelError, message('modelThrew', { reason: e.cause.message }), e.cause);
    return new CliError(ExitCode.Internal, message('internal', { reason: e.message }), e.cause ?? e);
  }
  if (e instanceof SynthesisReplayError) {
    ctx.io.err(`synthesize: the scenario:\n${scenarioFileText(e.scenario)}`);
    return new CliError(ExitCode.Internal, message('internal', { reason: e.message }), e);
  }
  void options;
  return e;
}

function integer(value: string): number {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < -(2 ** 31) || n >= 2 ** 31) throw new InvalidArgumentError('expected a 32-bit integer.');
  return n;
}

function limitedInteger(max: number, min: number): (value: string) => number {
  return (value) => {
    const n = Number(value.replace(/_/g, ''));
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}.`);
    return n;
  };
}
