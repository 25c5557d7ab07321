/** defineModel: the typed, branded default export of a user's model file. */
import { describe, expect, it } from 'vitest';
import { assign, createMachine, setup } from 'xstate';
import { check } from '../../checker/check.ts';
import { action, always, sometimes } from '../../checker/property.ts';
import { defineModel, isModelDefinition, whyNotModelDefinition } from '../../checker/xstate/define-model.ts';

const counter = setup({ types: { context: {} as { x: number }, events: {} as { type: 'INC' } | { type: 'RESET' } } }).createMachine({
  context: { x: 0 },
  on: {
    INC: { guard: ({ context }) => context.x < 3, actions: assign({ x: ({ context }) => context.x + 1 }) },
    RESET: { actions: assign({ x: 0 }) },
  },
});

// The machine-first form types predicates by the machine: s is its snapshot, event its event union.
const definition = defineModel(counter, {
  events: [{ type: 'INC' }, { type: 'RESET' }],
  properties: [
    always('x small', (s) => s.context.x < 3),
    action('never skips', (from, event, to) => event.type !== 'INC' || to.context.x === from.context.x + 1),
    sometimes('x reaches 2', (s) => s.context.x === 2),
  ],
});

// The one-object form of the issue compiles too (predicates see `any`).
const oneObject = defineModel({
  machine: counter,
  events: [{ type: 'INC' }, { type: 'RESET' }],
  properties: [always('x small', (s) => s.context.x < 3)],
});

describe('defineModel', () => {
  it('is recognised as a model definition', () => {
    expect(isModelDefinition(definition)).toBe(true);
    expect(definition.kind).toBe('oomcheck-model');
    expect(definition.machine).toBe(counter);
  });

  it('checks its properties with check(): 4 states (x = 0..3), x small violated after 3 INC', async () => {
    const result = await check(definition.model, definition.properties);
    expect(result.stats.distinctStates).toBe(4);
    const byName = Object.fromEntries(result.results.map((r) => [r.property, r]));
    expect(byName['x small'].status).toBe('violated');
    expect(byName['x small'].trace?.path.actions.length).toBe(3);
    expect(byName['never skips'].status).toBe('holds');
    expect(byName['x reaches 2'].status).toBe('holds');
    // RESET is always enabled (it assigns a new context), so no deadlock.
    expect(byName.deadlock.status).toBe('holds');
  });

  it('accepts the one-object form with the same model', async () => {
    expect(isModelDefinition(oneObject)).toBe(true);
    const result = await check(oneObject.model, oneObject.properties);
    expect(result.stats.distinctStates).toBe(4);
    expect(result.results[0]).toMatchObject({ property: 'x small', status: 'violated' });
  });

  it('explains in one line why something else is not a model', () => {
    const reasons = [undefined, 42, null, {}, createMachine({}), { kind: 'oomcheck-model' }].map(whyNotModelDefinition);
    for (const reason of reasons) {
      expect(reason).toBeTypeOf('string');
      expect(reason).not.toContain('\n');
    }
    expect(reasons[0]).toMatch(/no default export/);
    expect(reasons[4]).toMatch(/bare XState machine/);
    expect(isModelDefinition({ kind: 'oomcheck-model' })).toBe(false);
  });
});

describe('check(definition, options) from the library entry', () => {
  it('checks a model file default export in one call, with its properties', async () => {
    const { check } = await import('../../index.ts');
    const { default: definition } = await import('../fixtures/readme-lock.ts');
    const r = await check(definition, { stopOnFirst: false });
    expect(r.results.map((x) => [x.property, x.status])).toEqual([
      ['mutual-exclusion', 'violated'],
      ['A-enters', 'holds'],
      ['deadlock', 'holds'],
    ]);
  });
});

// A mistake in the config must surface as one line naming the field when the user's file is
// imported (the CLI's load error, exit 150), not as a TypeError from deep inside the checker,
// and two properties with one name would make -p and expectations ambiguous.
describe('defineModel rejects a config it cannot make a model of', () => {
  const events = [{ type: 'INC' as const }] as never;
  it('names a missing or wrong machine', () => {
    expect(() => defineModel({ machine: undefined as never, events })).toThrow(/^defineModel: `machine` must be an XState v5 machine .*got undefined$/);
    expect(() => defineModel({ machine: {} as never, events })).toThrow(/`machine` must be an XState v5 machine .*got an object$/);
  });

  it('names bad events and properties', () => {
    expect(() => defineModel({ machine: counter, events: 'INC' as never })).toThrow(/`events` must be an array of events or a function .*got string "INC"$/);
    expect(() => defineModel({ machine: counter, events, properties: {} as never })).toThrow(/`properties` must be an array, got an object$/);
    expect(() => defineModel({ machine: counter, events, properties: [null as never] })).toThrow(/properties\[0\] is not a property .*got null$/);
  });

  it('refuses two properties with one name', () => {
    const twice = [always('x small', () => true), sometimes('x small', () => true)];
    expect(() => defineModel({ machine: counter, events, properties: twice })).toThrow(/two properties are named "x small"/);
  });
});

describe('check() refuses ambiguous property names', () => {
  it('names a user property called "deadlock" next to the built-in one', async () => {
    const own = defineModel({ machine: counter, events: [{ type: 'INC' }], properties: [always('deadlock', () => true)] });
    await expect(check(own.model, own.properties)).rejects.toThrow(/two properties are named "deadlock" \(the built-in deadlock-freedom property/);
    // With deadlock checking off there is no clash.
    await expect(check(own.model, own.properties, { deadlock: false })).resolves.toBeDefined();
  });
});
