/** models/kernel/matrix-coverage.ts: task names abstracted where the kernel machine writes them. */
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../checker/result.ts';
import { matrixTransitionCoverage } from '../../models/kernel/matrix-coverage.ts';

const cell = (tasks: string[], transitions: [string, number][]): { tasks: string[]; result: CheckResult } => ({
  tasks,
  result: {
    stats: {} as CheckResult['stats'],
    results: [],
    coverage: { actions: [], fields: [], transitions: transitions.map(([transition, taken]) => ({ transition, taken, newStates: 0 })) },
  },
});

describe('matrix coverage', () => {
  it('counts one branch across tasks and scenarios, a name that prefixes another included', () => {
    // A and AB are both tasks: `running.AB.` must not become `running.<task>B.`.
    const rows = matrixTransitionCoverage([
      cell(['A', 'AB'], [
        ['running.A.alloc.min: A → reclaim [retry(task=A, site=min)]', 2],
        ['running.AB.alloc.min: AB → reclaim [retry(task=AB, site=min)]', 0],
        ['running.A.alloc.outOfMemory: A.kill → oomUnlock [killsVictim(task=A, self=false)]', 0],
      ]),
      cell(['F'], [
        ['running.F.alloc.min: F → reclaim [retry(task=F, site=min)]', 3],
        ['running.F.alloc.outOfMemory: F.kill → oomUnlock [killsVictim(task=F, self=false)]', 0],
      ]),
    ]);
    expect(rows).toEqual([
      { transition: 'running.<task>.alloc.min: <task> → reclaim [retry(task=<task>, site=min)]', taken: 5, cells: 2, declaredIn: 2 },
      { transition: 'running.<task>.alloc.outOfMemory: <task>.kill → oomUnlock [killsVictim(task=<task>, self=false)]', taken: 0, cells: 0, declaredIn: 2 },
    ]);
  });
});
