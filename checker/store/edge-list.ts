/**
 * The transitions of the explored graph, recorded only when liveness needs them, and
 * turned into CSR (edges grouped by source) once the search ends.
 */
import { GrowableInt32 } from './growable-int32.ts';

export class EdgeList {
  readonly source = new GrowableInt32();
  readonly target = new GrowableInt32();
  readonly action = new GrowableInt32();
  readonly process = new GrowableInt32();
  readonly extra = new GrowableInt32();

  add(source: number, target: number, action: number, process: number, extra: number): void {
    this.source.push(source);
    this.target.push(target);
    this.action.push(action);
    this.process.push(process);
    this.extra.push(extra);
  }

  get count(): number {
    return this.source.length;
  }

  get byteLength(): number {
    return this.source.byteLength + this.target.byteLength + this.action.byteLength + this.process.byteLength + this.extra.byteLength;
  }

  /** Counting sort by source: stable, so each state's edges keep their action order. */
  toCsr(stateCount: number): { edgeStart: Int32Array; edgeTarget: Int32Array; edgeAction: Int32Array; edgeProcess: Int32Array; edgeExtraUnit: Int32Array } {
    const m = this.count;
    const edgeStart = new Int32Array(stateCount + 1);
    const src = this.source.data;
    for (let e = 0; e < m; e++) edgeStart[src[e] + 1]++;
    for (let s = 0; s < stateCount; s++) edgeStart[s + 1] += edgeStart[s];
    const fill = edgeStart.slice(0, stateCount);
    const edgeTarget = new Int32Array(m);
    const edgeAction = new Int32Array(m);
    const edgeProcess = new Int32Array(m);
    const edgeExtraUnit = new Int32Array(m);
    for (let e = 0; e < m; e++) {
      const at = fill[src[e]]++;
      edgeTarget[at] = this.target.data[e];
      edgeAction[at] = this.action.data[e];
      edgeProcess[at] = this.process.data[e];
      edgeExtraUnit[at] = this.extra.data[e];
    }
    return { edgeStart, edgeTarget, edgeAction, edgeProcess, edgeExtraUnit };
  }
}
