/**
 * Pin reliance: the front end calls xstate's internal `machine.transition(snapshot,
 * event, scope)` with one hand-built actor scope. If an xstate upgrade changes what a
 * scope must provide, these tests fail loudly instead of the checker silently
 * exploring a different machine.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { createReusableActorScope } from '../../checker/xstate/actor-scope.ts';
import { encodeSnapshot } from '../../checker/xstate/encode-snapshot.ts';
import { featureEvents, featureMachine } from './fixture-machines.ts';

describe('the reused actor scope against the installed xstate', () => {
  it('runs on the pinned xstate version (update this test after re-verifying the scope shape)', () => {
    const require = createRequire(import.meta.url);
    const manifest = JSON.parse(readFileSync(require.resolve('xstate/package.json'), 'utf8')) as { version: string };
    const pinned = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
    expect(pinned.dependencies.xstate).toBe('5.33.3');
    expect(manifest.version).toBe('5.33.3');
  });

  it('gives the same snapshots as the public transition() on every reachable state and event', () => {
    const scope = createReusableActorScope();
    const [publicInitial] = initialTransition(featureMachine);
    const ownInitial = featureMachine.getInitialSnapshot(scope, undefined);
    expect(encodeSnapshot(ownInitial)).toBe(encodeSnapshot(publicInitial));

    const seen = new Set<string>([encodeSnapshot(ownInitial)]);
    const queue: AnyMachineSnapshot[] = [ownInitial];
    let taken = 0;
    let ignored = 0;
    while (queue.length > 0) {
      const state = queue.pop()!;
      for (const event of featureEvents) {
        const own = featureMachine.transition(state as never, event as never, scope) as AnyMachineSnapshot;
        const [viaPublic] = transition(featureMachine, state as never, event as never);
        // "Not taken" must be visible the same way both ways: the very same object.
        expect(own === state).toBe(viaPublic === state);
        if (own === state) {
          ignored++;
          continue;
        }
        taken++;
        expect(encodeSnapshot(own)).toBe(encodeSnapshot(viaPublic as AnyMachineSnapshot));
        const key = encodeSnapshot(own);
        if (!seen.has(key)) {
          seen.add(key);
          queue.push(own);
        }
      }
    }
    // The machine exercises raise, history, guards, parallel regions and a final state.
    expect(taken).toBeGreaterThan(20);
    expect(ignored).toBeGreaterThan(20);
    expect([...seen].some((k) => k.startsWith('!done'))).toBe(true);
    expect([...seen].some((k) => k.includes('H{'))).toBe(true);
  });

  it('lets a raised event run inside the step (raise goes through the scope-independent internal queue)', () => {
    const scope = createReusableActorScope();
    let s = featureMachine.getInitialSnapshot(scope, undefined);
    s = featureMachine.transition(s, { type: 'NEXT' }, scope);
    s = featureMachine.transition(s, { type: 'NEXT' }, scope); // enters three, which raises BACK -> two
    expect(s.value).toEqual({ work: { phase: 'two', count: {} } });
  });
});
