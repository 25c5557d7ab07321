/**
 * Per-property bookkeeping during a search: the first violation found (BFS order makes it
 * a shortest one), whether a reachability witness or a vacuity premise was ever seen, and,
 * for liveness, the p/q bitsets of every state.
 */
import type { Property, Obligation } from './property.ts';
import { GrowableInt32 } from './store/growable-int32.ts';
import { PropertyThrew } from './evaluation-error.ts';

/** Where a safety counterexample ends: a state, or a step out of a state. */
export interface Found {
  stateId: number;
  /** For an action property: the action index taken from stateId. */
  actionIndex?: number;
}

/**
 * A growable set of state ids, one bit per id: a liveness obligation's p or q over every
 * state, kept for the whole search (a byte per id cost as much as the fingerprint table
 * once a check has a dozen obligations).
 */
export class StateBits {
  private words = new Uint32Array(32);
  set(id: number, on: boolean): void {
    const w = id >>> 5;
    if (w >= this.words.length) this.grow(w);
    if (on) this.words[w] |= 1 << (id & 31);
    else this.words[w] &= ~(1 << (id & 31));
  }
  /** The set as a new array of one byte (0 or 1) per id below `length`, as the liveness analysis reads it. */
  view(length: number): Uint8Array {
    const out = new Uint8Array(length);
    const words = this.words;
    const full = Math.min(length >>> 5, words.length);
    for (let w = 0; w < full; w++) {
      const word = words[w];
      if (word === 0) continue;
      for (let b = 0; b < 32; b++) out[(w << 5) | b] = (word >>> b) & 1;
    }
    for (let id = full << 5; id < length; id++) {
      const w = id >>> 5;
      if (w < words.length) out[id] = (words[w] >>> (id & 31)) & 1;
    }
    return out;
  }
  get byteLength(): number {
    return this.words.byteLength;
  }
  /** The words of the ids below `length` (bit id & 31 of word id >>> 5), copied: for another thread's orWords. */
  wordsFor(length: number): Uint32Array {
    const out = new Uint32Array((length + 31) >>> 5);
    out.set(this.words.subarray(0, Math.min(out.length, this.words.length)));
    return out;
  }
  /** Adds every id set in `words` (another StateBits' wordsFor). */
  orWords(words: Uint32Array): void {
    if (words.length === 0) return;
    if (words.length > this.words.length) this.grow(words.length - 1);
    for (let w = 0; w < words.length; w++) this.words[w] |= words[w];
  }
  private grow(word: number): void {
    let size = this.words.length;
    while (size <= word) size *= 2;
    const next = new Uint32Array(size);
    next.set(this.words);
    this.words = next;
  }
}

export class ObligationTracker<S> {
  readonly p: StateBits | 'initial';
  readonly q = new StateBits();
  premiseSeen: boolean;
  constructor(readonly obligation: Obligation<S>) {
    this.p = obligation.p === 'initial' ? 'initial' : new StateBits();
    this.premiseSeen = obligation.p === 'initial';
  }
  get byteLength(): number {
    return (this.p === 'initial' ? 0 : this.p.byteLength) + this.q.byteLength;
  }
  /**
   * Records p and q of a new state. `property` names the liveness property in the
   * PropertyThrew a throwing p or q becomes; both are evaluated before either is
   * recorded, so that a failure of the bit sets themselves is not blamed on the model.
   */
  observe(state: S, id: number, property: string): void {
    let p = false;
    let q: boolean;
    try {
      if (this.p !== 'initial') p = (this.obligation.p as (s: S) => boolean)(state);
      q = this.obligation.q(state);
    } catch (cause) {
      throw new PropertyThrew(property, cause);
    }
    if (this.p !== 'initial') {
      this.p.set(id, p);
      if (p) this.premiseSeen = true;
    }
    this.q.set(id, q);
  }
}

export class PropertyTracker<S, A> {
  found: Found | undefined;
  /** For reachability: the first witness (a state, or a step out of a state). */
  witness: Found | undefined;
  premiseSeen: boolean;
  readonly obligations: ObligationTracker<any>[];
  /** What onState and onStep evaluate: the property, or its viewed form (then they get views). */
  private readonly evaluated: Property<any, A>;

  /**
   * `view`: the view the search gives onState and onStep instead of the states (sharedView),
   * or undefined; the tracker then evaluates evaluatedForm(property, view) on them (the
   * same verdicts, property.ts `viewed`). `property` itself stays what verdicts and
   * traces re-evaluate.
   */
  constructor(
    readonly property: Property<S, A>,
    view?: (state: S) => unknown,
  ) {
    this.evaluated = evaluatedForm(property, view);
    this.premiseSeen = property.vacuousUnless === undefined;
    this.obligations = this.evaluated.kind === 'liveness' ? this.evaluated.obligations.map((o) => new ObligationTracker(o)) : [];
  }

  /**
   * Called once per new state (or its view). Returns true when this call found a violation.
   * A predicate that throws (the model's code) becomes a PropertyThrew naming the
   * property, which the search reports with the state as a model error (exit 75).
   */
  onState(state: unknown, id: number): boolean {
    const p = this.evaluated;
    try {
      const premise = p.vacuousUnless;
      if (!this.premiseSeen && premise?.state && premise.state(state)) this.premiseSeen = true;
      switch (p.kind) {
        case 'invariant':
          if (this.found === undefined && !p.holds(state)) {
            this.found = { stateId: id };
            return true;
          }
          return false;
        case 'reachability':
          if (this.witness === undefined && p.witness(state)) this.witness = { stateId: id };
          return false;
        case 'liveness':
          break;
        default:
          return false;
      }
    } catch (cause) {
      throw new PropertyThrew(this.property.name, cause);
    }
    for (const o of this.obligations) o.observe(state, id, this.property.name);
    return false;
  }

  /**
   * Called once per transition (with views of its ends). Returns true when this call found
   * a violation. A throwing predicate becomes a PropertyThrew, as in onState.
   */
  onStep(from: unknown, action: A, to: unknown, fromId: number, actionIndex: number): boolean {
    const p = this.evaluated;
    try {
      const premise = p.vacuousUnless;
      if (!this.premiseSeen && premise?.step && premise.step(from, action, to)) this.premiseSeen = true;
      if (p.kind === 'action' && this.found === undefined && !p.holds(from, action, to)) {
        this.found = { stateId: fromId, actionIndex };
        return true;
      }
      if (p.kind === 'reachability' && this.witness === undefined && p.witnessStep?.(from, action, to)) {
        this.witness = { stateId: fromId, actionIndex };
      }
    } catch (cause) {
      throw new PropertyThrew(this.property.name, cause);
    }
    return false;
  }

  /** Called for a state without enabled actions that is not a valid end. */
  onDeadlock(id: number): boolean {
    if (this.property.kind === 'deadlock' && this.found === undefined) {
      this.found = { stateId: id };
      return true;
    }
    return false;
  }

  /** Bytes of its liveness obligations' p and q sets, kept for every state until the analysis. */
  get labelBytes(): number {
    let bytes = 0;
    for (const o of this.obligations) bytes += o.byteLength;
    return bytes;
  }

  get needsSteps(): boolean {
    const p = this.property;
    return p.kind === 'action' || (p.kind === 'reachability' && p.witnessStep !== undefined) || p.vacuousUnless?.step !== undefined;
  }
}

/**
 * What `property` is evaluated as when the search hands the properties `view`s of the
 * states (sharedView): its viewed form, or itself (undefined view, or a deadlock property,
 * which reads no state).
 */
export function evaluatedForm<S, A>(property: Property<S, A>, view: ((state: S) => unknown) | undefined): Property<any, A> {
  return view !== undefined && property.viewed !== undefined ? property.viewed.property : property;
}

/**
 * The view every property that reads states is evaluated on, when they all share one
 * (a deadlock property without a premise reads none); otherwise undefined, and each
 * evaluates its own.
 */
export function sharedView<S, A>(properties: readonly Property<S, A>[]): ((state: S) => unknown) | undefined {
  let view: ((state: S) => unknown) | undefined;
  for (const p of properties) {
    if (p.kind === 'deadlock' && p.viewed === undefined && p.vacuousUnless === undefined) continue;
    if (p.viewed === undefined || (view !== undefined && p.viewed.view !== view)) return undefined;
    view = p.viewed.view;
  }
  return view;
}

/**
 * The viewInto of the shared view `view` (property.ts), when every property viewed
 * through it gives the same one; otherwise undefined (views are then made fresh).
 */
export function sharedViewInto<S, A>(properties: readonly Property<S, A>[], view: (state: S) => unknown): ((state: S, reuse: unknown) => unknown) | undefined {
  let into: ((state: S, reuse: unknown) => unknown) | undefined;
  let first = true;
  for (const p of properties) {
    if (p.viewed === undefined || p.viewed.view !== view) continue;
    if (first) into = p.viewed.viewInto;
    else if (p.viewed.viewInto !== into) return undefined;
    first = false;
  }
  return into;
}

export { GrowableInt32 };
