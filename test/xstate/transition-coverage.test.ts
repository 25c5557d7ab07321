/**
 * Coverage of a statechart's declared transitions (checker/xstate/transition-names.ts):
 * names as a reader writes them, a guard that never holds shown as never taken, and the
 * compiled engine counting what the interpreted one counts.
 */
import { describe, expect, it } from 'vitest';
import { and, not, setup, stateIn } from 'xstate';
import { check } from '../../checker/check.ts';
import { compileMachine } from '../../checker/compiled/index.ts';
import { fromMachine } from '../../checker/xstate/from-machine.ts';
import { describeGuard } from '../../checker/xstate/transition-names.ts';
import { oomcheckMatchers } from '../../checker/report/vitest-matchers.ts';

/** A door whose key is never found: `unlock` is offered in `locked` but its guard never holds. */
const door = setup({
  types: { context: {} as { key: boolean } },
  guards: { hasKey: ({ context }) => context.key },
}).createMachine({
  id: 'door',
  context: { key: false },
  initial: 'closed',
  states: {
    closed: { on: { open: 'opened', lock: 'locked' } },
    opened: { on: { close: 'closed' } },
    locked: { on: { unlock: { target: 'closed', guard: 'hasKey' } } },
  },
});
const events = [{ type: 'open' }, { type: 'close' }, { type: 'lock' }, { type: 'unlock' }];

describe('transition coverage of an xstate machine', () => {
  it('counts each declared transition and marks the one whose guard never held', async () => {
    // Three states: closed offers open and lock (both taken, each finding a new state),
    // opened offers close (back to the initial state: no new state), locked offers unlock,
    // whose guard hasKey is false in the only context there is. Only handled events are
    // offered (fromMachine's skipUnhandledEvents), so each state offers its own events.
    const r = await check(fromMachine(door, { events }), [], { deadlock: false, coverage: true });
    expect(r.stats.distinctStates).toBe(3);
    expect(r.coverage!.transitions).toEqual([
      { transition: 'closed: open → opened', taken: 1, newStates: 1 },
      { transition: 'closed: lock → locked', taken: 1, newStates: 1 },
      { transition: 'opened: close → closed', taken: 1, newStates: 0 },
      { transition: 'locked: unlock → closed [hasKey]', taken: 0, newStates: 0 },
    ]);
    expect(r.coverage!.actions.find((a) => a.action === 'unlock')).toEqual({ action: 'unlock', offered: 1, taken: 0, newStates: 0 });
  });

  it('counts the same through the compiled engine', async () => {
    const compiled = compileMachine(door, { events });
    if ('unsupported' in compiled) throw new Error(compiled.unsupported);
    const a = await check(compiled.model, [], { deadlock: false, coverage: true });
    const b = await check(fromMachine(door, { events }), [], { deadlock: false, coverage: true });
    expect(a.coverage).toEqual(b.coverage);
  });

  it('asserts in a suite that a transition was taken, or that every one was', async () => {
    // The door again: unlock's guard never holds, so not every transition is taken.
    const r = await check(fromMachine(door, { events }), [], { deadlock: false, coverage: true });
    expect(r).toTakeTransition('closed: lock → locked');
    expect(r).toTakeTransition(/→ opened$/);
    expect(r).not.toTakeTransition(/unlock/);
    expect(r).not.toTakeEveryTransition();
    expect(oomcheckMatchers.toTakeEveryTransition(r).message()).toBe('1 of 4 transitions were never taken:\n  locked: unlock → closed [hasKey]');
    expect(oomcheckMatchers.toTakeTransition(r, 'opened: lock → locked').message()).toMatch(/^no declared transition is named opened: lock → locked; declared:\n {2}closed: open → opened: taken 1/);
    const plain = await check(fromMachine(door, { events }), [], { deadlock: false });
    expect(oomcheckMatchers.toTakeEveryTransition(plain).message()).toBe('the result has no coverage: check with { coverage: true }');
  });

  it('names composed guards as written', () => {
    const g = and(['ready', not({ type: 'busy', params: { cpu: 1 } }), stateIn('door.closed')]);
    expect(describeGuard(g)).toBe('and(ready, not busy(cpu=1), stateIn("door.closed"))');
  });
});
