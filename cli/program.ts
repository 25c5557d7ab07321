/**
 * The command tree. Each subcommand lives in its own file under commands/ and
 * registers itself (options, help, action); this file only assembles them and sets
 * what all share: global options, one-line usage errors, and no process.exit inside
 * commander (run.ts owns exiting).
 */
import { Command } from 'commander';
import { registerCheck } from './commands/check.ts';
import { registerList } from './commands/list.ts';
import { registerMatrix } from './commands/matrix.ts';
import { registerMerge } from './commands/merge.ts';
import { registerReportCommands } from './commands/report-commands.ts';
import { registerSynthesizeCommand } from './commands/synthesize.ts';
import type { CommandContext } from './context.ts';
import type { ExitCode } from './exit-codes.ts';
import { formatMessage, message } from './messages.ts';
import { packageVersion } from './version.ts';

export function buildProgram(ctx: CommandContext, done: (code: ExitCode) => void): Command {
  const program = new Command('oomcheck')
    .description(
      'An explicit-state model checker for XState v5 machines, with a model of the Linux page allocator and OOM killer.\n' +
        'With no command, runs `matrix` (every kernel scenario under every policy).',
    )
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('--debug', 'print stack traces of errors')
    .option('-q, --quiet', 'no progress lines or notices on stderr (a Ctrl-C is still acknowledged there)')
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.out(s),
      writeErr: (s) => ctx.io.err(s),
      // Commander's own errors (unknown option, bad value): one line with our code.
      outputError: (s, write) => write(formatMessage(message('usage', { reason: s.replace(/^error:\s*/, '').trim() })) + '\n'),
    });
  // Subcommands copy exitOverride and the output configuration when created, so they
  // are registered after both are set.
  registerMatrix(program, ctx, done);
  registerCheck(program, ctx, done);
  registerList(program, ctx, done);
  registerReportCommands(program, ctx, done); // report, replay, draw
  registerSynthesizeCommand(program, ctx, done);
  registerMerge(program, ctx, done);
  return program;
}
