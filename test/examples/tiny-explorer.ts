/**
 * A tiny BFS over a hand-written transition relation (plain objects, no xstate, no
 * checker code), to derive the examples' known answers independently.
 */
export interface TinyAnswers {
  states: number;
  /** Shortest number of steps to a state with no successor (undefined: none). */
  deadlockDepth?: number;
  /** Shortest number of steps to a state where `bad` holds. */
  badDepth?: number;
  /** Shortest number of steps to a state where `good` holds. */
  goodDepth?: number;
}

export function tinyExplore<T>(initial: T, next: (s: T) => T[], options: { bad?: (s: T) => boolean; good?: (s: T) => boolean } = {}): TinyAnswers {
  const key = (s: T) => JSON.stringify(s);
  const seen = new Set([key(initial)]);
  const answers: TinyAnswers = { states: 0 };
  let level = [initial];
  for (let depth = 0; level.length > 0; depth++) {
    const nextLevel: T[] = [];
    for (const s of level) {
      if (answers.badDepth === undefined && options.bad?.(s)) answers.badDepth = depth;
      if (answers.goodDepth === undefined && options.good?.(s)) answers.goodDepth = depth;
      const successors = next(s);
      if (successors.length === 0 && answers.deadlockDepth === undefined) answers.deadlockDepth = depth;
      for (const t of successors) {
        if (!seen.has(key(t))) {
          seen.add(key(t));
          nextLevel.push(t);
        }
      }
    }
    level = nextLevel;
  }
  answers.states = seen.size;
  return answers;
}
