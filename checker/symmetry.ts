/**
 * Symmetry reduction as the search sees it: the model with its canonical encoding in
 * place of its own, so that the visited set keeps one state per orbit. The search and
 * every worker thread of a parallel one must fingerprint the same encoding, so both
 * make it here.
 */
import type { Model } from './model.ts';

export function canonicalModel<S, A>(model: Model<S, A>): Model<S, A> {
  const symmetry = model.symmetry;
  if (!symmetry) throw new Error('internal: symmetry asked of a model that declares none');
  return { ...model, encode: symmetry.encode, encodeInts: symmetry.encodeInts };
}
