/**
 * Coverage over a verdict matrix (`oomcheck matrix --coverage`): which transitions of the
 * kernel's statechart some cell took, with the task names abstracted, so that
 * `running.A.alloc.min: A → reclaim` in one scenario and `running.F.alloc.min: F → reclaim`
 * in another count as the same slowpath branch.
 *
 * Why: the built-in scenarios are the model's test suite. A branch no cell takes (a
 * killable lock, a panic, a __GFP_NOFAIL allocation that goes on past its watermarks) is
 * one whose verdicts no scenario checks: the next scenario to write.
 */
import type { CheckResult } from '../../checker/result.ts';

export interface MatrixTransition {
  /** The transition with each task name written `<task>`. */
  transition: string;
  /** Steps that took it, over every cell. */
  taken: number;
  /** Cells in which some step took it. */
  cells: number;
  /** Cells whose machine declares it (a policy's toggles add and remove states). */
  declaredIn: number;
}

export function matrixTransitionCoverage(cells: readonly { tasks: readonly string[]; result: CheckResult }[]): MatrixTransition[] {
  const byName = new Map<string, MatrixTransition>();
  for (const { tasks, result } of cells) {
    const abstract = abstractTasks(tasks);
    // One cell may declare a branch once per task: count the cell once.
    const seenInCell = new Set<string>();
    const takenInCell = new Set<string>();
    for (const t of result.coverage?.transitions ?? []) {
      const name = abstract(t.transition);
      let row = byName.get(name);
      if (row === undefined) byName.set(name, (row = { transition: name, taken: 0, cells: 0, declaredIn: 0 }));
      row.taken += t.taken;
      if (!seenInCell.has(name)) {
        seenInCell.add(name);
        row.declaredIn++;
      }
      if (t.taken > 0 && !takenInCell.has(name)) {
        takenInCell.add(name);
        row.cells++;
      }
    }
  }
  return [...byName.values()];
}

/**
 * A transition name with the scenario's task names replaced where the kernel machine
 * writes them: the region path (`running.A.`), guard params (`task=A`) and the event
 * (`A`, `A.kill`, `A.timeout`). Longer names first, so that a name that is a prefix of
 * another does not cut it.
 */
function abstractTasks(tasks: readonly string[]): (name: string) => string {
  const names = [...tasks].sort((a, b) => b.length - a.length).map(escapeRegExp);
  if (names.length === 0) return (name) => name;
  const any = `(?:${names.join('|')})`;
  const path = new RegExp(`running\\.${any}\\.`, 'g');
  const param = new RegExp(`task=${any}(?=[,)])`, 'g');
  const event = new RegExp(`: ${any}(\\.[A-Za-z]+)? →`, 'g');
  return (name) => name.replace(path, 'running.<task>.').replace(param, 'task=<task>').replace(event, ': <task>$1 →');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The text after the matrix: how many branches, and every one no cell took. */
export function matrixCoverageLines(rows: readonly MatrixTransition[], cells: number): string[] {
  const never = rows.filter((r) => r.taken === 0);
  const lines = [
    `Coverage over the ${cells} checks: ${rows.length} transitions of the kernel's statechart (task names written <task>), ${never.length} taken in no check:`,
  ];
  for (const r of never) lines.push(`  ${r.transition}`);
  lines.push('(`oomcheck check --scenario S --policy P --coverage` shows one check in full; --format json gives every transition with its counts.)');
  return lines;
}
