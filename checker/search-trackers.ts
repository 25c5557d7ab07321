/**
 * The property trackers of one search (sequential or one worker's), given the states
 * they look at: the states themselves, or, when the properties share a view
 * (property-tracker.ts sharedView), views made once per new state and step end for all
 * of them, instead of each property making its own (property.ts `viewed`), and
 * rewritten in place when the properties allow it (property.ts `viewInto`).
 *
 * Why one place: the sequential explorer and the workers' level expander walk the
 * states the same way, and the view bookkeeping (a new state's view reused for the step
 * that found it, the expanded state's view made at its first step) must match in both.
 */
import { sharedViewInto, type PropertyTracker } from './property-tracker.ts';

export class SearchTrackers<S, A> {
  private readonly stepTrackers: PropertyTracker<S, A>[];
  /** The view of the state last given to onState. */
  private newView: unknown;
  /** The view of the state being expanded, once its first step asked for it. */
  private fromView: unknown;
  private fromViewMade = false;
  /** The view of a step's end that was not new (rewritten per step when views are reused). */
  private toView: unknown;
  /**
   * The view, written into the view last made for the same role (property.ts viewInto),
   * or made fresh when the properties offer no viewInto.
   */
  private readonly viewIn: ((state: S, reuse: unknown) => unknown) | undefined;

  constructor(
    readonly all: readonly PropertyTracker<S, A>[],
    view: ((state: S) => unknown) | undefined,
  ) {
    this.stepTrackers = all.filter((t) => t.needsSteps);
    if (view !== undefined) {
      const into = sharedViewInto(all.map((t) => t.property), view);
      this.viewIn = into ?? ((state) => view(state));
    }
  }

  /** A new state. Returns true when some property found a violation. */
  onState(state: S, id: number): boolean {
    const seen = this.viewIn === undefined ? state : (this.newView = this.viewIn(state, this.newView));
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
    if (this.viewIn !== undefined) {
      if (!this.fromViewMade) {
        this.fromView = this.viewIn(from, this.fromView);
        this.fromViewMade = true;
      }
      seenFrom = this.fromView;
      seenTo = toIsNew ? this.newView : (this.toView = this.viewIn(to, this.toView));
    }
    let violated = false;
    for (let k = 0; k < trackers.length; k++) if (trackers[k].onStep(seenFrom, action, seenTo, fromId, actionIndex)) violated = true;
    return violated;
  }
}
