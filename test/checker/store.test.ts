import { describe, expect, it } from 'vitest';
import { GrowableSmallUint } from '../../checker/store/growable-small-uint.ts';
import { StateStore } from '../../checker/store/state-store.ts';

describe('compact store', () => {
  it('keeps action indices in one byte until a larger one arrives, then widens without losing any', () => {
    const a = new GrowableSmallUint();
    for (let i = 0; i < 3000; i++) a.push(i % 200);
    expect(a.byteLength).toBeLessThan(3000 * 2);
    a.push(300); // needs 16 bits
    a.push(70000); // needs 32 bits
    for (let i = 0; i < 3000; i++) expect(a.get(i)).toBe(i % 200);
    expect(a.get(3000)).toBe(300);
    expect(a.get(3001)).toBe(70000);
  });

  it('finds every inserted fingerprint again across rehashes at 3/4 load, with parents and actions', () => {
    const store = new StateStore(16);
    const n = 100_000;
    // Mismatches are collected and asserted once: 200,000 expect() calls alone take seconds.
    const wrong: string[] = [];
    for (let i = 0; i < n; i++) {
      const id = store.findOrInsert(Math.imul(i, 2654435761) >>> 0, i, i - 1, i % 7);
      if (!store.isNew || id !== i) wrong.push(`insert ${i}: id ${id} new ${store.isNew}`);
    }
    for (let i = 0; i < n; i += 997) {
      const id = store.findOrInsert(Math.imul(i, 2654435761) >>> 0, i, 0, 0);
      if (id !== i || store.isNew) wrong.push(`find ${i}: id ${id} new ${store.isNew}`);
      if (store.parents.get(i) !== i - 1 || store.actions.get(i) !== i % 7) wrong.push(`record ${i}: parent ${store.parents.get(i)} action ${store.actions.get(i)}`);
    }
    expect(wrong).toEqual([]);
    // Issue 7's budget: at most 32 bytes per stored state (table, fingerprints, parents, actions).
    expect(store.byteLength / n).toBeLessThanOrEqual(32);
  });
});
