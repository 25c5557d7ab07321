/**
 * The transitions of the explored graph, recorded only when liveness needs them, and
 * turned into CSR (edges grouped by source) once the search ends.
 *
 * Compact while recorded: an explorer adds a state's edges one after the other, so the
 * source is kept once per run of edges (not per edge), the target as an int, and the
 * action index and fairness units in one byte each while they fit (GrowableSmallUint):
 * about 7 bytes per edge instead of 20. When the runs come in increasing source order
 * (a sequential search), the columns already are the CSR order and the targets are used
 * as they are, with no second copy of the edges at the end.
 */
import { GrowableInt32 } from './growable-int32.ts';
import { GrowableSmallUint } from './growable-small-uint.ts';
import type { EdgeInts } from '../liveness/graph.ts';

type SmallUints = Uint8Array | Uint16Array | Int32Array;

/** An edge list's used parts, for handing it to another thread (EdgeList.addAll). */
export interface EdgeColumns {
  /** Run r: the edges runStart[r] .. runStart[r + 1] - 1 (the last to the end), all from runSource[r]. */
  runSource: Int32Array;
  runStart: Int32Array;
  target: Int32Array;
  action: SmallUints;
  process: SmallUints;
  /** The extra fairness unit + 1 (0: none). */
  extra: SmallUints;
}

export interface Csr {
  edgeStart: Int32Array;
  edgeTarget: Int32Array;
  edgeAction: EdgeInts;
  edgeProcess: EdgeInts;
  /** -1: no extra unit. */
  edgeExtraUnit: EdgeInts;
}

export class EdgeList {
  private readonly runSource = new GrowableInt32(256);
  private readonly runStart = new GrowableInt32(256);
  private readonly target = new GrowableInt32();
  private readonly action = new GrowableSmallUint();
  private readonly process = new GrowableSmallUint();
  private readonly extra = new GrowableSmallUint();
  private lastSource = -1;

  /** `extra` is a fairness unit or -1 (none). */
  add(source: number, target: number, action: number, process: number, extra: number): void {
    if (source !== this.lastSource) {
      this.runSource.push(source);
      this.runStart.push(this.target.length);
      this.lastSource = source;
    }
    this.target.push(target);
    this.action.push(action);
    this.process.push(process);
    this.extra.push(extra + 1);
  }

  get count(): number {
    return this.target.length;
  }

  get byteLength(): number {
    return this.runSource.byteLength + this.runStart.byteLength + this.target.byteLength + this.action.byteLength + this.process.byteLength + this.extra.byteLength;
  }

  columns(): EdgeColumns {
    return {
      runSource: this.runSource.view(),
      runStart: this.runStart.view(),
      target: this.target.view(),
      action: this.action.view(),
      process: this.process.view(),
      extra: this.extra.view(),
    };
  }

  /** Adds every edge of `c` in its order, its fairness units renamed by `unit`. */
  addAll(c: EdgeColumns, unit: (u: number) => number): void {
    const m = c.target.length;
    for (let r = 0; r < c.runSource.length; r++) {
      const end = r + 1 < c.runSource.length ? c.runStart[r + 1] : m;
      for (let e = c.runStart[r]; e < end; e++) {
        const x = c.extra[e] - 1;
        this.add(c.runSource[r], c.target[e], c.action[e], unit(c.process[e]), x < 0 ? -1 : unit(x));
      }
    }
  }

  /**
   * Grouped by source, each state's edges in the order they were added. The action and
   * unit columns stay as narrow as they were recorded; in the sorted case the target,
   * action and process columns are used as they are, so the graph costs no second copy.
   */
  toCsr(stateCount: number): Csr {
    const m = this.count;
    const runs = this.runSource.view();
    const starts = this.runStart.view();
    const edgeStart = new Int32Array(stateCount + 1);
    const target = this.target.view();
    const action = this.action.view();
    const process = this.process.view();
    const extra = this.extra.view();
    let sorted = true;
    for (let r = 1; r < runs.length && sorted; r++) sorted = runs[r] > runs[r - 1];
    if (sorted) {
      // Already in CSR order: only the starts to fill in.
      let r = 0;
      for (let s = 0; s < stateCount; s++) {
        if (r < runs.length && runs[r] === s) edgeStart[s] = starts[r++];
        else edgeStart[s] = r < runs.length ? starts[r] : m;
      }
      edgeStart[stateCount] = m;
      const edgeExtraUnit = signedLike(extra, m);
      for (let e = 0; e < m; e++) edgeExtraUnit[e] = extra[e] - 1;
      return { edgeStart, edgeTarget: target, edgeAction: action, edgeProcess: process, edgeExtraUnit };
    }
    // Counting sort by source: stable, so each state's edges keep their order.
    const runEnd = (r: number) => (r + 1 < runs.length ? starts[r + 1] : m);
    for (let r = 0; r < runs.length; r++) edgeStart[runs[r] + 1] += runEnd(r) - starts[r];
    for (let s = 0; s < stateCount; s++) edgeStart[s + 1] += edgeStart[s];
    const fill = edgeStart.slice(0, stateCount);
    const edgeTarget = new Int32Array(m);
    const edgeAction = sameKind(action, m);
    const edgeProcess = sameKind(process, m);
    const edgeExtraUnit = signedLike(extra, m);
    for (let r = 0; r < runs.length; r++) {
      for (let e = starts[r], end = runEnd(r); e < end; e++) {
        const at = fill[runs[r]]++;
        edgeTarget[at] = target[e];
        edgeAction[at] = action[e];
        edgeProcess[at] = process[e];
        edgeExtraUnit[at] = extra[e] - 1;
      }
    }
    return { edgeStart, edgeTarget, edgeAction, edgeProcess, edgeExtraUnit };
  }
}

function sameKind(a: SmallUints, length: number): EdgeInts {
  return a instanceof Uint8Array ? new Uint8Array(length) : a instanceof Uint16Array ? new Uint16Array(length) : new Int32Array(length);
}

/** An array for values v - 1 of `a` (v >= 0): signed, one width up from a byte where needed. */
function signedLike(a: SmallUints, length: number): EdgeInts {
  let max = 0;
  for (let i = 0; i < a.length; i++) if (a[i] > max) max = a[i];
  return max - 1 <= 0x7f ? new Int8Array(length) : max - 1 <= 0x7fff ? new Int16Array(length) : new Int32Array(length);
}
