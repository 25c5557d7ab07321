/**
 * `oomcheck check FILE`: load a model file, check its properties, print the report,
 * exit with the verdict's code. With --scenario it hands over to the kernel's
 * check-scenario.ts instead, imported only then.
 */
import { Option, type Command } from 'commander';
import { check } from '../../checker/check.ts';
import type { CheckOptions, Strategy } from '../../checker/options.ts';
import { ConfigurationError, ModelEvaluationError } from '../../checker/result.ts';
import type { FormatName } from '../../checker/report/formats.ts';
import { eventLabel } from '../../checker/report/text.ts';
import { CliError } from '../cli-error.ts';
import type { CommandContext, GlobalOptions } from '../context.ts';
import { ExitCode } from '../exit-codes.ts';
import { handleInterrupts } from '../interrupt.ts';
import { loadModelFile } from '../load-model.ts';
import { formatMessage, message } from '../messages.ts';
import { collectList, positiveInteger, positiveNumber } from '../parse-options.ts';
import { PROGRESS_INTERVAL_MS, progressPrinter } from '../progress.ts';
import { exitCodeFor } from '../verdict.ts';
import { addReportOptions, finishReport, type ReportCheckOptions } from './report-commands.ts';

/** Output formats: the registry in checker/report/formats.ts (text, json, itf, mermaid, dot). */
export type Format = FormatName;

/** --format, --expect, --strict-expect and --junit come from report-commands.ts's addReportOptions. */
export interface CheckCommandOptions extends GlobalOptions, ReportCheckOptions {
  property?: string[];
  strategy?: Strategy;
  format: Format;
  maxStates?: number;
  maxDepth?: number;
  /** Seconds. */
  timeout?: number;
  stopOnFirst?: boolean;
  /** False with --no-deadlock. */
  deadlock: boolean;
  scenario?: string;
  policy?: string;
}

export function registerCheck(program: Command, ctx: CommandContext, done: (code: ExitCode) => void): void {
  const command = program
    .command('check')
    .description('check the properties of a model file (default export: defineModel({...})), or of a kernel scenario under a policy with --scenario and --policy')
    .argument('[file]', 'a .ts or .js model file')
    .option('-p, --property <names>', 'check only these properties (repeatable, or a comma list)', collectList)
    .addOption(new Option('--strategy <strategy>', 'search order: bfs gives shortest counterexamples').choices(['bfs', 'dfs']).default('bfs'))
    .option('--max-states <n>', 'stop after n distinct states (verdicts left open are unknown)', positiveInteger)
    .option('--max-depth <n>', 'do not explore beyond depth n', positiveInteger)
    .option('--timeout <seconds>', 'stop after this many seconds', positiveNumber)
    .option('--stop-on-first', 'stop at the first violation instead of settling every property')
    .option('--no-deadlock', 'do not check for deadlocks')
    // The kernel's scenario and policy; see commands/check-scenario.ts.
    .option('--scenario <name|file>', 'check a kernel scenario (built-in name or JSON file) instead of a model file')
    .option('--policy <policy>', "kernel policy for --scenario: a preset, optionally '+toggle-toggle'");
  addReportOptions(command).action(async (file: string | undefined, _opts: unknown, cmd: Command) => {
      done(await runCheck(file, cmd.optsWithGlobals<CheckCommandOptions>(), ctx));
    });
}

export async function runCheck(file: string | undefined, options: CheckCommandOptions, ctx: CommandContext): Promise<ExitCode> {
  if (options.scenario !== undefined) {
    if (file !== undefined) throw new CliError(ExitCode.BadInput, message('scenarioIgnoresFile', { file, scenario: options.scenario }));
    // The kernel (its machines, Ajv for scenario files) is loaded only when a scenario is asked for,
    // so that `--help` and `check FILE` start fast.
    const { checkScenario } = await import('./check-scenario.ts');
    return checkScenario(options, ctx);
  }
  if (options.policy !== undefined) throw new CliError(ExitCode.BadInput, message('policyNeedsScenario'));
  if (file === undefined) throw new CliError(ExitCode.BadInput, message('checkNeedsInput'));

  const definition = await loadModelFile(file);
  const result = await runWithProgressAndInterrupts(ctx, options, (runOptions) =>
    check(definition.model, definition.properties, { ...checkOptions(options), fairness: definition.fairness, ...runOptions }),
  );
  const context = { model: definition.model, source: { kind: 'model-file', file } as const };
  // Prints the report; with --expect the comparison decides the exit code (0 or 10).
  const expected = await finishReport({ result, context }, options, ctx.io);
  if (!result.stats.complete && result.stats.stoppedBy !== 'stop-on-first' && !options.quiet) {
    ctx.io.err(formatMessage(message('incompleteVerdicts', { reason: result.stats.stoppedBy ?? 'a bound' })) + '\n');
  }
  return expected ?? exitCodeFor(result);
}

/** The checker's options from the command line's (names differ: seconds vs ms). */
export function checkOptions(options: CheckCommandOptions): CheckOptions {
  const out: CheckOptions = { deadlock: options.deadlock !== false };
  if (options.strategy) out.strategy = options.strategy;
  if (options.property?.length) out.properties = options.property;
  if (options.maxStates !== undefined) out.maxStates = options.maxStates;
  if (options.maxDepth !== undefined) out.maxDepth = options.maxDepth;
  if (options.timeout !== undefined) out.timeoutMs = options.timeout * 1000;
  if (options.stopOnFirst) out.stopOnFirst = true;
  return out;
}

/**
 * Runs one check with the CLI's progress lines and Ctrl-C handling around it, and
 * turns the checker's errors into exit codes. Shared with the kernel's commands
 * (check-scenario, matrix), which run checks the same way.
 */
export async function runWithProgressAndInterrupts<T>(
  ctx: CommandContext,
  options: GlobalOptions & { format?: string },
  run: (runOptions: Pick<CheckOptions, 'signal' | 'onProgress' | 'progressIntervalMs'>) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const removeHandler = handleInterrupts(controller, ctx.io, ctx.exitNow);
  try {
    const runOptions: Pick<CheckOptions, 'signal' | 'onProgress' | 'progressIntervalMs'> = {
      signal: controller.signal,
      progressIntervalMs: ctx.progressIntervalMs ?? PROGRESS_INTERVAL_MS,
    };
    if (!options.quiet) runOptions.onProgress = progressPrinter(ctx.io, ctx.progressAfterMs);
    return await run(runOptions);
  } catch (e) {
    throw asCliError(e, options.format === 'json' ? ctx : undefined);
  } finally {
    removeHandler();
  }
}

/**
 * The checker's typed errors as exit codes. In JSON mode a model error is also
 * printed as a JSON object on stdout, so a CI script reading stdout sees why.
 */
function asCliError(e: unknown, jsonTo: CommandContext | undefined): unknown {
  if (e instanceof ConfigurationError) return new CliError(ExitCode.BadConfig, message('badConfiguration', { reason: e.message }), e);
  if (e instanceof ModelEvaluationError) {
    if (jsonTo) {
      const error = { exitCode: ExitCode.ModelError, message: e.message, event: e.action ?? null, state: e.state ?? null, path: e.path ?? null };
      jsonTo.io.out(JSON.stringify({ error }, null, 2) + '\n');
    }
    return new ModelThrew(e);
  }
  return e;
}

/** Exit 75: the message, then the event and the state it was taken from. */
export class ModelThrew extends CliError {
  constructor(readonly evaluation: ModelEvaluationError) {
    const reason = evaluation.message.replace(/^the model threw:\s*/, ''); // the template says it
    super(ExitCode.ModelError, message('modelThrew', { reason }), evaluation.cause ?? evaluation);
  }

  /** Lines printed after the message: where in the model it happened. */
  details(): string[] {
    const e = this.evaluation;
    const lines: string[] = [];
    if (e.action !== undefined) lines.push(formatMessage(message('modelThrewAt', { event: eventLabel(e.action) })));
    for (const [k, v] of Object.entries(e.state ?? {})) lines.push(`    ${k} = ${JSON.stringify(v)}`);
    return lines;
  }
}
