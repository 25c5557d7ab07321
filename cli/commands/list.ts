/**
 * `oomcheck list policies|scenarios|properties`: the kernel's catalogue, one item a
 * line with what it models (issue 3, items 2-4). PLACEHOLDER: the lead wires the
 * kernel's listing functions into `runList`.
 */
import { Argument, type Command } from 'commander';
import type { CommandContext } from '../context.ts';
import { ExitCode } from '../exit-codes.ts';
import { formatMessage, message } from '../messages.ts';

export const LISTS = ['policies', 'scenarios', 'properties'] as const;
export type ListName = (typeof LISTS)[number];

export function registerList(program: Command, ctx: CommandContext, done: (code: ExitCode) => void): void {
  program
    .command('list')
    .description('list the kernel policies (toggles and presets), built-in scenarios or properties')
    .addArgument(new Argument('<what>', 'what to list').choices(LISTS))
    .action(async (what: ListName) => done(await runList(what, ctx)));
}

export async function runList(what: ListName, ctx: CommandContext): Promise<ExitCode> {
  ctx.io.out(formatMessage(message('notYetAvailable', { command: `list ${what}` })) + '\n');
  return ExitCode.Ok;
}
