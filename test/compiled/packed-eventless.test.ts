/**
 * The compiler's packed-context mode on machines with eventless (`always`) transitions.
 *
 * Why: with a PackedContext, stepPacked runs xstate's macrostep loop (settleEventless)
 * on the packed state itself: eventless guards are twins reading the ints the event's
 * assign has just written in place, and eventless actions and entry assigns update
 * those ints in place between microsteps. Until this file only object contexts went
 * through that loop (the kernel has no eventless transitions, and the dining
 * philosophers of packed-context.test.ts neither), so a twin run at the wrong moment, a
 * stale context int, a missed iteration or a wrong narrow/wide hand-over would have gone
 * unseen.
 *
 * What it proves: on three small machines, each written with NAMED guards (with params)
 * and NAMED assigns only, so that every one has a twin, exploring the compiled machine
 * with the packed context (wide, and narrow where ranges are declared), the compiled
 * machine with object contexts, and xstate itself (fromMachine) gives the same states,
 * transitions, verdicts, index paths and trace states; the packed context is really
 * used, and no step falls back to xstate's transition. Some verdicts are derived by hand
 * below (they only hold if eventless transitions run at the right moment, in the right
 * order), so all three engines agreeing on a wrong answer would be caught too. A fourth,
 * tiny machine takes the one documented fallback (several eventless transitions enabled
 * at once) in packed mode, next to normal eventless steps, and must agree as well.
 *
 * - `laps`: an event's assign pushes a counter over a bound; an eventless transition,
 *   chosen by a guard that also reads the EVENT, resets it and changes state; on the
 *   second lap a second eventless transition follows in the same macrostep (counting ->
 *   wrapped -> done), its guard reading what the entry assign of `wrapped` just wrote.
 *   Declared ranges make it run narrow too.
 * - `pipeline`: a parallel machine; the consumer region's eventless transitions read
 *   `items`, written by the producer region's event, and the first of them (take two)
 *   is guarded and not taken unless two items wait.
 * - `drain`: a targetless eventless transition taken again and again in one macrostep
 *   (until its guard fails), and a targeted one ahead of it in the list that interrupts
 *   the loop; and an eventless transition whose guard reads an event that no transition
 *   of the state takes (xstate runs eventless guards with the macrostep's event).
 */
import { describe, expect, it } from 'vitest';
import { and, assign, setup, type AnyStateMachine, type EventObject } from 'xstate';
import { check } from '../../checker/check.ts';
import { compileMachine, type CompiledMachine } from '../../checker/compiled/index.ts';
import type { PackedContext } from '../../checker/compiled/packed-context.ts';
import { action, always, sometimes, type Property } from '../../checker/property.ts';
import type { CheckResult } from '../../checker/result.ts';
import { fromMachine } from '../../checker/xstate/from-machine.ts';
import { canonicalSnapshot, summary, type SnapshotProperty } from './compare-compiled.ts';

/** Every machine here: a context of a few named small ints, events without payload. */
type Ctx = Record<string, number>;
type Ev = { type: string };

/** The named guards and assigns every machine here uses (each has a twin in `packedFor`). */
const lib = setup({
  types: { context: {} as Ctx, events: {} as Ev },
  guards: {
    atLeast: ({ context }, p: { field: string; k: number }) => context[p.field] >= p.k,
    below: ({ context }, p: { field: string; k: number }) => context[p.field] < p.k,
    eventIs: ({ event }, p: { type: string }) => event.type === p.type,
  },
  actions: {
    add: assign(({ context }, p: { field: string; by: number; max?: number }) => ({ [p.field]: Math.min(context[p.field] + p.by, p.max ?? Number.MAX_SAFE_INTEGER) })),
    set: assign((_, p: { field: string; to: number }) => ({ [p.field]: p.to })),
  },
});

const atLeast = (field: string, k: number) => ({ type: 'atLeast' as const, params: { field, k } });
const below = (field: string, k: number) => ({ type: 'below' as const, params: { field, k } });
const eventIs = (type: string) => ({ type: 'eventIs' as const, params: { type } });
const add = (field: string, by: number, max?: number) => ({ type: 'add' as const, params: max === undefined ? { field, by } : { field, by, max } });
const set = (field: string, to: number) => ({ type: 'set' as const, params: { field, to } });

/** The hand-written PackedContext: field i of `fields` is context int i. */
function packedFor(fields: readonly string[], list: readonly Ev[], ranges?: readonly (readonly [number, number])[]): PackedContext<Ctx> {
  const index = (field: string) => {
    const i = fields.indexOf(field);
    if (i < 0) throw new Error(`no context field '${field}'`);
    return i;
  };
  return {
    ...(ranges ? { ranges, describeInt: (i: number) => fields[i] } : {}),
    width: fields.length,
    encode: (c, s, at) => {
      for (let i = 0; i < fields.length; i++) s[at + i] = c[fields[i]];
    },
    decode: (s, at) => Object.fromEntries(fields.map((f, i) => [f, s[at + i]])),
    guards: {
      atLeast: (p: { field: string; k: number }) => {
        const i = index(p.field);
        return (s, at) => s[at + i] >= p.k;
      },
      below: (p: { field: string; k: number }) => {
        const i = index(p.field);
        return (s, at) => s[at + i] < p.k;
      },
      eventIs: (p: { type: string }) => (_s, _at, e) => e.type === p.type,
    },
    actions: {
      add: (p: { field: string; by: number; max?: number }) => {
        const i = index(p.field);
        const max = p.max ?? Number.MAX_SAFE_INTEGER;
        return (s, at) => {
          s[at + i] = Math.min(s[at + i] + p.by, max);
        };
      },
      set: (p: { field: string; to: number }) => {
        const i = index(p.field);
        return (s, at) => {
          s[at + i] = p.to;
        };
      },
    },
    events: () => () => list,
  };
}

// ---- the machines ----

/**
 * idle -START-> counting; INC / INC2 add 1 / 2 to n (targetless). As soon as n >= 3 an
 * eventless transition resets n and goes to `wrapped` (whose entry counts the lap); when
 * the crossing event was INC2 the first (event-reading) branch also counts a `big` wrap.
 * In `wrapped`, RESUME goes back to counting, unless the lap just counted was the second:
 * then `wrapped`'s own eventless transition goes on to the final state `done` in the same
 * macrostep.
 */
const lapsMachine = lib.createMachine({
  id: 'laps',
  context: { n: 0, laps: 0, big: 0 },
  initial: 'idle',
  states: {
    idle: { on: { START: 'counting' } },
    counting: {
      on: { INC: { actions: add('n', 1) }, INC2: { actions: add('n', 2) } },
      always: [
        { guard: and([atLeast('n', 3), eventIs('INC2')]), target: 'wrapped', actions: [set('n', 0), add('big', 1)] },
        { guard: atLeast('n', 3), target: 'wrapped', actions: set('n', 0) },
      ],
    },
    wrapped: {
      entry: add('laps', 1),
      always: { guard: atLeast('laps', 2), target: 'done' },
      on: { RESUME: 'counting' },
    },
    done: { type: 'final' },
  },
}) as unknown as AnyStateMachine;
const lapsEvents: Ev[] = [{ type: 'START' }, { type: 'INC' }, { type: 'INC2' }, { type: 'RESUME' }];
const lapsFields = ['n', 'laps', 'big'];
// n never exceeds 2 in a state: the 3 or 4 an INC/INC2 writes exists only inside the
// macrostep, which resets it before the state is stored (and narrowed: a 3 would throw).
const lapsRanges: [number, number][] = [
  [0, 2],
  [0, 2],
  [0, 2],
];

/**
 * Parallel: the producer adds an item (at most 2 waiting) and must COOL before the next;
 * the consumer, when waiting, takes items by eventless transitions, two at once when two
 * wait (the first branch, not taken with one item), else one, and works until DONE_WORK.
 */
const pipelineMachine = lib.createMachine({
  id: 'pipeline',
  type: 'parallel',
  context: { items: 0, served: 0, two: 0 },
  states: {
    producer: {
      initial: 'ready',
      states: {
        ready: { on: { PRODUCE: { guard: below('items', 2), target: 'cooling', actions: add('items', 1) } } },
        cooling: { on: { COOL: 'ready' } },
      },
    },
    consumer: {
      initial: 'waiting',
      states: {
        waiting: {
          always: [
            { guard: atLeast('items', 2), target: 'busy', actions: [add('items', -2), set('two', 1)] },
            { guard: atLeast('items', 1), target: 'busy', actions: add('items', -1) },
          ],
        },
        busy: { on: { DONE_WORK: { target: 'waiting', actions: add('served', 1, 2) } } },
      },
    },
  },
}) as unknown as AnyStateMachine;
const pipelineEvents: Ev[] = [{ type: 'PRODUCE' }, { type: 'COOL' }, { type: 'DONE_WORK' }];
const pipelineFields = ['items', 'served', 'two'];

/**
 * POUR / DRIP add 3 / 1 water; while filling, every 2 water spill (targetless eventless
 * transition, repeated within the macrostep while water >= 2); the third spill floods
 * (the targeted branch, listed first, so it interrupts the draining), MOP resets spilled.
 * Flooded has no transition for DRIP, but its eventless transition guarded by
 * eventIs('DRIP') takes it: a DRIP (offered, since a guarded eventless transition makes
 * xstate re-evaluate on any event) mops up too.
 */
const drainMachine = lib.createMachine({
  id: 'drain',
  context: { water: 0, spilled: 0 },
  initial: 'filling',
  states: {
    filling: {
      on: { POUR: { actions: add('water', 3) }, DRIP: { actions: add('water', 1) } },
      always: [
        { guard: atLeast('spilled', 3), target: 'flooded' },
        { guard: atLeast('water', 2), actions: [add('water', -2), add('spilled', 1)] },
      ],
    },
    flooded: {
      on: { MOP: { target: 'filling', actions: set('spilled', 0) } },
      always: { guard: eventIs('DRIP'), target: 'filling', actions: set('spilled', 0) },
    },
  },
}) as unknown as AnyStateMachine;
const drainEvents: Ev[] = [{ type: 'POUR' }, { type: 'DRIP' }, { type: 'MOP' }];
const drainFields = ['water', 'spilled'];

/**
 * Parallel: GO / GO2 add 1 / 2 to x (at most 2); region r0 fires (eventless) once x >= 1,
 * r1 once x >= 2. GO then GO fires them one per macrostep (the normal path); GO2 from the
 * start enables both in one microstep, the documented fallback to xstate's transition.
 */
const forkMachine = lib.createMachine({
  id: 'fork',
  type: 'parallel',
  context: { x: 0, a: 0, b: 0 },
  states: {
    src: { initial: 'on', states: { on: { on: { GO: { actions: add('x', 1, 2) }, GO2: { actions: add('x', 2, 2) } } } } },
    r0: { initial: 'idle', states: { idle: { always: { guard: atLeast('x', 1), target: 'fired', actions: add('a', 1) } }, fired: {} } },
    r1: { initial: 'idle', states: { idle: { always: { guard: atLeast('x', 2), target: 'fired', actions: add('b', 1) } }, fired: {} } },
  },
}) as unknown as AnyStateMachine;
const forkEvents: Ev[] = [{ type: 'GO' }, { type: 'GO2' }];
const forkFields = ['x', 'a', 'b'];

// ---- three ways ----

type View = Parameters<SnapshotProperty['holds']>[0];
/** A property over snapshots, or over steps (from, event, to). */
type Prop = SnapshotProperty | { name: string; kind: 'step'; holds: (from: View, event: EventObject, to: View) => boolean };

function properties<S>(list: readonly Prop[], view: (s: S) => View): Property<S, EventObject>[] {
  return list.map((p) => {
    if (p.kind === 'step') return action<S, EventObject>(p.name, (from, event, to) => p.holds(view(from), event, view(to)));
    return p.kind === 'always' ? always<S, EventObject>(p.name, (s) => p.holds(view(s))) : sometimes<S, EventObject>(p.name, (s) => p.holds(view(s)));
  });
}

/** What must agree: summary (counts, verdicts, index paths), and the states along each trace. */
function outcome(result: CheckResult): { summary: string[]; traces: unknown[] } {
  return { summary: summary(result), traces: result.results.map((r) => (r.trace ?? r.witness)?.steps.map((s) => s.state) ?? null) };
}

interface Run {
  packed: CheckResult;
  objects: CheckResult;
  interpreted: CheckResult;
  compiled: CompiledMachine;
}

/**
 * The machine compiled with `packedContext`, which it must take (a refusal throws), and
 * with every fallback to xstate told to `fallbacks`.
 */
function compilePacked(machine: AnyStateMachine, events: readonly Ev[], interpreted: ReturnType<typeof fromMachine>, packedContext: PackedContext<Ctx>, fallbacks: string[]) {
  const compiled = compileMachine(machine, {
    events,
    interpreted,
    packedContext: packedContext as PackedContext,
    onPackedRefused: (reason) => {
      throw new Error(`packed context refused: ${reason}`);
    },
    onFallback: (reason) => fallbacks.push(reason),
  });
  if ('unsupported' in compiled) throw new Error(compiled.unsupported);
  expect(compiled.stats.packedContext).toBe(true);
  return compiled;
}

/**
 * Explores the machine compiled with the packed context, compiled with object contexts,
 * and interpreted, asserting that they agree, that the packed context was used (a
 * refusal throws) and that no step of either compiled form fell back to xstate.
 */
async function threeWays(machine: AnyStateMachine, events: readonly Ev[], packedContext: PackedContext<Ctx>, props: readonly Prop[]): Promise<Run> {
  const fallbacks: string[] = [];
  const interpreted = fromMachine(machine, { events });
  const common = { events, interpreted, onFallback: (reason: string) => fallbacks.push(reason) };
  const packed = compilePacked(machine, events, interpreted, packedContext, fallbacks);
  const objects = compileMachine(machine, common);
  if ('unsupported' in objects) throw new Error(objects.unsupported);
  expect(objects.stats.packedContext).toBe(false);

  const a = await check(packed.model, properties(props, (s: Int32Array) => packed.unpack(s)));
  const b = await check(objects.model, properties(props, (s: Int32Array) => objects.unpack(s)));
  const c = await check(interpreted, properties(props, (s: View) => s));
  expect(c.stats.complete).toBe(true);
  expect(outcome(a)).toEqual(outcome(c));
  expect(outcome(b)).toEqual(outcome(c));

  expect(fallbacks).toEqual([]);
  expect(packed.stats.fallbackSteps).toBe(0);
  expect(objects.stats.fallbackSteps).toBe(0);
  return { packed: a, objects: b, interpreted: c, compiled: packed };
}

const verdict = (result: CheckResult, name: string) => {
  const r = result.results.find((x) => x.property === name)!;
  const trace = r.trace ?? r.witness;
  return { status: r.status, length: trace?.path.actions.length };
};

/** Steps the packed model and xstate along one event sequence, comparing every snapshot. */
function walk(compiled: CompiledMachine, machine: AnyStateMachine, events: readonly Ev[], script: readonly string[]) {
  const interpreted = fromMachine(machine, { events });
  let p = compiled.model.initialStates()[0];
  let x = interpreted.initialStates()[0];
  for (const type of script) {
    const event = events.find((e) => e.type === type)!;
    const np = compiled.model.nextState(p, event);
    const nx = interpreted.nextState(x, event);
    expect(np === undefined, `${type}: taken in one and not the other`).toBe(nx === undefined);
    if (np === undefined || nx === undefined) continue;
    p = np;
    x = nx;
    expect(canonicalSnapshot(compiled.unpack(p)), `after ${type}`).toBe(canonicalSnapshot(x as never));
  }
  return compiled.unpack(p);
}

describe('compiled machines with a packed context and eventless transitions', () => {
  const lapsProps: SnapshotProperty[] = [
    // Holds: an INC/INC2 that brings n to 3 or 4 is followed, in the same macrostep, by an
    // eventless transition that resets n to 0, so no stored state has n >= 3.
    { name: 'nBelow3', kind: 'always', holds: (s) => s.context.n < 3 },
    // Holds: n is only changed in counting, and every way out of counting is the eventless
    // reset (n := 0) before wrapped's entry; idle starts with n = 0.
    { name: 'nZeroOutsideCounting', kind: 'always', holds: (s) => s.matches('counting') || s.context.n === 0 },
    // Violated, shortest trace 6: START, two events to reach n >= 3 (at most +2 each),
    // RESUME, two more. The sixth event's macrostep is the chain counting -> wrapped (entry:
    // laps = 2) -> done: wrapped's guard reads the laps its entry just wrote. No state is
    // ever `wrapped` with laps = 2 (the chain does not stop there): see wrappedAtMostOnce.
    { name: 'neverDone', kind: 'always', holds: (s) => !s.matches('done') },
    { name: 'wrappedAtMostOnce', kind: 'always', holds: (s) => !s.matches('wrapped') || s.context.laps === 1 },
    // Reachable in 3 (START, INC2, INC2): the first, event-reading branch is taken when
    // the crossing event is INC2 ...
    { name: 'bigWrap', kind: 'sometimes', holds: (s) => s.context.big === 1 },
    // ... and done with big = 0 needs both crossings by INC (the second branch): at least
    // START, INC2, INC, RESUME, INC2, INC = 6.
    { name: 'doneSmallOnly', kind: 'sometimes', holds: (s) => s.matches('done') && s.context.big === 0 },
  ];

  it('laps: an eventless reset after an assign, and a chain of two in one macrostep (wide and narrow)', async () => {
    const run = await threeWays(lapsMachine, lapsEvents, packedFor(lapsFields, lapsEvents), lapsProps);
    expect(verdict(run.interpreted, 'nBelow3')).toEqual({ status: 'holds', length: undefined });
    expect(verdict(run.interpreted, 'nZeroOutsideCounting')).toEqual({ status: 'holds', length: undefined });
    expect(verdict(run.interpreted, 'neverDone')).toEqual({ status: 'violated', length: 6 });
    expect(verdict(run.interpreted, 'wrappedAtMostOnce')).toEqual({ status: 'holds', length: undefined });
    expect(verdict(run.interpreted, 'bigWrap')).toEqual({ status: 'holds', length: 3 });
    expect(verdict(run.interpreted, 'doneSmallOnly')).toEqual({ status: 'holds', length: 6 });

    // The same graph stored narrow: the root's slot (4 paths and -1: 3 bits) and three ints
    // in [0, 2] (2 bits each) fit one word; the reset must happen before a successor is narrowed.
    const interpreted = fromMachine(lapsMachine, { events: lapsEvents });
    const fallbacks: string[] = [];
    const narrow = compilePacked(lapsMachine, lapsEvents, interpreted, packedFor(lapsFields, lapsEvents, lapsRanges), fallbacks);
    expect(narrow.narrowing).toBeDefined();
    expect(narrow.stats.stateInts).toBe(1);
    const n = await check(narrow.model, properties(lapsProps, (s: Int32Array) => narrow.unpack(s)));
    expect(outcome(n)).toEqual(outcome(run.interpreted));
    expect(fallbacks).toEqual([]);

    // One macrostep, two eventless transitions: the sixth event lands in `done`.
    for (const compiled of [run.compiled, narrow]) {
      const end = walk(compiled, lapsMachine, lapsEvents, ['START', 'INC2', 'INC', 'RESUME', 'INC', 'INC2']);
      expect(end.value).toBe('done');
      expect(end.status).toBe('done');
      expect(end.context).toEqual({ n: 0, laps: 2, big: 1 });
    }
  });

  const pipelineProps: SnapshotProperty[] = [
    // Holds: whenever items becomes >= 1 while the consumer waits (PRODUCE in the other
    // region), or the consumer comes back to waiting with items >= 1 (DONE_WORK), one of
    // waiting's eventless transitions fires in that same macrostep.
    { name: 'noIdleWithWork', kind: 'always', holds: (s) => !(s.matches({ consumer: 'waiting' }) && s.context.items > 0) },
    // Violated in 5: PRODUCE (taken at once: busy), COOL, PRODUCE, COOL, PRODUCE; items
    // only pile up while the consumer is busy, and each PRODUCE needs a COOL before it.
    { name: 'itemsBelow2', kind: 'always', holds: (s) => s.context.items < 2 },
    // Reachable in 6: the five above, then DONE_WORK, whose macrostep takes the first
    // branch (two at once), not taken in any earlier step since items was at most 1 there.
    { name: 'tookTwo', kind: 'sometimes', holds: (s) => s.context.two === 1 },
  ];

  it('pipeline: an eventless transition in one region reads what the other region\'s event wrote', async () => {
    const run = await threeWays(pipelineMachine, pipelineEvents, packedFor(pipelineFields, pipelineEvents), pipelineProps);
    expect(verdict(run.interpreted, 'noIdleWithWork')).toEqual({ status: 'holds', length: undefined });
    expect(verdict(run.interpreted, 'itemsBelow2')).toEqual({ status: 'violated', length: 5 });
    expect(verdict(run.interpreted, 'tookTwo')).toEqual({ status: 'holds', length: 6 });
    const end = walk(run.compiled, pipelineMachine, pipelineEvents, ['PRODUCE', 'COOL', 'PRODUCE', 'COOL', 'PRODUCE', 'DONE_WORK', 'COOL', 'PRODUCE']);
    // DONE_WORK's macrostep took two; the last PRODUCE leaves its item waiting, the consumer busy.
    expect(end.value).toEqual({ producer: 'cooling', consumer: 'busy' });
    expect(end.context).toEqual({ items: 1, served: 1, two: 1 });
  });

  const drainProps: Prop[] = [
    // Holds: the targetless eventless transition repeats within the macrostep until water
    // < 2, and only the flooding branch (listed first) can stop it early, leaving filling.
    { name: 'fillingDrained', kind: 'always', holds: (s) => !s.matches('filling') || s.context.water < 2 },
    // Reachable in 4 (DRIP, POUR, DRIP, POUR): the last POUR makes water 4; one spill makes
    // spilled 3 and water 2, and the flooding branch then wins over the second spill.
    // Not in 3: that needs 8 water poured, so three POURs, which flood with water 0.
    { name: 'floodedWet', kind: 'sometimes', holds: (s) => s.matches('flooded') && s.context.water === 2 },
    // Holds: a DRIP never ends in flooded. A DRIP taken while flooded leaves it by the
    // eventless transition that reads it; a DRIP that floods (spilled 2, water 1: one more
    // spill) reaches flooded inside its own macrostep, whose event is still DRIP, so the
    // same eventless transition takes it straight back to filling (spilled 0).
    { name: 'dripNeverFloods', kind: 'step', holds: (_from, event, to) => !(event.type === 'DRIP' && to.matches('flooded')) },
    // Violated in 3 (POUR, POUR, DRIP): POUR, POUR flood (3 -> 1 spilling once, then 4 -> 2
    // -> 0 spilling twice in one macrostep: spilled 3); no fewer steps pour the 6 water
    // three spills need. Then the DRIP, which no transition of flooded takes, leaves
    // flooded by the eventless transition that reads it.
    { name: 'dripNeverLeavesFlooded', kind: 'step', holds: (from, event, to) => !(from.matches('flooded') && event.type === 'DRIP' && to.matches('filling')) },
  ];

  it('drain: a targetless eventless transition taken repeatedly in one macrostep, cut short by a targeted one', async () => {
    const run = await threeWays(drainMachine, drainEvents, packedFor(drainFields, drainEvents), drainProps);
    expect(verdict(run.interpreted, 'fillingDrained')).toEqual({ status: 'holds', length: undefined });
    expect(verdict(run.interpreted, 'floodedWet')).toEqual({ status: 'holds', length: 4 });
    expect(verdict(run.interpreted, 'dripNeverFloods')).toEqual({ status: 'holds', length: undefined });
    expect(verdict(run.interpreted, 'dripNeverLeavesFlooded')).toEqual({ status: 'violated', length: 3 });
    // DRIP, POUR: water 4, two spills in the POUR's macrostep.
    const end = walk(run.compiled, drainMachine, drainEvents, ['DRIP', 'POUR']);
    expect(end.value).toBe('filling');
    expect(end.context).toEqual({ water: 0, spilled: 2 });
  });

  it('fork: several eventless transitions at once fall back to xstate in packed mode too (wide and narrow), the others do not', async () => {
    const interpreted = fromMachine(forkMachine, { events: forkEvents });
    const props: Prop[] = [
      // Holds: r1 fires only with x = 2, which r0's guard (x >= 1) also reads, so r0 has
      // fired by then, in the same macrostep or an earlier one.
      { name: 'r1AfterR0', kind: 'always', holds: (s) => !s.matches({ r1: 'fired' }) || s.matches({ r0: 'fired' }) },
      // Each region fires once: its eventless transition leaves idle for good.
      { name: 'firedOnce', kind: 'always', holds: (s) => s.context.a <= 1 && s.context.b <= 1 },
    ];
    const c = await check(interpreted, properties(props, (s: View) => s));
    expect(verdict(c, 'r1AfterR0').status).toBe('holds');
    expect(verdict(c, 'firedOnce').status).toBe('holds');
    for (const ranges of [undefined, forkFields.map((): [number, number] => [0, 2])]) {
      const told: string[] = [];
      const compiled = compilePacked(forkMachine, forkEvents, interpreted, packedFor(forkFields, forkEvents, ranges), told);
      expect(compiled.narrowing !== undefined).toBe(ranges !== undefined);
      // Normal eventless steps first: no fallback.
      const one = walk(compiled, forkMachine, forkEvents, ['GO', 'GO']);
      expect(one.context).toEqual({ x: 2, a: 1, b: 1 });
      expect(told).toEqual([]);
      expect(compiled.stats.fallbackSteps).toBe(0);
      // Then GO2 from the start: both regions' eventless transitions are enabled at once.
      const both = walk(compiled, forkMachine, forkEvents, ['GO2']);
      expect(both.value).toEqual({ src: 'on', r0: 'fired', r1: 'fired' });
      expect(both.context).toEqual({ x: 2, a: 1, b: 1 });
      expect(told).toEqual([expect.stringMatching(/^several eventless transitions enabled in one microstep/)]);
      const a = await check(compiled.model, properties(props, (s: Int32Array) => compiled.unpack(s)));
      expect(outcome(a)).toEqual(outcome(c));
      expect(told).toHaveLength(1);
    }
  });
});
