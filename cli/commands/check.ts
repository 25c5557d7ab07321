/**
 * `oomcheck check FILE`: load a model file, check its properties, print the report,
 * exit with the verdict's code. With --scenario it hands over to the kernel's
 * check-scenario.ts instead, imported only then.
 */
import { Option, type Command } from 'commander';
import { availableParallelism } from 'node:os';
import { check } from '../../checker/check.ts';
import type { CheckOptions, Strategy } from '../../checker/options.ts';
import { ConfigurationError, ModelEvaluationError, type CheckResult } from '../../checker/result.ts';
import type { FormatName } from '../../checker/report/formats.ts';
import { eventLabel } from '../../checker/report/text.ts';
import { CliError } from '../cli-error.ts';
import type { CommandContext, GlobalOptions } from '../context.ts';
import { ExitCode } from '../exit-codes.ts';
import { handleInterrupts } from '../interrupt.ts';
import { loadModelFile } from '../load-model.ts';
import { formatMessage, message } from '../messages.ts';
import { byteSize, collectList, nonNegativeInteger, positiveInteger, positiveNumber, shardSpec, type ShardSpec } from '../parse-options.ts';
// Simulation (fast-check) and workers are imported when asked for, so that `--help` stays fast.
import type { SimulationPlan, SimulationResult } from '../simulation.ts';
import { livenessProgressPrinter, PROGRESS_INTERVAL_MS, progressPrinter, simulationProgressPrinter } from '../progress.ts';
import { exitCodeFor } from '../verdict.ts';
import { addReportOptions, finishReport, preflightReportOptions, type ReportCheckOptions } from './report-options.ts';

/** Output formats: the registry in checker/report/formats.ts (text, json, itf, mermaid, dot). */
export type Format = FormatName;

/** --format, --expect, --strict-expect and --junit come from report-options.ts's addReportOptions. */
export interface CheckCommandOptions extends GlobalOptions, ReportCheckOptions {
  property?: string[];
  /** 'random' (and --shard) runs simulate() instead of check(). */
  strategy?: Strategy | 'random';
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
  workers?: number;
  /** False with --no-symmetry. */
  symmetry?: boolean;
  /** Kernel scenarios only; default 'compiled'. */
  engine?: 'compiled' | 'interpreted';
  /** Bytes. */
  maxMemory?: number;
  seed?: number;
  runs?: number;
  depth?: number;
  shard?: ShardSpec;
  coverage?: boolean;
}

export function registerCheck(program: Command, ctx: CommandContext, done: (code: ExitCode) => void): void {
  const command = program
    .command('check')
    .description('check the properties of a model file (default export: defineModel({...})), or of a kernel scenario under a policy with --scenario and --policy')
    .argument('[file]', 'a .ts or .js model file')
    .option('-p, --property <names>', 'check only these properties (repeatable, or a comma list)', collectList)
    .addOption(
      new Option('--strategy <strategy>', 'search order: bfs gives shortest counterexamples; random runs seeded random walks instead (never proves a property: unknown)')
        .choices(['bfs', 'dfs', 'random'])
        .default('bfs'),
    )
    .option('--max-states <n>', 'stop after n distinct states (verdicts left open are unknown)', positiveInteger)
    .option('--max-depth <n>', 'do not explore beyond depth n', positiveInteger)
    .option('--timeout <seconds>', 'stop after this many seconds', positiveNumber)
    .option('--max-memory <size>', "stop before the process uses more memory than this, e.g. 2G or 512M (default: half the machine's memory); verdicts left open are unknown, exit 152", byteSize)
    .option('--stop-on-first', 'stop at the first violation instead of settling every property')
    .option('--coverage', 'report what the run exercised: per action how often it was offered, taken and found a new state, per statechart transition how often it was taken, per state field the values it took (costs a view per new state)')
    .option('--no-deadlock', 'do not check for deadlocks')
    .option('--workers <n>', 'explore with n worker threads over shared memory (same states and verdicts; 1: sequential; at most one per hardware thread)', positiveInteger)
    .option('--no-symmetry', 'do not reduce by symmetry (on by default for kernel scenarios with interchangeable tasks, safety runs only)')
    // Simulation and swarm: cli/simulation.ts.
    .option('--seed <n>', 'with --strategy random or --shard: the (base) seed (default 42)', nonNegativeInteger)
    .option('--runs <n>', 'with --strategy random or --shard: number of random walks (default 1000)', positiveInteger)
    .option('--depth <n>', 'with --strategy random or --shard: steps per walk at most (default 100)', positiveInteger)
    .option('--shard <i/n>', 'run shard i of n diversified random searches (seed + i, its own walk depth and action order); combine their --format json results with oomcheck merge', shardSpec)
    // The kernel's scenario and policy; see commands/check-scenario.ts.
    .option('--scenario <name|file>', 'check a kernel scenario (built-in name or JSON file) instead of a model file')
    .option('--policy <policy>', "kernel policy for --scenario: a preset, optionally '+toggle-toggle' (default v4.0)")
    .addOption(new Option('--engine <engine>', 'with --scenario: step the kernel machine compiled over packed states (default: compiled) or through XState (interpreted)').choices(['compiled', 'interpreted']));
  addReportOptions(command).action(async (file: string | undefined, _opts: unknown, cmd: Command) => {
      const options = cmd.optsWithGlobals<CheckCommandOptions>();
      // Only an explicit --strategy conflicts with --shard.
      if (cmd.getOptionValueSource('strategy') === 'default') delete options.strategy;
      done(await runCheck(file, options, ctx));
    });
}

/** Whether the run simulates (--strategy random or --shard) instead of searching exhaustively. */
export function isSimulation(options: CheckCommandOptions): boolean {
  return options.strategy === 'random' || options.shard !== undefined;
}

/**
 * Options that make no sense together: simulation knobs without simulation, exhaustive
 * bounds and workers with it, --shard with another explicit strategy. Usage errors (150).
 */
export function validateRunOptions(options: CheckCommandOptions): void {
  const usage = (m: ReturnType<typeof message>) => new CliError(ExitCode.BadInput, m);
  // The workers share BFS levels; a depth-first search runs in one thread, so --workers would be dropped.
  if (options.workers !== undefined && options.workers > 1 && options.strategy === 'dfs') {
    throw usage(message('optionsConflict', { option: '--workers', other: '--strategy dfs (the workers search breadth-first)' }));
  }
  if (options.shard && options.strategy !== undefined && options.strategy !== 'random') {
    throw usage(message('optionsConflict', { option: '--shard', other: `--strategy ${options.strategy}` }));
  }
  if (isSimulation(options)) {
    const mode = options.shard ? '--shard' : '--strategy random';
    const exhaustiveOnly: [keyof CheckCommandOptions, string][] = [
      ['workers', '--workers'],
      ['maxStates', '--max-states'],
      ['maxDepth', '--max-depth'],
      ['stopOnFirst', '--stop-on-first'],
    ];
    for (const [key, flag] of exhaustiveOnly) {
      if (options[key] !== undefined && options[key] !== false) throw usage(message('optionsConflict', { option: flag, other: `${mode} (use --depth for the walk length)` }));
    }
  } else {
    for (const [key, flag] of [['seed', '--seed'], ['runs', '--runs'], ['depth', '--depth']] as const) {
      if (options[key] !== undefined) throw usage(message('needsSimulation', { option: flag }));
    }
  }
}

export async function runCheck(file: string | undefined, options: CheckCommandOptions, ctx: CommandContext): Promise<ExitCode> {
  validateRunOptions(options);
  await preflightReportOptions(options);
  if (options.scenario !== undefined) {
    if (file !== undefined) throw new CliError(ExitCode.BadInput, message('scenarioIgnoresFile', { file, scenario: options.scenario }));
    // The kernel (its machines, Ajv for scenario files) is loaded only when a scenario is asked for,
    // so that `--help` and `check FILE` start fast.
    const { checkScenario } = await import('./check-scenario.ts');
    return checkScenario(options, ctx);
  }
  if (options.policy !== undefined) throw new CliError(ExitCode.BadInput, message('policyNeedsScenario'));
  if (options.engine !== undefined) throw new CliError(ExitCode.BadInput, message('engineNeedsScenario'));
  if (file === undefined) throw new CliError(ExitCode.BadInput, message('checkNeedsInput'));

  const definition = await loadModelFile(file);
  const context = { model: definition.model, source: { kind: 'model-file', file } as const };
  if (isSimulation(options)) {
    const { runSimulation, simulationPlan } = await import('../simulation.ts');
    const plan = simulationPlan(options);
    const result = await runWithProgressAndInterrupts(ctx, options, (runOptions) =>
      runSimulation(definition.model, definition.properties, plan, simulationRunOptions(options, runOptions, ctx)),
    );
    const expected = await finishReport({ result, context: { ...context, jsonExtra: simulationJson(result, plan) }, header: textHeader(options, result, plan) }, options, ctx.io);
    warnIfUnsettled(result, options, ctx);
    return expected ?? exitCodeFor(result);
  }
  const { userModelSource } = await import('../../checker/parallel/user-model-source.ts');
  const result = await runWithProgressAndInterrupts(ctx, options, (runOptions) =>
    check(definition.model, definition.properties, {
      ...checkOptions(options),
      fairness: definition.fairness,
      ...(options.workers !== undefined ? { workers: workerCount(options.workers, options, ctx), modelSource: userModelSource(file) } : {}),
      ...runOptions,
    }),
  );
  // Prints the report; with --expect the comparison decides the exit code (0 or 10).
  const expected = await finishReport({ result, context }, options, ctx.io);
  warnIfUnsettled(result, options, ctx);
  return expected ?? exitCodeFor(result);
}

/**
 * The workers a run gets: at most one per hardware thread. The search is CPU-bound, so a
 * worker beyond that only adds its start-up (a model build each) and its memory: with
 * --workers 200, a check of an 18-state scenario took minutes and 5 GB.
 */
export function workerCount(asked: number, options: Pick<CheckCommandOptions, 'quiet'>, ctx: CommandContext, cores = availableParallelism()): number {
  if (asked <= cores) return asked;
  if (!options.quiet) ctx.io.err(formatMessage(message('workersCapped', { asked, cores })) + '\n');
  return cores;
}

/** The simulation's options from the command's, with progress lines on stderr unless --quiet (as for a check). */
export function simulationRunOptions(options: CheckCommandOptions, runOptions: RunHooks, ctx: CommandContext) {
  const { signal, onProgress, progressIntervalMs } = runOptions;
  return {
    deadlock: options.deadlock !== false,
    ...(options.property?.length ? { properties: options.property } : {}),
    ...(options.timeout !== undefined ? { timeoutMs: options.timeout * 1000 } : {}),
    ...(options.coverage ? { coverage: true } : {}),
    ...(signal ? { signal } : {}),
    ...(onProgress ? { onProgress: simulationProgressPrinter(ctx.io, ctx.progressAfterMs), progressIntervalMs } : {}),
  };
}

/** What the JSON report of a simulation adds: `simulation` (seed, runs, depth, walks, replays) and, for a shard, `shard`. */
export function simulationJson(result: SimulationResult, plan: SimulationPlan): Record<string, unknown> {
  return { ...(plan.shard ? { shard: plan.shard } : {}), simulation: { ...result.simulation, rotation: plan.rotation } };
}

export function textHeader(options: CheckCommandOptions, result: SimulationResult, plan: SimulationPlan): string | undefined {
  if ((options.format ?? 'text') !== 'text') return undefined;
  const shard = plan.shard ? `shard ${plan.shard.index}/${plan.shard.count}: ` : '';
  const rotation = plan.rotation !== 0 ? `, actions rotated by ${plan.rotation}` : '';
  const info = result.simulation;
  return (
    `${shard}simulation with seed ${info.seed}: ${info.walks.toLocaleString('en-US')} of ${info.runs.toLocaleString('en-US')} random walks ` +
    `of at most ${info.depth} steps${rotation}; it never proves a property (unknown), and each violation replays from its seed and path\n\n`
  );
}

/** The warning after a run that left verdicts unknown: why, and for memory what to try. */
export function warnIfUnsettled(result: CheckResult & { simulation?: unknown }, options: CheckCommandOptions, ctx: CommandContext): void {
  // A complete search whose liveness analysis was stopped still left verdicts unknown.
  if (options.quiet || (result.stats.complete && result.stats.stoppedBy === undefined) || result.stats.stoppedBy === 'stop-on-first') return;
  let m;
  if (result.stats.stoppedBy === 'max-memory') m = message('memoryStopped', { budget: options.maxMemory !== undefined ? bytes(options.maxMemory) : "half the machine's memory" });
  else if (result.simulation !== undefined && result.stats.stoppedBy === undefined) m = message('simulationUnknown');
  else m = message('incompleteVerdicts', { reason: result.stats.stoppedBy ?? 'a bound' });
  ctx.io.err(formatMessage(m) + '\n');
}

/** 536870912 -> "512 MiB", 1 -> "1 byte". */
export function bytes(n: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = n === 1 ? 'byte' : 'bytes';
  for (let i = 0; value >= 1024 && i < units.length; i++) {
    value /= 1024;
    unit = units[i];
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
}

/** The checker's options from the command line's (names differ: seconds vs ms). */
export function checkOptions(options: CheckCommandOptions): CheckOptions {
  const out: CheckOptions = { deadlock: options.deadlock !== false };
  if (options.strategy && options.strategy !== 'random') out.strategy = options.strategy;
  if (options.symmetry === false) out.symmetry = false;
  if (options.maxMemory !== undefined) out.maxMemoryBytes = options.maxMemory;
  if (options.property?.length) out.properties = options.property;
  if (options.maxStates !== undefined) out.maxStates = options.maxStates;
  if (options.maxDepth !== undefined) out.maxDepth = options.maxDepth;
  if (options.timeout !== undefined) out.timeoutMs = options.timeout * 1000;
  if (options.stopOnFirst) out.stopOnFirst = true;
  if (options.coverage) out.coverage = true;
  return out;
}

/** What the CLI gives a run: Ctrl-C as a signal, and its progress printers. */
export type RunHooks = Pick<CheckOptions, 'signal' | 'onProgress' | 'onLivenessProgress' | 'progressIntervalMs'>;

/**
 * Runs one check with the CLI's progress lines and Ctrl-C handling around it, and
 * turns the checker's errors into exit codes. Shared with the kernel's commands
 * (check-scenario, matrix), which run checks the same way.
 */
export async function runWithProgressAndInterrupts<T>(
  ctx: CommandContext,
  options: GlobalOptions & { format?: string },
  run: (runOptions: RunHooks) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const removeHandler = handleInterrupts(controller, ctx.io, ctx.exitNow);
  try {
    const runOptions: RunHooks = {
      signal: controller.signal,
      progressIntervalMs: ctx.progressIntervalMs ?? PROGRESS_INTERVAL_MS,
    };
    if (!options.quiet) {
      runOptions.onProgress = progressPrinter(ctx.io, ctx.progressAfterMs);
      runOptions.onLivenessProgress = livenessProgressPrinter(ctx.io, ctx.progressAfterMs);
    }
    return await run(runOptions);
  } catch (e) {
    throw checkerErrorAsCli(e, options.format === 'json' ? ctx : undefined);
  } finally {
    removeHandler();
  }
}

/**
 * The checker's typed errors as exit codes. In JSON mode a model error is also
 * printed as a JSON object on stdout, so a CI script reading stdout sees why.
 */
export function checkerErrorAsCli(e: unknown, jsonTo: CommandContext | undefined): unknown {
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
