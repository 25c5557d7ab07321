/**
 * An error that ends the CLI with a given exit code and one printed line. Thrown
 * anywhere below a command's action; caught once, in run.ts, so commands stay
 * straight-line code.
 */
import type { ExitCode } from './exit-codes.ts';
import type { Message } from './messages.ts';

export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    readonly msg: Message,
    /** The underlying error, whose stack --debug prints. */
    override readonly cause?: unknown,
  ) {
    super(msg.text);
    this.name = 'CliError';
  }
}
