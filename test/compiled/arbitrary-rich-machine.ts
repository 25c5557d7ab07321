/**
 * Random XState machines with the features the compiled path must reproduce beyond
 * test/differential/arbitrary-machine.ts: setup() with named guards and actions taking
 * params, and/or/not/stateIn, entry and exit actions, `reenter`, assign in its object
 * form, context holding strings and a nested record (so hash-consing is exercised),
 * nested compound and parallel states, final states inside compound states (done
 * events), eventless transitions (always targeting a later top-level state, so every
 * macrostep ends) with guards that read the event.
 */
import fc from 'fast-check';
import { and, assign, not, or, setup, stateIn, type AnyStateMachine } from 'xstate';

const MOD = 3;
type Var = 'x' | 'y';
interface Ctx {
  x: number;
  y: number;
  tag: string;
  rec: { n: number; s: string };
}

export type GuardSpec =
  | { k: 'lt'; v: Var; c: number }
  | { k: 'eq'; v: Var; c: number }
  | { k: 'tag'; t: string }
  | { k: 'event'; e: number }
  | { k: 'in'; node: number }
  | { k: 'not'; g: GuardSpec }
  | { k: 'and'; gs: GuardSpec[] }
  | { k: 'or'; gs: GuardSpec[] };

export type ActionSpec =
  | { k: 'add'; v: Var; a: number }
  | { k: 'setObj'; v: Var; c: number }
  | { k: 'named'; v: Var; c: number }
  | { k: 'tag'; t: string }
  | { k: 'rec' }
  | { k: 'side' };

export interface TSpec {
  event: number;
  target: number; // -1 targetless
  guard?: GuardSpec;
  actions: ActionSpec[];
  reenter: boolean;
}
export interface AlwaysSpec {
  /** Offset (>= 1) to a later top-level state. */
  ahead: number;
  guard?: GuardSpec;
  actions: ActionSpec[];
}
export type Kind = 'atomic' | 'final' | 'compound' | 'parallel' | 'deep';
export interface TopSpec {
  kind: Kind;
  transitions: TSpec[];
  children: TSpec[][];
  entry: ActionSpec[];
  exit: ActionSpec[];
  always?: AlwaysSpec;
  childFinal: boolean;
}
export interface RichSpec {
  eventCount: number;
  states: TopSpec[];
}

const guardArb: fc.Arbitrary<GuardSpec> = fc.letrec<{ g: GuardSpec }>((tie) => ({
  g: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ k: fc.constant('lt' as const), v: fc.constantFrom<Var>('x', 'y'), c: fc.integer({ min: 0, max: 2 }) }),
    fc.record({ k: fc.constant('eq' as const), v: fc.constantFrom<Var>('x', 'y'), c: fc.integer({ min: 0, max: 2 }) }),
    fc.record({ k: fc.constant('tag' as const), t: fc.constantFrom('a', 'b') }),
    fc.record({ k: fc.constant('event' as const), e: fc.integer({ min: 0, max: 2 }) }),
    fc.record({ k: fc.constant('in' as const), node: fc.integer({ min: 0, max: 40 }) }),
    fc.record({ k: fc.constant('not' as const), g: tie('g') }),
    fc.record({ k: fc.constant('and' as const), gs: fc.array(tie('g'), { minLength: 1, maxLength: 2 }) }),
    fc.record({ k: fc.constant('or' as const), gs: fc.array(tie('g'), { minLength: 1, maxLength: 2 }) }),
  ),
})).g;

const actionArb: fc.Arbitrary<ActionSpec> = fc.oneof(
  fc.record({ k: fc.constant('add' as const), v: fc.constantFrom<Var>('x', 'y'), a: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ k: fc.constant('setObj' as const), v: fc.constantFrom<Var>('x', 'y'), c: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ k: fc.constant('named' as const), v: fc.constantFrom<Var>('x', 'y'), c: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ k: fc.constant('tag' as const), t: fc.constantFrom('a', 'b') }),
  fc.record({ k: fc.constant('rec' as const) }),
  fc.record({ k: fc.constant('side' as const) }),
);
const actionsArb = fc.array(actionArb, { maxLength: 2 });

function tArb(events: number): fc.Arbitrary<TSpec> {
  return fc.record(
    { event: fc.integer({ min: 0, max: events - 1 }), target: fc.integer({ min: -1, max: 40 }), guard: guardArb, actions: actionsArb, reenter: fc.boolean() },
    { requiredKeys: ['event', 'target', 'actions', 'reenter'] },
  );
}

function topArb(events: number): fc.Arbitrary<TopSpec> {
  const ts = (min: number) => fc.array(tArb(events), { minLength: min, maxLength: 2 });
  return fc.record(
    {
      kind: fc.constantFrom<Kind>('atomic', 'final', 'compound', 'compound', 'parallel', 'deep'),
      transitions: ts(1),
      children: fc.array(ts(0), { minLength: 6, maxLength: 6 }),
      entry: fc.array(actionArb, { maxLength: 1 }),
      exit: fc.array(actionArb, { maxLength: 1 }),
      always: fc.record({ ahead: fc.integer({ min: 1, max: 3 }), guard: guardArb, actions: actionsArb }, { requiredKeys: ['ahead', 'actions'] }),
      childFinal: fc.boolean(),
    },
    { requiredKeys: ['kind', 'transitions', 'children', 'entry', 'exit', 'childFinal'] },
  );
}

export const arbitraryRichSpec: fc.Arbitrary<RichSpec> = fc.integer({ min: 1, max: 3 }).chain((eventCount) =>
  fc.record({
    eventCount: fc.constant(eventCount),
    states: fc
      .tuple(topArb(eventCount).filter((s) => s.kind !== 'final'), fc.array(topArb(eventCount), { minLength: 1, maxLength: 3 }))
      .map(([a, rest]) => [a, ...rest]),
  }),
);

export function richEvents(spec: RichSpec): { type: string }[] {
  return Array.from({ length: spec.eventCount }, (_, i) => ({ type: `E${i}` }));
}

const richSetup = setup({
  types: { context: {} as Ctx, events: {} as { type: string } },
  guards: {
    lt: ({ context }, p: { v: Var; c: number }) => context[p.v] < p.c,
    tagIs: ({ context }, p: { t: string }) => context.tag === p.t,
  },
  actions: {
    setVar: assign((_, p: { v: Var; c: number }) => ({ [p.v]: p.c })),
    sideEffect: () => {},
  },
});

/** The machine a spec describes; node ids are n<index>, every node a possible target. */
export function buildRichMachine(spec: RichSpec): AnyStateMachine {
  let next = 0;
  const ids: string[] = [];
  const topIds: string[] = [];
  const id = () => {
    const v = `n${next++}`;
    ids.push(v);
    return v;
  };
  // First pass: ids in creation order (targets resolve modulo the count).
  const states: Record<string, any> = {};
  const pending: Array<() => void> = [];
  spec.states.forEach((top, i) => {
    const topId = id();
    topIds.push(topId);
    const node: any = { id: topId };
    states[`s${i}`] = node;
    if (top.kind === 'final') {
      node.type = 'final';
      return;
    }
    pending.push(() => {
      node.on = on(top.transitions);
      if (top.entry.length) node.entry = top.entry.map(action);
      if (top.exit.length) node.exit = top.exit.map(action);
    });
    const withAlways = (n: any) => {
      if (top.always && i + top.always.ahead < spec.states.length && top.kind !== 'parallel') {
        const a = top.always;
        pending.push(() => {
          n.always = [{ target: `#${topIds[i + a.ahead]}`, ...(a.guard ? { guard: guard(a.guard) } : {}), actions: a.actions.map(action) }];
        });
      }
    };
    if (top.kind === 'atomic') {
      withAlways(node);
      return;
    }
    const leaf = (c: number, final = false) => {
      const leafNode: any = { id: id() };
      if (final) leafNode.type = 'final';
      else pending.push(() => (leafNode.on = on(top.children[c])));
      return leafNode;
    };
    if (top.kind === 'compound') {
      node.initial = 'c0';
      node.states = { c0: leaf(0), c1: leaf(1), hist: { id: id(), type: 'history', history: 'shallow' } };
      if (top.childFinal) node.states.done = leaf(2, true);
      withAlways(node.states.c0);
      return;
    }
    if (top.kind === 'deep') {
      // compound > (compound | parallel) nesting, with a deep history.
      node.initial = 'inner';
      const innerId = id();
      node.states = {
        inner: { id: innerId, type: 'parallel', states: { r0: { id: id(), initial: 'a', states: { a: leaf(0), b: leaf(1) } }, r1: { id: id(), initial: 'a', states: { a: leaf(2), b: leaf(3, top.childFinal) } } } },
        other: { id: id(), initial: 'p', states: { p: leaf(4), q: leaf(5) } },
        h: { id: id(), type: 'history', history: 'deep' },
      };
      pending.push(() => (node.states.inner.on = on(top.children[5])));
      return;
    }
    node.type = 'parallel';
    node.states = {
      r0: { id: id(), initial: 'a', states: { a: leaf(0), b: leaf(1) } },
      r1: { id: id(), initial: 'a', states: { a: leaf(2), b: leaf(3, top.childFinal) } },
    };
  });

  function target(t: number): string {
    return `#${ids[t % ids.length]}`;
  }
  function guard(g: GuardSpec): any {
    switch (g.k) {
      case 'lt':
        return { type: 'lt', params: { v: g.v, c: g.c } };
      case 'eq':
        return ({ context }: { context: Ctx }) => context[g.v] === g.c;
      case 'tag':
        return { type: 'tagIs', params: () => ({ t: g.t }) };
      case 'event':
        return ({ event }: { event: { type: string } }) => event.type === `E${g.e}`;
      case 'in':
        return stateIn(target(g.node));
      case 'not':
        return not(guard(g.g));
      case 'and':
        return and(g.gs.map(guard));
      case 'or':
        return or(g.gs.map(guard));
    }
  }
  function action(a: ActionSpec): any {
    switch (a.k) {
      case 'add':
        return assign(({ context }: { context: Ctx }) => ({ [a.v]: (context[a.v] + a.a) % MOD }));
      case 'setObj':
        return assign({ [a.v]: () => a.c });
      case 'named':
        return { type: 'setVar', params: { v: a.v, c: a.c } };
      case 'tag':
        return assign({ tag: a.t });
      case 'rec':
        return assign({ rec: ({ context }: { context: Ctx }) => ({ ...context.rec, n: (context.rec.n + 1) % MOD, s: context.rec.s === 'p' ? 'q' : 'p' }) });
      case 'side':
        return 'sideEffect';
    }
  }
  function on(list: TSpec[]): Record<string, any[]> {
    const out: Record<string, any[]> = {};
    for (const t of list) {
      const config: any = { actions: t.actions.map(action) };
      if (t.target >= 0) config.target = target(t.target);
      if (t.guard) config.guard = guard(t.guard);
      if (t.reenter) config.reenter = true;
      (out[`E${t.event}`] ??= []).push(config);
    }
    return out;
  }
  for (const p of pending) p();
  return (richSetup.createMachine as (c: unknown) => unknown)({
    id: 'rich',
    initial: 's0',
    context: { x: 0, y: 1, tag: 'a', rec: { n: 0, s: 'p' } },
    states,
  }) as AnyStateMachine;
}
