/**
 * Properties written over snapshots, evaluated on a compiled model's packed states
 * through `unpack`: the same verdicts, so a model's properties need not be rewritten.
 */
import type { Property, StatePredicate, StepPredicate } from '../property.ts';

export function onPacked<S, A, P>(property: Property<S, A>, unpack: (state: P) => S): Property<P, A> {
  const state = (f: StatePredicate<S>): StatePredicate<P> => (p) => f(unpack(p));
  const step = (f: StepPredicate<S, A>): StepPredicate<P, A> => (from, a, to) => f(unpack(from), a, unpack(to));
  const base = {
    name: property.name,
    viewed: { view: unpack, property },
    ...(property.meaning !== undefined ? { meaning: property.meaning } : {}),
    ...(property.vacuousUnless
      ? {
          vacuousUnless: {
            describe: property.vacuousUnless.describe,
            ...(property.vacuousUnless.state ? { state: state(property.vacuousUnless.state) } : {}),
            ...(property.vacuousUnless.step ? { step: step(property.vacuousUnless.step) } : {}),
          },
        }
      : {}),
  };
  switch (property.kind) {
    case 'invariant':
      return { ...base, kind: 'invariant', holds: state(property.holds) };
    case 'action':
      return { ...base, kind: 'action', holds: step(property.holds) };
    case 'deadlock':
      return { ...base, kind: 'deadlock' };
    case 'reachability':
      return { ...base, kind: 'reachability', witness: state(property.witness), ...(property.witnessStep ? { witnessStep: step(property.witnessStep) } : {}) };
    case 'liveness':
      return {
        ...base,
        kind: 'liveness',
        obligations: property.obligations.map((o) => ({ label: o.label, p: o.p === 'initial' ? 'initial' : state(o.p), q: state(o.q) })),
      };
  }
}
