/**
 * Random XState v5 machines for differential tests: a plain-data spec (so fast-check
 * can print and shrink it) and a builder turning a spec into a machine.
 *
 * Shape: a root of 2-5 top-level states; a top-level state is atomic, final, compound
 * (2-3 atomic children, sometimes a shallow or deep history child) or parallel (two
 * regions of two atomic states each). Context is { x, y } over 0..2 so every machine
 * is finite. Each non-final node gets transitions on events E0..E(k-1) with an
 * optional guard (`x < c`, `y == c`, ...), an optional target (any node, history
 * nodes included; none means targetless) and 0-2 assignments (mod 3). A top-level
 * atomic state may have one guarded eventless (`always`) transition, guarded on the
 * context or on the triggering event's type, always to a top-level state of lower
 * index: that order keeps a chain of eventless steps finite. No raise: it can loop
 * forever inside one xstate step.
 */
import fc from 'fast-check';
import { assign, createMachine, type AnyStateMachine } from 'xstate';

export type Variable = 'x' | 'y';
export interface GuardSpec { variable: Variable; op: '<' | '==' | '!='; value: number }
export type AssignSpec =
  | { kind: 'add'; variable: Variable; amount: number }
  | { kind: 'set'; variable: Variable; value: number }
  | { kind: 'copy'; variable: Variable; from: Variable };
export interface TransitionSpec {
  event: number;
  /** Index into the machine's list of node ids, or -1 for a targetless transition. */
  target: number;
  guard?: GuardSpec;
  assigns: AssignSpec[];
}
export type TopStateKind = 'atomic' | 'final' | 'compound' | 'parallel';
export interface TopStateSpec {
  kind: TopStateKind;
  /** Compound only: number of atomic children (2-3). */
  children: number;
  /** Compound only: a history child, and which kind. */
  history?: 'shallow' | 'deep';
  /** Transitions of this node; for compound/parallel also of each child (by child index). */
  transitions: TransitionSpec[];
  childTransitions: TransitionSpec[][];
  /** Atomic only, and only when a lower-index top-level state exists. */
  eventless?: EventlessSpec;
}
export interface EventlessSpec {
  /** Resolved modulo the own index: always a top-level state before this one. */
  target: number;
  guard: GuardSpec | { eventIs: number };
  assigns: AssignSpec[];
}
export interface MachineSpec {
  eventCount: number;
  initialX: number;
  initialY: number;
  states: TopStateSpec[];
  /** The invariant checked alongside: never (x == a && y == b). */
  forbidden: { x: number; y: number };
}

const MOD = 3;

const variable = fc.constantFrom<Variable>('x', 'y');
const guardArb: fc.Arbitrary<GuardSpec> = fc.record({ variable, op: fc.constantFrom<GuardSpec['op']>('<', '==', '!='), value: fc.integer({ min: 0, max: MOD - 1 }) });
const assignArb: fc.Arbitrary<AssignSpec> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), variable, amount: fc.integer({ min: 1, max: MOD - 1 }) }),
  fc.record({ kind: fc.constant('set' as const), variable, value: fc.integer({ min: 0, max: MOD - 1 }) }),
  fc.record({ kind: fc.constant('copy' as const), variable, from: variable }),
);

function transitionArb(eventCount: number): fc.Arbitrary<TransitionSpec> {
  return fc.record(
    {
      event: fc.integer({ min: 0, max: eventCount - 1 }),
      // Resolved modulo the node count when building; -1 = targetless.
      target: fc.integer({ min: -1, max: 40 }),
      guard: guardArb,
      assigns: fc.array(assignArb, { maxLength: 2 }),
    },
    { requiredKeys: ['event', 'target', 'assigns'] },
  );
}

function topStateArb(eventCount: number): fc.Arbitrary<TopStateSpec> {
  const transitions = (minLength: number) => fc.array(transitionArb(eventCount), { minLength, maxLength: 3 });
  return fc.record(
    {
      kind: fc.constantFrom<TopStateKind>('atomic', 'atomic', 'final', 'compound', 'compound', 'parallel'),
      children: fc.integer({ min: 2, max: 3 }),
      history: fc.constantFrom<'shallow' | 'deep'>('shallow', 'deep'),
      // At least one transition per top-level state: machines stuck at once test little.
      transitions: transitions(1),
      childTransitions: fc.array(transitions(0), { minLength: 4, maxLength: 4 }),
      eventless: fc.record({
        target: fc.nat({ max: 8 }),
        guard: fc.oneof(guardArb, fc.record({ eventIs: fc.integer({ min: 0, max: eventCount - 1 }) })),
        assigns: fc.array(assignArb, { maxLength: 1 }),
      }),
    },
    { requiredKeys: ['kind', 'children', 'transitions', 'childTransitions'] },
  );
}

export const arbitraryMachineSpec: fc.Arbitrary<MachineSpec> = fc.integer({ min: 1, max: 4 }).chain((eventCount) =>
  fc.record({
    eventCount: fc.constant(eventCount),
    initialX: fc.integer({ min: 0, max: MOD - 1 }),
    initialY: fc.integer({ min: 0, max: MOD - 1 }),
    // The first state is never final, so a machine has at least one step to take.
    states: fc.tuple(topStateArb(eventCount).filter((s) => s.kind !== 'final'), fc.array(topStateArb(eventCount), { minLength: 1, maxLength: 4 })).map(([first, rest]) => [first, ...rest]),
    forbidden: fc.record({ x: fc.integer({ min: 0, max: MOD - 1 }), y: fc.integer({ min: 0, max: MOD - 1 }) }),
  }),
);

export function eventsOf(spec: MachineSpec): { type: string }[] {
  return Array.from({ length: spec.eventCount }, (_, i) => ({ type: `E${i}` }));
}

interface Context { x: number; y: number }

/** The XState machine a spec describes. Node ids are 'n<index>' so targets are '#n<index>'. */
export function buildMachine(spec: MachineSpec): AnyStateMachine {
  const targetIds = listTargetIds(spec);
  let nextId = 0;
  const id = () => `n${nextId++}`;

  const transitionsConfig = (list: TransitionSpec[]) => {
    const on: Record<string, object[]> = {};
    for (const t of list) {
      const config: Record<string, unknown> = {};
      if (t.target >= 0) config.target = `#${targetIds[t.target % targetIds.length]}`;
      if (t.guard) config.guard = guardFunction(t.guard);
      if (t.assigns.length > 0) config.actions = t.assigns.map(assignAction);
      (on[`E${t.event}`] ??= []).push(config);
    }
    return on;
  };

  const states: Record<string, object> = {};
  spec.states.forEach((top, i) => {
    const nodeId = id();
    if (top.kind === 'final') {
      states[`s${i}`] = { id: nodeId, type: 'final' };
      return;
    }
    if (top.kind === 'atomic') {
      const config: Record<string, unknown> = { id: nodeId, on: transitionsConfig(top.transitions) };
      if (top.eventless && i > 0) config.always = eventlessConfig(top.eventless, i);
      states[`s${i}`] = config;
      return;
    }
    if (top.kind === 'compound') {
      const children: Record<string, object> = {};
      for (let c = 0; c < top.children; c++) children[`c${c}`] = { id: id(), on: transitionsConfig(top.childTransitions[c]) };
      if (top.history) children.hist = { id: id(), type: 'history', history: top.history };
      states[`s${i}`] = { id: nodeId, initial: 'c0', states: children, on: transitionsConfig(top.transitions) };
      return;
    }
    const region = (r: number) => ({
      id: id(),
      initial: 'a',
      states: {
        a: { id: id(), on: transitionsConfig(top.childTransitions[2 * r]) },
        b: { id: id(), on: transitionsConfig(top.childTransitions[2 * r + 1]) },
      },
    });
    states[`s${i}`] = { id: nodeId, type: 'parallel', states: { r0: region(0), r1: region(1) }, on: transitionsConfig(top.transitions) };
  });

  return createMachine({
    id: 'random',
    initial: 's0',
    context: { x: spec.initialX, y: spec.initialY } satisfies Context,
    states,
  } as never);
}

/** Node ids in the order buildMachine assigns them (every node may be a target). */
function listTargetIds(spec: MachineSpec): string[] {
  const ids: string[] = [];
  let next = 0;
  for (const top of spec.states) {
    ids.push(`n${next++}`);
    if (top.kind === 'compound') {
      for (let c = 0; c < top.children; c++) ids.push(`n${next++}`);
      if (top.history) ids.push(`n${next++}`);
    } else if (top.kind === 'parallel') {
      for (let k = 0; k < 6; k++) ids.push(`n${next++}`);
    }
  }
  return ids;
}

function eventlessConfig(e: EventlessSpec, ownIndex: number) {
  const g = e.guard;
  const guard = 'eventIs' in g ? ({ event }: { event: { type: string } }) => event.type === `E${g.eventIs}` : guardFunction(g);
  // A sibling key: top-level states are siblings, so `s<j>` resolves to the top-level state j.
  return { target: `s${e.target % ownIndex}`, guard, actions: e.assigns.map(assignAction) };
}

function guardFunction(g: GuardSpec) {
  return ({ context }: { context: Context }) => {
    const v = context[g.variable];
    return g.op === '<' ? v < g.value : g.op === '==' ? v === g.value : v !== g.value;
  };
}

function assignAction(a: AssignSpec) {
  return assign(({ context }: { context: Context }) => {
    if (a.kind === 'add') return { [a.variable]: (context[a.variable] + a.amount) % MOD };
    if (a.kind === 'set') return { [a.variable]: a.value };
    return { [a.variable]: context[a.from] };
  });
}
