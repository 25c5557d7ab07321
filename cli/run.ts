/**
 * Runs the CLI on an argument list and returns the exit code, never calling
 * process.exit: main.ts does that, tests call this in-process. Every error ends here
 * as one printed line and an exit code from exit-codes.ts.
 */
import { CommanderError } from 'commander';
import { ModelThrew } from './commands/check.ts';
import { CliError } from './cli-error.ts';
import type { CommandContext } from './context.ts';
import { ExitCode } from './exit-codes.ts';
import { TraceReplayError } from '../checker/result.ts';
import { formatMessage, message } from './messages.ts';
import { buildProgram } from './program.ts';

/** Options of the program itself, which decide the default command. */
const PROGRAM_FLAGS = new Set(['-h', '--help', '-V', '--version']);

export async function runCli(args: readonly string[], ctx: CommandContext): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCode.Ok;
  const program = buildProgram(ctx, (code) => (exitCode = code));
  // commander answers `help NOSUCH` with the whole help on stderr and no word of what was wrong.
  const asked = args.filter((a) => !GLOBAL_FLAGS.has(a));
  if (asked[0] === 'help' && asked[1] !== undefined && !asked[1].startsWith('-') && !program.commands.some((c) => c.name() === asked[1])) {
    const known = program.commands.map((c) => c.name()).filter((n) => n !== 'help');
    ctx.io.err(formatMessage(message('usage', { reason: `unknown command '${asked[1]}'; commands: ${known.join(', ')}` })) + '\n');
    return ExitCode.BadInput;
  }
  try {
    await program.parseAsync(withDefaultCommand(args), { from: 'user' });
    return exitCode;
  } catch (e) {
    return reportError(e, ctx, args.includes('--debug'));
  }
}

/**
 * `oomcheck` alone, or with only matrix's options, runs `matrix`. Done here rather
 * than with commander's isDefault so that a mistyped command says "unknown command"
 * instead of being passed to matrix as an argument.
 */
export function withDefaultCommand(args: readonly string[]): string[] {
  // Global flags may come before the command (`oomcheck -q check ...`): look past them.
  const first = args.find((a) => !GLOBAL_FLAGS.has(a));
  if (first === undefined || (first.startsWith('-') && !PROGRAM_FLAGS.has(first))) return ['matrix', ...args];
  return [...args];
}

/** The program's options that every command shares (program.ts). */
const GLOBAL_FLAGS = new Set(['--debug', '-q', '--quiet']);

function reportError(e: unknown, ctx: CommandContext, debug: boolean): ExitCode {
  if (e instanceof CommanderError) {
    // Help and version end with a CommanderError too; commander already printed them
    // (and usage errors, through outputError).
    return e.exitCode === 0 ? ExitCode.Ok : ExitCode.BadInput;
  }
  const line = (s: string) => ctx.io.err(s + '\n');
  if (e instanceof CliError) {
    line(formatMessage(e.msg));
    if (e instanceof ModelThrew) e.details().forEach(line);
    if (debug && e.cause instanceof Error && e.cause.stack) line(e.cause.stack);
    return e.exitCode;
  }
  if (e instanceof TraceReplayError) {
    line(formatMessage(message('traceDoesNotReplay', { reason: e.message })));
    if (debug && e.stack) line(e.stack);
    return ExitCode.Internal;
  }
  line(formatMessage(message('internal', { reason: e instanceof Error ? e.message : String(e) })));
  if (e instanceof Error && e.stack) line(debug ? e.stack : '(run with --debug for the stack trace)');
  return ExitCode.Internal;
}
