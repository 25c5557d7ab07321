/**
 * Symmetry reduction on narrow packed kernel states: the same orbits as symmetry.ts (tasks
 * with equal rss, oomScoreAdj, held locks and program are interchangeable), without
 * unpacking a state and encoding every renaming as a string (which made a symmetric run
 * of five tasks thousands of times slower per state than one without symmetry).
 *
 * The canonical form of a state is the least narrow encoding among the renamings that put
 * each orbit's tasks in order of a renaming-invariant key: the task's region slot and its
 * own ints, with its allocation's victim reduced to "has one". Tasks with equal keys are
 * tried in every order, but only when one of them is named somewhere (oom_lock, a lock,
 * the reaper queue, a victim) or names a victim itself, since otherwise every order gives
 * the same state. The set
 * of renamings tried maps onto itself under any renaming of the orbits, so two states of
 * one orbit get the same least encoding: the reduction is exact, as symmetry.ts's (the
 * tests compare their state counts).
 */
import type { NarrowPlan } from '../../../checker/compiled/narrow.ts';
import type { KernelConfig } from '../kernel-config.ts';
import { NONE, OOM_LOCK, TASK_STRIDE, VICTIM, type KernelIntLayout } from './layout.ts';

export interface PackedSymmetryInput {
  readonly k: KernelConfig;
  readonly lay: KernelIntLayout;
  /** Orbits of interchangeable tasks, by name (symmetry.ts). */
  readonly orbits: readonly (readonly string[])[];
  readonly plan: NarrowPlan;
  /** Where the context ints start in the wide state. */
  readonly at: number;
  /** The region slot of a task, by name. */
  regionSlotOf(task: string): number;
}

/** The canonical narrow form of a narrow state (a buffer reused by the next call). */
export function packedKernelSymmetry(input: PackedSymmetryInput): (narrow: Int32Array) => Int32Array {
  const { lay, plan, at } = input;
  const T = lay.taskNames.length;
  const orbits = input.orbits.map((o) => Int32Array.from(o, (name) => lay.taskIndex.get(name)!));
  const slotOf = Int32Array.from(lay.taskNames, (name) => input.regionSlotOf(name));
  const taskBase = Int32Array.from(lay.taskBase, (b) => at + b);
  // Every int that names a task (NONE or a task index).
  const refs: number[] = [at + OOM_LOCK];
  for (let l = 0; l < lay.lockNames.length; l++) refs.push(at + lay.locks + l);
  for (let q = 0; q < T; q++) refs.push(at + lay.queue + q);
  for (let t = 0; t < T; t++) refs.push(taskBase[t] + VICTIM);

  const wide = new Int32Array(plan.wide);
  const candidate = new Int32Array(plan.wide);
  const narrowCandidate = new Int32Array(plan.words);
  const best = new Int32Array(plan.words);
  const named = new Uint8Array(T);
  const newIndexOf = new Int32Array(T);

  /** Compares two tasks' renaming-invariant keys in `wide`. */
  const compareTasks = (a: number, b: number): number => {
    const d = wide[slotOf[a]] - wide[slotOf[b]];
    if (d !== 0) return d;
    for (let f = 0; f < TASK_STRIDE; f++) {
      let x = wide[taskBase[a] + f];
      let y = wide[taskBase[b] + f];
      if (f === VICTIM) {
        x = x === NONE ? 0 : 1;
        y = y === NONE ? 0 : 1;
      }
      if (x !== y) return x - y;
    }
    return 0;
  };

  /**
   * Writes the state renamed so that orbit o's position p holds task sorted[o][p] into
   * narrowCandidate. The renaming that keeps every task is the state itself.
   */
  const apply = () => {
    let identity = true;
    for (let t = 0; t < T; t++) newIndexOf[t] = t;
    for (let o = 0; o < orbits.length; o++) {
      for (let p = 0; p < orbits[o].length; p++) {
        newIndexOf[sorted[o][p]] = orbits[o][p];
        if (sorted[o][p] !== orbits[o][p]) identity = false;
      }
    }
    if (identity) {
      for (let i = 0; i < narrowCandidate.length; i++) narrowCandidate[i] = current[i];
      return;
    }
    candidate.set(wide);
    for (let t = 0; t < T; t++) {
      const to = newIndexOf[t];
      if (to === t) continue;
      candidate[slotOf[to]] = wide[slotOf[t]];
      for (let f = 0; f < TASK_STRIDE; f++) candidate[taskBase[to] + f] = wide[taskBase[t] + f];
    }
    for (const r of refs) if (candidate[r] !== NONE) candidate[r] = newIndexOf[candidate[r]];
    plan.narrow(candidate, narrowCandidate);
  };

  const lessThanBest = () => {
    for (let i = 0; i < best.length; i++) if (narrowCandidate[i] !== best[i]) return narrowCandidate[i] < best[i];
    return false;
  };

  // Per call, reused: each orbit's tasks sorted by key, and the runs of equal keys (with a
  // named task) that must be tried in every order, as (orbit, from, to) triples.
  const sorted = orbits.map((o) => new Int32Array(o.length));
  const choices = new Int32Array(3 * T);
  let choiceCount = 0;
  let first = true;
  /** The state being canonicalised. */
  let current: Int32Array = new Int32Array(plan.words);
  // Heap's algorithm counters, one row per choice (a run is at most T long).
  const counters = Array.from({ length: T }, () => new Int32Array(T));

  /** Every renaming the choices from c on allow, with the choices before c fixed. */
  const visit = (c: number): void => {
    if (c === choiceCount) {
      apply();
      if (first || lessThanBest()) best.set(narrowCandidate);
      first = false;
      return;
    }
    const a = sorted[choices[3 * c]];
    const from = choices[3 * c + 1];
    const n = choices[3 * c + 2] - from;
    const k = counters[c];
    k.fill(0, 0, n);
    visit(c + 1);
    let i = 0;
    while (i < n) {
      if (k[i] < i) {
        const j = i % 2 === 0 ? 0 : k[i];
        const x = a[from + j];
        a[from + j] = a[from + i];
        a[from + i] = x;
        visit(c + 1);
        k[i]++;
        i = 0;
      } else {
        k[i] = 0;
        i++;
      }
    }
  };

  return (narrow) => {
    current = narrow;
    plan.widen(narrow, wide);
    named.fill(0);
    for (const r of refs) if (wide[r] !== NONE) named[wide[r]] = 1;
    for (let t = 0; t < T; t++) if (wide[taskBase[t] + VICTIM] !== NONE) named[t] = 1;
    choiceCount = 0;
    for (let o = 0; o < orbits.length; o++) {
      const members = sorted[o];
      // Insertion sort by key: orbits are a few tasks.
      for (let i = 0; i < members.length; i++) {
        const x = orbits[o][i];
        let j = i;
        for (; j > 0 && compareTasks(members[j - 1], x) > 0; j--) members[j] = members[j - 1];
        members[j] = x;
      }
      for (let i = 0; i < members.length; ) {
        let j = i + 1;
        while (j < members.length && compareTasks(members[i], members[j]) === 0) j++;
        let namedCount = 0;
        for (let m = i; m < j; m++) namedCount += named[members[m]];
        if (j - i > 1 && namedCount > 0) {
          choices[3 * choiceCount] = o;
          choices[3 * choiceCount + 1] = i;
          choices[3 * choiceCount + 2] = j;
          choiceCount++;
        }
        i = j;
      }
    }
    first = true;
    visit(0);
    return best;
  };
}
