/**
 * The reports issue's commands and the check command's report options:
 *
 *   oomcheck report --out report.html [--model FILE | --scenario S... --policy P...]
 *   oomcheck replay TRACE.json [--property ID] [--model FILE | --scenario S --policy P]
 *   oomcheck draw [--scenario NAME | --model FILE] [--component NAME]
 *
 * and, for `check` (and `matrix`): `--format text|json|itf|mermaid|dot`, `--expect FILE`,
 * `--junit FILE` through `addReportOptions` and `finishReport`.
 *
 * The kernel and the heavier renderers (the HTML report with graphology, replay, the
 * machine drawings) are imported inside the actions that use them, so that `--help`
 * and `check FILE` load neither (cli/commands/check-scenario.ts holds the kernel's
 * loaders; test/cli/startup.test.ts checks what `--help` loads).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { AnyStateMachine } from 'xstate';
import { check } from '../../checker/check.ts';
import type { Model } from '../../checker/model.ts';
import type { Property } from '../../checker/property.ts';
import type { CheckResult } from '../../checker/result.ts';
import { compareExpectations, ExpectationsFormatError, expectationsExitCode, parseExpectations, renderExpectationReport, type ExpectationReport, type VerdictRow } from '../../checker/report/expectations.ts';
import { FORMAT_NAMES, renderFormat, type FormatContext, type FormatName } from '../../checker/report/formats.ts';
import type { HtmlReportInput, VerdictMatrix } from '../../checker/report/html/report.ts';
import { renderJunit } from '../../checker/report/junit.ts';
import type { replaySavedTrace } from '../../checker/report/replay-check.ts';
import { describeSource, type TraceSource } from '../../checker/report/trace-source.ts';
import { CliError } from '../cli-error.ts';
import type { CommandContext, GlobalOptions } from '../context.ts';
import { ExitCode } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { loadModelFile } from '../load-model.ts';
import { formatMessage, message } from '../messages.ts';
import { collectList } from '../parse-options.ts';

/**
 * Exit codes these commands add to cli/exit-codes.ts's contract (the lead merges them
 * there; docs/ci.md documents them):
 *  10  --expect: some verdict differs from the expected one. TLC's 10 is "ASSUME
 *      violated", a claim the user wrote about the model that is false: an expected
 *      verdict is such a claim. oomcheck has no ASSUME, so 10 is otherwise unused.
 *  15  replay: the saved trace no longer reproduces. Just past TLC's violation range
 *      (10-14), unused by TLC and Apalache, and not a verdict: it means "the model
 *      changed under this trace", which a regression test must tell apart from 0.
 */
export const ReportExitCode = {
  ExpectationsMismatch: 10,
  DoesNotReproduce: 15,
} as const;

type Done = (code: ExitCode) => void;

export function registerReportCommands(program: Command, ctx: CommandContext, done: Done): void {
  program
    .command('report')
    .description('write a self-contained HTML report: the verdict matrix, each counterexample as a swimlane, its state-graph neighbourhood')
    .requiredOption('-o, --out <file>', 'the HTML file to write')
    .option('--model <file>', 'report on a model file instead of the kernel matrix')
    .option('--scenario <names>', 'kernel scenarios (repeatable or a comma list; default all)', collectList)
    .option('--policy <policies>', 'kernel policies (repeatable or a comma list; default every preset)', collectList)
    .option('--title <text>', 'the report title')
    .action(async (options: ReportOptions, cmd: Command) => done(await runReport({ ...cmd.optsWithGlobals<GlobalOptions>(), ...options }, ctx)));

  program
    .command('replay')
    .description('re-execute a saved trace (--format json or itf output) against the current model, step by step')
    .argument('<trace>', 'a JSON report, a JSON trace or an ITF file')
    .option('-p, --property <id>', 'which counterexample of the file (default the first)')
    .option('--model <file>', 'replay against this model file (overrides the source recorded in the trace)')
    .option('--scenario <name>', 'replay against this kernel scenario (overrides the recorded source)')
    .option('--policy <policy>', 'with --scenario: the policy')
    .addOption(new Option('--format <format>', 'output').choices(['text', 'json']).default('text'))
    .action(async (file: string, options: ReplayOptions) => done(await runReplay(file, options, ctx)));

  program
    .command('draw')
    .description('print the machines as Mermaid state diagrams (one per component: each task, the OOM killer, each kthread)')
    .option('--scenario <name>', 'a kernel scenario (built-in name or JSON file)')
    .option('--policy <policy>', 'with --scenario: the policy (default v4.0)')
    .option('--model <file>', 'a model file instead of a kernel scenario')
    .option('--component <name>', 'print only this component, as a bare diagram (pipe it to mmdc)')
    .option('--whole', 'one diagram of the whole machine instead of one per component')
    .action(async (options: DrawOptions) => done(await runDraw(options, ctx)));
}

// ---------------------------------------------------------------------------------------------
// check's options

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
  if (options.junit) await writeFile(options.junit, renderJunit(rows, { expectations: comparison, timeSeconds }));
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

async function readExpectations(file: string) {
  const doc = await readJson(file);
  try {
    return parseExpectations(doc);
  } catch (e) {
    if (e instanceof ExpectationsFormatError) throw new CliError(ExitCode.BadInput, message('expectationsInvalid', { file, reason: e.message }), e);
    throw e;
  }
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new CliError(ExitCode.BadInput, message('fileUnreadable', { file, reason: (e as { code?: string }).code === 'ENOENT' ? 'no such file' : String(e) }), e);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(ExitCode.BadInput, message('fileUnreadable', { file, reason: `not JSON: ${(e as Error).message}` }), e);
  }
}

// ---------------------------------------------------------------------------------------------
// Loading what to check: a model file, or a kernel scenario through the lazy kernel modules.

interface Loaded {
  model: Model<any, any>;
  properties: readonly Property<any, any>[];
  machine?: AnyStateMachine;
  source: TraceSource;
  fairness?: unknown;
}

async function loadModel(file: string): Promise<Loaded> {
  const def = await loadModelFile(file);
  const loaded: Loaded = { model: def.model, properties: def.properties, machine: def.machine, source: { kind: 'model-file', file } };
  if (def.fairness) loaded.fairness = def.fairness;
  return loaded;
}

/**
 * A kernel scenario (built-in name or JSON file) under a policy spec, with the same
 * loaders and exit codes as `check --scenario` (150 for a scenario that does not load,
 * 151 for a bad policy), imported only now.
 */
async function loadKernel(scenarioName: string, policySpec: string): Promise<Loaded> {
  const [{ loadScenarioOption, resolvePolicyOption }, { buildKernelModel }, { kernelProperties }] = await Promise.all([
    import('./check-scenario.ts'),
    import('../../models/kernel/system.ts'),
    import('../../properties/registry.ts'),
  ]);
  const scenario = loadScenarioOption(scenarioName);
  const policy = resolvePolicyOption(policySpec);
  const built = buildKernelModel(scenario, policy.toggles) as ReturnType<typeof buildKernelModel> & { fairness?: unknown };
  const loaded: Loaded = {
    model: built.model as unknown as Model<any, any>,
    properties: kernelProperties(scenario, policy) as unknown as Property<any, any>[],
    machine: built.machine as unknown as AnyStateMachine,
    source: { kind: 'kernel', scenario: scenarioName, policy: policy.spec },
  };
  if (built.fairness) loaded.fairness = built.fairness;
  return loaded;
}

// ---------------------------------------------------------------------------------------------
// report

interface ReportOptions extends GlobalOptions {
  out: string;
  model?: string;
  scenario?: string[];
  policy?: string[];
  title?: string;
}

/**
 * With --model, one run of a model file. Otherwise the kernel matrix (models/kernel/
 * matrix.ts runMatrix, narrowed by --scenario and --policy), each counterexample with
 * its neighbourhood explored again through the cell's kernel model.
 */
export async function runReport(options: ReportOptions, ctx: CommandContext): Promise<ExitCode> {
  const { renderHtmlReport, singleRunReport } = await import('../../checker/report/html/report.ts');
  let input: HtmlReportInput;
  if (options.model) {
    const loaded = await loadModel(options.model);
    const result = await check(loaded.model, loaded.properties, loaded.fairness ? { fairness: loaded.fairness as never } : {});
    input = singleRunReport(basename(options.model), result, loaded.model, { subtitle: `model file ${options.model}` });
  } else {
    input = await kernelMatrixReport(options, ctx);
  }
  if (options.title) input.title = options.title;
  const html = renderHtmlReport(input);
  await writeFile(options.out, html);
  if (!options.quiet) ctx.io.err(formatMessage(message('reportWritten', { file: options.out, size: Math.round(html.length / 1024) })) + '\n');
  return ExitCode.Ok;
}

async function kernelMatrixReport(options: ReportOptions, ctx: CommandContext): Promise<HtmlReportInput> {
  const [{ cellFromResult }, { runMatrix }, { buildKernelModel }, { loadScenarioOption, resolvePolicyOption }] = await Promise.all([
    import('../../checker/report/html/report.ts'),
    import('../../models/kernel/matrix.ts'),
    import('../../models/kernel/system.ts'),
    import('./check-scenario.ts'),
  ]);
  const m = await runMatrix({
    ...(options.scenario ? { scenarios: options.scenario.map(loadScenarioOption) } : {}),
    ...(options.policy ? { policies: options.policy.map(resolvePolicyOption) } : {}),
    ...(options.quiet
      ? {}
      : { onCell: (done: number, total: number, cell: { scenario: string; policy: string }) => ctx.io.err(formatMessage(message('reportProgress', { done, total, scenario: cell.scenario, policy: cell.policy })) + '\n') }),
  });
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
  return {
    title: 'oomcheck: the kernel verdict matrix',
    subtitle: `${m.scenarios.length} scenarios under ${m.policies.length} policies`,
    // The time goes to the footer, so that the top of the page (the README's screenshot) is the same on every run.
    footer: `Checked in ${(m.elapsedMs / 1000).toFixed(1)} s.`,
    matrix,
    notes: m.reading ? [m.reading] : [],
  };
}

// ---------------------------------------------------------------------------------------------
// replay

interface ReplayOptions {
  property?: string;
  model?: string;
  scenario?: string;
  policy?: string;
  format: 'text' | 'json';
}

export async function runReplay(file: string, options: ReplayOptions, ctx: CommandContext): Promise<ExitCode> {
  const [{ renderReplay, replaySavedTrace }, { readSavedTrace, SavedTraceError }] = await Promise.all([
    import('../../checker/report/replay-check.ts'),
    import('../../checker/report/saved-trace.ts'),
  ]);
  const doc = await readJson(file);
  let saved;
  try {
    saved = readSavedTrace(doc, options.property);
  } catch (e) {
    if (e instanceof SavedTraceError) throw new CliError(ExitCode.BadInput, message('traceFileInvalid', { file, reason: e.message }), e);
    throw e;
  }
  let loaded: Loaded;
  if (options.model) loaded = await loadModel(options.model);
  else if (options.scenario) loaded = await loadKernel(options.scenario, options.policy ?? 'v4.0');
  else if (saved.source?.kind === 'model-file') loaded = await loadModel(await locate(saved.source.file, file));
  else if (saved.source?.kind === 'kernel') loaded = await loadKernel(saved.source.scenario, saved.source.policy);
  else throw new CliError(ExitCode.BadInput, message('traceWithoutSource', { file }));

  const outcome = replaySavedTrace(loaded.model, saved);
  const still = outcome.reproduces ? stillViolates(loaded, saved.property, outcome) : undefined;
  if (options.format === 'json') {
    const { states: _s, actions: _a, ...rest } = outcome;
    ctx.io.out(JSON.stringify({ source: loaded.source, property: saved.property ?? null, ...rest, propertyStillViolated: still ?? null }, null, 2) + '\n');
  } else {
    const what = saved.property ? `the counterexample to '${saved.property}' ` : '';
    ctx.io.out(formatMessage(message('replayStart', { what, file, source: describeSource(loaded.source) })) + '\n');
    ctx.io.out(renderReplay(outcome));
    if (still !== undefined) {
      const property = saved.property ?? '';
      ctx.io.out(formatMessage(still ? message('replayStillViolates', { property }) : message('replayNoLongerViolates', { property })) + '\n');
    }
  }
  return (outcome.reproduces && still !== false ? ExitCode.Ok : ReportExitCode.DoesNotReproduce) as ExitCode;
}

/** A model file recorded relative to where the check ran: try the working directory, then the trace file's folder. */
async function locate(recorded: string, traceFile: string): Promise<string> {
  for (const candidate of [resolve(recorded), resolve(dirname(traceFile), recorded)]) {
    try {
      await readFile(candidate);
      return candidate;
    } catch {
      // try the next
    }
  }
  return recorded; // loadModelFile reports it as unreadable
}

/**
 * Whether the replayed trace still violates its property, for the kinds that can be
 * decided on the trace alone: an invariant on the last state, an action property on
 * the last step, a deadlock (no enabled successor). Undefined otherwise.
 */
function stillViolates(loaded: Loaded, property: string | undefined, outcome: ReturnType<typeof replaySavedTrace>): boolean | undefined {
  const p = loaded.properties.find((x) => x.name === property);
  if (!p) return undefined;
  const states = outcome.states;
  const last = states[states.length - 1];
  switch (p.kind) {
    case 'invariant':
      return !p.holds(last);
    case 'action': {
      if (states.length < 2) return undefined;
      return !p.holds(states[states.length - 2], outcome.actions[outcome.actions.length - 1], last);
    }
    case 'deadlock':
      return !loaded.model.isFinal(last) && loaded.model.actions(last).every((a) => loaded.model.nextState(last, a) === undefined);
    default:
      return outcome.loopCloses;
  }
}

// ---------------------------------------------------------------------------------------------
// draw

interface DrawOptions {
  scenario?: string;
  policy?: string;
  model?: string;
  component?: string;
  whole?: boolean;
}

export async function runDraw(options: DrawOptions, ctx: CommandContext): Promise<ExitCode> {
  const { machineComponents, machineToMermaid } = await import('../../checker/report/mermaid-machine.ts');
  let loaded: Loaded;
  if (options.model) loaded = await loadModel(options.model);
  else if (options.scenario) loaded = await loadKernel(options.scenario, options.policy ?? 'v4.0');
  else throw new CliError(ExitCode.BadInput, message('drawNeedsInput'));
  const machine = loaded.machine;
  if (!machine) throw new CliError(ExitCode.BadInput, message('nothingToDraw', { source: describeSource(loaded.source) }));
  if (options.whole) {
    ctx.io.out(machineToMermaid(machine));
    return ExitCode.Ok;
  }
  const components = machineComponents(machine);
  if (options.component) {
    const c = components.find((x) => x.name === options.component);
    if (!c) throw new CliError(ExitCode.BadInput, message('noSuchComponent', { component: options.component, known: components.map((x) => x.name).join(', ') }));
    ctx.io.out(machineToMermaid(machine, { node: c.node }));
    return ExitCode.Ok;
  }
  ctx.io.out(components.map((c) => `### ${c.name}\n\n\`\`\`mermaid\n${machineToMermaid(machine, { node: c.node })}\`\`\`\n`).join('\n'));
  return ExitCode.Ok;
}

