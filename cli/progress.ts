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
import { formatMessage, message } from './messages.ts';

export const PROGRESS_AFTER_MS = 2000;
export const PROGRESS_INTERVAL_MS = 1000;

export function progressPrinter(io: Io, afterMs = PROGRESS_AFTER_MS): (p: Progress) => void {
  return (p) => {
    if (p.elapsedMs < afterMs) return;
    io.err(formatMessage(progressMessage(p)) + '\n');
  };
}

/** The same for the liveness analysis after a search (between obligations). */
export function livenessProgressPrinter(io: Io, afterMs = PROGRESS_AFTER_MS): (p: LivenessProgress) => void {
  return (p) => {
    if (p.elapsedMs < afterMs) return;
    io.err(formatMessage(livenessProgressMessage(p)) + '\n');
  };
}

export function livenessProgressMessage(p: LivenessProgress) {
  return message('livenessProgress', { done: p.done + 1, obligations: p.obligations, property: p.property, seconds: Math.round(p.elapsedMs / 1000) });
}

/** The same for random walks (`--strategy random`, `--shard`), which have no queue or depth. */
export function simulationProgressPrinter(io: Io, afterMs = PROGRESS_AFTER_MS): (p: SimulationProgress) => void {
  return (p) => {
    if (p.elapsedMs < afterMs) return;
    io.err(formatMessage(simulationProgressMessage(p)) + '\n');
  };
}

export function simulationProgressMessage(p: SimulationProgress) {
  return message('simulationProgress', {
    walks: count(p.walks),
    runs: count(p.runs),
    states: count(p.distinctStates),
    transitions: count(p.transitions),
    seconds: Math.round(p.elapsedMs / 1000),
  });
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
