/**
 * A one-entry cache key: a copy of the last packed state asked about. Keyed by content,
 * not identity, because explorers hand out reused buffers (packed-bfs.ts).
 */
export class SameInts {
  private ints: Int32Array | undefined;
  matches(state: Int32Array): boolean {
    const ints = this.ints;
    if (ints === undefined || ints.length !== state.length) return false;
    for (let i = 0; i < ints.length; i++) if (ints[i] !== state[i]) return false;
    return true;
  }
  remember(state: Int32Array): void {
    if (this.ints === undefined || this.ints.length !== state.length) this.ints = state.slice();
    else this.ints.set(state);
  }
}
