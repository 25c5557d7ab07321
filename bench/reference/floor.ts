/**
 * The floor of an explicit-state BFS on this machine: the reference explorer's visited
 * set (fingerprint-set.ts) and a packed queue, with a successor function that does almost
 * nothing (bump one of `counters` counters below `bound`, in a state of `width` ints).
 *
 * Why: the issue asks for 1M states/s on a scenario of at least 1e6 states. At that size
 * every successor's fingerprint lookup misses the cache, so the visited set alone sets a
 * ceiling that no successor function can beat; this measures it, side by side with the
 * engines, so the kernel figures can be read against it.
 */
import { FingerprintSet } from './fingerprint-set.ts';

export interface FloorRun {
  distinctStates: number;
  transitions: number;
  elapsedMs: number;
}

/** bound^counters states, each with up to `counters` successors. */
export function exploreFloor(width = 6, counters = 4, bound = 38): FloorRun {
  if (counters > width) throw new Error(`floor: ${counters} counters in a state of ${width} ints`);
  const started = performance.now();
  const states = bound ** counters;
  const seen = new FingerprintSet();
  const queue = new Int32Array(states * width);
  const cur = new Int32Array(width);
  const out = new Int32Array(counters * width);
  seen.addSlice(cur, 0, width);
  let head = 0;
  let tail = width;
  let transitions = 0;
  while (head < tail) {
    for (let k = 0; k < width; k++) cur[k] = queue[head + k];
    head += width;
    let n = 0;
    for (let c = 0; c < counters; c++) {
      if (cur[c] === bound - 1) continue;
      const o = n * width;
      for (let k = 0; k < width; k++) out[o + k] = cur[k];
      out[o + c]++;
      n++;
    }
    transitions += n;
    for (let j = 0; j < n; j++) {
      if (!seen.addSlice(out, j * width, width)) continue;
      for (let k = 0; k < width; k++) queue[tail + k] = out[j * width + k];
      tail += width;
    }
  }
  return { distinctStates: seen.size, transitions, elapsedMs: performance.now() - started };
}
