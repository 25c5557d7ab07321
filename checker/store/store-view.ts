/**
 * What traces and verdicts read from a finished search's store: sizes, the path of
 * parent pointers and action indices, and which id a fingerprint has. The sequential
 * StateStore and the workers' SharedStateStore both provide it.
 */
export interface StoreView {
  readonly size: number;
  /** Bytes held by the store (for bytesPerState). */
  readonly byteLength: number;
  readonly parents: { get(id: number): number };
  readonly actions: { get(id: number): number };
  /** The ids from an initial state to `id`, inclusive. */
  pathTo(id: number): number[];
  /** The id stored for this fingerprint, or -1. */
  find(hi: number, lo: number): number;
}
