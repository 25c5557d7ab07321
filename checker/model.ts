/**
 * The checker's view of a system: a labelled transition system.
 *
 * The checker core knows nothing of XState or kernels; front ends (checker/xstate,
 * models/kernel) adapt what they check to this interface. Shaped after Stateright's
 * Model trait: actions are listed in a deterministic order so that a trace is just
 * the index of the chosen action at each step, replayable through the model.
 */
export interface Model<S, A> {
  /** Initial states, in a fixed order (a trace starts with an index into this list). */
  initialStates(): S[];
  /**
   * Candidate actions of a state, in a deterministic order. A candidate may turn out
   * not to be enabled: `nextState` then returns undefined (XState's "event not taken").
   */
  actions(state: S): readonly A[];
  /** The successor, or undefined when the action is not enabled in `state`. May throw: an evaluation error. */
  nextState(state: S, action: A): S | undefined;
  /**
   * Optional, for speed: nextState whose result the model may overwrite at its next call
   * (a reused buffer). Exhaustive search uses it where a successor is only hashed, copied
   * into the queue and shown to the properties before the next one is made; traces and
   * everything that keeps states use nextState.
   */
  nextStateTransient?(state: S, action: A): S | undefined;
  /**
   * Optional, for speed, with nextStateTransient: its result for the state last passed to
   * `actions` and the action at `index` of the list that call returned. Exhaustive search
   * steps each action of a state right after listing them, with no other call to
   * `actions`, `nextState` or `nextStateTransient` in between, so the model can keep what
   * it worked out for the list instead of recognising the state again by its contents
   * (explorers reuse buffers, so identity would not do).
   */
  nextOfListed?(index: number, action: A): S | undefined;
  /**
   * Canonical encoding: two states are the same state iff their encodings are equal,
   * whatever the key order of their objects. The checker stores a 64-bit hash of it.
   */
  encode(state: S): string;
  /**
   * Optional integer encoding (a packed state): when present the checker fingerprints
   * these ints instead of `encode`, which then serves only humans and tests. Equal
   * states must give equal arrays.
   */
  encodeInts?(state: S): Int32Array;
  /**
   * The ints of encodeInts mean the same in every thread (no per-thread interning), so
   * workers may fingerprint them too instead of the string encoding.
   */
  readonly portableInts?: boolean;
  /**
   * The fairness unit ("process") that takes `action`: a task, a kernel thread, a
   * region of a parallel machine. Weak fairness is assumed per process.
   */
  process(action: A, state: S): string;
  /**
   * Optional symmetry reduction: an encoding equal for states that differ only by a
   * renaming of interchangeable processes. The checker then stores one state per orbit.
   * Used for safety runs only: with liveness properties the checker turns it off, since a
   * cycle in the quotient need not be a fair cycle of the model (TLC has the same rule).
   */
  symmetry?: {
    encode(state: S): string;
    /**
     * Optional: the same canonical form as ints (fingerprinted instead of `encode`; the
     * result may be a buffer reused by the next call). Two states get equal ints iff
     * their `encode` strings are equal.
     */
    encodeInts?(state: S): Int32Array;
    describe: string;
  };
  /**
   * Optional, for coverage (checker/coverage.ts): the names of the transitions the model
   * declares (a statechart's), and the indices of those a step takes. Coverage then counts
   * each and shows the ones no step took.
   */
  transitions?: {
    readonly names: readonly string[];
    taken(state: S, action: A): readonly number[];
  };
  /** A state with no successor that is a valid end (XState final state, kernel all-finished or panic), not a deadlock. */
  isFinal(state: S): boolean;
  /**
   * Optional: whether some action is taken in `state` but changes nothing (an XState
   * self-transition such as `NOP: 'b'` in state b, which `snapshot.can` calls enabled and
   * `transition` answers with the same snapshot). Such a step is not a step (it has no
   * successor, and fairness does not count it, as TLC's ⟨A⟩_vars), but a state that has one
   * is not deadlocked: TLC and SPIN see an enabled self-loop there. Asked only of states
   * without successors.
   */
  hasUnchangingStep?(state: S): boolean;
  /** One line for a step, for traces: "A [GFP_NOFS order 0]: direct reclaim freed 0 pages". */
  describeStep(from: S, action: A, to: S): string;
  /** A flat view of a state for trace diffs and JSON (field name -> JSON value). */
  view(state: S): Record<string, unknown>;
  /** A JSON-serialisable form of the action, for JSON traces. */
  actionJson(action: A): unknown;
  /**
   * Optional, for parallel search (both or neither): a structured-cloneable form of a
   * state and its inverse, so workers can hand frontier states to each other to balance
   * their load. `fromTransfer(toTransfer(s))` must be the same state as `s` (equal
   * encoding, same actions and successors).
   */
  toTransfer?(state: S): unknown;
  fromTransfer?(data: unknown): S;
}

/** Optional per-action fairness refinements beyond weak fairness per process. */
export interface FairnessSpec<S, A> {
  /** Processes that get no fairness at all (e.g. an environment that may stop forever). */
  unfair?: readonly string[];
  /** Processes under strong fairness instead of weak. */
  strong?: readonly string[];
  /**
   * Extra fairness units for single actions (per-event fairness): an action labelled
   * `timeout:A` is weakly fair on its own, besides being a step of its process.
   */
  actionUnits?: (action: A, state: S) => readonly string[];
}
