/**
 * A state whose only enabled event is a self-transition that changes nothing (`NOP: 'b'` in
 * state b): xstate's transition answers with the same snapshot, so the step has no successor
 * (and fairness does not count it, as TLC's ⟨A⟩_vars), but snapshot.can says the event is
 * enabled: the state is not deadlocked, as TLC and SPIN see an enabled self-loop there. A
 * forbidden transition (`NOP: {}`, no target, no actions) is not enabled: a deadlock. Both
 * engines must agree. The kernel keeps MODEL.md's rule (nothing can step), separately.
 */
import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { check } from '../../checker/check.ts';
import { compileMachine } from '../../checker/compiled/index.ts';
import { defineModel } from '../../checker/xstate/define-model.ts';

const machine = (b: object) => setup({}).createMachine({ initial: 'a', states: { a: { on: { T: 'b' } }, b } });

async function deadlock(b: object) {
  const m = machine(b);
  const def = defineModel({ machine: m, events: [{ type: 'T' }, { type: 'NOP' }] });
  const compiled = compileMachine(m, { events: [{ type: 'T' }, { type: 'NOP' }], interpreted: def.model });
  if ('unsupported' in compiled) throw new Error(`not compiled: ${compiled.unsupported}`);
  const verdicts = [];
  for (const model of [def.model, compiled.model]) {
    const r = await check(model as never, []);
    expect(r.stats.distinctStates).toBe(2); // a self-loop that changes nothing adds no state and no transition
    expect(r.stats.transitions).toBe(1);
    verdicts.push(r.results.find((x) => x.property === 'deadlock')!.status);
  }
  expect(verdicts[1]).toBe(verdicts[0]);
  return verdicts[0];
}

describe('a self-transition that changes nothing', () => {
  it('keeps its state from being a deadlock', async () => {
    expect(await deadlock({ on: { NOP: 'b' } })).toBe('holds');
    expect(await deadlock({ on: { NOP: { target: 'b', reenter: true } } })).toBe('holds');
  });

  it('but a forbidden transition (no target, no actions) does not', async () => {
    expect(await deadlock({ on: { NOP: {} } })).toBe('violated');
    expect(await deadlock({})).toBe('violated');
  });
});
