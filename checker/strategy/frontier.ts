/** The set of states still to expand; its discipline is the search strategy. */
export interface Frontier<S> {
  push(state: S, id: number, depth: number): void;
  /** Removes the next entry; read it from `state`, `id`, `depth`. Returns false when empty. */
  pop(): boolean;
  state: S;
  id: number;
  depth: number;
  readonly size: number;
}
