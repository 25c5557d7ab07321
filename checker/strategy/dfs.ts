/**
 * Depth-first frontier: a stack. Finds deep states fast with a small frontier; its
 * counterexamples are not shortest, and a depth bound is approximate (a state first met
 * deep is not re-expanded when later met shallower).
 */
import type { Frontier } from './frontier.ts';

export class DfsFrontier<S> implements Frontier<S> {
  private states: S[] = [];
  private ids: number[] = [];
  private depths: number[] = [];
  state!: S;
  id = 0;
  depth = 0;

  get size(): number {
    return this.states.length;
  }

  push(state: S, id: number, depth: number): void {
    this.states.push(state);
    this.ids.push(id);
    this.depths.push(depth);
  }

  pop(): boolean {
    if (this.states.length === 0) return false;
    this.state = this.states.pop() as S;
    this.id = this.ids.pop() as number;
    this.depth = this.depths.pop() as number;
    return true;
  }
}
