/**
 * Symmetry of a scenario (issue 7): tasks with the same rss, oomScoreAdj, held locks and
 * program are interchangeable, which is why MODEL.md leaves OOM-selection ties open. A
 * state and the same state with such tasks renamed are one state up to symmetry; its
 * canonical encoding is the least encoding over every renaming within the orbits.
 *
 * Renaming is by position, not by search-and-replace: task names appear as keys of the
 * state value's regions and of context.tasks, and as values in lock holders, oom_lock,
 * the reaper queue and an allocation's own victim (state.ts). A new context field that
 * names tasks must be added here; test/kernel/symmetry.test.ts walks every built-in
 * scenario to catch a missed one.
 */
import { encodeSnapshot } from '../../checker/xstate/encode-snapshot.ts';
import type { AnyMachineSnapshot } from 'xstate';
import type { Scenario, TaskSpec } from './scenario/types.ts';
import type { KernelContext, KernelSnapshotLike, TaskState } from './state.ts';
import { RUNNING } from './state.ts';

export interface KernelSymmetry {
  /** Groups of interchangeable tasks (each of two or more). */
  readonly orbits: readonly (readonly string[])[];
  /** Renamings tried per state (the product of the orbits' factorials). */
  readonly permutations: number;
  /** The encoding of a snapshot up to symmetry. */
  encode(s: KernelSnapshotLike & { status?: string }): string;
}

/** The scenario's symmetry, or undefined when no two tasks are interchangeable. */
export function kernelSymmetry(scenario: Scenario): KernelSymmetry | undefined {
  const groups = new Map<string, string[]>();
  for (const t of scenario.tasks) {
    const key = signature(t);
    groups.set(key, [...(groups.get(key) ?? []), t.name]);
  }
  const orbits = [...groups.values()].filter((g) => g.length > 1);
  if (orbits.length === 0) return undefined;
  const renamings = orbitRenamings(orbits).filter((r) => r.size > 0);
  return {
    orbits,
    permutations: renamings.length + 1,
    encode(s) {
      let best = encodeSnapshot(s as unknown as AnyMachineSnapshot);
      for (const rename of renamings) {
        const candidate = encodeSnapshot(renamed(s, rename) as unknown as AnyMachineSnapshot);
        if (candidate < best) best = candidate;
      }
      return best;
    },
  };
}

function signature(t: TaskSpec): string {
  return JSON.stringify({ rss: t.rss, adj: t.oomScoreAdj, holds: [...t.holds].sort(), program: t.program });
}

/** Every renaming that permutes names within orbits (identity included, as an empty map). */
function orbitRenamings(orbits: readonly (readonly string[])[]): Map<string, string>[] {
  let result: Map<string, string>[] = [new Map()];
  for (const orbit of orbits) {
    const next: Map<string, string>[] = [];
    for (const perm of permutations(orbit)) {
      for (const base of result) {
        const m = new Map(base);
        orbit.forEach((name, i) => {
          if (perm[i] !== name) m.set(name, perm[i]);
        });
        next.push(m);
      }
    }
    result = next;
  }
  return result;
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  const out: T[][] = [];
  items.forEach((item, i) => {
    for (const rest of permutations([...items.slice(0, i), ...items.slice(i + 1)])) out.push([item, ...rest]);
  });
  return out;
}

function renamed(s: KernelSnapshotLike & { status?: string }, rename: Map<string, string>) {
  const name = (n: string | null) => (n === null ? null : (rename.get(n) ?? n));
  const ctx = s.context;
  const tasks: Record<string, TaskState> = {};
  for (const t in ctx.tasks) {
    const task = ctx.tasks[t];
    tasks[name(t)!] = task.alloc && task.alloc.victim !== null ? { ...task, alloc: { ...task.alloc, victim: name(task.alloc.victim) } } : task;
  }
  const locks: Record<string, string | null> = {};
  for (const l in ctx.locks) locks[l] = name(ctx.locks[l]);
  const context: KernelContext = { ...ctx, tasks, locks, oomLock: name(ctx.oomLock), reaperQueue: ctx.reaperQueue.map((t) => name(t)!) };
  let value = s.value;
  if (typeof value === 'object' && value !== null && RUNNING in value) {
    const regions = (value as Record<string, Record<string, unknown>>)[RUNNING];
    const out: Record<string, unknown> = {};
    for (const r in regions) out[name(r)!] = regions[r];
    value = { ...(value as object), [RUNNING]: out };
  }
  return { status: s.status ?? 'active', value, context, historyValue: (s as { historyValue?: unknown }).historyValue };
}
