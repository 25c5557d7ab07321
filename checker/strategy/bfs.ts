/**
 * Breadth-first frontier: a ring buffer (not Array.shift, which is O(n) per dequeue).
 * BFS finds shortest counterexamples.
 */
import type { Frontier } from './frontier.ts';

export class BfsFrontier<S> implements Frontier<S> {
  private states: (S | undefined)[] = new Array(1024);
  private ids = new Int32Array(1024);
  private depths = new Int32Array(1024);
  private head = 0;
  private count = 0;
  state!: S;
  id = 0;
  depth = 0;

  get size(): number {
    return this.count;
  }

  push(state: S, id: number, depth: number): void {
    if (this.count === this.ids.length) this.grow();
    const at = (this.head + this.count) & (this.ids.length - 1);
    this.states[at] = state;
    this.ids[at] = id;
    this.depths[at] = depth;
    this.count++;
  }

  pop(): boolean {
    if (this.count === 0) return false;
    const at = this.head;
    this.state = this.states[at] as S;
    this.states[at] = undefined;
    this.id = this.ids[at];
    this.depth = this.depths[at];
    this.head = (this.head + 1) & (this.ids.length - 1);
    this.count--;
    return true;
  }

  private grow(): void {
    const capacity = this.ids.length * 2;
    const states: (S | undefined)[] = new Array(capacity);
    const ids = new Int32Array(capacity);
    const depths = new Int32Array(capacity);
    for (let i = 0; i < this.count; i++) {
      const from = (this.head + i) & (this.ids.length - 1);
      states[i] = this.states[from];
      ids[i] = this.ids[from];
      depths[i] = this.depths[from];
    }
    this.states = states;
    this.ids = ids;
    this.depths = depths;
    this.head = 0;
  }
}
