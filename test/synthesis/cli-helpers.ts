/**
 * Runs `oomcheck synthesize` in-process on a program of its own (the command is
 * registered here the way cli/program.ts registers it), with a chosen checker, and
 * maps errors to exit codes as cli/run.ts does.
 */
import { Command, CommanderError } from 'commander';
import { CliError } from '../../cli/cli-error.ts';
import { registerSynthesizeCommand } from '../../cli/commands/synthesize.ts';
import type { CommandContext } from '../../cli/context.ts';
import { ExitCode } from '../../cli/exit-codes.ts';
import { memoryIo } from '../../cli/io.ts';
import { formatMessage } from '../../cli/messages.ts';
import type { CandidateChecker } from '../../models/kernel/synthesis/search.ts';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export async function synthesizeCli(args: string[], checker?: CandidateChecker, ctx: Partial<CommandContext> = {}): Promise<Run> {
  const io = memoryIo();
  let code: number = ExitCode.Ok;
  const program = new Command('oomcheck')
    .option('-q, --quiet')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  registerSynthesizeCommand(program, { io, ...ctx }, (c) => (code = c), checker);
  try {
    await program.parseAsync(['synthesize', ...args], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) code = e.exitCode === 0 ? ExitCode.Ok : ExitCode.BadInput;
    else if (e instanceof CliError) {
      io.err(formatMessage(e.msg) + '\n');
      code = e.exitCode;
    } else throw e;
  }
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}
