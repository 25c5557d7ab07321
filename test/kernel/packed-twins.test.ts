/**
 * The kernel's PackedContext (models/kernel/packed) against the object model it twins,
 * on every reachable state (BFS with the interpreted model, capped) of the built-in
 * scenarios and of four small ones for what the built-ins never reach (kswapd, page
 * cache, free/lockKillable/oomDisable ops, other GFP flags, congestion_wait, saturated
 * pages_reclaimed), under every preset and two toggle mixes no preset has:
 *   1. decode(encode(ctx)) is ctx (deeply, and as JSON text: key order) and distinct
 *      contexts get distinct ints;
 *   2. the packed events function gives kernelEvents' list;
 *   3. every guard use of the machine (leaves of and/not included) gives the object
 *      guard's answer wherever that does not throw;
 *   4. every transition of an active node whose guard holds: its actions run as twins in
 *      place give the ints of the object updates' result (encode of it, so the successor
 *      is canonical), touching nothing outside the context.
 * The packed compiler is not involved: region slots come from a small helper below.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { and, not, or, type AnyStateMachine, type AnyStateNode, type EventObject } from 'xstate';
import type { PackedGuard, PackedLayoutInfo, PackedUpdate } from '../../checker/compiled/packed-context.ts';
import { makeReturnGuards, makeReturnUpdates } from '../../models/kernel/alloc-return.ts';
import { kernelEvents } from '../../models/kernel/events.ts';
import type { KernelConfig } from '../../models/kernel/kernel-config.ts';
import { makeKswapdGuards, makeKswapdUpdates } from '../../models/kernel/kswapd.ts';
import type { GuardImpl, UpdateImpl } from '../../models/kernel/machine-parts.ts';
import { makeOomGuards, makeOomUpdates } from '../../models/kernel/oom-killer.ts';
import { makeReaperGuards, makeReaperUpdates } from '../../models/kernel/oom-reaper.ts';
import { kernelPackedContext } from '../../models/kernel/packed/index.ts';
import { resolvePolicy } from '../../models/kernel/policy.ts';
import { builtinScenarios, type Scenario } from '../../models/kernel/scenario/index.ts';
import { makeSlowpathGuards, makeSlowpathUpdates } from '../../models/kernel/slowpath.ts';
import type { KernelContext } from '../../models/kernel/state.ts';
import { buildKernelModel, type KernelSnapshotOf } from '../../models/kernel/system.ts';
import { makeTaskFlagGuards } from '../../models/kernel/task-flags.ts';
import { makeTaskGuards, makeTaskUpdates } from '../../models/kernel/task.ts';
import { coverageCases, POLICIES, reachable } from './twin-coverage.ts';

/** States per scenario x policy (the built-ins' largest spaces are capped; the mixes' are all large). */
const CAP = 1000;
const MIX_CAP = 400;

function scenarios(): { scenario: Scenario; cap: number }[] {
  return coverageCases(CAP, MIX_CAP);
}

// ---- the object tables, merged as system.ts merges them ----

function objectGuards(k: KernelConfig): Record<string, GuardImpl<any>> {
  return { ...makeTaskFlagGuards(k), ...makeTaskGuards(k), ...makeReturnGuards(k), ...makeSlowpathGuards(k), ...makeOomGuards(k), ...makeKswapdGuards(k), ...makeReaperGuards(k) };
}

function objectUpdates(k: KernelConfig): Record<string, UpdateImpl<any>> {
  return { ...makeTaskUpdates(k), ...makeReturnUpdates(k), ...makeSlowpathUpdates(k), ...makeOomUpdates(k), ...makeKswapdUpdates(k), ...makeReaperUpdates(k) };
}

// ---- region slots without the compiler: the root, and each compound child of a parallel node ----

interface Regions {
  readonly info: PackedLayoutInfo;
  readonly count: number;
  write(snapshot: KernelSnapshotOf, s: Int32Array): void;
}

function regionsOf(machine: AnyStateMachine): Regions {
  const owners: AnyStateNode[] = [];
  const visit = (node: AnyStateNode) => {
    if (node.type === 'compound' && (node.parent === undefined || node.parent.type === 'parallel')) owners.push(node);
    for (const key of Object.keys(node.states)) visit(node.states[key]);
  };
  visit(machine.root);
  const pathsOf = (owner: AnyStateNode): AnyStateNode[][] => {
    const out: AnyStateNode[][] = [];
    const collect = (prefix: AnyStateNode[], at: AnyStateNode) => {
      const path = [...prefix, at];
      if (at.type === 'compound') for (const key of Object.keys(at.states)) collect(path, at.states[key]);
      else out.push(path);
    };
    for (const key of Object.keys(owner.states)) collect([], owner.states[key]);
    return out;
  };
  const paths = owners.map(pathsOf);
  const slotOf = (id: string) => {
    const i = owners.findIndex((o) => o.id === id);
    if (i < 0) throw new Error(`no region ${id}`);
    return i;
  };
  return {
    info: { slotOf, pathsOf: (id) => paths[slotOf(id)].map((p) => p.map((n) => n.key)) },
    count: owners.length,
    write(snapshot, s) {
      const active = new Set<AnyStateNode>(snapshot._nodes as AnyStateNode[]);
      owners.forEach((owner, r) => {
        s[r] = active.has(owner) ? paths[r].findIndex((p) => active.has(p[p.length - 1])) : -1;
        if (active.has(owner) && s[r] < 0) throw new Error(`region ${owner.id}: no active path`);
      });
    },
  };
}

// ---- guards as the machine uses them: named refs under xstate's and/or/not ----

type Builtin = { check: unknown; guards: unknown[] };
const CHECK_AND = (and([]) as unknown as Builtin).check;
const CHECK_OR = (or([]) as unknown as Builtin).check;
const CHECK_NOT = (not(() => true) as unknown as Builtin).check;

interface Ref {
  readonly type: string;
  readonly params: unknown;
}

function isRef(g: unknown): g is Ref {
  return typeof g === 'object' && g !== null && typeof (g as Ref).type === 'string';
}

function builtin(g: unknown): Builtin {
  const b = g as Builtin;
  if (typeof g !== 'function' || ![CHECK_AND, CHECK_OR, CHECK_NOT].includes(b.check)) throw new Error(`unexpected guard shape ${String(g)}`);
  return b;
}

function leaves(g: unknown, out: Ref[]): Ref[] {
  if (g === undefined) return out;
  if (isRef(g)) out.push(g);
  else for (const inner of builtin(g).guards) leaves(inner, out);
  return out;
}

function evalObject(g: unknown, guards: Record<string, GuardImpl<any>>, context: KernelContext, event: EventObject): boolean {
  if (isRef(g)) return guards[g.type]({ context, event }, g.params);
  const b = builtin(g);
  if (b.check === CHECK_NOT) return !evalObject(b.guards[0], guards, context, event);
  if (b.check === CHECK_AND) return b.guards.every((x) => evalObject(x, guards, context, event));
  return b.guards.some((x) => evalObject(x, guards, context, event));
}

/** Twin closures made once per use, as the compiler makes them. */
function twinCompiler(packed: ReturnType<typeof kernelPackedContext>) {
  const guardCache = new Map<unknown, PackedGuard>();
  const actionCache = new Map<unknown, PackedUpdate>();
  const guard = (g: unknown): PackedGuard => {
    let twin = guardCache.get(g);
    if (twin) return twin;
    if (isRef(g)) twin = packed.guards[g.type](g.params);
    else {
      const b = builtin(g);
      const parts = b.guards.map(guard);
      if (b.check === CHECK_NOT) twin = (s, at, e) => !parts[0](s, at, e);
      else if (b.check === CHECK_AND) twin = (s, at, e) => parts.every((p) => p(s, at, e));
      else twin = (s, at, e) => parts.some((p) => p(s, at, e));
    }
    guardCache.set(g, twin);
    return twin;
  };
  const action = (a: Ref): PackedUpdate => {
    let twin = actionCache.get(a);
    if (!twin) actionCache.set(a, (twin = packed.actions[a.type](a.params)));
    return twin;
  };
  return { guard, action };
}

interface Transition {
  readonly guard?: unknown;
  readonly actions: readonly Ref[];
}

function transitionsOf(node: AnyStateNode): [string, readonly Transition[]][] {
  return [...(node.transitions as Map<string, Transition[]>).entries()];
}

function allNodes(machine: AnyStateMachine): AnyStateNode[] {
  const out: AnyStateNode[] = [];
  const visit = (node: AnyStateNode) => {
    out.push(node);
    for (const key of Object.keys(node.states)) visit(node.states[key]);
  };
  visit(machine.root);
  return out;
}

/** The events of a type a transition can see: one per victim for NAME.kill. */
function eventsOfType(type: string, k: KernelConfig): EventObject[] {
  return type.endsWith('.kill') ? k.tasks.map((t) => ({ type, victim: t.name }) as EventObject) : [{ type }];
}

// ---- the comparison, per scenario x policy ----

interface Coverage {
  guards: Set<string>;
  actions: Set<string>;
  guardsUsed: Set<string>;
  actionsUsed: Set<string>;
}

function sameInts(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Ints between the region slots and the context: the twins must honour `at`. */
const GAP = 3;


/** Checks 1-4 on each state of one scenario under one policy; returns how many states. */
function explore(scn: Scenario, spec: string, cap: number, cov: Coverage): number {
  // Object guards throw (pendingAlloc) on many uses outside the slowpath: keep throwing cheap.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const { model, config, machine } = buildKernelModel(scn, resolvePolicy(spec).toggles);
    const check = stateChecker(config, machine as unknown as AnyStateMachine, `${scn.name} under ${spec}`, cov);
    let n = 0;
    for (const snapshot of reachable(model, cap)) {
      check(snapshot);
      n++;
    }
    return n;
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function stateChecker(k: KernelConfig, machine: AnyStateMachine, label: string, cov: Coverage): (snapshot: KernelSnapshotOf) => void {
  const packed = kernelPackedContext(k);
  const regions = regionsOf(machine);
  const twinEvents = packed.events(regions.info);
  const at = regions.count + GAP;
  const twins = twinCompiler(packed);
  const guards = objectGuards(k);
  const updates = objectUpdates(k);
  const where = (s: KernelSnapshotOf) => `${label} in ${JSON.stringify(s.value)} ${JSON.stringify(s.context)}`;

  const nodes = allNodes(machine);
  const handlersOf = new Map(nodes.map((n) => [n, transitionsOf(n).map(([type, ts]) => [type, ts, eventsOfType(type, k)] as const)]));
  // One per distinct (name, params, event): the machine repeats uses (memdie {task: A} ...).
  const guardUses = new Map<string, [Ref, EventObject]>();
  for (const [, handlers] of handlersOf) {
    for (const [, ts, events] of handlers) {
      for (const t of ts) {
        for (const ref of leaves(t.guard, [])) {
          cov.guardsUsed.add(ref.type);
          for (const e of events) guardUses.set(JSON.stringify([ref, e]), [ref, e]);
        }
        for (const a of t.actions) cov.actionsUsed.add(a.type);
      }
    }
  }
  const contextByInts = new Map<string, string>();
  /** Guards seen throwing (pendingAlloc) for a task without a pending allocation: skipped there. */
  const needsAlloc = new Set<string>();

  /** 1. canonical, injective, key order preserved. */
  const checkCodec = (snapshot: KernelSnapshotOf, s: Int32Array) => {
    const json = JSON.stringify(snapshot.context);
    const back = packed.decode(s, at);
    if (JSON.stringify(back) !== json || !isDeepStrictEqual(back, snapshot.context)) throw new Error(`decode(encode) differs: ${JSON.stringify(back)} in ${where(snapshot)}`);
    const key = s.subarray(at).join(',');
    const other = contextByInts.get(key);
    if (other !== undefined && other !== json) throw new Error(`two contexts, one encoding ${key}: ${other} and ${json}`);
    contextByInts.set(key, json);
  };

  /** 2. the events list, objects and order. */
  const checkEvents = (snapshot: KernelSnapshotOf, s: Int32Array) => {
    const expected = snapshot.value === 'panic' ? [] : kernelEvents(k, snapshot);
    const got = twinEvents(s, at);
    if (JSON.stringify(got) !== JSON.stringify(expected) || !isDeepStrictEqual([...got], expected)) {
      throw new Error(`events ${JSON.stringify(got)}, expected ${JSON.stringify(expected)} in ${where(snapshot)}`);
    }
  };

  /** 3. every guard use of the machine, active or not. */
  const checkGuards = (snapshot: KernelSnapshotOf, s: Int32Array) => {
    const before = s.slice();
    for (const [ref, event] of guardUses.values()) {
      const task = (ref.params as { task?: string }).task;
      const noAlloc = task !== undefined && snapshot.context.tasks[task].alloc === null;
      if (noAlloc && needsAlloc.has(ref.type)) continue;
      let want: boolean;
      try {
        want = guards[ref.type]({ context: snapshot.context, event }, ref.params);
      } catch (e) {
        if (!noAlloc) throw e;
        needsAlloc.add(ref.type);
        continue;
      }
      const got = twins.guard(ref)(s, at, event);
      if (got !== want) throw new Error(`guard ${ref.type} ${JSON.stringify(ref.params)} on ${JSON.stringify(event)}: twin ${got}, object ${want} in ${where(snapshot)}`);
      cov.guards.add(ref.type);
    }
    if (!sameInts(s, before)) throw new Error(`a guard twin wrote the state in ${where(snapshot)}`);
  };

  /** 4. the actions of every transition of an active node whose guard holds. */
  const checkTransitions = (snapshot: KernelSnapshotOf, s: Int32Array) => {
    for (const node of snapshot._nodes as AnyStateNode[]) {
      for (const [type, ts, events] of handlersOf.get(node)!) {
        for (const event of events) {
          for (const t of ts) {
            let holds: boolean;
            try {
              holds = t.guard === undefined || evalObject(t.guard, guards, snapshot.context, event);
            } catch {
              continue;
            }
            if (t.guard !== undefined && twins.guard(t.guard)(s, at, event) !== holds) throw new Error(`composite guard of ${node.id} on ${type}: twin differs in ${where(snapshot)}`);
            if (!holds) continue;
            let ctx = snapshot.context;
            try {
              for (const a of t.actions) ctx = updates[a.type]({ context: ctx, event }, a.params);
            } catch {
              continue;
            }
            const out = s.slice();
            for (const a of t.actions) twins.action(a)(out, at, event);
            // Equal to encode(result): the same context (encode is checked injective above)
            // and the canonical successor; decode is shown only to explain a miss.
            const fresh = out.slice();
            packed.encode(ctx, fresh, at);
            if (!sameInts(out, fresh)) {
              const names = t.actions.map((a) => `${a.type}${JSON.stringify(a.params)}`).join(', ');
              throw new Error(`actions [${names}] on ${JSON.stringify(event)}: twins give ${JSON.stringify(packed.decode(out, at))}, objects ${JSON.stringify(ctx)} from ${where(snapshot)}`);
            }
            if (!sameInts(out.subarray(0, at), s.subarray(0, at))) throw new Error(`actions of ${node.id} on ${type} wrote outside the context`);
            for (const a of t.actions) cov.actions.add(a.type);
          }
        }
      }
    }
  };

  return (snapshot) => {
    const s = new Int32Array(at + packed.width).fill(0x7777);
    regions.write(snapshot, s);
    packed.encode(snapshot.context, s, at);
    checkCodec(snapshot, s);
    checkEvents(snapshot, s);
    checkGuards(snapshot, s);
    checkTransitions(snapshot, s);
  };
}

describe('kernel packed twins agree with the object model on reachable states', () => {
  const cov: Coverage = { guards: new Set(), actions: new Set(), guardsUsed: new Set(), actionsUsed: new Set() };
  for (const { scenario, cap } of scenarios()) {
    it(scenario.name, { timeout: 60_000 }, () => {
      for (const spec of POLICIES) expect(explore(scenario, spec, cap, cov), spec).toBeGreaterThan(1);
    });
  }

  it('compared every guard and action the machines use, on some state where the object one runs', () => {
    expect([...cov.guardsUsed].filter((g) => !cov.guards.has(g))).toEqual([]);
    expect([...cov.actionsUsed].filter((a) => !cov.actions.has(a))).toEqual([]);
    expect(cov.actionsUsed.size).toBeGreaterThan(20);
  });
});

describe('kernel packed twins: names', () => {
  it('every named guard and update has a twin, and no twin lacks an original', () => {
    const scn = builtinScenarios()[0];
    const { config: k } = buildKernelModel(scn, resolvePolicy('v4.7').toggles);
    const packed = kernelPackedContext(k);
    expect(Object.keys(packed.guards).sort()).toEqual(Object.keys(objectGuards(k)).sort());
    expect(Object.keys(packed.actions).sort()).toEqual(Object.keys(objectUpdates(k)).sort());
  });

  it('the width is the layout of globals, locks, queue and tasks', () => {
    const scn = builtinScenarios().find((s) => s.name === 'kill-stolen-by-concurrent-alloc')!;
    const { config: k } = buildKernelModel(scn, resolvePolicy('v4.7').toggles);
    expect(kernelPackedContext(k).width).toBe(7 + k.lockNames.length + k.tasks.length + 13 * k.tasks.length);
  });
});
