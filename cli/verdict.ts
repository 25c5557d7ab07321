/** The exit code a finished run earns: the most severe verdict, per exit-codes.ts. */
import type { CheckResult, PropertyResult } from '../checker/result.ts';
import { ExitCode, mostSevere } from './exit-codes.ts';

export function exitCodeFor(result: CheckResult): ExitCode {
  // A user's Ctrl-C is the intent of the run: 130, whatever was found before it
  // (the printed report still shows any violation).
  if (result.stats.stoppedBy === 'interrupted') return ExitCode.Interrupted;
  return mostSevere(result.results.map(exitCodeOfResult));
}

export function exitCodeOfResult(r: PropertyResult): ExitCode {
  switch (r.status) {
    case 'holds':
    case 'vacuous': // printed with its reason; not a failure of the model
      return ExitCode.Ok;
    case 'unknown':
      return ExitCode.BoundHit;
    case 'violated':
      switch (r.kind) {
        case 'deadlock':
          return ExitCode.Deadlock;
        case 'liveness':
          return ExitCode.Liveness;
        // An unreachable `sometimes` is a failed claim about the reachable states,
        // checked exhaustively like an invariant: a safety-class failure.
        case 'invariant':
        case 'action':
        case 'reachability':
          return ExitCode.Safety;
      }
  }
}
