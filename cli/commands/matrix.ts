/**
 * `oomcheck matrix`, also what `oomcheck` with no arguments runs: every built-in
 * scenario under every preset, printed as a verdict matrix (issue 3, item 7).
 * PLACEHOLDER until the kernel model lands: the lead fills `runMatrix` and adds its
 * options (--scenario, --policy, --format) in `registerMatrix`.
 */
import type { Command } from 'commander';
import type { CommandContext } from '../context.ts';
import { ExitCode } from '../exit-codes.ts';
import { formatMessage, message } from '../messages.ts';

export interface MatrixOptions {
  [option: string]: unknown;
}

export function registerMatrix(program: Command, ctx: CommandContext, done: (code: ExitCode) => void): void {
  program
    .command('matrix')
    .description('check every built-in kernel scenario under every policy preset (the default command)')
    .action(async (options: MatrixOptions) => done(await runMatrix(options, ctx)));
}

export async function runMatrix(_options: MatrixOptions, ctx: CommandContext): Promise<ExitCode> {
  ctx.io.out(formatMessage(message('notYetAvailable', { command: 'matrix' })) + '\n');
  return ExitCode.Ok;
}
