/**
 * How large a scenario is, so that a synthesized scenario can be compared with the
 * built-in one that shows the same thing ("at most as large as the smallest built-in").
 *
 * Four counts, compared in this order (lexicographically), which is also the order in
 * which they matter to a reader and to the state space:
 *   tasks  processes: tasks plus kernel threads;
 *   ops    ops in all programs;
 *   pages  zone.managed (every page is a task's, cache, or free);
 *   flags  every choice that departs from the default: a gfp other than GFP_KERNEL,
 *          each __GFP_ flag, an onFail other than unwind, an order above 0 (counted
 *          once: the size is in `pages`' spirit but a request is not memory), an
 *          oomScoreAdj, a lock held at the start, reclaimBatch and maxNoProgress given.
 * `total` sums them, for a single number in progress lines.
 *
 * Works on both shapes: a document as written (optional fields absent) and a loaded
 * Scenario (defaults filled in), and gives the same size for both.
 */
import type { Scenario } from '../scenario/types.ts';
import type { ScenarioDoc } from './arbitrary.ts';

export interface ScenarioSize {
  tasks: number;
  ops: number;
  pages: number;
  flags: number;
  total: number;
}

type AnyScenario = ScenarioDoc | Scenario;

/** The default maxNoProgress of MODEL.md section 4. */
const DEFAULT_MAX_NO_PROGRESS = 2;

export function scenarioSize(s: AnyScenario): ScenarioSize {
  const tasks = s.tasks.length + (s.kthreads?.length ?? 0);
  let ops = 0;
  let flags = 0;
  for (const t of s.tasks) {
    ops += t.program.length;
    if ((t.oomScoreAdj ?? 0) !== 0) flags++;
    flags += t.holds?.length ?? 0;
    for (const op of t.program) {
      if (op.op !== 'alloc') continue;
      if (op.gfp !== 'GFP_KERNEL') flags++;
      flags += op.flags?.length ?? 0;
      if ((op.onFail ?? 'unwind') !== 'unwind') flags++;
      if (op.order > 0) flags++;
    }
  }
  if (s.zone.reclaimBatch !== undefined) flags++;
  if (s.zone.maxNoProgress !== undefined && s.zone.maxNoProgress !== DEFAULT_MAX_NO_PROGRESS) flags++;
  const pages = s.zone.managed;
  return { tasks, ops, pages, flags, total: tasks + ops + pages + flags };
}

/** Negative when a is smaller, 0 when as large, positive when larger (tasks, ops, pages, flags). */
export function compareSize(a: ScenarioSize, b: ScenarioSize): number {
  return a.tasks - b.tasks || a.ops - b.ops || a.pages - b.pages || a.flags - b.flags;
}

/** a is at most as large as b, in the lexicographic order of compareSize. */
export function atMostAsLarge(a: ScenarioSize, b: ScenarioSize): boolean {
  return compareSize(a, b) <= 0;
}

/** Every count of a is at most b's: a stronger claim than atMostAsLarge. */
export function dominatedBy(a: ScenarioSize, b: ScenarioSize): boolean {
  return a.tasks <= b.tasks && a.ops <= b.ops && a.pages <= b.pages && a.flags <= b.flags;
}

/** The smallest of several scenarios (the first on a tie), or undefined for none. */
export function smallest<T extends AnyScenario>(scenarios: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const s of scenarios) if (best === undefined || compareSize(scenarioSize(s), scenarioSize(best)) < 0) best = s;
  return best;
}

export function formatSize(size: ScenarioSize): string {
  const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  return [n(size.tasks, 'process', 'processes'), n(size.ops, 'op', 'ops'), n(size.pages, 'page', 'pages'), n(size.flags, 'flag', 'flags')].join(', ');
}
