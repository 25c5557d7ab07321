/**
 * The exit codes of `oomcheck`: a documented contract that CI scripts branch on.
 * Numbers follow TLC's (tlc2.output.EC.ExitStatus) so that people who know TLC read
 * them at once; docs/exit-codes.md is the user-facing copy of this table. Every exit
 * of the CLI goes through one of these names: never a bare number elsewhere.
 */
export const ExitCode = {
  /** Every checked property holds (or is vacuous, which is printed). */
  Ok: 0,
  /**
   * --expect: some verdict differs from the expected one. TLC's 10 is "ASSUME violated":
   * a claim the user wrote about the model is false, as an expected verdict is.
   */
  ExpectationsMismatch: 10,
  /** A reachable non-final state has no enabled step. */
  Deadlock: 11,
  /** An invariant, action property or reachability property is violated. */
  Safety: 12,
  /** A liveness property is violated (a fair lasso or a stuttering path). */
  Liveness: 13,
  /**
   * replay: the saved trace no longer reproduces (the model changed under it). Just past
   * TLC's violation range and unused by TLC and Apalache; not a verdict.
   */
  DoesNotReproduce: 15,
  /** The model itself threw while being evaluated (a guard, an action, events()). */
  ModelError: 75,
  /** Interrupted by Ctrl-C (128 + SIGINT, the shell's convention). */
  Interrupted: 130,
  /** Bad input: unreadable file, not a model, unknown option or command, bad option value. */
  BadInput: 150,
  /** Bad configuration: an unknown property name, policy or policy toggle. */
  BadConfig: 151,
  /** A bound (states, depth, time, memory) was hit and nothing was violated: some verdict is unknown. */
  BoundHit: 152,
  /** An internal error, including a counterexample that does not replay. */
  Internal: 255,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * When a run has several outcomes, the most severe one is the exit code. Order, most
 * severe first, and why:
 *   12 safety    a bad state or step is reachable: the clearest, most actionable bug;
 *   11 deadlock  the system gets stuck: also a safety failure, but TLC reports it
 *                separately and a stuck state is often a consequence of a safety bug;
 *   13 liveness  progress fails only under fairness assumptions, the weakest claim;
 *  152 bound     nothing is violated but something is unsettled;
 *    0 ok.
 * Errors that stop the run (75, 150, 151, 255) and an interrupt (130) are not
 * combined with verdicts: they replace them. With --expect the comparison decides
 * (0 when every verdict is as expected, 10 otherwise); `replay` exits 0 or 15.
 */
export const VERDICT_SEVERITY: readonly ExitCode[] = [
  ExitCode.Safety,
  ExitCode.Deadlock,
  ExitCode.Liveness,
  ExitCode.BoundHit,
  ExitCode.Ok,
];

/** The most severe of several verdict exit codes (Ok for none). */
export function mostSevere(codes: Iterable<ExitCode>): ExitCode {
  let best: ExitCode = ExitCode.Ok;
  for (const code of codes) {
    if (VERDICT_SEVERITY.indexOf(code) < VERDICT_SEVERITY.indexOf(best)) best = code;
  }
  return best;
}
