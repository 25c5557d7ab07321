/**
 * Fair SCCs of the pending region: the maximal sets of states inside which some cycle
 * is fair to every unit. A fair counterexample cycle exists iff the region has one.
 *
 * For a strongly connected set C, the closed walk through every edge of C is the most
 * fair cycle C has (it takes every unit that can be taken and visits every state), so:
 *  - weak u fails C for good when u is enabled in every state of C and no edge inside C
 *    is labelled u: every cycle inside C then has u always enabled and never taken;
 *  - strong u with no edge inside C, but enabled somewhere in C, rules out only the
 *    states where u is enabled: a fair cycle must avoid them. Remove them and
 *    decompose again (Streett emptiness refinement). After the removal u is disabled
 *    everywhere in the rest, so each state is refined at most (strong units + 1) times.
 *  - a single state without a self-loop has no cycle at all.
 * Enabledness is always read in the full graph, not the region.
 */
import type { StateGraph } from './graph.ts';
import { KIND_STRONG, KIND_WEAK, unitKinds } from './fairness.ts';
import { createTarjanScratch, tarjanBlock } from './scc.ts';

export interface FairSccs {
  /** Fair component id per state, or -1 when the state is in none. */
  comp: Int32Array;
  count: number;
}

/**
 * `onRegionSccs`, when given, is shown the region's plain SCCs (before any fairness test)
 * as Tarjan's output: SCC k is out[ends[k-1] .. ends[k]-1]; read it at once, the buffers
 * are reused. graph-sccs.ts takes the graph's SCCs from it rather than a second Tarjan.
 */
export function findFairSccs(g: StateGraph, region: Uint8Array, onRegionSccs?: (out: Int32Array, ends: Int32Array, count: number) => void): FairSccs {
  const n = g.stateCount;
  const { edgeStart, edgeTarget, edgeProcess, edgeExtraUnit } = g;
  const U = g.units.length;
  const kinds = unitKinds(g.units);

  const comp = new Int32Array(n).fill(-1);
  let fairCount = 0;

  // block[s]: the block s currently belongs to; -1 = out of the search for good.
  const block = new Int32Array(n).fill(-1);
  let nextBlock = 0;
  const work: { id: number; members: Int32Array }[] = [];
  {
    let count = 0;
    for (let s = 0; s < n; s++) if (region[s]) count++;
    if (count === 0) return { comp, count: 0 };
    const members = new Int32Array(count);
    let i = 0;
    const id = nextBlock++;
    for (let s = 0; s < n; s++) if (region[s]) { members[i++] = s; block[s] = id; }
    work.push({ id, members });
  }

  const t = createTarjanScratch(n);
  const enabledCount = new Int32Array(U);
  const inside = new Uint8Array(U);
  const lastSeen = new Int32Array(U);
  const bad = new Uint8Array(U);

  let first = true;
  while (work.length > 0) {
    const { id, members } = work.pop()!;
    const sccCount = tarjanBlock(g, id, members, members.length, t);
    if (first && onRegionSccs) onRegionSccs(t.out, t.ends, sccCount);
    first = false;
    // Tarjan's output buffer is reused by the next decomposition: copy what we keep.
    let from = 0;
    for (let k = 0; k < sccCount; k++) {
      const to = t.ends[k];
      const size = to - from;
      const first = t.out[from];

      if (size === 1 && !hasSelfLoop(g, first)) {
        block[first] = -1;
        from = to;
        continue;
      }

      // Give the SCC its own block id so that "edge inside C" is block[target] === sid.
      const sid = nextBlock++;
      for (let i = from; i < to; i++) block[t.out[i]] = sid;

      enabledCount.fill(0);
      inside.fill(0);
      lastSeen.fill(-1);
      for (let i = from; i < to; i++) {
        const s = t.out[i];
        for (let e = edgeStart[s], end = edgeStart[s + 1]; e < end; e++) {
          const a = edgeProcess[e];
          const b = edgeExtraUnit[e];
          if (lastSeen[a] !== s) { lastSeen[a] = s; enabledCount[a]++; }
          if (b >= 0 && lastSeen[b] !== s) { lastSeen[b] = s; enabledCount[b]++; }
          if (block[edgeTarget[e]] === sid) {
            inside[a] = 1;
            if (b >= 0) inside[b] = 1;
          }
        }
      }

      let weakFails = false;
      let anyBad = false;
      bad.fill(0);
      for (let u = 0; u < U; u++) {
        if (inside[u]) continue;
        if (kinds[u] === KIND_WEAK && enabledCount[u] === size) weakFails = true;
        else if (kinds[u] === KIND_STRONG && enabledCount[u] > 0) { bad[u] = 1; anyBad = true; }
      }

      if (weakFails) {
        for (let i = from; i < to; i++) block[t.out[i]] = -1;
      } else if (anyBad) {
        let keep = 0;
        for (let i = from; i < to; i++) {
          const s = t.out[i];
          if (enablesAny(g, s, bad)) block[s] = -1;
          else keep++;
        }
        if (keep > 0) {
          const rest = new Int32Array(keep);
          let j = 0;
          for (let i = from; i < to; i++) if (block[t.out[i]] === sid) rest[j++] = t.out[i];
          work.push({ id: sid, members: rest });
        }
      } else {
        for (let i = from; i < to; i++) comp[t.out[i]] = fairCount;
        fairCount++;
      }
      from = to;
    }
  }
  return { comp, count: fairCount };
}

function hasSelfLoop(g: StateGraph, s: number): boolean {
  for (let e = g.edgeStart[s], end = g.edgeStart[s + 1]; e < end; e++) if (g.edgeTarget[e] === s) return true;
  return false;
}

function enablesAny(g: StateGraph, s: number, units: Uint8Array): boolean {
  for (let e = g.edgeStart[s], end = g.edgeStart[s + 1]; e < end; e++) {
    if (units[g.edgeProcess[e]]) return true;
    const b = g.edgeExtraUnit[e];
    if (b >= 0 && units[b]) return true;
  }
  return false;
}
