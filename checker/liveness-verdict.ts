/**
 * Liveness verdicts: once the whole graph is explored, each obligation of each liveness
 * property is searched for a fair lasso (checker/liveness), which is then replayed.
 */
import type { Model } from './model.ts';
import type { PropertyResult } from './result.ts';
import type { PropertyTracker } from './property-tracker.ts';
import type { Exploration } from './explore.ts';
import { unsettled } from './check.ts';

export function checkLiveness<S, A>(_model: Model<S, A>, trackers: PropertyTracker<S, A>[], run: Exploration, results: PropertyResult[]): void {
  trackers.forEach((tracker, index) => {
    if (tracker.property.kind !== 'liveness') return;
    const result = results[index];
    if (!run.complete) {
      result.message = unsettled(run);
      return;
    }
    result.message = 'liveness checking is not available yet';
  });
}
