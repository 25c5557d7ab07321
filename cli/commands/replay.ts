/**
 * `oomcheck replay TRACE.json [--property ID] [--model FILE | --scenario S --policy P]`:
 * re-executes a saved trace (a JSON report, a JSON trace or an ITF file) against the
 * current model, step by step, and says whether it still violates its property. Exits
 * 0 when it does, 15 when the trace no longer reproduces. The replayer and the kernel
 * are imported inside the action, so that `--help` and `check FILE` load neither.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { replaySavedTrace } from '../../checker/report/replay-check.ts';
import { describeSource } from '../../checker/report/trace-source.ts';
import { evaluationError, PropertyThrew } from '../../checker/evaluation-error.ts';
import type { IndexPath } from '../../checker/result.ts';
import { deadlockFree } from '../../checker/property.ts';
import type { FairnessSpec } from '../../checker/model.ts';
import { lassoViolates } from '../../checker/report/lasso-check.ts';
import { endsWithoutDeadlock } from '../../checker/deadlock.ts';
import { CliError } from '../cli-error.ts';
import type { CommandContext } from '../context.ts';
import { ExitCode } from '../exit-codes.ts';
import { formatMessage, message } from '../messages.ts';
import { loadKernel, loadModel, type LoadedModel } from './load-model-or-scenario.ts';
import { readJson } from './read-json.ts';
import { checkerErrorAsCli } from './check.ts';

interface ReplayOptions {
  property?: string;
  model?: string;
  scenario?: string;
  policy?: string;
  format: 'text' | 'json';
}

export function registerReplay(program: Command, ctx: CommandContext, done: (code: ExitCode) => void): void {
  program
    .command('replay')
    .description('re-execute a saved trace (--format json or itf output) against the current model, step by step')
    .argument('<trace>', 'a JSON report, a JSON trace or an ITF file')
    .option('-p, --property <id>', 'which counterexample of the file (default the first)')
    .option('--model <file>', 'replay against this model file (overrides the source recorded in the trace)')
    .option('--scenario <name>', 'replay against this kernel scenario (overrides the recorded source)')
    .option('--policy <policy>', 'with --scenario: the policy (default v4.0)')
    .addOption(new Option('--format <format>', 'output').choices(['text', 'json']).default('text'))
    .action(async (file: string, options: ReplayOptions) => done(await runReplay(file, options, ctx)));
}

export async function runReplay(file: string, options: ReplayOptions, ctx: CommandContext): Promise<ExitCode> {
  validateReplayOptions(options);
  try {
    return await replayFile(file, options, ctx);
  } catch (e) {
    // The model threw (a guard, an action, a property): exit 75 with the event and the
    // state, as check does; in JSON mode also as a JSON object on stdout.
    throw checkerErrorAsCli(e, options.format === 'json' ? ctx : undefined);
  }
}

/**
 * Options that would otherwise be ignored without a word: --policy only chooses the
 * policy of --scenario (as for check), and --model and --scenario name two different
 * models to replay against. Usage errors (150), before anything is loaded.
 */
function validateReplayOptions(options: ReplayOptions): void {
  if (options.model !== undefined && options.scenario !== undefined) {
    throw new CliError(ExitCode.BadInput, message('optionsConflict', { option: '--scenario', other: '--model' }));
  }
  if (options.policy !== undefined && options.scenario === undefined) throw new CliError(ExitCode.BadInput, message('policyNeedsScenario'));
}

async function replayFile(file: string, options: ReplayOptions, ctx: CommandContext): Promise<ExitCode> {
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
  let loaded: LoadedModel;
  if (options.model) loaded = await loadModel(options.model);
  else if (options.scenario) loaded = await loadKernel(options.scenario, options.policy ?? 'v4.0');
  else if (saved.source?.kind === 'model-file') loaded = await loadModel(await locate(saved.source.file, file));
  else if (saved.source?.kind === 'kernel') loaded = await loadKernel(saved.source.scenario, saved.source.policy);
  else throw new CliError(ExitCode.BadInput, message('traceWithoutSource', { file }));

  const outcome = replaySavedTrace(loaded.model, saved);
  // The path as replayed now (a moved event at its new index), for a model error's report.
  const replayed: IndexPath = { init: saved.path.init, actions: outcome.steps.slice(1).map((s) => s.movedTo ?? saved.path.actions[s.index - 1]) };
  const still = outcome.reproduces ? stillViolates(loaded, saved.property, outcome, replayed, saved.path.loop) : undefined;
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
  return outcome.reproduces && still !== false ? ExitCode.Ok : ExitCode.DoesNotReproduce;
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
 * Whether the replayed trace still violates its property, decided on the trace alone:
 * an invariant on the last state, an action property on the last step, a deadlock (no
 * enabled successor), a liveness property on the lasso (lasso-check.ts). Undefined for a
 * reachability property. A predicate (or the model) that throws is a ModelEvaluationError,
 * as in check.
 */
function stillViolates(loaded: LoadedModel, property: string | undefined, outcome: ReturnType<typeof replaySavedTrace>, path: IndexPath, loop: number | undefined): boolean | undefined {
  // The built-in deadlock freedom is not among the model's own properties.
  const p = loaded.properties.find((x) => x.name === property) ?? (property === 'deadlock' ? deadlockFree() : undefined);
  if (!p) return undefined;
  const { model } = loaded;
  const states = outcome.states;
  const last = states[states.length - 1];
  switch (p.kind) {
    case 'invariant':
      try {
        return !p.holds(last);
      } catch (cause) {
        throw evaluationError(new PropertyThrew(p.name, cause), model, last, undefined, path);
      }
    case 'action': {
      if (states.length < 2) return undefined;
      const from = states[states.length - 2];
      const action = outcome.actions[outcome.actions.length - 1];
      try {
        return !p.holds(from, action, last);
      } catch (cause) {
        throw evaluationError(new PropertyThrew(p.name, cause), model, from, action, { init: path.init, actions: path.actions.slice(0, -1) });
      }
    }
    case 'deadlock': {
      let action: unknown;
      try {
        return model.actions(last).every((a) => ((action = a), model.nextState(last, a) === undefined)) && !endsWithoutDeadlock(model, last);
      } catch (cause) {
        throw evaluationError(cause, model, last, action, path);
      }
    }
    case 'liveness':
      try {
        return lassoViolates(model, p, states, outcome.actions, loop, loaded.fairness as FairnessSpec<unknown, unknown> | undefined);
      } catch (cause) {
        // A predicate of the property, or the model stepping the cycle's states for fairness.
        throw evaluationError(cause, model, undefined, undefined, path);
      }
    default:
      return undefined;
  }
}
