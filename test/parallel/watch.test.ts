/**
 * A parallel search's progress (watch.ts): the workers' counts reach the main thread only
 * between levels, so each report gives the depth, the level's states (the queue) and the
 * transitions as of the start of the current level, not zeros.
 */
import { describe, expect, it } from 'vitest';
import type { Progress } from '../../checker/options.ts';
import { SharedStateStore } from '../../checker/parallel/shared-store.ts';
import { Watch } from '../../checker/parallel/watch.ts';

describe('parallel progress', () => {
  it('reports the depth, queue and transitions of the level under way', async () => {
    const store = SharedStateStore.create();
    let report: (p: Progress) => void = () => {};
    const watch = new Watch(store, { onProgress: (p) => report(p), progressIntervalMs: 5 }, Date.now());
    try {
      const next = () => new Promise<Progress>((resolve) => (report = resolve));
      expect(await next()).toMatchObject({ depth: 0, queue: 0, transitions: 0, distinctStates: 0 });
      watch.atLevel(7, 1234, 56789);
      // The next report is made after atLevel (both run on this thread).
      expect(await next()).toMatchObject({ depth: 7, queue: 1234, transitions: 56789 });
    } finally {
      watch.close();
    }
  });
});
