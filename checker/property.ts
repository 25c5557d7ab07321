/**
 * Properties the checker evaluates, by kind. Constructors are the public API
 * (`always`, `sometimes`, `action`, `eventually`, `leadsTo`, `deadlockFree`).
 */

export type PropertyKind = 'invariant' | 'action' | 'deadlock' | 'reachability' | 'liveness';

export type StatePredicate<S> = (state: S) => boolean;
export type StepPredicate<S, A> = (from: S, action: A, to: S) => boolean;

/**
 * A property is vacuous when its premise never occurs in the explored graph: then
 * "holds" would mean nothing, so the checker reports `vacuous` instead.
 */
export interface Premise<S, A> {
  state?: StatePredicate<S>;
  step?: StepPredicate<S, A>;
  /** Human words for the premise, used in the vacuity message. */
  describe: string;
}

interface Base<S, A> {
  name: string;
  /** One line: what the property means. */
  meaning?: string;
  vacuousUnless?: Premise<S, A>;
  /**
   * This property is `property` evaluated on `view(state)`: set by wrappers such as
   * compiled/packed-properties.ts onPacked. When every property of a run shares one
   * view, the explorer computes it once per state and step end for all of them,
   * instead of each property computing it for itself. Its predicates must be
   * `property`'s composed with `view`, or give exactly their results (a twin over a
   * cheaper view, compiled/packed-properties.ts onPackedTwin): a copy that changes
   * them must drop `viewed`.
   */
  viewed?: ViewedProperty<S, A>;
}

export interface ViewedProperty<S, A> {
  view: (state: S) => unknown;
  /**
   * Optional: view(state) written into `reuse`, a view this function or `view` returned
   * earlier that the search no longer reads, and returned (undefined reuse: a fresh
   * view). The search then keeps one view per role (the new state, the state it
   * expands, the other end of a step) instead of making one per state and step end. A
   * property that remembers facts about views between calls must then not know them by
   * identity alone (properties/packed/facts.ts forgets them when a view is rewritten).
   */
  viewInto?: (state: S, reuse: unknown) => unknown;
  property: Property<any, A>;
}

export interface Invariant<S, A> extends Base<S, A> {
  kind: 'invariant';
  holds: StatePredicate<S>;
}

export interface ActionProperty<S, A> extends Base<S, A> {
  kind: 'action';
  holds: StepPredicate<S, A>;
}

export interface DeadlockProperty<S, A> extends Base<S, A> {
  kind: 'deadlock';
}

export interface Reachability<S, A> extends Base<S, A> {
  kind: 'reachability';
  witness: StatePredicate<S>;
  /**
   * A step that is a witness, for events that leave no mark in the state they reach
   * (an allocation that failed and went on). Either kind of witness settles it.
   */
  witnessStep?: StepPredicate<S, A>;
}

/**
 * One "p leads to q" obligation: on every fair path, every state where `p` holds is
 * followed (at it or later) by a state where `q` holds. `p === 'initial'` makes it
 * "eventually q" from the initial states.
 */
export interface Obligation<S> {
  label: string;
  p: StatePredicate<S> | 'initial';
  q: StatePredicate<S>;
}

export interface Liveness<S, A> extends Base<S, A> {
  kind: 'liveness';
  /** Violated when any obligation is; vacuous when no obligation's p ever holds. */
  obligations: readonly Obligation<S>[];
}

export type Property<S, A> =
  | Invariant<S, A>
  | ActionProperty<S, A>
  | DeadlockProperty<S, A>
  | Reachability<S, A>
  | Liveness<S, A>;

export function always<S, A = any>(name: string, holds: StatePredicate<S>, extra: Partial<Base<S, A>> = {}): Invariant<S, A> {
  return { kind: 'invariant', name, holds, ...extra };
}

/** An action property: a predicate over every step (from-state, action, to-state). */
export function action<S, A = any>(name: string, holds: StepPredicate<S, A>, extra: Partial<Base<S, A>> = {}): ActionProperty<S, A> {
  return { kind: 'action', name, holds, ...extra };
}

/** A reachability property: some reachable state satisfies `witness`. */
export function sometimes<S, A = any>(name: string, witness: StatePredicate<S>, extra: Partial<Base<S, A>> = {}): Reachability<S, A> {
  return { kind: 'reachability', name, witness, ...extra };
}

export function deadlockFree<S = any, A = any>(name = 'deadlock'): DeadlockProperty<S, A> {
  return { kind: 'deadlock', name, meaning: 'no reachable non-final state without an enabled action' };
}

/** Every fair path from an initial state reaches a state satisfying `q`. */
export function eventually<S, A = any>(name: string, q: StatePredicate<S>, extra: Partial<Base<S, A>> = {}): Liveness<S, A> {
  return { kind: 'liveness', name, obligations: [{ label: name, p: 'initial', q }], ...extra };
}

/** Every state satisfying `p` is followed, on every fair path, by one satisfying `q`. */
export function leadsTo<S, A = any>(name: string, p: StatePredicate<S>, q: StatePredicate<S>, extra: Partial<Base<S, A>> = {}): Liveness<S, A> {
  return { kind: 'liveness', name, obligations: [{ label: name, p, q }], ...extra };
}
