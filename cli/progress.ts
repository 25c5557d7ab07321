/**
 * Progress lines on stderr while a run lasts. Short runs print nothing (a progress
 * line for a 50 ms run is noise); after `afterMs` each report from the checker (about
 * one a second) prints one line. stderr only, so `--format json` stdout stays one
 * JSON object.
 */
import type { LivenessProgress, Progress } from '../checker/options.ts';
import type { SimulationProgress } from '../checker/strategy/simulate.ts';
import { count } from '../checker/report/text.ts';
import type { Io } from './io.ts';
import { formatMessage, message, type Message } from './messages.ts';

export const PROGRESS_AFTER_MS = 2000;
export const PROGRESS_INTERVAL_MS = 1000;

/** A printer of one kind of progress report: nothing before `afterMs`, then one line each. */
function printerOf<P extends { elapsedMs: number }>(messageOf: (p: P) => Message) {
  return (io: Io, afterMs = PROGRESS_AFTER_MS) =>
    (p: P): void => {
      if (p.elapsedMs < afterMs) return;
      io.err(formatMessage(messageOf(p)) + '\n');
    };
}

export const progressPrinter = printerOf(progressMessage);
/** The liveness analysis after a search (reported between obligations). */
export const livenessProgressPrinter = printerOf(livenessProgressMessage);
/** Random walks (`--strategy random`, `--shard`), which have no queue or depth. */
export const simulationProgressPrinter = printerOf(simulationProgressMessage);

export function livenessProgressMessage(p: LivenessProgress): Message {
  return message('livenessProgress', { done: p.done + 1, obligations: p.obligations, property: p.property, seconds: Math.round(p.elapsedMs / 1000) });
}

export function simulationProgressMessage(p: SimulationProgress): Message {
  return message('simulationProgress', {
    walks: count(p.walks),
    runs: count(p.runs),
    states: count(p.distinctStates),
    transitions: count(p.transitions),
    seconds: Math.round(p.elapsedMs / 1000),
  });
}

export function progressMessage(p: Progress): Message {
  return message('progress', {
    states: count(p.distinctStates),
    rate: count(p.statesPerSecond),
    queue: count(p.queue),
    depth: p.depth,
    seconds: Math.round(p.elapsedMs / 1000),
  });
}
