/**
 * One BFS level of packed states shared by every worker: each worker published the
 * states it claimed in the last level (PackedLevel.share), and each now takes chunks of
 * its own part first, then of the others' (work stealing), through each part's atomic
 * cursor. So no worker waits at the level's end while another still has a queue: the
 * last chunk bounds the wait.
 *
 * Why: with a level's states fixed to the worker that claimed them, the faster worker
 * (the other one paying for a collection, or for a slower region of the state space)
 * idled at the barriers, and moving states between them there (rebalancing by count,
 * states cloned through the coordinator) could not see speed. On the kernel bench
 * check with 2 workers: 31.6 and 31.8 s before, 22.6 and 23.8 s with shared levels
 * (A/B pairs of `node bin/run-ts.js bench/workers.ts --run 2`).
 */
import { entryInto, type LevelWork, type SharedLevelData } from './level.ts';

/** States taken per atomic claim: a state costs microseconds to expand, a claim tens of nanoseconds. */
export const CHUNK = 8;

interface Part {
  length: number;
  words: Int32Array;
  offsets: Int32Array;
  ids: Int32Array;
  cursor: Int32Array;
}

export class SharedLevelWork implements LevelWork<Int32Array> {
  private readonly parts: Part[];
  /** The part being taken from (an index into parts), and the claimed range [at, end) in it. */
  private part = 0;
  private at = 0;
  private end = 0;
  state: Int32Array = new Int32Array(0);
  id = -1;

  /** `own`: this worker's index in `levels`, whose part it takes first. */
  constructor(levels: readonly SharedLevelData[], own: number) {
    const order = levels.map((_, i) => (own + i) % levels.length);
    this.parts = order.map((i) => {
      const l = levels[i];
      return { length: l.length, words: new Int32Array(l.words), offsets: new Int32Array(l.offsets), ids: new Int32Array(l.ids), cursor: new Int32Array(l.cursor) };
    });
  }

  take(): boolean {
    if (this.at >= this.end && !this.claim()) return false;
    const p = this.parts[this.part];
    const i = this.at++;
    this.state = entryInto(p.words, p.offsets, i, this.state);
    this.id = p.ids[i];
    return true;
  }

  get remaining(): boolean {
    if (this.at < this.end) return true;
    for (let i = this.part; i < this.parts.length; i++) if (Atomics.load(this.parts[i].cursor, 0) < this.parts[i].length) return true;
    return false;
  }

  /** Claims the next chunk of the first part with any left; false when every part is taken. */
  private claim(): boolean {
    for (; this.part < this.parts.length; this.part++) {
      const p = this.parts[this.part];
      // A cheap look first: once a part is taken, claiming would only push its cursor further.
      if (Atomics.load(p.cursor, 0) >= p.length) continue;
      const start = Atomics.add(p.cursor, 0, CHUNK);
      if (start >= p.length) continue;
      this.at = start;
      this.end = Math.min(start + CHUNK, p.length);
      return true;
    }
    return false;
  }
}
