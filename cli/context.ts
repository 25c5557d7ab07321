/**
 * What every command's action gets besides its parsed options: where to write, and
 * knobs tests turn (the progress delay) without new user-facing options.
 */
import type { Io } from './io.ts';

export interface CommandContext {
  io: Io;
  /** Print progress only after this long (default PROGRESS_AFTER_MS). */
  progressAfterMs?: number;
  /** Ask the checker for progress this often (default PROGRESS_INTERVAL_MS). */
  progressIntervalMs?: number;
  /** What a second Ctrl-C calls (default process.exit). */
  exitNow?: (code: number) => void;
}

/** Options every command accepts, defined once on the program. */
export interface GlobalOptions {
  debug?: boolean;
  quiet?: boolean;
}
