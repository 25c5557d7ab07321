/**
 * The property trackers of one search (sequential or one worker's), given the states
 * they look at: the states themselves, or, when the properties share a view
 * (property-tracker.ts sharedView), views made once per new state and step end for all
 * of them, instead of each property making its own (property.ts `viewed`).
 *
 * Why one place: the sequential explorer and the workers' level expander walk the
 * states the same way, and the view bookkeeping (a new state's view reused for the step
 * that found it, the expanded state's view made at its first step) must match in both.
 */
import type { PropertyTracker } from './property-tracker.ts';

export class SearchTrackers<S, A> {
  private readonly stepTrackers: PropertyTracker<S, A>[];
  /** The view of the state last given to onState. */
  private newView: unknown;
  /** The view of the state being expanded, once its first step asked for it. */
  private fromView: unknown;
  private fromViewMade = false;

  constructor(
    readonly all: readonly PropertyTracker<S, A>[],
    private readonly view: ((state: S) => unknown) | undefined,
  ) {
    this.stepTrackers = all.filter((t) => t.needsSteps);
  }

  /** A new state. Returns true when some property found a violation. */
  onState(state: S, id: number): boolean {
    const seen = this.view === undefined ? state : (this.newView = this.view(state));
    let violated = false;
    for (const t of this.all) if (t.onState(seen, id)) violated = true;
    return violated;
  }

  /** A state is about to be expanded: the steps that follow start from it. */
  expanding(): void {
    this.fromViewMade = false;
  }

  /**
   * A step of the state being expanded; `toIsNew`: `to` was just given to onState.
   * Returns true when some property found a violation.
   */
  onStep(from: S, action: A, to: S, toIsNew: boolean, fromId: number, actionIndex: number): boolean {
    const trackers = this.stepTrackers;
    if (trackers.length === 0) return false;
    let seenFrom: unknown = from;
    let seenTo: unknown = to;
    if (this.view !== undefined) {
      if (!this.fromViewMade) {
        this.fromView = this.view(from);
        this.fromViewMade = true;
      }
      seenFrom = this.fromView;
      seenTo = toIsNew ? this.newView : this.view(to);
    }
    let violated = false;
    for (let k = 0; k < trackers.length; k++) if (trackers[k].onStep(seenFrom, action, seenTo, fromId, actionIndex)) violated = true;
    return violated;
  }
}
