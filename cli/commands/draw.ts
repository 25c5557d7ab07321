/**
 * `oomcheck draw [--scenario NAME | --model FILE] [--component NAME] [--whole]`: the
 * machines as Mermaid state diagrams, one per component (each task, the OOM killer,
 * each kthread). The diagram renderer and the kernel are imported inside the action,
 * so that `--help` and `check FILE` load neither.
 */
import type { Command } from 'commander';
import { describeSource } from '../../checker/report/trace-source.ts';
import { CliError } from '../cli-error.ts';
import type { CommandContext } from '../context.ts';
import { ExitCode } from '../exit-codes.ts';
import { message } from '../messages.ts';
import { loadKernel, loadModel, type LoadedModel } from './load-model-or-scenario.ts';

interface DrawOptions {
  scenario?: string;
  policy?: string;
  model?: string;
  component?: string;
  whole?: boolean;
}

export function registerDraw(program: Command, ctx: CommandContext, done: (code: ExitCode) => void): void {
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

export async function runDraw(options: DrawOptions, ctx: CommandContext): Promise<ExitCode> {
  // Options that would be dropped without a word: the user would draw something else than asked.
  const conflict = (option: string, other: string) => new CliError(ExitCode.BadInput, message('optionsConflict', { option, other }));
  if (options.model !== undefined && options.scenario !== undefined) throw conflict('--model', '--scenario');
  if (options.model !== undefined && options.policy !== undefined) throw conflict('--policy', '--model (a policy belongs to a kernel scenario)');
  if (options.whole && options.component !== undefined) throw conflict('--whole', '--component');
  const { machineComponents, machineToMermaid } = await import('../../checker/report/mermaid-machine.ts');
  let loaded: LoadedModel;
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
  if (options.component !== undefined) {
    const c = components.find((x) => x.name === options.component);
    if (!c) throw new CliError(ExitCode.BadInput, message('noSuchComponent', { component: options.component, known: components.map((x) => x.name).join(', ') }));
    ctx.io.out(machineToMermaid(machine, { node: c.node }));
    return ExitCode.Ok;
  }
  ctx.io.out(components.map((c) => `### ${c.name}\n\n\`\`\`mermaid\n${machineToMermaid(machine, { node: c.node })}\`\`\`\n`).join('\n'));
  return ExitCode.Ok;
}
