/**
 * Compiled vs xstate on richer random machines (arbitrary-rich-machine.ts: named guards
 * and actions with params, and/or/not/stateIn, entry/exit, reenter, object assign,
 * string and record context, nested parallel, deep history, done events, eventless
 * transitions whose guards read the event):
 * - step level: for reachable snapshots and EVERY event, the compiled successor unpacks
 *   to xstate's next snapshot (value, context, status, history, canonically), packs
 *   identically to pack(xstate's next), and is undefined exactly when xstate returns the
 *   same snapshot;
 * - model level: check() gives the same counts, verdicts and shortest index paths.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot } from 'xstate';
import { createReusableActorScope, encodeSnapshot, fromMachine } from '../../checker/xstate/index.ts';
import { compileMachine } from '../../checker/compiled/index.ts';
import { arbitraryRichSpec, buildRichMachine, richEvents } from './arbitrary-rich-machine.ts';
import { canonicalSnapshot, compareCompiled } from './compare-compiled.ts';

describe('compiled vs xstate on rich random machines', () => {
  it('every step of reachable snapshots agrees (200 machines)', () => {
    let steps = 0;
    fc.assert(
      fc.property(arbitraryRichSpec, (spec) => {
        const machine = buildRichMachine(spec);
        const events = richEvents(spec);
        const compiled = compileMachine(machine, { events, onFallback: () => {} });
        if ('unsupported' in compiled) throw new Error(compiled.unsupported);
        const scope = createReusableActorScope();
        const start = machine.getInitialSnapshot(scope) as AnyMachineSnapshot;
        const seen = new Map<string, AnyMachineSnapshot>([[encodeSnapshot(start), start]]);
        const queue = [start];
        expect(canonicalSnapshot(compiled.unpack(compiled.model.initialStates()[0]))).toBe(canonicalSnapshot(start));
        while (queue.length > 0 && seen.size < 80) {
          const snapshot = queue.shift()!;
          if (snapshot.status !== 'active') continue;
          const packed = compiled.pack(snapshot);
          expect(canonicalSnapshot(compiled.unpack(packed))).toBe(canonicalSnapshot(snapshot));
          for (const event of events) {
            const next = machine.transition(snapshot, event, scope) as AnyMachineSnapshot;
            const got = compiled.model.nextState(packed, event);
            steps++;
            if (next === snapshot) {
              expect(got, `${JSON.stringify(snapshot.value)} ${event.type}`).toBeUndefined();
              continue;
            }
            expect(got, `${JSON.stringify(snapshot.value)} ${event.type}`).toBeDefined();
            expect(canonicalSnapshot(compiled.unpack(got!))).toBe(canonicalSnapshot(next));
            expect([...got!]).toEqual([...compiled.pack(next)]);
            const key = encodeSnapshot(next);
            if (!seen.has(key)) {
              seen.set(key, next);
              queue.push(next);
            }
          }
        }
      }),
      { numRuns: 200 },
    );
    expect(steps).toBeGreaterThan(2000);
  }, 60_000);

  it('check() agrees on 100 machines', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryRichSpec, async (spec) => {
        const machine = buildRichMachine(spec);
        const events = richEvents(spec);
        const { compiled, interpreted } = await compareCompiled(machine, { events, onFallback: () => {} }, fromMachine(machine, { events }), [
          { name: 'x2', kind: 'always', holds: (s) => !(s.context.x === 2 && s.context.rec.n === 2) },
          { name: 'last', kind: 'sometimes', holds: (s) => s.matches(`s${spec.states.length - 1}`) },
        ]);
        expect(compiled).toEqual(interpreted);
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});
