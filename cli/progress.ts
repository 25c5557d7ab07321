/**
 * Progress lines on stderr while a run lasts. Short runs print nothing (a progress
 * line for a 50 ms run is noise); after `afterMs` each report from the checker (about
 * one a second) prints one line. stderr only, so `--format json` stdout stays one
 * JSON object.
 */
import type { Progress } from '../checker/options.ts';
import { count } from '../checker/report/text.ts';
import type { Io } from './io.ts';
import { formatMessage, message } from './messages.ts';

export const PROGRESS_AFTER_MS = 2000;
export const PROGRESS_INTERVAL_MS = 1000;

export function progressPrinter(io: Io, afterMs = PROGRESS_AFTER_MS): (p: Progress) => void {
  return (p) => {
    if (p.elapsedMs < afterMs) return;
    io.err(formatMessage(progressMessage(p)) + '\n');
  };
}

export function progressMessage(p: Progress) {
  return message('progress', {
    states: count(p.distinctStates),
    rate: count(p.statesPerSecond),
    queue: count(p.queue),
    depth: p.depth,
    seconds: Math.round(p.elapsedMs / 1000),
  });
}
