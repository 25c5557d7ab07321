/**
 * Per-property bookkeeping during a search: the first violation found (BFS order makes it
 * a shortest one), whether a reachability witness or a vacuity premise was ever seen, and,
 * for liveness, the p/q bitsets of every state.
 */
import type { Property, Obligation } from './property.ts';
import { GrowableInt32 } from './store/growable-int32.ts';

/** Where a safety counterexample ends: a state, or a step out of a state. */
export interface Found {
  stateId: number;
  /** For an action property: the action index taken from stateId. */
  actionIndex?: number;
}

/** A growable byte set over state ids. */
export class StateBits {
  private bits = new Uint8Array(1024);
  set(id: number, on: boolean): void {
    if (id >= this.bits.length) {
      let size = this.bits.length;
      while (size <= id) size *= 2;
      const next = new Uint8Array(size);
      next.set(this.bits);
      this.bits = next;
    }
    this.bits[id] = on ? 1 : 0;
  }
  view(length: number): Uint8Array {
    if (length > this.bits.length) this.set(length - 1, false);
    return this.bits.subarray(0, length);
  }
  get byteLength(): number {
    return this.bits.byteLength;
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
  observe(state: S, id: number): void {
    if (this.p !== 'initial') {
      const p = (this.obligation.p as (s: S) => boolean)(state);
      this.p.set(id, p);
      if (p) this.premiseSeen = true;
    }
    this.q.set(id, this.obligation.q(state));
  }
}

export class PropertyTracker<S, A> {
  found: Found | undefined;
  /** For reachability: the first witness (a state, or a step out of a state). */
  witness: Found | undefined;
  premiseSeen: boolean;
  readonly obligations: ObligationTracker<S>[];

  constructor(readonly property: Property<S, A>) {
    this.premiseSeen = property.vacuousUnless === undefined;
    this.obligations = property.kind === 'liveness' ? property.obligations.map((o) => new ObligationTracker(o)) : [];
  }

  /** Called once per new state. Returns true when this call found a violation. */
  onState(state: S, id: number): boolean {
    const premise = this.property.vacuousUnless;
    if (!this.premiseSeen && premise?.state && premise.state(state)) this.premiseSeen = true;
    const p = this.property;
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
        for (const o of this.obligations) o.observe(state, id);
        return false;
      default:
        return false;
    }
  }

  /** Called once per transition. Returns true when this call found a violation. */
  onStep(from: S, action: A, to: S, fromId: number, actionIndex: number): boolean {
    const premise = this.property.vacuousUnless;
    if (!this.premiseSeen && premise?.step && premise.step(from, action, to)) this.premiseSeen = true;
    const p = this.property;
    if (p.kind === 'action' && this.found === undefined && !p.holds(from, action, to)) {
      this.found = { stateId: fromId, actionIndex };
      return true;
    }
    if (p.kind === 'reachability' && this.witness === undefined && p.witnessStep?.(from, action, to)) {
      this.witness = { stateId: fromId, actionIndex };
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

  get needsSteps(): boolean {
    const p = this.property;
    return p.kind === 'action' || (p.kind === 'reachability' && p.witnessStep !== undefined) || p.vacuousUnless?.step !== undefined;
  }
}

export { GrowableInt32 };
