/**
 * Ctrl-C during a run: the first one aborts the run's AbortSignal, so the checker
 * stops at its next yield and the CLI prints the verdicts found so far (exit 130);
 * a second one exits at once, for a run that does not stop soon enough.
 */
import { ExitCode } from './exit-codes.ts';
import type { Io } from './io.ts';
import { formatMessage, message } from './messages.ts';

/** Installs the handler; returns the function that removes it. */
export function handleInterrupts(
  controller: AbortController,
  io: Io,
  exitNow: (code: number) => void = (code) => process.exit(code),
): () => void {
  const onSigint = () => {
    if (!controller.signal.aborted) {
      io.err(formatMessage(message('interrupted')) + '\n');
      controller.abort();
    } else {
      io.err(formatMessage(message('interruptedAgain')) + '\n');
      exitNow(ExitCode.Interrupted);
    }
  };
  process.on('SIGINT', onSigint);
  return () => void process.off('SIGINT', onSigint);
}
