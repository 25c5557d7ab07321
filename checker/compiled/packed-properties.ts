/**
 * Properties written over snapshots, evaluated on a compiled model's packed states
 * through `unpack`: the same verdicts, so a model's properties need not be rewritten.
 */
import type { Property, StatePredicate, StepPredicate, ViewedProperty } from '../property.ts';

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

/**
 * onPacked, but evaluated during the search by `twin.property` on `twin.view(state)`: a
 * property the model wrote over a cheaper view of its packed states (its ints, say)
 * that must give exactly the snapshot property's results on every state and step
 * (`twin.viewInto`, when given, rewrites a view the search is done with: property.ts). The
 * checker cannot prove that, so a model that gives twins tests it, as it tests the twins
 * of its guards. Verdicts and traces still re-evaluate `property` (through unpack).
 * Throws when the twin's shape differs (kind, name, premise parts, witness step,
 * obligation labels), which would make the two disagree on what is tracked.
 */
export function onPackedTwin<S, A, P, V>(
  property: Property<S, A>,
  unpack: (state: P) => S,
  twin: { view: (state: P) => V; viewInto?: (state: P, reuse: V | undefined) => V; property: Property<V, A> },
): Property<P, A> {
  const mismatch = twinMismatch(property, twin.property);
  if (mismatch !== null) throw new Error(`internal: the twin of property '${property.name}' differs in ${mismatch}`);
  return { ...onPacked(property, unpack), viewed: twin as ViewedProperty<P, A> };
}

function twinMismatch<S, V, A>(p: Property<S, A>, t: Property<V, A>): string | null {
  if (p.kind !== t.kind) return `kind (${t.kind}, not ${p.kind})`;
  if (p.name !== t.name) return `name (${t.name})`;
  const parts = (q: Property<any, A>) => [q.vacuousUnless !== undefined, q.vacuousUnless?.state !== undefined, q.vacuousUnless?.step !== undefined];
  if (parts(p).join() !== parts(t).join()) return 'its vacuity premise';
  if (p.kind === 'reachability' && t.kind === 'reachability' && (p.witnessStep === undefined) !== (t.witnessStep === undefined)) return 'witnessStep';
  if (p.kind === 'liveness' && t.kind === 'liveness') {
    const shape = (q: typeof p | typeof t) => q.obligations.map((o) => `${o.label}:${o.p === 'initial' ? 'initial' : 'p'}`).join();
    if (shape(p) !== shape(t)) return 'its obligations';
  }
  return null;
}
