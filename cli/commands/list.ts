/**
 * `oomcheck list policies|scenarios|properties`: the kernel's catalogue, one item a
 * line with what it models (issue 3, items 2-4). Each list is the kernel's own
 * formatter, imported only when asked for (so `--help` does not load the kernel).
 */
import { Argument, type Command } from 'commander';
import type { CommandContext } from '../context.ts';
import { ExitCode } from '../exit-codes.ts';

export const LISTS = ['policies', 'scenarios', 'properties'] as const;
export type ListName = (typeof LISTS)[number];

export function registerList(program: Command, ctx: CommandContext, done: (code: ExitCode) => void): void {
  program
    .command('list')
    .description('list the kernel policies (toggles and presets), built-in scenarios or properties')
    .addArgument(new Argument('<what>', 'what to list').choices(LISTS))
    .action(async (what: ListName) => done(await runList(what, ctx)));
}

/** The text of one list: the kernel's formatPolicyList, formatScenarioList or formatPropertyList. */
export async function listText(what: ListName): Promise<string> {
  switch (what) {
    case 'policies':
      return (await import('../../models/kernel/policy.ts')).formatPolicyList();
    case 'scenarios':
      return (await import('../../models/kernel/scenario/builtin.ts')).formatScenarioList();
    case 'properties':
      return (await import('../../properties/registry.ts')).formatPropertyList();
  }
}

export async function runList(what: ListName, ctx: CommandContext): Promise<ExitCode> {
  const text = await listText(what);
  ctx.io.out(text.endsWith('\n') ? text : text + '\n');
  return ExitCode.Ok;
}
